/**
 * Optimization (W2A1) cases: COURSE-FACTS §4.2, plus hidden cases with other seeds and
 * shapes, and the cases that catch the real bugs (DESIGN.md): Adam with a large ε
 * (ε outside the square root), a short last mini-batch and an m the size divides
 * (no empty batch), schedule_lr_decay at epoch 10 with interval 100 (the floor).
 *
 * The case builders are exported: solutions/optimization.test.ts rebuilds the
 * notebook cases with them, so each construction exists once.
 */
import { type Matrix, RandomState, np } from "../../../lib/np/index.ts";
import type { Params } from "../../../lib/nn.ts";
import type { Value } from "../../../lib/value.ts";
import type { NotebookValue, Recipe } from "./types.ts";

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

function hiddenParamsAndGrads(seed: number, dims: number[]): { parameters: Params; grads: Params } {
  np.random.seed(seed);
  const shapes = layerShapes(dims);
  const parameters = draw(shapes);
  const grads = draw(shapes, "d");
  return { parameters, grads };
}

/** Non-zero optimiser state: v = randn, s = randn² (s must be ≥ 0), keyed dW1, db1, …. */
function hiddenState(parameters: Params): { v: Params; s: Params } {
  const v: Params = {};
  const s: Params = {};
  for (const [k, m] of Object.entries(parameters)) v["d" + k] = np.random.randn(m.nrows, m.ncols).mul(0.1);
  for (const [k, m] of Object.entries(parameters)) s["d" + k] = np.square(np.random.randn(m.nrows, m.ncols)).mul(0.01);
  return { v, s };
}

// ---------------------------------------------------------------------------------------
// Picking the notebook's values out of an output
// ---------------------------------------------------------------------------------------

/** Follows tuple indices and dict keys: path(0, "W1") picks output[0]["W1"]. */
const path =
  (...steps: (number | string)[]) =>
  (out: Value): Value =>
    steps.reduce<Value>((v, s) => (typeof s === "number" ? (v as Value[])[s] : (v as Record<string, Value>)[s]), out);
const row0 = (pick: (out: Value) => Value) => (out: Value) => (pick(out) as Matrix).row(0);

const print8 = { rtol: 0, atol: 1e-8 }; // the notebook prints 8 decimals
const sci9 = { rtol: 1e-7, atol: 0 }; // …or 9 significant digits in scientific notation
const full = { rtol: 1e-12, atol: 0 }; // a full-precision (16–17 digit) value
const exact = { rtol: 0, atol: 0 }; // shapes, counts, 0/1 labels

/** Entries for a dict output (or the dict at `at` of a tuple output), one per key. */
function dictValues(
  label: string,
  at: (number | string)[],
  values: Record<string, number[][]>,
  tol: { rtol: number; atol: number } | ((k: string) => { rtol: number; atol: number }),
): NotebookValue[] {
  return Object.entries(values).map(([k, v]) => ({
    what: `${label}${k}`,
    pick: path(...at, k),
    value: np.array(v),
    ...(typeof tol === "function" ? tol(k) : tol),
  }));
}

const NOTEBOOK_GD = {
  W1: [
    [1.63535156, -0.62320365, -0.53718766],
    [-1.07799357, 0.85639907, -2.29470142],
  ],
  b1: [[1.74604067], [-0.75184921]],
  W2: [
    [0.32171798, -0.25467393, 1.46902454],
    [-2.05617317, -0.31554548, -0.3756023],
    [1.1404819, -1.09976462, -0.1612551],
  ],
  b2: [[-0.88020257], [0.02561572], [0.57539477]],
};

const NOTEBOOK_MOMENTUM_PARAMS = {
  W1: [
    [1.62544598, -0.61290114, -0.52907334],
    [-1.07347112, 0.86450677, -2.30085497],
  ],
  b1: [[1.74493465], [-0.76027113]],
  W2: [
    [0.31930698, -0.24990073, 1.4627996],
    [-2.05974396, -0.32173003, -0.38320915],
    [1.13444069, -1.0998786, -0.1713109],
  ],
  b2: [[-0.87809283], [0.04055394], [0.58207317]],
};

const NOTEBOOK_ADAM_2017_PARAMS = {
  W1: [
    [1.63178673, -0.61919778, -0.53561312],
    [-1.08040999, 0.85796626, -2.29409733],
  ],
  b1: [[1.75225313], [-0.75376553]],
  W2: [
    [0.32648046, -0.25681174, 1.46954931],
    [-2.05269934, -0.31497584, -0.37661299],
    [1.14121081, -1.09244991, -0.16498684],
  ],
  b2: [[-0.88529979], [0.03477238], [0.57537385]],
};

const NOTEBOOK_ADAM_2017_S = {
  dW1: [
    [0.00121136, 0.00131039, 0.00081287],
    [0.0002525, 0.00081154, 0.00046748],
  ],
  db1: [[1.51020075e-5], [8.75664434e-4]],
  dW2: [
    [7.17640232e-5, 2.81276921e-4, 4.78394595e-4],
    [1.57413361e-4, 4.7220632e-4, 7.14372576e-4],
    [4.50571368e-4, 1.60392066e-7, 1.24838242e-3],
  ],
  db2: [[5.49507194e-5], [2.75494327e-3], [5.50629536e-4]],
};

const NOTEBOOK_ADAM_2021_PARAMS = {
  W1: [
    [1.63942428, -0.6268425, -0.54320974],
    [-1.08782943, 0.85036983, -2.2865723],
  ],
  W2: [
    [0.33356139, -0.26425199, 1.47707772],
    [-2.04538458, -0.30744933, -0.36903141],
    [1.14873036, -1.09256871, -0.15734651],
  ],
  b1: [[1.75854357], [-0.74616067]],
  b2: [[-0.89228024], [0.02707193], [0.56782561]],
};

/** Row 0 of each v and s: all the 2021 test compares. s.dW2 is printed in scientific notation. */
const NOTEBOOK_ADAM_2021_V_ROW0: Record<string, number[]> = {
  dW1: [-0.22012384, 0.22894474, 0.18031814],
  dW2: [-0.05357762, 0.10607109, -0.13833215],
  db1: [-0.02457805],
  db2: [0.04688314],
};
const NOTEBOOK_ADAM_2021_S_ROW0: Record<string, number[]> = {
  dW1: [0.13567261, 0.14676395, 0.09104097],
  dW2: [8.0375706e-3, 3.15030152e-2, 5.35801947e-2],
  db1: [0.00169142],
  db2: [0.00615448],
};

function adam2021Values(): NotebookValue[] {
  const out: NotebookValue[] = dictValues("parameters.", [0], NOTEBOOK_ADAM_2021_PARAMS, print8);
  const sTol = (k: string) => (k === "dW2" ? sci9 : print8);
  const vBias = 1 - 0.8 ** 2;
  const sBias = 1 - 0.888 ** 2;
  for (const [k, r] of Object.entries(NOTEBOOK_ADAM_2021_V_ROW0)) {
    out.push({ what: `v.${k} row 0`, pick: row0(path(1, k)), value: np.array([r]), ...print8 });
    // The test checks v_corrected = v / (1 − β1^t); from the 8-decimal v that is good to 1e-8 / 0.36.
    out.push({
      what: `vCorrected.${k} row 0 = v.${k} row 0 / (1 − 0.8²)`,
      pick: row0(path(3, k)),
      value: np.array([r]).div(vBias),
      rtol: 0,
      atol: 1e-8 / vBias,
    });
  }
  for (const [k, r] of Object.entries(NOTEBOOK_ADAM_2021_S_ROW0)) {
    out.push({ what: `s.${k} row 0`, pick: row0(path(2, k)), value: np.array([r]), ...sTol(k) });
    const t = sTol(k);
    out.push({
      what: `sCorrected.${k} row 0 = s.${k} row 0 / (1 − 0.888²)`,
      pick: row0(path(4, k)),
      value: np.array([r]).div(sBias),
      rtol: t.rtol,
      atol: t.atol / sBias,
    });
  }
  return out;
}

const ZEROS_NOTEBOOK = { dW1: np.zeros([2, 3]), db1: np.zeros([2, 1]), dW2: np.zeros([3, 3]), db2: np.zeros([3, 1]) };
const zerosValues = (label: string, at: (number | string)[]): NotebookValue[] =>
  Object.entries(ZEROS_NOTEBOOK).map(([k, z]) => ({ what: `${label}${k} = zeros ${z.nrows}×${z.ncols}`, pick: path(...at, k), value: z, ...exact }));

/** Widths of the X batches and shapes of the Y batches of a randomMiniBatches output. */
const batchWidths = (out: Value): Value => (out as Matrix[][]).map(([x]) => x.ncols);
const yShapes = (out: Value): Value => (out as Matrix[][]).map(([, y]) => [y.nrows, y.ncols]);

// ---------------------------------------------------------------------------------------
// The recipes
// ---------------------------------------------------------------------------------------

const tol = { rtol: 1e-7, atol: 1e-9 };
// Learning rates are one division of exact inputs: any correct order of operations is within an ulp or two.
const lrTol = { rtol: 1e-12, atol: 0 };

function scheduleCase(
  id: string,
  args: [number, number, number, number?],
  expected: number,
  hidden: boolean,
  reproduces: string,
  description: string,
  hint?: string,
): Recipe {
  return {
    id,
    fn: "scheduleLrDecay",
    description,
    hidden,
    ...lrTol,
    ...(hint ? { hint } : {}),
    reproduces,
    args: () => args.filter((a): a is number => a !== undefined),
    ...(hidden ? {} : { notebook: [{ what: "learning rate", pick: (o: Value) => o, value: expected, ...full }] }),
  };
}

const SCHEDULE_HINT =
  "learningRate0 / (1 + decayRate · Math.floor(epochNum / timeInterval)): the rate only changes every timeInterval epochs, so keep the floor.";

export const recipes: Recipe[] = [
  // --- updateParametersWithGd -----------------------------------------------------------
  {
    id: "gd-notebook",
    fn: "updateParametersWithGd",
    description: "one gradient-descent step on the notebook's case (seed 1, lr 0.01)",
    hidden: false,
    ...tol,
    hint: "For every layer l = 1..L: W_l = W_l − lr·dW_l and b_l = b_l − lr·db_l (note the minus sign, and loop over all L layers).",
    reproduces: "COURSE-FACTS §4.2 gd case: W1 = [[1.63535156, -0.62320365, -0.53718766], …], b2 = [[-0.88020257], [0.02561572], [0.57539477]]",
    args: () => {
      const { parameters, grads } = gdCase();
      return [parameters, grads, 0.01];
    },
    notebook: dictValues("", [], NOTEBOOK_GD, print8),
  },
  {
    id: "gd-3-layer-hidden",
    fn: "updateParametersWithGd",
    description: "one gradient-descent step on a 3-layer network (hidden shapes and learning rate)",
    hidden: true,
    ...tol,
    hint: "Loop over every layer l = 1..L (L = number of keys / 2), not a fixed 2.",
    reproduces: "hidden case (no notebook value): seed 5, layers [4, 3, 2, 1], lr 0.3",
    args: () => {
      const { parameters, grads } = hiddenParamsAndGrads(5, [4, 3, 2, 1]);
      return [parameters, grads, 0.3];
    },
  },

  {
    id: "gd-2024-second-layer-3x2",
    fn: "updateParametersWithGd",
    description: "one gradient-descent step on the 2024 public test's case: a 3×2 second layer (seed 1, lr 0.01)",
    hidden: false,
    ...tol,
    hint: "Use each parameter's own shape: W2 is 3×2 here, so nothing may assume square or fixed shapes.",
    reproduces:
      "COURSE-FACTS §4b (2024 public tests): seed 1, W1 (2,3), b1 (2,1), W2 (3,2), b2 (3,1), then the gradients, lr 0.01; " +
      "§4b lists the inputs only, so the expected values are our reference's",
    args: () => {
      const { parameters, grads } = gdCase2024();
      return [parameters, grads, 0.01];
    },
    notebook: [
      {
        what: "W2 keeps its 3×2 shape",
        pick: (out) => (out as Record<string, Matrix>).W2.shape,
        value: [3, 2],
        ...exact,
      },
    ],
  },

  // --- randomMiniBatches ---------------------------------------------------------------------
  {
    id: "mini-batches-2024-5x7",
    fn: "randomMiniBatches",
    description: "7 examples of 5 features in batches of 2 (the 2024 public test): three full batches and one of 1",
    hidden: false,
    ...tol,
    hint: "Cut ⌊m/size⌋ = 3 full batches of 2, then the one leftover column as a last batch; each batch keeps all 5 rows of X.",
    reproduces: "COURSE-FACTS §4b (2024 public tests): seed 1, X = randn(5, 7), Y = randn(1, 7) < 0.5, size 2 → three full batches and one of 1",
    args: () => {
      const { X, Y } = miniBatchCase2024();
      return [X, Y, 2];
    },
    notebook: [
      { what: "batch widths 2, 2, 2, 1", pick: batchWidths, value: [2, 2, 2, 1], ...exact },
      { what: "Y batch shapes (1, 2) ×3, (1, 1)", pick: yShapes, value: [[1, 2], [1, 2], [1, 2], [1, 1]], ...exact },
    ],
  },
  {
    id: "mini-batches-rows-in-order",
    fn: "randomMiniBatches",
    description: "the rows (features) of X keep their order in every batch: X[i, j] = 1000·i + j, 6 features, 10 examples in batches of 4",
    hidden: false,
    ...tol,
    hint: "Shuffle the columns (examples) only: X[:, permutation] is X.take(permutation, { axis: 1 }); rows stay where they are.",
    reproduces:
      "COURSE-FACTS §4.2 2021 notebook structural test (X built from consecutive integers, rows must keep their order), on a small X; " +
      "every batch's row i holds 1000·i + a column index",
    args: () => {
      const X = codedRowsCase(6, 10);
      const Y = np.array([[1, 0, 1, 1, 0, 0, 1, 0, 1, 1]]);
      return [X, Y, 4];
    },
    notebook: [
      { what: "batch widths 4, 4, 2", pick: batchWidths, value: [4, 4, 2], ...exact },
      {
        what: "entries of X batches outside their row's [1000·i, 1000·i + 9] (none: no row reordered)",
        pick: (out) => (out as Matrix[][]).reduce((n, [Xb]) => n + Xb.tolist().reduce((k, row, i) => k + row.filter((v) => Math.floor(v / 1000) !== i).length, 0), 0),
        value: 0,
        ...exact,
      },
    ],
  },
  {
    id: "mini-batches-notebook",
    fn: "randomMiniBatches",
    description: "148 examples in batches of 64: two full batches and a short last one of 20 (the notebook's case, 12 features)",
    hidden: false,
    ...tol,
    hint: "After np.random.seed(seed), shuffle the columns of X and Y with one np.random.permutation(m); cut ⌊m/size⌋ full batches, then the remaining m % size columns as one last, shorter batch.",
    reproduces:
      "COURSE-FACTS §4.2 mini-batch case, with X = randn(12, 148) instead of randn(12288, 148) to keep the fixture small: " +
      "row 0 is the same 148 draws, so batch 0 still starts [0.9008559492644118, -0.7612069008951028, 0.23441569781709215] " +
      "and the batches are still 64, 64, 20 wide (Y is drawn after X, so its labels are not the notebook's; it checks only Y's shapes)",
    args: () => {
      const { X, Y } = miniBatchCase(12);
      return [X, Y, 64];
    },
    notebook: [
      { what: "batch widths (12288, 64), (12288, 64), (12288, 20) in the notebook", pick: batchWidths, value: [64, 64, 20], ...exact },
      { what: "Y batch shapes (1, 64), (1, 64), (1, 20)", pick: yShapes, value: [[1, 64], [1, 64], [1, 20]], ...exact },
      {
        what: "first 3 entries of row 0 of X batch 0 (printed [0.90085595 -0.7612069 0.2344157])",
        pick: (out) => (out as Matrix[][])[0][0].row(0).cols(0, 3),
        value: np.array([[0.9008559492644118, -0.7612069008951028, 0.23441569781709215]]),
        ...full,
      },
    ],
  },
  {
    id: "mini-batches-small-2021",
    fn: "randomMiniBatches",
    description: "3 examples in batches of 2 with the default seed 0: the permutation [2, 1, 0] and a last batch of 1",
    hidden: false,
    ...tol,
    hint: "Use the default seed 0 and np.random.permutation(m) for the column order; when m % size ≠ 0 the last batch has the m % size leftover columns.",
    reproduces: "COURSE-FACTS §4.2 2021 extra mini-batch test: batch 0 = columns 2 and 1 of X with Y [[False, False]], batch 1 = column 0 with Y [[False]]",
    args: () => {
      const { X, Y } = miniBatchSmallCase();
      return [X, Y, 2];
    },
    notebook: (() => {
      const X = new RandomState(1).randn(7, 3); // the case's X, drawn without touching the global generator
      const batch = (k: number, i: number) => (out: Value) => (out as Matrix[][])[k][i];
      return [
        { what: "batch widths 2, 1", pick: batchWidths, value: [2, 1], ...exact },
        { what: "X batch 0 = columns 2, 1 of X", pick: batch(0, 0), value: X.take([2, 1], { axis: 1 }), ...full },
        { what: "Y batch 0 = [[False, False]]", pick: batch(0, 1), value: np.array([[0, 0]]), ...exact },
        { what: "X batch 1 = column 0 of X", pick: batch(1, 0), value: X.col(0), ...full },
        { what: "Y batch 1 = [[False]]", pick: batch(1, 1), value: np.array([[0]]), ...exact },
      ];
    })(),
  },
  {
    id: "mini-batches-short-last-hidden",
    fn: "randomMiniBatches",
    description: "27 examples in batches of 8 with seed 3: three full batches and a short last one of 3",
    hidden: true,
    ...tol,
    hint: "Do not drop the leftover m % size columns: they form one last, shorter batch.",
    reproduces: "hidden case (no notebook value): seed 6 draws X (2, 27) and Y; shuffle seed 3, size 8 → widths 8, 8, 8, 3",
    args: () => {
      np.random.seed(6);
      const X = np.random.randn(2, 27);
      const Y = np.random.rand(1, 27).lt(0.5);
      return [X, Y, 8, 3];
    },
  },
  {
    id: "mini-batches-divisible-hidden",
    fn: "randomMiniBatches",
    description: "24 examples in batches of 8 with seed 9: exactly three full batches and no empty last batch",
    hidden: true,
    ...tol,
    hint: "Only add the last, shorter batch when m % size ≠ 0; otherwise there is nothing left over.",
    reproduces: "hidden case (no notebook value): seed 8 draws X (2, 24) and Y; shuffle seed 9, size 8 → widths 8, 8, 8",
    args: () => {
      np.random.seed(8);
      const X = np.random.randn(2, 24);
      const Y = np.random.rand(1, 24).lt(0.5);
      return [X, Y, 8, 9];
    },
  },
  {
    id: "mini-batches-one-short-batch-hidden",
    fn: "randomMiniBatches",
    description: "5 examples with the default batch size 64: no full batch, one batch of all 5 shuffled columns",
    hidden: true,
    ...tol,
    hint: "When m < size there are 0 full batches and one batch of m columns; the default size is 64.",
    reproduces: "hidden case (no notebook value): seed 4 draws X (2, 5) and Y; default size 64 and seed 0",
    args: () => {
      np.random.seed(4);
      const X = np.random.randn(2, 5);
      const Y = np.random.rand(1, 5).lt(0.5);
      return [X, Y];
    },
  },

  // --- initializeVelocity -------------------------------------------------------------------
  {
    id: "velocity-notebook",
    fn: "initializeVelocity",
    description: "zero velocity shaped like each W and b, keyed dW1, db1, … (the notebook's case)",
    hidden: false,
    ...tol,
    hint: 'v["dW" + l] = np.zerosLike(parameters["W" + l]) and v["db" + l] = np.zerosLike(parameters["b" + l]), for every l = 1..L.',
    reproduces: "COURSE-FACTS §4.2 velocity case: all zeros with the shapes of W1 (2,3), b1 (2,1), W2 (3,3), b2 (3,1)",
    args: () => [paramsCase()],
    notebook: zerosValues("v.", []),
  },
  {
    id: "velocity-3-layer-hidden",
    fn: "initializeVelocity",
    description: "zero velocity for a 3-layer network (hidden shapes)",
    hidden: true,
    ...tol,
    hint: "Loop over every layer l = 1..L, not a fixed 2.",
    reproduces: "hidden case (no notebook value): seed 2, layers [5, 4, 3, 1]",
    args: () => [hiddenParamsAndGrads(2, [5, 4, 3, 1]).parameters],
  },

  // --- updateParametersWithMomentum ---------------------------------------------------------
  {
    id: "momentum-notebook",
    fn: "updateParametersWithMomentum",
    description: "one momentum step from v = 0 on the notebook's case (β 0.9, lr 0.01)",
    hidden: false,
    ...tol,
    hint: "First v = β·v + (1 − β)·dW (and the same for db), then W = W − lr·v with the NEW v. Return [parameters, v].",
    reproduces:
      "COURSE-FACTS §4.2 momentum case: W1 = [[1.62544598, -0.61290114, -0.52907334], …], v.dW1 = [[-0.11006192, 0.11447237, 0.09015907], …]",
    args: () => {
      const { parameters, grads } = gdCase();
      return [parameters, grads, zerosLikeKeys(parameters), 0.9, 0.01];
    },
    notebook: [
      ...dictValues("parameters.", [0], NOTEBOOK_MOMENTUM_PARAMS, print8),
      ...dictValues("v.", [1], NOTEBOOK_MOMENTUM_V, print8),
    ],
  },
  {
    id: "momentum-2024-second-layer-3x2",
    fn: "updateParametersWithMomentum",
    description: "one momentum step from v = 0 on the 2024 public test's shapes: a 3×2 second layer (β 0.9, lr 0.01)",
    hidden: false,
    ...tol,
    hint: "v and the parameters keep each layer's own shape: W2 and v.dW2 are 3×2 here.",
    reproduces:
      "COURSE-FACTS §4b (2024 public tests): the gd case's draws with W2 (3,2), v = 0, β 0.9, lr 0.01; §4b lists the inputs only, so the expected values are our reference's",
    args: () => {
      const { parameters, grads } = gdCase2024();
      return [parameters, grads, zerosLikeKeys(parameters), 0.9, 0.01];
    },
  },
  {
    id: "momentum-nonzero-velocity-hidden",
    fn: "updateParametersWithMomentum",
    description: "one momentum step from a non-zero velocity on a 3-layer network (hidden β and lr)",
    hidden: true,
    ...tol,
    hint: "The old velocity counts: v = β·v + (1 − β)·dW, not (1 − β)·dW alone.",
    reproduces: "hidden case (no notebook value): seed 7, layers [3, 4, 2, 1], non-zero v, β 0.8, lr 0.05",
    args: () => {
      const { parameters, grads } = hiddenParamsAndGrads(7, [3, 4, 2, 1]);
      const { v } = hiddenState(parameters);
      return [parameters, grads, v, 0.8, 0.05];
    },
  },

  // --- initializeAdam --------------------------------------------------------------------------
  {
    id: "adam-init-notebook",
    fn: "initializeAdam",
    description: "Adam's v and s start as zeros shaped like each W and b, keyed dW1, db1, … (the notebook's case)",
    hidden: false,
    ...tol,
    hint: "Two separate dicts of zeros (np.zerosLike for each W_l and b_l), keyed dW1, db1, …; return [v, s].",
    reproduces: "COURSE-FACTS §4.2 adam-init case: v and s all zeros with the shapes of W1 (2,3), b1 (2,1), W2 (3,3), b2 (3,1)",
    args: () => [paramsCase()],
    notebook: [...zerosValues("v.", [0]), ...zerosValues("s.", [1])],
  },
  {
    id: "adam-init-3-layer-hidden",
    fn: "initializeAdam",
    description: "Adam's v and s for a 3-layer network (hidden shapes)",
    hidden: true,
    ...tol,
    hint: "Loop over every layer l = 1..L, not a fixed 2.",
    reproduces: "hidden case (no notebook value): seed 3, layers [2, 5, 2, 1]",
    args: () => [hiddenParamsAndGrads(3, [2, 5, 2, 1]).parameters],
  },

  // --- updateParametersWithAdam ------------------------------------------------------------------
  {
    id: "adam-2017-notebook",
    fn: "updateParametersWithAdam",
    description: "one Adam step at t = 2 with the default hyperparameters (the 2017 notebook's case)",
    hidden: false,
    ...tol,
    hint: "v = β1·v + (1−β1)·g, vCorrected = v / (1 − β1^t), s = β2·s + (1−β2)·g², sCorrected = s / (1 − β2^t), W −= lr·vCorrected / (√sCorrected + ε). Return [parameters, v, s, vCorrected, sCorrected].",
    reproduces:
      "COURSE-FACTS §4.2 adam case, 2017 call (t 2, lr 0.01, β1 0.9, β2 0.999, ε 1e-8): W1 = [[1.63178673, -0.61919778, -0.53561312], …], s.db1 = [[1.51020075e-05], [8.75664434e-04]], …",
    args: () => {
      const c = adamCase();
      return [c.parameters, c.grads, c.v, c.s, 2];
    },
    notebook: [
      ...dictValues("parameters.", [0], NOTEBOOK_ADAM_2017_PARAMS, print8),
      ...dictValues("v.", [1], NOTEBOOK_MOMENTUM_V, print8),
      // s.dW1 is printed with 8 decimals, the others in scientific notation.
      ...dictValues("s.", [2], NOTEBOOK_ADAM_2017_S, (k) => (k === "dW1" ? print8 : sci9)),
    ],
  },
  {
    id: "adam-2021-large-epsilon",
    fn: "updateParametersWithAdam",
    description: "one Adam step at t = 2 with lr 0.02, β1 0.8, β2 0.888 and a large ε = 1e-2 (the 2021 notebook's case)",
    hidden: false,
    ...tol,
    hint: "ε goes in the denominator next to the square root: W −= lr·vCorrected / (√sCorrected + ε) — not outside the division, not inside the square root. Use the β1, β2, ε passed in.",
    reproduces:
      "COURSE-FACTS §4.2 adam case, 2021 call: W1 = [[1.63942428, -0.6268425, -0.54320974], …], b2 = [[-0.89228024], [0.02707193], [0.56782561]], and row 0 of each v and s (and of vCorrected = v/(1−0.8²), sCorrected = s/(1−0.888²))",
    args: () => {
      const c = adamCase();
      return [c.parameters, c.grads, c.v, c.s, 2, 0.02, 0.8, 0.888, 1e-2];
    },
    notebook: adam2021Values(),
  },
  {
    id: "adam-nonzero-state-hidden",
    fn: "updateParametersWithAdam",
    description: "one Adam step at t = 5 from non-zero v and s on a 3-layer network, with a large ε (hidden hyperparameters)",
    hidden: true,
    ...tol,
    hint: "Update v and s from their old values, correct by 1 − β^t with this t, and add ε to √sCorrected inside the denominator.",
    reproduces: "hidden case (no notebook value): seed 11, layers [3, 4, 2, 1], non-zero v and s, t 5, lr 0.05, β1 0.85, β2 0.95, ε 0.1",
    args: () => {
      const { parameters, grads } = hiddenParamsAndGrads(11, [3, 4, 2, 1]);
      const { v, s } = hiddenState(parameters);
      return [parameters, grads, v, s, 5, 0.05, 0.85, 0.95, 0.1];
    },
  },
  {
    id: "adam-first-step-defaults-hidden",
    fn: "updateParametersWithAdam",
    description: "Adam's first step (t = 1) from zero v and s with the default hyperparameters",
    hidden: true,
    ...tol,
    hint: "t is 1-based: at t = 1 the corrected averages are the gradient and its square. Keep the defaults lr 0.01, β1 0.9, β2 0.999, ε 1e-8.",
    reproduces: "hidden case (no notebook value): seed 12, layers [2, 3, 1]",
    args: () => {
      const { parameters, grads } = hiddenParamsAndGrads(12, [2, 3, 1]);
      return [parameters, grads, zerosLikeKeys(parameters), zerosLikeKeys(parameters), 1];
    },
  },

  // --- updateLr ------------------------------------------------------------------------------------
  {
    id: "update-lr-notebook",
    fn: "updateLr",
    description: "learning rate 0.5 decayed at epoch 2 with decay rate 1",
    hidden: false,
    ...lrTol,
    hint: "learningRate0 / (1 + decayRate · epochNum).",
    reproduces: "COURSE-FACTS §4.2 update_lr(0.5, 2, 1) = 0.16666666666666666",
    args: () => [0.5, 2, 1],
    notebook: [{ what: "learning rate", pick: (o) => o, value: 0.16666666666666666, ...full }],
  },
  {
    id: "update-lr-test-2021",
    fn: "updateLr",
    description: "learning rate 1 decayed at epoch 2 with decay rate 1",
    hidden: false,
    ...lrTol,
    hint: "learningRate0 / (1 + decayRate · epochNum).",
    reproduces: "COURSE-FACTS §4.2 update_lr(1, 2, 1) = 0.3333333333333333 (the other copy's test)",
    args: () => [1, 2, 1],
    notebook: [{ what: "learning rate", pick: (o) => o, value: 0.3333333333333333, ...full }],
  },
  {
    id: "update-lr-hidden",
    fn: "updateLr",
    description: "learning rate 0.3 decayed at epoch 7 with decay rate 0.5",
    hidden: true,
    ...lrTol,
    reproduces: "hidden case (no notebook value): update_lr(0.3, 7, 0.5) = 0.3 / 4.5",
    args: () => [0.3, 7, 0.5],
  },

  // --- scheduleLrDecay -------------------------------------------------------------------------------
  scheduleCase(
    "schedule-lr-cell-epoch-10",
    [0.5, 10, 0.3, 100],
    0.5,
    false,
    "COURSE-FACTS §4.2 notebook cell: schedule_lr_decay(0.5, 10, 0.3, 100) = 0.5 (without the floor it would be 0.4854368932038835)",
    "scheduled decay at epoch 10 with interval 100: no decay yet (the floor)",
    SCHEDULE_HINT,
  ),
  scheduleCase(
    "schedule-lr-cell-epoch-100",
    [0.5, 100, 0.3, 100],
    0.3846153846153846,
    false,
    "COURSE-FACTS §4.2 notebook cell: schedule_lr_decay(0.5, 100, 0.3, 100) = 0.3846153846153846",
    "scheduled decay at epoch 100 with interval 100: one decay step",
    SCHEDULE_HINT,
  ),
  scheduleCase(
    "schedule-lr-test-epoch-100",
    [0.5, 100, 1, 100],
    0.25,
    false,
    "COURSE-FACTS §4.2 public test: schedule_lr_decay(0.5, 100, 1, 100) = 0.25",
    "scheduled decay (lr 0.5, rate 1) at epoch 100, interval 100",
    SCHEDULE_HINT,
  ),
  scheduleCase(
    "schedule-lr-test-epoch-10",
    [0.5, 10, 1, 100],
    0.5,
    false,
    "COURSE-FACTS §4.2 public test: schedule_lr_decay(0.5, 10, 1, 100) = 0.5",
    "scheduled decay (lr 0.5, rate 1) at epoch 10, interval 100: no decay yet (the floor)",
    SCHEDULE_HINT,
  ),
  scheduleCase(
    "schedule-lr-test-epoch-1000",
    [0.3, 1000, 0.25, 100],
    0.08571428571428572,
    false,
    "COURSE-FACTS §4.2 public test: schedule_lr_decay(0.3, 1000, 0.25, 100) = 0.08571428571428572",
    "scheduled decay (lr 0.3, rate 0.25) at epoch 1000, interval 100: ten decay steps",
    SCHEDULE_HINT,
  ),
  scheduleCase(
    "schedule-lr-test-rate-025-epoch-100",
    [0.3, 100, 0.25, 100],
    0.24,
    false,
    "COURSE-FACTS §4.2 public test: schedule_lr_decay(0.3, 100, 0.25, 100) = 0.24",
    "scheduled decay (lr 0.3, rate 0.25) at epoch 100, interval 100",
    SCHEDULE_HINT,
  ),
  scheduleCase(
    "schedule-lr-default-interval-hidden",
    [0.1, 2500, 1],
    0.1 / 3,
    true,
    "hidden case (no notebook value): schedule_lr_decay(0.1, 2500, 1) with the default interval 1000 = 0.1 / 3",
    "scheduled decay with the default interval (1000 epochs) at epoch 2500",
    "The default timeInterval is 1000; ⌊2500 / 1000⌋ = 2.",
  ),
  scheduleCase(
    "schedule-lr-between-steps-hidden",
    [0.2, 399, 0.5, 50],
    0.2 / 4.5,
    true,
    "hidden case (no notebook value): schedule_lr_decay(0.2, 399, 0.5, 50) = 0.2 / (1 + 0.5·7)",
    "scheduled decay between two steps (epoch 399, interval 50)",
    SCHEDULE_HINT,
  ),
];
