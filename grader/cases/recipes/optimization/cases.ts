/**
 * The Optimization (W2A1) case builders: the notebook's testCases recipes (the same draws
 * in the same order, COURSE-FACTS §4.2 and §4b) and the hidden cases' builders.
 * Exported: solutions/optimization.test.ts rebuilds the notebook cases with them.
 */
import { type Matrix, np } from "../../../../lib/np/index.ts";
import type { Params } from "../../../../lib/nn.ts";

// ---------------------------------------------------------------------------------------
// Case builders (the notebook's testCases recipes, the same draws in the same order)
// ---------------------------------------------------------------------------------------

type Shapes = [key: string, rows: number, cols: number][];

/** The notebook's parameter shapes: W1 (2,3), b1 (2,1), W2 (3,3), b2 (3,1). (W2 is 3×3: not a real network, as in testCases.py.) */
const NOTEBOOK_SHAPES: Shapes = [
  ["W1", 2, 3],
  ["b1", 2, 1],
  ["W2", 3, 3],
  ["b2", 3, 1],
];

/** W_l (n_l, n_{l−1}) and b_l (n_l, 1) for l = 1..L, in the order they are drawn. */
const layerShapes = (dims: number[]): Shapes =>
  dims.slice(1).flatMap((n, i): Shapes => [
    [`W${i + 1}`, n, dims[i]],
    [`b${i + 1}`, n, 1],
  ]);

/** Draws each matrix with the global np.random.randn, in order; `prefix` "d" gives gradient keys. */
function draw(shapes: Shapes, prefix = ""): Params {
  const out: Params = {};
  for (const [k, r, c] of shapes) out[prefix + k] = np.random.randn(r, c);
  return out;
}

/** seed(1); W1 (2,3), b1 (2,1), W2 (3,3), b2 (3,1); then dW1, db1, dW2, db2 of the same shapes (the gd, momentum and Adam cases). */
export function gdCase(): { parameters: Params; grads: Params } {
  np.random.seed(1);
  const parameters = draw(NOTEBOOK_SHAPES);
  const grads = draw(NOTEBOOK_SHAPES, "d");
  return { parameters, grads };
}

/** seed(1); W1, b1, W2, b2 as in the gd case (the velocity / Adam-init recipe). */
export function paramsCase(): Params {
  np.random.seed(1);
  return draw(NOTEBOOK_SHAPES);
}

/** Zeros shaped like each parameter, keyed dW1, db1, … (the notebook's initial v and s). */
export const zerosLikeKeys = (p: Params): Params =>
  Object.fromEntries(Object.entries(p).map(([k, m]) => ["d" + k, np.zerosLike(m)]));

/** seed(1); v, s zeros (no draws); then the gd case's 8 draws. */
export function adamCase(): { parameters: Params; grads: Params; v: Params; s: Params } {
  const { parameters, grads } = gdCase();
  return { parameters, grads, v: zerosLikeKeys(parameters), s: zerosLikeKeys(parameters) };
}

/**
 * The notebook's mini-batch case: seed(1), X = randn(nx, 148), then Y = randn(1, 148) < 0.5.
 * The notebook has nx = 12288; row 0 of X is the same 148 draws for any nx (randn fills
 * row by row), so a small nx keeps the first values of batch 0. Y's draws come after X's,
 * so Y is the notebook's only when nx = 12288 (the notebook checks only Y's shapes).
 */
export function miniBatchCase(nx: number): { X: Matrix; Y: Matrix } {
  np.random.seed(1);
  const X = np.random.randn(nx, 148);
  const Y = np.random.randn(1, 148).lt(0.5);
  return { X, Y };
}

/**
 * The 2024 revision's public tests (COURSE-FACTS §4b): seed 1, then W1 (2,3), b1 (2,1),
 * W2 (3,2), b2 (3,1) — a real 3×2 second layer — then the gradients of the same shapes.
 */
const SHAPES_2024: Shapes = [
  ["W1", 2, 3],
  ["b1", 2, 1],
  ["W2", 3, 2],
  ["b2", 3, 1],
];

export function gdCase2024(): { parameters: Params; grads: Params } {
  np.random.seed(1);
  const parameters = draw(SHAPES_2024);
  const grads = draw(SHAPES_2024, "d");
  return { parameters, grads };
}

/** The 2024 mini-batch test: seed(1), X = randn(5, 7), Y = randn(1, 7) < 0.5, batches of 2. */
export function miniBatchCase2024(): { X: Matrix; Y: Matrix } {
  np.random.seed(1);
  const X = np.random.randn(5, 7);
  const Y = np.random.randn(1, 7).lt(0.5);
  return { X, Y };
}

/** X[i, j] = 1000·i + j: any reordering of rows (features) or mixing of columns shows in the values. */
export function codedRowsCase(rows: number, cols: number): Matrix {
  return np.array(Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => 1000 * i + j)));
}

/** The 2021 small mini-batch test: seed(1), X = randn(7, 3), Y = randn(1, 3) < 0.5. */
export function miniBatchSmallCase(): { X: Matrix; Y: Matrix } {
  np.random.seed(1);
  const X = np.random.randn(7, 3);
  const Y = np.random.randn(1, 3).lt(0.5);
  return { X, Y };
}

/** v of the notebook's momentum case (also Adam's v in the 2017 case: 0.1·g), printed to 8 decimals. */
export const NOTEBOOK_MOMENTUM_V = {
  dW1: [
    [-0.11006192, 0.11447237, 0.09015907],
    [0.05024943, 0.09008559, -0.06837279],
  ],
  db1: [[-0.01228902], [-0.09357694]],
  dW2: [
    [-0.02678881, 0.05303555, -0.06916608],
    [-0.03967535, -0.06871727, -0.08452056],
    [-0.06712461, -0.00126646, -0.11173103],
  ],
  db2: [[0.02344157], [0.16598022], [0.07420442]],
};

// Hidden-case builders: other seeds and real layer shapes.

export function hiddenParamsAndGrads(seed: number, dims: number[]): { parameters: Params; grads: Params } {
  np.random.seed(seed);
  const shapes = layerShapes(dims);
  const parameters = draw(shapes);
  const grads = draw(shapes, "d");
  return { parameters, grads };
}

/** Non-zero optimiser state: v = randn, s = randn² (s must be ≥ 0), keyed dW1, db1, …. */
export function hiddenState(parameters: Params): { v: Params; s: Params } {
  const v: Params = {};
  const s: Params = {};
  for (const [k, m] of Object.entries(parameters)) v["d" + k] = np.random.randn(m.nrows, m.ncols).mul(0.1);
  for (const [k, m] of Object.entries(parameters)) s["d" + k] = np.square(np.random.randn(m.nrows, m.ncols)).mul(0.01);
  return { v, s };
}
