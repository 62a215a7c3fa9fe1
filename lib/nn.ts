/**
 * The course's support utilities (init_utils, reg_utils, opt_utils, gc_utils), which
 * the graded functions and each notebook's model() call. Not graded: students use them.
 *
 * Each function computes its result in the notebook's order of operations, so that
 * training runs reproduce the notebook's printed costs (see COURSE-FACTS §0).
 *
 * Speed. The training loops call these thousands of times, so the common case (the
 * shapes the notebooks use: no broadcasting beyond a bias column) runs as fused loops
 * over the Float64Arrays: the bias add and the activation in one pass, the ReLU mask
 * applied without building `A > 0`, products with a transpose through the transposed
 * kernels (matmulTN / matmulNT) instead of materialising `.T`, and no temporaries beyond
 * the matrices a function returns. Every element is still the same floating-point
 * operations in the same order as the numpy-like expression written next to it (the
 * kernels sum each product in the same order whichever operand is transposed; row sums
 * use numpy's pairwise order), so results are bit-identical: lib/nn.test.ts checks each
 * against the plain expression on random inputs, NaN and ±Inf included. Any other shapes
 * take the plain expression (the `…Plain` functions), errors included.
 */
import { Matrix, np } from "./np/index.ts";
import { matmul, matmulNT, matmulTN } from "./np/kernels.ts";
import { pairwiseSum } from "./np/ops.ts";

/** A parameter dictionary: W1, b1, …, WL, bL (or a gradient dict dW1, db1, …). */
export type Params = Record<string, Matrix>;
/** The 3-layer forward cache, in the notebook's order. */
export type Cache3 = [
  Z1: Matrix, A1: Matrix, W1: Matrix, b1: Matrix,
  Z2: Matrix, A2: Matrix, W2: Matrix, b2: Matrix,
  Z3: Matrix, A3: Matrix, W3: Matrix, b3: Matrix,
];

/** sigmoid(x) = 1 / (1 + exp(-x)), element-wise. */
export function sigmoid(x: Matrix): Matrix {
  const out = new Matrix(x.nrows, x.ncols);
  const xd = x.data;
  const od = out.data;
  for (let i = 0; i < xd.length; i++) od[i] = 1 / (1 + Math.exp(-xd[i]));
  return out;
}

/** relu(x) = max(0, x), element-wise (NaN stays NaN, as np.maximum; max(0, -0) is -0). */
export function relu(x: Matrix): Matrix {
  if (!(x instanceof Matrix)) return np.maximum(0, x);
  const out = new Matrix(x.nrows, x.ncols);
  const xd = x.data;
  const od = out.data;
  // np.maximum(0, v): NaN if v is NaN, else 0 > v ? 0 : v — and `0 > NaN` is false, giving v.
  for (let i = 0; i < xd.length; i++) {
    const v = xd[i];
    od[i] = 0 > v ? 0 : v;
  }
  return out;
}

/** The number of layers L of a parameter dict (its length / 2). */
export const numLayers = (parameters: Params): number => Math.floor(Object.keys(parameters).length / 2);

function param(parameters: Params, key: string, fn: string): Matrix {
  const v = parameters[key];
  if (!(v instanceof Matrix)) {
    throw new Error(`${fn}: parameters["${key}"] is missing (keys present: ${Object.keys(parameters).join(", ") || "none"})`);
  }
  return v;
}

// ---------------------------------------------------------------- fused loops (see the header)

/** (rows, cols) */
const hasShape = (x: unknown, rows: number, cols: number): x is Matrix =>
  x instanceof Matrix && x.nrows === rows && x.ncols === cols;

/** x and y are matrices of the same shape. */
const sameShape = (x: unknown, y: unknown): boolean =>
  x instanceof Matrix && y instanceof Matrix && x.nrows === y.nrows && x.ncols === y.ncols;

/**
 * The matrices one call returns, carved out of one new Float64Array: one allocation per call
 * instead of one per matrix (each fresh typed array costs about a microsecond before its
 * first element is written, and these functions run tens of thousands of times). Each matrix still has memory of its own — the
 * views do not overlap — so writing into one changes no other; keeping one keeps the
 * block alive (a few tens of KB for the notebooks' sizes).
 */
class Block {
  private readonly buf: Float64Array;
  private at = 0;
  constructor(doubles: number) {
    this.buf = new Float64Array(doubles);
  }
  take(rows: number, cols: number): Matrix {
    const n = rows * cols;
    const m = new Matrix(rows, cols, this.buf.subarray(this.at, this.at + n));
    this.at += n;
    return m;
  }
}

/**
 * Z = np.dot(W, A).add(b) with b a column, and its activation: relu → [Z, relu(Z)],
 * sigmoid → [Z, sigmoid(Z)]. Z[i,j] = dot + b[i]; relu = np.maximum(0, z); sigmoid = 1 / (1 + exp(-z)).
 */
function linearActivation(W: Matrix, A: Matrix, b: Matrix, activation: "relu" | "sigmoid", block: Block): [Matrix, Matrix] {
  const rows = W.nrows;
  const cols = A.ncols;
  const Z = block.take(rows, cols);
  matmul(W.data, A.data, Z.data, rows, W.ncols, cols);
  const out = block.take(rows, cols);
  const zd = Z.data;
  const od = out.data;
  const bd = b.data;
  for (let i = 0; i < rows; i++) {
    const bi = bd[i];
    const end = (i + 1) * cols;
    if (activation === "relu") {
      for (let k = i * cols; k < end; k++) {
        const z = zd[k] + bi;
        zd[k] = z;
        od[k] = 0 > z ? 0 : z; // np.maximum(0, z), NaN kept
      }
    } else {
      for (let k = i * cols; k < end; k++) {
        const z = zd[k] + bi;
        zd[k] = z;
        od[k] = 1 / (1 + Math.exp(-z));
      }
    }
  }
  return [Z, out];
}

/** The 3-layer shapes the fused forward pass handles: W_l (n_l, n_{l−1}), b_l (n_l, 1), X (n_0, m). */
function forwardShapesOk(X: Matrix, W1: Matrix, b1: Matrix, W2: Matrix, b2: Matrix, W3: Matrix, b3: Matrix): boolean {
  return (
    X instanceof Matrix &&
    hasShape(W1, W1?.nrows, X.nrows) &&
    hasShape(b1, W1.nrows, 1) &&
    hasShape(W2, W2?.nrows, W1.nrows) &&
    hasShape(b2, W2.nrows, 1) &&
    hasShape(W3, W3?.nrows, W2.nrows) &&
    hasShape(b3, W3.nrows, 1)
  );
}

/**
 * LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID.
 * Returns A3 and the 12-item cache (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3).
 */
export function forwardPropagation(X: Matrix, parameters: Params): [Matrix, Cache3] {
  const W1 = param(parameters, "W1", "forwardPropagation");
  const b1 = param(parameters, "b1", "forwardPropagation");
  const W2 = param(parameters, "W2", "forwardPropagation");
  const b2 = param(parameters, "b2", "forwardPropagation");
  const W3 = param(parameters, "W3", "forwardPropagation");
  const b3 = param(parameters, "b3", "forwardPropagation");
  if (!forwardShapesOk(X, W1, b1, W2, b2, W3, b3)) return forwardPropagationPlain(X, W1, b1, W2, b2, W3, b3);
  const block = new Block(2 * (W1.nrows + W2.nrows + W3.nrows) * X.ncols);
  const [Z1, A1] = linearActivation(W1, X, b1, "relu", block);
  const [Z2, A2] = linearActivation(W2, A1, b2, "relu", block);
  const [Z3, A3] = linearActivation(W3, A2, b3, "sigmoid", block);
  return [A3, [Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3]];
}

/** forwardPropagation as the notebook writes it, for any shapes (broadcasting, numpy's errors). */
function forwardPropagationPlain(
  X: Matrix, W1: Matrix, b1: Matrix, W2: Matrix, b2: Matrix, W3: Matrix, b3: Matrix,
): [Matrix, Cache3] {
  const Z1 = np.dot(W1, X).add(b1);
  const A1 = relu(Z1);
  const Z2 = np.dot(W2, A1).add(b2);
  const A2 = relu(Z2);
  const Z3 = np.dot(W3, A2).add(b3);
  const A3 = sigmoid(Z3);
  return [A3, [Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3]];
}

/**
 * The shapes the fused backward passes handle: X (n0, m), A1 (n1, m), A2 (n2, m), A3 and Y
 * (n3, m), W2 (n2, n1), W3 (n3, n2) — where every op of the plain code is same-shape.
 */
function backwardShapesOk(X: Matrix, Y: Matrix, A1: Matrix, A2: Matrix, W2: Matrix, A3: Matrix, W3: Matrix): boolean {
  if (!(X instanceof Matrix && A1 instanceof Matrix && A2 instanceof Matrix && A3 instanceof Matrix)) return false;
  const m = X.ncols;
  return (
    A1.ncols === m &&
    A2.ncols === m &&
    A3.ncols === m &&
    hasShape(Y, A3.nrows, m) &&
    hasShape(W2, A2.nrows, A1.nrows) &&
    hasShape(W3, A3.nrows, A2.nrows)
  );
}

/** The doubles of the 11 gradients: dz_l, da_l (n_l, m), dW_l (n_l, n_{l−1}), db_l (n_l, 1). */
function backwardSize(X: Matrix, A1: Matrix, A2: Matrix, A3: Matrix): number {
  const n0 = X.nrows;
  const n1 = A1.nrows;
  const n2 = A2.nrows;
  const n3 = A3.nrows;
  const m = X.ncols;
  return n3 * m + n3 * n2 + n3 + 2 * n2 * m + n2 * n1 + n2 + 2 * n1 * m + n1 * n0 + n1;
}

/** dW = np.dot(dZ, A.T), dZ (r, m), A (c, m) → (r, c), times `scale` when given (`.mul(scale)`). */
function dotNT(block: Block, dZ: Matrix, A: Matrix, scale?: number): Matrix {
  const out = block.take(dZ.nrows, A.nrows);
  matmulNT(dZ.data, A.data, out.data, dZ.nrows, dZ.ncols, A.nrows);
  if (scale !== undefined) {
    const od = out.data;
    for (let i = 0; i < od.length; i++) od[i] = od[i] * scale;
  }
  return out;
}

/** np.dot(W.T, dZ), W (r, c), dZ (r, m) → (c, m). */
function dotTN(block: Block, W: Matrix, dZ: Matrix): Matrix {
  const out = block.take(W.ncols, dZ.ncols);
  matmulTN(W.data, dZ.data, out.data, W.ncols, W.nrows, dZ.ncols);
  return out;
}

/** np.sum(dZ, {axis: 1, keepdims: true}), times `scale` when given (`.mul(scale)`). */
function rowSums(block: Block, dZ: Matrix, scale?: number): Matrix {
  const r = dZ.nrows;
  const c = dZ.ncols;
  const out = block.take(r, 1);
  const d = dZ.data;
  const od = out.data;
  for (let i = 0; i < r; i++) {
    const s = 0 + pairwiseSum(d, i * c, c);
    od[i] = scale === undefined ? s : s * scale;
  }
  return out;
}

/** dA.mul(A.gt(0)): dA[i] · (A[i] > 0 ? 1 : 0), a real multiply (so ±Inf · 0 is NaN, -x · 0 is -0). */
function reluBackward(block: Block, dA: Matrix, A: Matrix): Matrix {
  const out = block.take(dA.nrows, dA.ncols);
  const dd = dA.data;
  const ad = A.data;
  const od = out.data;
  // +(x > 0) is the same 1 or 0 as `x > 0 ? 1 : 0`, without a branch (about 1.5× faster on
  // activations whose signs are random).
  for (let i = 0; i < od.length; i++) od[i] = dd[i] * +(ad[i] > 0);
  return out;
}

/**
 * Backward pass, init_utils / opt_utils flavour: the 1/m is folded into dz3 and the
 * keys are lowercase (dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1).
 */
export function backwardPropagation(X: Matrix, Y: Matrix, cache: Cache3): Params {
  const [, a1, , , , a2, W2, , , a3, W3] = cache;
  if (!backwardShapesOk(X, Y, a1, a2, W2, a3, W3)) return backwardPropagationPlain(X, Y, cache);
  const m = X.ncols;
  const scale = 1 / m;
  const block = new Block(backwardSize(X, a1, a2, a3));
  // dz3 = a3.sub(Y).mul(1 / m)
  const dz3 = block.take(a3.nrows, a3.ncols);
  const ad = a3.data;
  const yd = Y.data;
  const zd = dz3.data;
  for (let i = 0; i < zd.length; i++) zd[i] = (ad[i] - yd[i]) * scale;
  const dW3 = dotNT(block, dz3, a2); //              np.dot(dz3, a2.T)
  const db3 = rowSums(block, dz3); //                np.sum(dz3, axis=1, keepdims=True)
  const da2 = dotTN(block, W3, dz3); //              np.dot(W3.T, dz3)
  const dz2 = reluBackward(block, da2, a2); //       da2 * (a2 > 0)
  const dW2 = dotNT(block, dz2, a1);
  const db2 = rowSums(block, dz2);
  const da1 = dotTN(block, W2, dz2);
  const dz1 = reluBackward(block, da1, a1);
  const dW1 = dotNT(block, dz1, X);
  const db1 = rowSums(block, dz1);
  return { dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1 };
}

/** backwardPropagation as the notebook writes it, for any shapes. */
function backwardPropagationPlain(X: Matrix, Y: Matrix, cache: Cache3): Params {
  const m = X.ncols;
  const [, a1, , , , a2, W2, , , a3, W3] = cache;
  const dz3 = a3.sub(Y).mul(1 / m);
  const dW3 = np.dot(dz3, a2.T);
  const db3 = np.sum(dz3, { axis: 1, keepdims: true });
  const da2 = np.dot(W3.T, dz3);
  const dz2 = da2.mul(a2.gt(0));
  const dW2 = np.dot(dz2, a1.T);
  const db2 = np.sum(dz2, { axis: 1, keepdims: true });
  const da1 = np.dot(W2.T, dz2);
  const dz1 = da1.mul(a1.gt(0));
  const dW1 = np.dot(dz1, X.T);
  const db1 = np.sum(dz1, { axis: 1, keepdims: true });
  return { dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1 };
}

/**
 * Backward pass, reg_utils (and gradient-checking) flavour: dZ3 = A3 − Y and each
 * dW/db carries the 1/m; keys are uppercase (dZ3, dW3, db3, dA2, dZ2, …).
 */
export function backwardPropagationReg(X: Matrix, Y: Matrix, cache: Cache3): Params {
  const [, A1, , , , A2, W2, , , A3, W3] = cache;
  if (!backwardShapesOk(X, Y, A1, A2, W2, A3, W3)) return backwardPropagationRegPlain(X, Y, cache);
  const m = X.ncols;
  const scale = 1 / m;
  const block = new Block(backwardSize(X, A1, A2, A3));
  // dZ3 = A3.sub(Y)
  const dZ3 = block.take(A3.nrows, A3.ncols);
  const ad = A3.data;
  const yd = Y.data;
  const zd = dZ3.data;
  for (let i = 0; i < zd.length; i++) zd[i] = ad[i] - yd[i];
  const dW3 = dotNT(block, dZ3, A2, scale); //       np.dot(dZ3, A2.T).mul(1 / m)
  const db3 = rowSums(block, dZ3, scale); //         np.sum(dZ3, axis=1, keepdims=True).mul(1 / m)
  const dA2 = dotTN(block, W3, dZ3);
  const dZ2 = reluBackward(block, dA2, A2);
  const dW2 = dotNT(block, dZ2, A1, scale);
  const db2 = rowSums(block, dZ2, scale);
  const dA1 = dotTN(block, W2, dZ2);
  const dZ1 = reluBackward(block, dA1, A1);
  const dW1 = dotNT(block, dZ1, X, scale);
  const db1 = rowSums(block, dZ1, scale);
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

/** backwardPropagationReg as the notebook writes it, for any shapes. */
function backwardPropagationRegPlain(X: Matrix, Y: Matrix, cache: Cache3): Params {
  const m = X.ncols;
  const [, A1, , , , A2, W2, , , A3, W3] = cache;
  const dZ3 = A3.sub(Y);
  const dW3 = np.dot(dZ3, A2.T).mul(1 / m);
  const db3 = np.sum(dZ3, { axis: 1, keepdims: true }).mul(1 / m);
  const dA2 = np.dot(W3.T, dZ3);
  const dZ2 = dA2.mul(A2.gt(0));
  const dW2 = np.dot(dZ2, A1.T).mul(1 / m);
  const db2 = np.sum(dZ2, { axis: 1, keepdims: true }).mul(1 / m);
  const dA1 = np.dot(W2.T, dZ2);
  const dZ1 = dA1.mul(A1.gt(0));
  const dW1 = np.dot(dZ1, X.T).mul(1 / m);
  const db1 = np.sum(dZ1, { axis: 1, keepdims: true }).mul(1 / m);
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

/** One cross-entropy term, as logprobs writes it: (−log a)·y + (−log(1 − a))·(1 − y). */
export const logprob = (a: number, y: number): number => Math.log(a) * -1 * y + Math.log(1 - a) * -1 * (1 - y);

/** The per-example cross-entropy terms −Y·log A3 − (1−Y)·log(1−A3), in numpy's order. */
export function logprobs(A3: Matrix, Y: Matrix): Matrix {
  if (!sameShape(A3, Y)) {
    return np.log(A3).neg().mul(Y).add(np.log(np.subtract(1, A3)).neg().mul(np.subtract(1, Y)));
  }
  const out = new Matrix(A3.nrows, A3.ncols);
  const ad = A3.data;
  const yd = Y.data;
  const od = out.data;
  for (let i = 0; i < od.length; i++) od[i] = logprob(ad[i], yd[i]);
  return out;
}

/** Scratch for the cost's terms (never returned, so reusing it is safe). */
let scratch = new Float64Array(0);

/**
 * The sum of logprobs(A3, Y) over all elements, in numpy's pairwise order; with `nan`,
 * NaN terms count as 0 (np.nansum). Same-shape A3 and Y only.
 */
function logprobsSum(A3: Matrix, Y: Matrix, nan: boolean): number {
  const n = A3.data.length;
  if (scratch.length < n) scratch = new Float64Array(n);
  const t = scratch;
  const ad = A3.data;
  const yd = Y.data;
  if (nan) {
    for (let i = 0; i < n; i++) {
      const v = logprob(ad[i], yd[i]);
      t[i] = v !== v ? 0 : v;
    }
  } else {
    for (let i = 0; i < n; i++) t[i] = logprob(ad[i], yd[i]);
  }
  return 0 + pairwiseSum(t, 0, n);
}

/**
 * init_utils.compute_loss / reg_utils.compute_cost: (1/m)·nansum(logprobs).
 * nansum drops 0·log 0 terms; a 1·log 0 term stays +inf.
 */
export function computeLoss(A3: Matrix, Y: Matrix): number {
  if (!sameShape(A3, Y)) return (1 / Y.ncols) * np.nansum(logprobs(A3, Y));
  return (1 / Y.ncols) * logprobsSum(A3, Y, true);
}

/** reg_utils.compute_cost (the same formula as computeLoss). */
export const computeCost = computeLoss;

/**
 * opt_utils.compute_cost: 2017 returns the mean over the mini-batch, (1/m)·sum;
 * 2021 (opt_utils_v1a) returns the total, sum, and the model divides by m once per epoch.
 */
export function computeCostOpt(A3: Matrix, Y: Matrix, version: 2017 | 2021 = 2021): number {
  const total = sameShape(A3, Y) ? logprobsSum(A3, Y, false) : np.sum(logprobs(A3, Y));
  return version === 2017 ? (1 / Y.ncols) * total : total;
}

/** p.sub(g.mul(lr)) into `out`: p[i] − g[i]·lr (p, g and out of the same shape). */
function stepInto(out: Matrix, p: Matrix, g: Matrix, lr: number): Matrix {
  const pd = p.data;
  const gd = g.data;
  const od = out.data;
  for (let i = 0; i < od.length; i++) od[i] = pd[i] - gd[i] * lr;
  return out;
}

/** Plain gradient descent: W_l = W_l − lr·dW_l, b_l = b_l − lr·db_l, for l = 1..L. */
export function updateParameters(parameters: Params, grads: Params, learningRate: number): Params {
  const L = numLayers(parameters);
  // The common case: every gradient has its parameter's shape; new parameters in one block.
  let total = typeof learningRate === "number" ? 0 : -1;
  for (let l = 1; l <= L && total >= 0; l++) {
    const W = parameters["W" + l];
    const b = parameters["b" + l];
    if (sameShape(W, grads["dW" + l]) && sameShape(b, grads["db" + l])) total += W.size + b.size;
    else total = -1;
  }
  if (total >= 0) {
    const block = new Block(total);
    for (let l = 1; l <= L; l++) {
      const W = parameters["W" + l];
      const b = parameters["b" + l];
      parameters["W" + l] = stepInto(block.take(W.nrows, W.ncols), W, grads["dW" + l], learningRate);
      parameters["b" + l] = stepInto(block.take(b.nrows, b.ncols), b, grads["db" + l], learningRate);
    }
    return parameters;
  }
  for (let l = 1; l <= L; l++) {
    parameters["W" + l] = parameters["W" + l].sub(param(grads, "dW" + l, "updateParameters").mul(learningRate));
    parameters["b" + l] = parameters["b" + l].sub(param(grads, "db" + l, "updateParameters").mul(learningRate));
  }
  return parameters;
}

/** Predictions 1 where A3 > 0.5 (strictly), else 0, as a (1, m) matrix. */
export function predict(X: Matrix, parameters: Params): Matrix {
  const [A3] = forwardPropagation(X, parameters);
  return A3.gt(0.5);
}

/** Accuracy = mean(predictions == Y), as the notebook prints it. */
export function accuracy(predictions: Matrix, Y: Matrix): number {
  return np.mean(predictions.eq(Y));
}

/** reg_utils.initialize_parameters: seed(3), W_l = randn(n_l, n_{l−1}) / sqrt(n_{l−1}), b_l = 0. */
export function initializeParametersReg(layerDims: number[]): Params {
  np.random.seed(3);
  const parameters: Params = {};
  for (let l = 1; l < layerDims.length; l++) {
    parameters["W" + l] = np.random.randn(layerDims[l], layerDims[l - 1]).div(Math.sqrt(layerDims[l - 1]));
    parameters["b" + l] = np.zeros([layerDims[l], 1]);
  }
  return parameters;
}

/** opt_utils.initialize_parameters: seed(3), He scaling W_l = randn · sqrt(2 / n_{l−1}), b_l = 0. */
export function initializeParametersOpt(layerDims: number[]): Params {
  np.random.seed(3);
  const parameters: Params = {};
  for (let l = 1; l < layerDims.length; l++) {
    parameters["W" + l] = np.random.randn(layerDims[l], layerDims[l - 1]).mul(Math.sqrt(2 / layerDims[l - 1]));
    parameters["b" + l] = np.zeros([layerDims[l], 1]);
  }
  return parameters;
}

// ---------------------------------------------------------------- gc_utils

/** The gradient-checking network's parameters, in the order they are flattened. */
export const GC_KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"] as const;
/** …and the shapes vectorToDictionary restores (layer sizes [4, 5, 3, 1]). */
export const GC_SHAPES: Record<(typeof GC_KEYS)[number], [number, number]> = {
  W1: [5, 4],
  b1: [5, 1],
  W2: [3, 5],
  b2: [3, 1],
  W3: [1, 3],
  b3: [1, 1],
};

function flatten(dict: Params, keys: readonly string[], fn: string): Matrix {
  return np.concatenate(keys.map((k) => param(dict, k, fn).reshape(-1, 1)), { axis: 0 });
}

/**
 * gc_utils.dictionary_to_vector: W1, b1, W2, b2, W3, b3, each flattened row-major,
 * stacked into one column theta (47, 1); also returns the key of each entry.
 */
export function dictionaryToVector(parameters: Params): [Matrix, string[]] {
  const keys = GC_KEYS.flatMap((k) => Array<string>(param(parameters, k, "dictionaryToVector").size).fill(k));
  return [flatten(parameters, GC_KEYS, "dictionaryToVector"), keys];
}

/** gc_utils.vector_to_dictionary: the inverse, hard-wired to layer sizes [4, 5, 3, 1]. */
export function vectorToDictionary(theta: Matrix): Params {
  const need = GC_KEYS.reduce((n, k) => n + GC_SHAPES[k][0] * GC_SHAPES[k][1], 0);
  if (theta.size !== need) {
    throw new Error(`vectorToDictionary: theta has ${theta.size} entries, the [4, 5, 3, 1] network needs ${need}`);
  }
  const out: Params = {};
  let at = 0;
  for (const k of GC_KEYS) {
    const [r, c] = GC_SHAPES[k];
    out[k] = new Matrix(r, c, theta.data.slice(at, at + r * c));
    at += r * c;
  }
  return out;
}

/** gc_utils.gradients_to_vector: dW1, db1, …, db3 flattened like dictionaryToVector (dZ/dA ignored). */
export function gradientsToVector(gradients: Params): Matrix {
  return flatten(gradients, GC_KEYS.map((k) => "d" + k), "gradientsToVector");
}
