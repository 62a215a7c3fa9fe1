/**
 * Assignment W1A2 — Regularization (L2 and dropout; own assignment, 100 points).
 * 作业：正则化（L2 正则化与 Dropout）
 *
 * A 3-layer network, large enough to memorise the noise of a small 2-D data set,
 * is trained three ways. Without regularisation it fits the training points and
 * generalises worse. L2 regularisation adds (λ / 2m)·Σ‖W‖² to the cost, which
 * shrinks every weight a little at each step ("weight decay"). Dropout silences
 * each hidden unit with probability 1 − keepProb during training and scales the
 * survivors by 1 / keepProb, so no unit can rely on any other one.
 *
 * Conventions: layers [n_x, 20, 3, 1]; parameters "W1", "b1", …, "W3", "b3";
 * gradients keyed as in the reg_utils backward: dZ3, dW3, db3, dA2, dZ2, dW2, db2,
 * dA1, dZ1, dW1, db1 (the 1/m sits on each dW and db).
 */
import { np } from "../lib/np/index.ts";
import {
  type Cache3,
  type Params,
  accuracy,
  backwardPropagationReg,
  computeCost,
  forwardPropagation,
  initializeParametersReg,
  predict,
  relu,
  sigmoid,
  updateParameters,
} from "../lib/nn.ts";
import { Matrix } from "../lib/np/index.ts";
import { Net3, PARAM_KEYS, net3Dims, sameDoubles } from "../lib/net3.ts";

/** The dropout forward cache, in the notebook's order (A1, A2 are the masked, scaled ones). */
export type DropoutCache = [
  Z1: Matrix, D1: Matrix, A1: Matrix, W1: Matrix, b1: Matrix,
  Z2: Matrix, D2: Matrix, A2: Matrix, W2: Matrix, b2: Matrix,
  Z3: Matrix, A3: Matrix, W3: Matrix, b3: Matrix,
];

/**
 * The cross-entropy cost plus the L2 penalty:
 *   J = crossEntropy(A3, Y) + (1/m) · (λ/2) · (ΣW1² + ΣW2² + ΣW3²),
 * each Σ over all entries of that weight matrix (the biases are not penalised).
 * Returns a number.
 * 交叉熵代价加上 L2 正则项（只对权重 W，不对偏置 b）。
 */
export function computeCostWithRegularization(A3: Matrix, Y: Matrix, parameters: Params, lambd: number): number {
  const m = Y.ncols;
  const W1 = parameters["W1"];
  const W2 = parameters["W2"];
  const W3 = parameters["W3"];
  const crossEntropyCost = computeCost(A3, Y); // the cross-entropy part

  let L2RegularizationCost: number;
  // ### START CODE HERE ### (≈ 1 line)
  L2RegularizationCost =
    (1 / m) * (lambd / 2) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)));
  // ### END CODE HERE ###

  const cost = crossEntropyCost + L2RegularizationCost;
  return cost;
}

/**
 * The backward pass of the plain model (dZ3 = A3 − Y, 1/m on each dW and db),
 * with the gradient of the L2 term added to each weight gradient:
 *   dW_l = (1/m) · dZ_l · A_{l−1}ᵀ + (λ/m) · W_l      (A_0 = X)
 * The db's are unchanged. `cache` is the 12-item cache of forwardPropagation.
 * 反向传播：每个 dW 多加一项 (λ/m)·W。
 */
export function backwardPropagationWithRegularization(X: Matrix, Y: Matrix, cache: Cache3, lambd: number): Params {
  const m = X.ncols;
  const [, A1, W1, , , A2, W2, , , A3, W3] = cache;

  const dZ3 = A3.sub(Y);
  let dW3: Matrix;
  // ### START CODE HERE ### (≈ 1 line)
  dW3 = np.dot(dZ3, A2.T).mul(1 / m).add(W3.mul(lambd / m));
  // ### END CODE HERE ###
  const db3 = np.sum(dZ3, { axis: 1, keepdims: true }).mul(1 / m);

  const dA2 = np.dot(W3.T, dZ3);
  const dZ2 = dA2.mul(A2.gt(0));
  let dW2: Matrix;
  // ### START CODE HERE ### (≈ 1 line)
  dW2 = np.dot(dZ2, A1.T).mul(1 / m).add(W2.mul(lambd / m));
  // ### END CODE HERE ###
  const db2 = np.sum(dZ2, { axis: 1, keepdims: true }).mul(1 / m);

  const dA1 = np.dot(W2.T, dZ2);
  const dZ1 = dA1.mul(A1.gt(0));
  let dW1: Matrix;
  // ### START CODE HERE ### (≈ 1 line)
  dW1 = np.dot(dZ1, X.T).mul(1 / m).add(W1.mul(lambd / m));
  // ### END CODE HERE ###
  const db1 = np.sum(dZ1, { axis: 1, keepdims: true }).mul(1 / m);

  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

/**
 * LINEAR → RELU + DROPOUT → LINEAR → RELU + DROPOUT → LINEAR → SIGMOID.
 *
 * For each hidden layer: draw a mask D = (np.random.rand(same shape as A) < keepProb)
 * (1 keeps a unit, 0 shuts it), apply it, A = A ⊙ D, then scale by 1/keepProb so the
 * expected value of each activation is unchanged. The output layer has no dropout.
 * The generator is seeded with 1 at the start of every call, as in the notebook
 * (so every call draws the same masks). D1 takes the first n1·m uniforms, D2 the next n2·m.
 * Returns [A3, cache], cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3).
 * 前向传播中对两个隐藏层使用 Dropout（倒置 Dropout，即 inverted dropout：除以 keepProb）。
 */
export function forwardPropagationWithDropout(X: Matrix, parameters: Params, keepProb = 0.5): [Matrix, DropoutCache] {
  np.random.seed(1);
  const W1 = parameters["W1"];
  const b1 = parameters["b1"];
  const W2 = parameters["W2"];
  const b2 = parameters["b2"];
  const W3 = parameters["W3"];
  const b3 = parameters["b3"];

  const Z1 = np.dot(W1, X).add(b1);
  let A1 = relu(Z1);
  let D1: Matrix;
  // Step 1: D1 = rand(A1's shape); 2: D1 = (D1 < keepProb); 3: A1 = A1 ⊙ D1; 4: A1 = A1 / keepProb.
  // ### START CODE HERE ### (≈ 4 lines)
  D1 = np.random.rand(A1.nrows, A1.ncols);
  D1 = D1.lt(keepProb);
  A1 = A1.mul(D1);
  A1 = A1.div(keepProb);
  // ### END CODE HERE ###

  const Z2 = np.dot(W2, A1).add(b2);
  let A2 = relu(Z2);
  let D2: Matrix;
  // The same four steps for the second hidden layer.
  // ### START CODE HERE ### (≈ 4 lines)
  D2 = np.random.rand(A2.nrows, A2.ncols);
  D2 = D2.lt(keepProb);
  A2 = A2.mul(D2);
  A2 = A2.div(keepProb);
  // ### END CODE HERE ###

  const Z3 = np.dot(W3, A2).add(b3);
  const A3 = sigmoid(Z3);
  const cache: DropoutCache = [Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3];
  return [A3, cache];
}

/**
 * The backward pass of the dropout model: the plain one (dZ3 = A3 − Y, 1/m on each
 * dW and db), except that each hidden layer's dA goes through the same mask and
 * scaling as the forward pass, before the ReLU mask:
 *   dA2 = W3ᵀ · dZ3,  dA2 = dA2 ⊙ D2 / keepProb,  dZ2 = dA2 ⊙ [A2 > 0]   (and likewise for layer 1)
 * Returns the gradient dict (dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1).
 * 反向传播时用同样的掩码 D 关闭同样的单元，并同样除以 keepProb。
 */
export function backwardPropagationWithDropout(X: Matrix, Y: Matrix, cache: DropoutCache, keepProb: number): Params {
  const m = X.ncols;
  const [, D1, A1, , , , D2, A2, W2, , , A3, W3] = cache;

  const dZ3 = A3.sub(Y);
  const dW3 = np.dot(dZ3, A2.T).mul(1 / m);
  const db3 = np.sum(dZ3, { axis: 1, keepdims: true }).mul(1 / m);
  let dA2 = np.dot(W3.T, dZ3);
  // Step 1: dA2 = dA2 ⊙ D2; 2: dA2 = dA2 / keepProb.
  // ### START CODE HERE ### (≈ 2 lines)
  dA2 = dA2.mul(D2);
  dA2 = dA2.div(keepProb);
  // ### END CODE HERE ###
  const dZ2 = dA2.mul(A2.gt(0));
  const dW2 = np.dot(dZ2, A1.T).mul(1 / m);
  const db2 = np.sum(dZ2, { axis: 1, keepdims: true }).mul(1 / m);

  let dA1 = np.dot(W2.T, dZ2);
  // The same two steps with D1.
  // ### START CODE HERE ### (≈ 2 lines)
  dA1 = dA1.mul(D1);
  dA1 = dA1.div(keepProb);
  // ### END CODE HERE ###
  const dZ1 = dA1.mul(A1.gt(0));
  const dW1 = np.dot(dZ1, X.T).mul(1 / m);
  const db1 = np.sum(dZ1, { axis: 1, keepdims: true }).mul(1 / m);

  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

export interface ModelOptions {
  learningRate?: number;
  numIterations?: number;
  /** Print the cost every 10000 iterations. */
  printCost?: boolean;
  /** L2 strength λ; 0 (default) turns L2 off. */
  lambd?: number;
  /** Probability of keeping a hidden unit; 1 (default) turns dropout off. */
  keepProb?: number;
}

export interface ModelResult {
  parameters: Params;
  /** The cost at iterations 0, 1000, 2000, … */
  costs: number[];
}

/**
 * The notebook's model: layers [n_x, 20, 3, 1], full-batch gradient descent.
 * Each iteration runs the forward pass (with dropout when keepProb < 1), the
 * cost (with the L2 term when λ ≠ 0), the matching backward pass and the update.
 * L2 and dropout are not meant to be combined here: asking for both is an error.
 */
export function model(X: Matrix, Y: Matrix, options: ModelOptions = {}): ModelResult {
  const { learningRate = 0.3, numIterations = 30000, printCost = true, lambd = 0, keepProb = 1 } = options;
  if (lambd !== 0 && keepProb !== 1) {
    throw new Error(`model: use L2 (lambd = ${lambd}) or dropout (keepProb = ${keepProb}), not both`);
  }
  if (!(keepProb > 0 && keepProb <= 1)) throw new Error(`model: keepProb must be in (0, 1], got ${keepProb}`);
  const run: Run = { X, Y, learningRate, numIterations, printCost, lambd, keepProb, printed: -1 };
  return modelInPlace(run) ?? modelPlain(run);
}

interface Run {
  X: Matrix;
  Y: Matrix;
  learningRate: number;
  numIterations: number;
  printCost: boolean;
  lambd: number;
  keepProb: number;
  /** The last iteration whose cost line was printed (so a rerun does not print it again). */
  printed: number;
}

/**
 * One iteration as the notebook writes it: the forward pass (with dropout when keepProb < 1),
 * the cost (with the L2 term when λ ≠ 0), the matching backward pass and the update.
 */
function iteration(run: Run, parameters: Params): { cost: number; parameters: Params; masks?: [Matrix, Matrix] } {
  const { X, Y, lambd, keepProb, learningRate } = run;
  let cost: number;
  let grads: Params;
  let masks: [Matrix, Matrix] | undefined;
  if (keepProb === 1) {
    const [a3, cache] = forwardPropagation(X, parameters);
    cost = lambd === 0 ? computeCost(a3, Y) : computeCostWithRegularization(a3, Y, parameters, lambd);
    grads = lambd === 0 ? backwardPropagationReg(X, Y, cache) : backwardPropagationWithRegularization(X, Y, cache, lambd);
  } else {
    // Reseeded inside, so every iteration drops the same units (the notebook's quirk).
    const [a3, cache] = forwardPropagationWithDropout(X, parameters, keepProb);
    cost = computeCost(a3, Y);
    grads = backwardPropagationWithDropout(X, Y, cache, keepProb);
    masks = [cache[1], cache[6]];
  }
  return { cost, parameters: updateParameters(parameters, grads, learningRate), masks };
}

function record(run: Run, costs: number[], i: number, cost: number): void {
  if (i % 10000 === 0 && run.printCost && i > run.printed) {
    console.log(`Cost after iteration ${i}: ${cost}`);
    run.printed = i;
  }
  if (i % 1000 === 0) costs.push(cost);
}

/** The notebook's loop. */
function modelPlain(run: Run): ModelResult {
  let parameters = initializeParametersReg([run.X.nrows, 20, 3, 1]);
  const costs: number[] = [];
  for (let i = 0; i < run.numIterations; i++) {
    const step = iteration(run, parameters);
    parameters = step.parameters;
    record(run, costs, i, step.cost);
  }
  return { parameters, costs };
}

/**
 * The same iterations in place (lib/net3.ts: no allocation, the same doubles), or null to
 * run the notebook's loop instead. At iterations 0, 1, 2, every 1000th and the last, the
 * notebook's iteration (the functions above) runs too, from the same parameters, and must
 * give the same cost and parameters to the last bit; if it does not (a function above
 * changed), the in-place run stops and null is returned. Dropout takes its masks from that
 * first iteration (every call reseeds, so every iteration draws the same masks).
 */
function modelInPlace(run: Run): ModelResult | null {
  const { X, Y, numIterations, lambd, keepProb, learningRate } = run;
  const parameters = initializeParametersReg([X.nrows, 20, 3, 1]);
  const dims = net3Dims(parameters);
  if (!dims || X.nrows !== dims[0] || Y.nrows !== dims[3] || Y.ncols !== X.ncols) return null;
  const m = X.ncols;
  const dropout = keepProb !== 1;
  const net = new Net3(dims, { maxCols: m, dropout });
  net.setParameters(parameters);
  net.setBatch(X.data, Y.data, m);
  const costs: number[] = [];
  for (let i = 0; i < numIterations; i++) {
    const check = i < 3 || i % 1000 === 0 || i === numIterations - 1;
    const expected = check ? iteration(run, net.parameters()) : undefined;
    if (dropout && i === 0) {
      const [D1, D2] = expected!.masks!;
      if (!(D1 instanceof Matrix && D2 instanceof Matrix && D1.size === dims[1] * m && D2.size === dims[2] * m)) return null;
      net.setMasks(D1.data, D2.data);
    }
    net.forward(dropout ? keepProb : undefined);
    const cost = check ? (lambd === 0 ? net.loss() : net.lossL2(lambd)) : 0; // only where it is recorded
    net.backward("reg", lambd, dropout ? keepProb : undefined);
    net.gd(learningRate);
    if (expected && !(Object.is(cost, expected.cost) && sameDoubles(expected.parameters, net.parameters(), PARAM_KEYS))) {
      return null;
    }
    record(run, costs, i, cost);
  }
  return { parameters: net.parameters(), costs };
}

/** Accuracy of a trained parameter dict on (X, Y), as the notebook's predict prints it. */
export function evaluate(X: Matrix, Y: Matrix, parameters: Params): number {
  return accuracy(predict(X, parameters), Y);
}
