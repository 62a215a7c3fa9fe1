/**
 * Assignment W2A1 — Optimization methods (homework 2-1, Q3, 40 points).
 * 作业：优化算法（小批量梯度下降、Momentum、Adam、学习率衰减）
 *
 * The same 3-layer network is trained on the two-moons data with three update
 * rules. Plain mini-batch gradient descent follows each noisy batch gradient;
 * momentum follows an exponentially weighted average of the gradients; Adam
 * also divides by a running average of their squares, so every weight gets its
 * own step size. A learning rate that shrinks over the epochs lets plain GD and
 * momentum settle where a fixed one would keep oscillating.
 *
 * Conventions: parameters are keyed "W1", "b1", …, "WL", "bL"; gradients and the
 * optimiser state (momentum velocity v, Adam's v and s) use the gradient keys
 * "dW1", "db1", …. L is the number of layers (the dict's length / 2).
 */
import { np } from "../lib/np/index.ts";
import {
  type Params,
  accuracy,
  backwardPropagation,
  computeCostOpt,
  forwardPropagation,
  initializeParametersOpt,
  numLayers,
  predict,
} from "../lib/nn.ts";
import { Matrix } from "../lib/np/index.ts";
import { Net3, PARAM_KEYS, net3Dims, sameDoubles } from "../lib/net3.ts";

/**
 * One step of (mini-batch) gradient descent, for l = 1..L:
 *   W_l = W_l − learningRate · dW_l,   b_l = b_l − learningRate · db_l.
 * Returns the updated parameter dict.
 * 梯度下降：参数减去学习率乘以梯度。
 */
export function updateParametersWithGd(parameters: Params, grads: Params, learningRate: number): Params {
  const L = numLayers(parameters);
  for (let l = 1; l <= L; l++) {
    // ### START CODE HERE ### (≈ 2 lines)
    parameters["W" + l] = parameters["W" + l].sub(grads["dW" + l].mul(learningRate));
    parameters["b" + l] = parameters["b" + l].sub(grads["db" + l].mul(learningRate));
    // ### END CODE HERE ###
  }
  return parameters;
}

/**
 * Shuffle the m examples, then cut them into mini-batches.
 *
 * The generator is seeded with `seed`, then `np.random.permutation(m)` gives the
 * new column order, applied to X and Y alike (`X[:, perm]`). The shuffled columns
 * are cut in order into ⌊m / miniBatchSize⌋ complete batches of `miniBatchSize`
 * columns; when m is not a multiple of the size, one last, shorter batch holds the
 * remaining m mod miniBatchSize columns.
 * Returns a list of [miniBatchX (n_x, size), miniBatchY (1, size)] pairs.
 * 先打乱样本顺序，再按顺序切分；最后一个批次可能不满。
 */
export function randomMiniBatches(X: Matrix, Y: Matrix, miniBatchSize = 64, seed = 0): [Matrix, Matrix][] {
  np.random.seed(seed); // the same shuffles as the notebook's
  const m = X.ncols; // number of training examples
  const miniBatches: [Matrix, Matrix][] = [];

  // Step 1: shuffle the columns of X and Y with one permutation.
  let shuffledX: Matrix;
  let shuffledY: Matrix;
  // ### START CODE HERE ### (≈ 3 lines)
  const permutation = np.random.permutation(m);
  shuffledX = X.take(permutation, { axis: 1 });
  shuffledY = Y.take(permutation, { axis: 1 }).reshape(1, m);
  // ### END CODE HERE ###

  // Step 2: the complete mini-batches, in order.
  const numCompleteMinibatches = Math.floor(m / miniBatchSize);
  for (let k = 0; k < numCompleteMinibatches; k++) {
    let miniBatchX: Matrix;
    let miniBatchY: Matrix;
    // ### START CODE HERE ### (≈ 2 lines)
    miniBatchX = shuffledX.cols(k * miniBatchSize, (k + 1) * miniBatchSize);
    miniBatchY = shuffledY.cols(k * miniBatchSize, (k + 1) * miniBatchSize);
    // ### END CODE HERE ###
    miniBatches.push([miniBatchX, miniBatchY]);
  }

  // Step 3: the end case, the last mini-batch (< miniBatchSize columns).
  if (m % miniBatchSize !== 0) {
    let miniBatchX: Matrix;
    let miniBatchY: Matrix;
    // ### START CODE HERE ### (≈ 2 lines)
    miniBatchX = shuffledX.cols(numCompleteMinibatches * miniBatchSize, m);
    miniBatchY = shuffledY.cols(numCompleteMinibatches * miniBatchSize, m);
    // ### END CODE HERE ###
    miniBatches.push([miniBatchX, miniBatchY]);
  }
  return miniBatches;
}

/**
 * The momentum velocity, all zeros: v["dW" + l] has W_l's shape, v["db" + l] has b_l's.
 * 速度初始化为与参数同形状的零矩阵。
 */
export function initializeVelocity(parameters: Params): Params {
  const L = numLayers(parameters);
  const v: Params = {};
  for (let l = 1; l <= L; l++) {
    // ### START CODE HERE ### (≈ 2 lines)
    v["dW" + l] = np.zerosLike(parameters["W" + l]);
    v["db" + l] = np.zerosLike(parameters["b" + l]);
    // ### END CODE HERE ###
  }
  return v;
}

/**
 * One step of gradient descent with momentum, for l = 1..L and for W and b alike:
 *   v_dW = β · v_dW + (1 − β) · dW      (an exponentially weighted average of the gradients)
 *   W    = W − learningRate · v_dW
 * Returns [parameters, v], both updated.
 * 动量：用梯度的指数加权平均来更新参数。
 */
export function updateParametersWithMomentum(
  parameters: Params,
  grads: Params,
  v: Params,
  beta: number,
  learningRate: number,
): [Params, Params] {
  const L = numLayers(parameters);
  for (let l = 1; l <= L; l++) {
    // ### START CODE HERE ### (≈ 4 lines)
    v["dW" + l] = v["dW" + l].mul(beta).add(grads["dW" + l].mul(1 - beta));
    v["db" + l] = v["db" + l].mul(beta).add(grads["db" + l].mul(1 - beta));
    parameters["W" + l] = parameters["W" + l].sub(v["dW" + l].mul(learningRate));
    parameters["b" + l] = parameters["b" + l].sub(v["db" + l].mul(learningRate));
    // ### END CODE HERE ###
  }
  return [parameters, v];
}

/**
 * Adam's two running averages, all zeros: v (of the gradients) and s (of their
 * squares), each keyed "dW1", "db1", … with the shapes of W1, b1, ….
 * Returns [v, s].
 * Adam 的一阶矩 v 与二阶矩 s 都初始化为零。
 */
export function initializeAdam(parameters: Params): [Params, Params] {
  const L = numLayers(parameters);
  const v: Params = {};
  const s: Params = {};
  for (let l = 1; l <= L; l++) {
    // ### START CODE HERE ### (≈ 4 lines)
    v["dW" + l] = np.zerosLike(parameters["W" + l]);
    v["db" + l] = np.zerosLike(parameters["b" + l]);
    s["dW" + l] = np.zerosLike(parameters["W" + l]);
    s["db" + l] = np.zerosLike(parameters["b" + l]);
    // ### END CODE HERE ###
  }
  return [v, s];
}

/**
 * One Adam step (t is the 1-based count of steps taken so far), for l = 1..L and
 * for W and b alike, with g the gradient:
 *   v  = β1 · v + (1 − β1) · g                 vCorrected = v / (1 − β1^t)
 *   s  = β2 · s + (1 − β2) · g²  (element-wise) sCorrected = s / (1 − β2^t)
 *   W  = W − learningRate · vCorrected / (√sCorrected + ε)
 * ε goes inside the denominator, next to the square root. The bias corrections
 * undo the pull towards zero of averages that started at zero.
 * Returns [parameters, v, s, vCorrected, sCorrected].
 * 先更新 v、s，再做偏差修正，最后更新参数；ε 加在平方根上。
 */
export function updateParametersWithAdam(
  parameters: Params,
  grads: Params,
  v: Params,
  s: Params,
  t: number,
  learningRate = 0.01,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon = 1e-8,
): [Params, Params, Params, Params, Params] {
  const L = numLayers(parameters);
  const vCorrected: Params = {};
  const sCorrected: Params = {};
  for (let l = 1; l <= L; l++) {
    // In order: v, vCorrected, s, sCorrected, then W and b.
    // ### START CODE HERE ### (≈ 10 lines)
    v["dW" + l] = v["dW" + l].mul(beta1).add(grads["dW" + l].mul(1 - beta1));
    v["db" + l] = v["db" + l].mul(beta1).add(grads["db" + l].mul(1 - beta1));
    vCorrected["dW" + l] = v["dW" + l].div(1 - beta1 ** t);
    vCorrected["db" + l] = v["db" + l].div(1 - beta1 ** t);
    s["dW" + l] = s["dW" + l].mul(beta2).add(np.square(grads["dW" + l]).mul(1 - beta2));
    s["db" + l] = s["db" + l].mul(beta2).add(np.square(grads["db" + l]).mul(1 - beta2));
    sCorrected["dW" + l] = s["dW" + l].div(1 - beta2 ** t);
    sCorrected["db" + l] = s["db" + l].div(1 - beta2 ** t);
    parameters["W" + l] = parameters["W" + l].sub(
      vCorrected["dW" + l].mul(learningRate).div(np.sqrt(sCorrected["dW" + l]).add(epsilon)),
    );
    parameters["b" + l] = parameters["b" + l].sub(
      vCorrected["db" + l].mul(learningRate).div(np.sqrt(sCorrected["db" + l]).add(epsilon)),
    );
    // ### END CODE HERE ###
  }
  return [parameters, v, s, vCorrected, sCorrected];
}

/**
 * Learning-rate decay after every epoch: learningRate0 / (1 + decayRate · epochNum).
 * 每个 epoch 都衰减学习率。
 */
export function updateLr(learningRate0: number, epochNum: number, decayRate: number): number {
  let learningRate: number;
  // ### START CODE HERE ### (≈ 1 line)
  learningRate = learningRate0 / (1 + decayRate * epochNum);
  // ### END CODE HERE ###
  return learningRate;
}

/**
 * Learning-rate decay in steps: the rate only changes every `timeInterval` epochs,
 *   learningRate0 / (1 + decayRate · ⌊epochNum / timeInterval⌋).
 * 每隔 timeInterval 个 epoch 才衰减一次（注意向下取整）。
 */
export function scheduleLrDecay(
  learningRate0: number,
  epochNum: number,
  decayRate: number,
  timeInterval = 1000,
): number {
  let learningRate: number;
  // ### START CODE HERE ### (≈ 1 line)
  learningRate = learningRate0 / (1 + decayRate * Math.floor(epochNum / timeInterval));
  // ### END CODE HERE ###
  return learningRate;
}

export type Optimizer = "gd" | "momentum" | "adam";
/** A learning-rate schedule: the rate for the epochs after `epochNum`. */
export type Decay = (learningRate0: number, epochNum: number, decayRate: number) => number;

export interface ModelOptions {
  /** Layer sizes; default [n_x, 5, 2, 1]. */
  layersDims?: number[];
  /** Update rule; default "gd". */
  optimizer?: Optimizer;
  /** Learning rate (the starting one when `decay` is given); default 0.0007. */
  learningRate?: number;
  miniBatchSize?: number;
  /** Momentum's β; default 0.9. */
  beta?: number;
  /** Adam's β1, β2, ε; defaults 0.9, 0.999, 1e-8. */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Default 5000 (the 2017 notebook trains for 10000). */
  numEpochs?: number;
  /** Print the cost every 1000 epochs (and the learning rate, with `decay`). */
  printCost?: boolean;
  /** A learning-rate schedule (updateLr or scheduleLrDecay), applied after each epoch. */
  decay?: Decay;
  decayRate?: number;
  /**
   * Which notebook's cost to record: 2017 the mean cost of the epoch's last
   * mini-batch; 2021 (default) the epoch's total cost divided by m.
   */
  version?: 2017 | 2021;
}

export interface ModelResult {
  parameters: Params;
  /** The cost at epochs 0, 100, 200, … */
  costs: number[];
  /** With `decay`: the learning rate after epochs 0, 100, 200, … */
  learningRates?: number[];
}

/**
 * The notebook's model: mini-batch training with the chosen update rule.
 *
 * The mini-batch seed starts at 10 and goes up by one before each epoch (so
 * epoch 0 shuffles with seed 11); Adam's step count t goes up by one before each
 * update and is never reset. Each mini-batch runs forward, the cost, backward and
 * the update. With `decay`, the learning rate for the next epoch is
 * decay(learningRate0, epoch, decayRate), set after each epoch's mini-batches.
 */
export function model(X: Matrix, Y: Matrix, options: ModelOptions = {}): ModelResult {
  const {
    layersDims = [X.nrows, 5, 2, 1],
    optimizer = "gd",
    miniBatchSize = 64,
    beta = 0.9,
    beta1 = 0.9,
    beta2 = 0.999,
    epsilon = 1e-8,
    numEpochs = 5000,
    printCost = true,
    decay,
    decayRate = 1,
    version = 2021,
  } = options;
  const learningRate0 = options.learningRate ?? 0.0007;
  const run: Run = {
    X, Y, layersDims, optimizer, miniBatchSize, beta, beta1, beta2, epsilon, numEpochs, printCost, decay, decayRate,
    version, learningRate0, printed: -1,
  };
  return modelInPlace(run) ?? modelPlain(run);
}

interface Run {
  X: Matrix;
  Y: Matrix;
  layersDims: number[];
  optimizer: Optimizer;
  miniBatchSize: number;
  beta: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  numEpochs: number;
  printCost: boolean;
  decay?: Decay;
  decayRate: number;
  version: 2017 | 2021;
  learningRate0: number;
  /** The last epoch whose cost line was printed (so a rerun does not print it again). */
  printed: number;
}

/** The training state: parameters, the optimiser's v and s, Adam's step count t. */
interface State {
  parameters: Params;
  v: Params;
  s: Params;
  t: number;
}

/** The parameters and the optimiser state at the start, as the notebook makes them. */
function initialState(run: Run): State {
  const parameters = initializeParametersOpt(run.layersDims);
  let v: Params = {};
  let s: Params = {};
  if (run.optimizer === "momentum") v = initializeVelocity(parameters);
  else if (run.optimizer === "adam") [v, s] = initializeAdam(parameters);
  else if (run.optimizer !== "gd") {
    throw new Error(`model: unknown optimizer "${String(run.optimizer)}" (use "gd", "momentum" or "adam")`);
  }
  return { parameters, v, s, t: 0 };
}

/** One update with the chosen rule, as the notebook writes it (Adam's t goes up by one first). */
function update(run: Run, st: State, grads: Params, learningRate: number): void {
  if (run.optimizer === "gd") {
    st.parameters = updateParametersWithGd(st.parameters, grads, learningRate);
  } else if (run.optimizer === "momentum") {
    [st.parameters, st.v] = updateParametersWithMomentum(st.parameters, grads, st.v, run.beta, learningRate);
  } else {
    st.t = st.t + 1; // Adam's bias correction counts every update
    [st.parameters, st.v, st.s] = updateParametersWithAdam(
      st.parameters, grads, st.v, st.s, st.t, learningRate, run.beta1, run.beta2, run.epsilon,
    );
  }
}

/** After epoch i: the learning rate for the next one, the recorded cost and the printed line. */
function endEpoch(run: Run, out: ModelResult, i: number, epochCost: number, learningRate: number): number {
  if (run.decay) learningRate = run.decay(run.learningRate0, i, run.decayRate);
  if (i % 1000 === 0 && run.printCost && i > run.printed) {
    console.log(`Cost after epoch ${i}: ${epochCost.toFixed(6)}`);
    if (run.decay) console.log(`learning rate after epoch ${i}: ${learningRate.toFixed(6)}`);
    run.printed = i;
  }
  if (i % 100 === 0) {
    out.costs.push(epochCost);
    if (run.decay) out.learningRates!.push(learningRate);
  }
  return learningRate;
}

/** The notebook's loop. */
function modelPlain(run: Run): ModelResult {
  const { X, Y, miniBatchSize, version } = run;
  const out: ModelResult = run.decay ? { parameters: {}, costs: [], learningRates: [] } : { parameters: {}, costs: [] };
  let learningRate = run.learningRate0;
  let seed = 10; // so the shuffles are the notebook's
  const m = X.ncols;
  const st = initialState(run);
  for (let i = 0; i < run.numEpochs; i++) {
    // A different shuffle every epoch.
    seed = seed + 1;
    const minibatches = randomMiniBatches(X, Y, miniBatchSize, seed);
    let costTotal = 0;
    let cost = 0;
    for (const [minibatchX, minibatchY] of minibatches) {
      const [a3, caches] = forwardPropagation(minibatchX, st.parameters);
      cost = computeCostOpt(a3, minibatchY, version);
      costTotal += cost;
      const grads = backwardPropagation(minibatchX, minibatchY, caches);
      update(run, st, grads, learningRate);
    }
    // 2017: the last mini-batch's mean cost; 2021: the epoch's average cost per example.
    learningRate = endEpoch(run, out, i, version === 2017 ? cost : costTotal / m, learningRate);
  }
  out.parameters = st.parameters;
  return out;
}

const STATE_KEYS = ["dW1", "db1", "dW2", "db2", "dW3", "db3"] as const;

/** A state dict keyed dW1, db1, … with the shapes of W1, b1, …. */
function fitsParameters(d: Params, parameters: Params): boolean {
  return STATE_KEYS.every((k) => {
    const x = d[k];
    const p = parameters[k.slice(1)];
    return x instanceof Matrix && x.nrows === p.nrows && x.ncols === p.ncols;
  });
}

/**
 * The same epochs in place (lib/net3.ts: no allocation, the same doubles), or null to run
 * the notebook's loop instead. In epochs 0, 1, 2, every 1000th and the last, the notebook's
 * randomMiniBatches and update run too, from the same state, and must give the same batches,
 * parameters and optimiser state to the last bit; if they do not (a function above changed),
 * the in-place run stops and null is returned. The cost is computed in the epochs it is recorded.
 */
function modelInPlace(run: Run): ModelResult | null {
  const { X, Y, miniBatchSize, version, optimizer } = run;
  const m = X.ncols;
  const st0 = initialState(run);
  const dims = net3Dims(st0.parameters);
  if (!dims || X.nrows !== dims[0] || Y.nrows !== 1 || dims[3] !== 1 || Y.ncols !== m || m === 0) return null;
  if (!(Number.isInteger(miniBatchSize) && miniBatchSize > 0)) return null;
  if (optimizer !== "gd" && !fitsParameters(st0.v, st0.parameters)) return null;
  if (optimizer === "adam" && !fitsParameters(st0.s, st0.parameters)) return null;
  const net = new Net3(dims, { maxCols: Math.min(miniBatchSize, m), optimizer });
  net.setParameters(st0.parameters);
  if (optimizer !== "gd") net.setState("v", st0.v);
  if (optimizer === "adam") net.setState("s", st0.s);
  const out: ModelResult = run.decay ? { parameters: {}, costs: [], learningRates: [] } : { parameters: {}, costs: [] };
  let learningRate = run.learningRate0;
  let seed = 10;
  let t = 0;
  const batches = Math.ceil(m / miniBatchSize);
  for (let i = 0; i < run.numEpochs; i++) {
    seed = seed + 1;
    const check = i < 3 || i % 1000 === 0 || i === run.numEpochs - 1;
    const recorded = i % 100 === 0;
    const expectedBatches = check ? randomMiniBatches(X, Y, miniBatchSize, seed) : undefined;
    if (expectedBatches && expectedBatches.length !== batches) return null;
    np.random.seed(seed); // randomMiniBatches' shuffle (the same draws, so the same generator state after)
    const permutation = np.random.permutation(m);
    let costTotal = 0;
    let cost = 0;
    for (let k = 0; k < batches; k++) {
      const from = k * miniBatchSize;
      net.gatherBatch(X.data, Y.data, m, permutation, from, Math.min(miniBatchSize, m - from));
      if (expectedBatches) {
        const [bx, by] = net.batch();
        const [ex, ey] = expectedBatches[k];
        if (!sameDoubles({ x: ex, y: ey }, { x: bx, y: by }, ["x", "y"])) return null;
      }
      net.forward();
      if (recorded) {
        cost = net.costOpt(version);
        costTotal += cost;
      }
      net.backward("init");
      let expected: State | undefined;
      if (check) {
        expected = { parameters: net.parameters(), v: {}, s: {}, t };
        if (optimizer !== "gd") expected.v = net.state("v");
        if (optimizer === "adam") expected.s = net.state("s");
        update(run, expected, net.gradients(), learningRate);
      }
      if (optimizer === "gd") net.gd(learningRate);
      else if (optimizer === "momentum") net.momentum(run.beta, learningRate);
      else {
        t = t + 1;
        net.adam(t, learningRate, run.beta1, run.beta2, run.epsilon);
      }
      if (expected) {
        const same =
          sameDoubles(expected.parameters, net.parameters(), PARAM_KEYS) &&
          (optimizer === "gd" || sameDoubles(expected.v, net.state("v"), STATE_KEYS)) &&
          (optimizer !== "adam" || sameDoubles(expected.s, net.state("s"), STATE_KEYS));
        if (!same) return null;
      }
    }
    learningRate = endEpoch(run, out, i, version === 2017 ? cost : costTotal / m, learningRate);
  }
  out.parameters = net.parameters();
  return out;
}

/** Accuracy of a trained parameter dict on (X, Y), as the notebook's predict prints it. */
export function evaluate(X: Matrix, Y: Matrix, parameters: Params): number {
  return accuracy(predict(X, parameters), Y);
}
