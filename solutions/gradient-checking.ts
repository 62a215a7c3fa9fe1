/**
 * Assignment W1A3 — Gradient Checking (homework 2-1, Q2, 30 points).
 * 作业：梯度检验
 *
 * Backpropagation is easy to get subtly wrong. A gradient check compares the
 * analytic gradient with a two-sided finite difference,
 *     gradapprox = (J(θ + ε) − J(θ − ε)) / (2ε),
 * and reports the relative difference
 *     ‖grad − gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂),
 * which is tiny (≲ 1e-7) when the gradient is right.
 *
 * First in one dimension (J = θ·x), then for a 3-layer network whose parameters
 * are flattened into one vector θ (W1, b1, W2, b2, W3, b3; layer sizes [4, 5, 3, 1]).
 */
import { type Matrix, np } from "../lib/np/index.ts";
import {
  type Cache3,
  type Params,
  dictionaryToVector,
  gradientsToVector,
  relu,
  sigmoid,
  vectorToDictionary,
} from "../lib/nn.ts";

/** Differences above this mean the gradient is probably wrong (the 2021 threshold). */
export const THRESHOLD = 2e-7;

/**
 * The 1-D model's cost: J(θ) = θ · x.
 * 一维情形的前向传播：J = θx。
 */
export function forwardPropagation(x: number, theta: number): number {
  let J: number;
  // ### START CODE HERE ### (≈ 1 line)
  J = theta * x;
  // ### END CODE HERE ###
  return J;
}

/**
 * The analytic derivative of J(θ) = θ · x with respect to θ.
 * 反向传播：dJ/dθ。
 */
export function backwardPropagation(x: number, theta: number): number {
  let dtheta: number;
  // ### START CODE HERE ### (≈ 1 line)
  dtheta = x;
  // ### END CODE HERE ###
  return dtheta;
}

/**
 * The relative difference between backwardPropagation and the two-sided
 * difference quotient of forwardPropagation at θ.
 * 用双边差分近似梯度，并计算相对误差。
 */
export function gradientCheck(x: number, theta: number, epsilon = 1e-7, printMsg = false): number {
  let gradapprox: number;
  // ### START CODE HERE ### (≈ 5 lines)
  const thetaplus = theta + epsilon;
  const thetaminus = theta - epsilon;
  const JPlus = forwardPropagation(x, thetaplus);
  const JMinus = forwardPropagation(x, thetaminus);
  gradapprox = (JPlus - JMinus) / (2 * epsilon);
  // ### END CODE HERE ###

  let grad: number;
  // ### START CODE HERE ### (≈ 1 line)
  grad = backwardPropagation(x, theta);
  // ### END CODE HERE ###

  let difference: number;
  // ### START CODE HERE ### (≈ 3 lines)
  const numerator = np.linalg.norm(grad - gradapprox);
  const denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox);
  difference = numerator / denominator;
  // ### END CODE HERE ###

  if (printMsg) report(difference);
  return difference;
}

function report(difference: number): void {
  if (difference > THRESHOLD) {
    console.log(`\x1b[93mThere is a mistake in the backward propagation! difference = ${difference}\x1b[0m`);
  } else {
    console.log(`\x1b[92mYour backward propagation works perfectly fine! difference = ${difference}\x1b[0m`);
  }
}

/**
 * The 3-layer network's forward pass and its cross-entropy cost
 * (1/m)·Σ(−Y·log A3 − (1−Y)·log(1−A3)), a plain sum (no nansum).
 * Returns the cost and the 12-item cache (Z1, A1, W1, b1, …, Z3, A3, W3, b3).
 * N 维前向传播并计算代价。
 */
export function forwardPropagationN(X: Matrix, Y: Matrix, parameters: Params): [number, Cache3] {
  const m = X.ncols;
  const { W1, b1, W2, b2, W3, b3 } = parameters;

  // LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID
  const Z1 = np.dot(W1, X).add(b1);
  const A1 = relu(Z1);
  const Z2 = np.dot(W2, A1).add(b2);
  const A2 = relu(Z2);
  const Z3 = np.dot(W3, A2).add(b3);
  const A3 = sigmoid(Z3);

  let cost: number;
  // ### START CODE HERE ### (≈ 2 lines)
  const logprobs = np.log(A3).neg().mul(Y).add(np.log(np.subtract(1, A3)).neg().mul(np.subtract(1, Y)));
  cost = (1 / m) * np.sum(logprobs);
  // ### END CODE HERE ###

  return [cost, [Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3]];
}

/**
 * The 3-layer network's backward pass: dZ3 = A3 − Y, and each dW/db carries 1/m.
 * The exercise ships this function with two mistakes in it; find them with
 * gradientCheckN and fix them. 练习版本里有两处错误，请用梯度检验找出并改正。
 */
export function backwardPropagationN(X: Matrix, Y: Matrix, cache: Cache3): Params {
  const m = X.ncols;
  const [, A1, , , , A2, W2, , , A3, W3] = cache;
  let grads: Params;
  // ### START CODE HERE ### (≈ 12 lines: fix the two mistakes)
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
  grads = { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
  /* ### STUB CODE ###
  const dZ3 = A3.sub(Y);
  const dW3 = np.dot(dZ3, A2.T).mul(1 / m);
  const db3 = np.sum(dZ3, { axis: 1, keepdims: true }).mul(1 / m);

  const dA2 = np.dot(W3.T, dZ3);
  const dZ2 = dA2.mul(A2.gt(0));
  const dW2 = np.dot(dZ2, A1.T).mul(1 / m).mul(2);
  const db2 = np.sum(dZ2, { axis: 1, keepdims: true }).mul(1 / m);

  const dA1 = np.dot(W2.T, dZ2);
  const dZ1 = dA1.mul(A1.gt(0));
  const dW1 = np.dot(dZ1, X.T).mul(1 / m);
  const db1 = np.sum(dZ1, { axis: 1, keepdims: true }).mul(4 / m);
  grads = { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
  ### END STUB CODE ### */
  // ### END CODE HERE ###
  return grads;
}

/**
 * Gradient check over all 47 parameters of the network: nudge each entry of θ by
 * ±ε, recompute the cost with forwardPropagationN, and compare the difference
 * quotients with the analytic gradients.
 * 对每个参数做双边差分，再计算整体相对误差。
 */
export function gradientCheckN(
  parameters: Params,
  gradients: Params,
  X: Matrix,
  Y: Matrix,
  epsilon = 1e-7,
  printMsg = false,
): number {
  const [parametersValues] = dictionaryToVector(parameters);
  const grad = gradientsToVector(gradients);
  const numParameters = parametersValues.nrows;
  const JPlus = np.zeros([numParameters, 1]);
  const JMinus = np.zeros([numParameters, 1]);
  const gradapprox = np.zeros([numParameters, 1]);

  for (let i = 0; i < numParameters; i++) {
    // ### START CODE HERE ### (≈ 3 lines)
    const thetaplus = parametersValues.copy();
    thetaplus.set(i, 0, thetaplus.get(i, 0) + epsilon);
    JPlus.set(i, 0, forwardPropagationN(X, Y, vectorToDictionary(thetaplus))[0]);
    // ### END CODE HERE ###

    // ### START CODE HERE ### (≈ 3 lines)
    const thetaminus = parametersValues.copy();
    thetaminus.set(i, 0, thetaminus.get(i, 0) - epsilon);
    JMinus.set(i, 0, forwardPropagationN(X, Y, vectorToDictionary(thetaminus))[0]);
    // ### END CODE HERE ###

    // ### START CODE HERE ### (≈ 1 line)
    gradapprox.set(i, 0, (JPlus.get(i, 0) - JMinus.get(i, 0)) / (2 * epsilon));
    // ### END CODE HERE ###
  }

  let difference: number;
  // ### START CODE HERE ### (≈ 3 lines)
  const numerator = np.linalg.norm(grad.sub(gradapprox));
  const denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox);
  difference = numerator / denominator;
  // ### END CODE HERE ###

  if (printMsg) report(difference);
  return difference;
}
