/**
 * The course's support utilities (init_utils, reg_utils, opt_utils, gc_utils), which
 * the graded functions and each notebook's model() call. Not graded: students use them.
 *
 * Each function computes its result in the notebook's order of operations, so that
 * training runs reproduce the notebook's printed costs (see COURSE-FACTS §0).
 */
import { Matrix, np } from "./np/index.ts";

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

/** relu(x) = max(0, x), element-wise (NaN stays NaN, as np.maximum). */
export function relu(x: Matrix): Matrix {
  return np.maximum(0, x);
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
  const Z1 = np.dot(W1, X).add(b1);
  const A1 = relu(Z1);
  const Z2 = np.dot(W2, A1).add(b2);
  const A2 = relu(Z2);
  const Z3 = np.dot(W3, A2).add(b3);
  const A3 = sigmoid(Z3);
  return [A3, [Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3]];
}

/**
 * Backward pass, init_utils / opt_utils flavour: the 1/m is folded into dz3 and the
 * keys are lowercase (dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1).
 */
export function backwardPropagation(X: Matrix, Y: Matrix, cache: Cache3): Params {
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

/** The per-example cross-entropy terms −Y·log A3 − (1−Y)·log(1−A3), in numpy's order. */
export function logprobs(A3: Matrix, Y: Matrix): Matrix {
  return np.log(A3).neg().mul(Y).add(np.log(np.subtract(1, A3)).neg().mul(np.subtract(1, Y)));
}

/**
 * init_utils.compute_loss / reg_utils.compute_cost: (1/m)·nansum(logprobs).
 * nansum drops 0·log 0 terms; a 1·log 0 term stays +inf.
 */
export function computeLoss(A3: Matrix, Y: Matrix): number {
  return (1 / Y.ncols) * np.nansum(logprobs(A3, Y));
}

/** reg_utils.compute_cost (the same formula as computeLoss). */
export const computeCost = computeLoss;

/**
 * opt_utils.compute_cost: 2017 returns the mean over the mini-batch, (1/m)·sum;
 * 2021 (opt_utils_v1a) returns the total, sum, and the model divides by m once per epoch.
 */
export function computeCostOpt(A3: Matrix, Y: Matrix, version: 2017 | 2021 = 2021): number {
  const total = np.sum(logprobs(A3, Y));
  return version === 2017 ? (1 / Y.ncols) * total : total;
}

/** Plain gradient descent: W_l = W_l − lr·dW_l, b_l = b_l − lr·db_l, for l = 1..L. */
export function updateParameters(parameters: Params, grads: Params, learningRate: number): Params {
  const L = numLayers(parameters);
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
