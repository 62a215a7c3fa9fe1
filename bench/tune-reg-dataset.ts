/**
 * How the Regularization notebook's stand-in dataset was chosen (lib/datasets.ts,
 * `loadRegularizationDataset`), and the check that it still behaves as documented.
 *
 *   npx tsx bench/tune-reg-dataset.ts                 # the three notebook runs on the shipped dataset
 *   npx tsx bench/tune-reg-dataset.ts --search 200    # random search over generator parameters/seeds
 *   npx tsx bench/tune-reg-dataset.ts --search 200 --rng 1   (the search's own seed)
 *
 * The notebook (reg_utils.load_2D_dataset, data.mat, which cannot ship) trains the
 * [2, 20, 3, 1] network three times — reg_utils init (seed 3, W = randn/√n_prev, b = 0),
 * lr 0.3, 30000 full-batch iterations — and prints train/test accuracy:
 *   none 0.948 / 0.915, L2 (λ = 0.7) 0.938 / 0.93, dropout (keep_prob = 0.86) 0.929 / 0.95.
 * The point of the lesson: the unregularised net overfits (train ≫ test) and both
 * regularisers give a better test accuracy. We want a synthetic dataset with that pattern.
 *
 * Default mode trains the three runs with lib/nn (forwardPropagation, backwardPropagationReg,
 * computeCost, updateParameters, predict, accuracy, initializeParametersReg) plus the L2 and
 * dropout forward/backward written here exactly as COURSE-FACTS §3.1 states them (dropout
 * reseeds np.random with 1 at every forward call, so the masks are the same every iteration).
 *
 * Search mode scores random `FootballFieldParams` + seeds with a fused Float64Array trainer of
 * the same model (same math, its own summation order) against the notebook's six accuracies,
 * requiring none-train − none-test ≥ 0.02 and both regularisers' test accuracy above
 * none's. The shipped parameters come from such a search (first run as a numpy/C prototype of
 * this same procedure, with Python's `random` drawing the candidates, so this script's search
 * visits other candidates); the winner was then confirmed to give the same six accuracies in
 * numpy, in the C port with a reversed summation order, and here with lib/nn.
 */
import { performance } from "node:perf_hooks";
import {
  type Dataset,
  type FootballFieldParams,
  REGULARIZATION_DATASET_PARAMS,
  REGULARIZATION_DATASET_SEED,
  loadRegularizationDataset,
  makeFootballField,
} from "../lib/datasets.ts";
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
import { Matrix, np } from "../lib/np/index.ts";

const LAYERS = [2, 20, 3, 1];
const LR = 0.3;
const ITERATIONS = 30000;
const RUNS = [
  { name: "none", lambd: 0, keepProb: 1 },
  { name: "L2 λ=0.7", lambd: 0.7, keepProb: 1 },
  { name: "dropout kp=0.86", lambd: 0, keepProb: 0.86 },
] as const;
/** The notebook's printed accuracies on data.mat: [train, test] per run. */
const NOTEBOOK: [number, number][] = [
  [0.948, 0.915],
  [0.938, 0.93],
  [0.929, 0.95],
];

// ---------------------------------------------------------------- the notebook's model with lib/nn

/** compute_cost_with_regularization: cross-entropy + (1/m)(λ/2)(ΣW1² + ΣW2² + ΣW3²). */
function costWithRegularization(A3: Matrix, Y: Matrix, p: Params, lambd: number): number {
  const m = Y.ncols;
  const crossEntropy = computeCost(A3, Y);
  const l2 = (1 / m) * (lambd / 2) * (np.sum(np.square(p.W1)) + np.sum(np.square(p.W2)) + np.sum(np.square(p.W3)));
  return crossEntropy + l2;
}

/** backward_propagation_with_regularization: the reg_utils backward plus (λ/m)·W_l on each dW_l. */
function backwardWithRegularization(X: Matrix, Y: Matrix, cache: Cache3, lambd: number): Params {
  const m = X.ncols;
  const [, A1, W1, , , A2, W2, , , A3, W3] = cache;
  const dZ3 = A3.sub(Y);
  const dW3 = np.dot(dZ3, A2.T).mul(1 / m).add(W3.mul(lambd / m));
  const db3 = np.sum(dZ3, { axis: 1, keepdims: true }).mul(1 / m);
  const dA2 = np.dot(W3.T, dZ3);
  const dZ2 = dA2.mul(A2.gt(0));
  const dW2 = np.dot(dZ2, A1.T).mul(1 / m).add(W2.mul(lambd / m));
  const db2 = np.sum(dZ2, { axis: 1, keepdims: true }).mul(1 / m);
  const dA1 = np.dot(W2.T, dZ2);
  const dZ1 = dA1.mul(A1.gt(0));
  const dW1 = np.dot(dZ1, X.T).mul(1 / m).add(W1.mul(lambd / m));
  const db1 = np.sum(dZ1, { axis: 1, keepdims: true }).mul(1 / m);
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

type DropoutCache = [Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix];

/** forward_propagation_with_dropout: seed(1) every call; D = rand(shape) < keep_prob; A = A·D/keep_prob. */
function forwardWithDropout(X: Matrix, p: Params, keepProb: number): [Matrix, DropoutCache] {
  np.random.seed(1);
  const { W1, b1, W2, b2, W3, b3 } = p;
  const Z1 = np.dot(W1, X).add(b1);
  let A1 = relu(Z1);
  const D1 = np.random.rand(A1.nrows, A1.ncols).lt(keepProb);
  A1 = A1.mul(D1).div(keepProb);
  const Z2 = np.dot(W2, A1).add(b2);
  let A2 = relu(Z2);
  const D2 = np.random.rand(A2.nrows, A2.ncols).lt(keepProb);
  A2 = A2.mul(D2).div(keepProb);
  const Z3 = np.dot(W3, A2).add(b3);
  const A3 = sigmoid(Z3);
  return [A3, [Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3]];
}

/** backward_propagation_with_dropout: the reg_utils backward with dA·D/keep_prob before each ReLU mask. */
function backwardWithDropout(X: Matrix, Y: Matrix, cache: DropoutCache, keepProb: number): Params {
  const m = X.ncols;
  const [, D1, A1, , , , D2, A2, W2, , , A3, W3] = cache;
  const dZ3 = A3.sub(Y);
  const dW3 = np.dot(dZ3, A2.T).mul(1 / m);
  const db3 = np.sum(dZ3, { axis: 1, keepdims: true }).mul(1 / m);
  const dA2 = np.dot(W3.T, dZ3).mul(D2).div(keepProb);
  const dZ2 = dA2.mul(A2.gt(0));
  const dW2 = np.dot(dZ2, A1.T).mul(1 / m);
  const db2 = np.sum(dZ2, { axis: 1, keepdims: true }).mul(1 / m);
  const dA1 = np.dot(W2.T, dZ2).mul(D1).div(keepProb);
  const dZ1 = dA1.mul(A1.gt(0));
  const dW1 = np.dot(dZ1, X.T).mul(1 / m);
  const db1 = np.sum(dZ1, { axis: 1, keepdims: true }).mul(1 / m);
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

/** The notebook's model(X, Y, learning_rate=0.3, num_iterations=30000, lambd, keep_prob). */
function model(X: Matrix, Y: Matrix, lambd: number, keepProb: number, costs: number[]): Params {
  let p = initializeParametersReg(LAYERS);
  for (let i = 0; i < ITERATIONS; i++) {
    let A3: Matrix;
    let grads: Params;
    if (keepProb === 1) {
      const [a3, cache] = forwardPropagation(X, p);
      A3 = a3;
      grads = lambd === 0 ? backwardPropagationReg(X, Y, cache) : backwardWithRegularization(X, Y, cache, lambd);
    } else {
      const [a3, cache] = forwardWithDropout(X, p, keepProb);
      A3 = a3;
      grads = backwardWithDropout(X, Y, cache, keepProb);
    }
    // The notebook computes the cost every iteration; it only matters when recorded.
    if (i % 10000 === 0) costs.push(lambd === 0 ? computeCost(A3, Y) : costWithRegularization(A3, Y, p, lambd));
    p = updateParameters(p, grads, LR);
  }
  return p;
}

function runNotebook(data: Dataset): void {
  console.log(`dataset: makeFootballField(${REGULARIZATION_DATASET_SEED}, REGULARIZATION_DATASET_PARAMS)`);
  console.log(`  train ${data.trainX.shape} (ones ${np.sum(data.trainY)}), test ${data.testX.shape} (ones ${np.sum(data.testY)})`);
  console.log("| run              | train  | test   | notebook (data.mat) |");
  const rows: string[] = [];
  RUNS.forEach((run, k) => {
    const t0 = performance.now();
    const costs: number[] = [];
    const p = model(data.trainX, data.trainY, run.lambd, run.keepProb, costs);
    const train = accuracy(predict(data.trainX, p), data.trainY);
    const test = accuracy(predict(data.testX, p), data.testY);
    const ms = performance.now() - t0;
    rows.push(
      `| ${run.name.padEnd(16)} | ${train.toFixed(4)} | ${test.toFixed(4)} | ${NOTEBOOK[k][0].toFixed(3)} / ${NOTEBOOK[k][1].toFixed(3)} |` +
        ` costs@0/10000/20000 ${costs.map((c) => c.toPrecision(6)).join(" ")} (${(ms / 1000).toFixed(1)} s)`,
    );
    console.log(rows[rows.length - 1]);
  });
}

// ---------------------------------------------------------------- fused trainer for the search

const N1 = 20;
const N2 = 3;

/** Train the same model with plain loops; returns [train accuracy, test accuracy]. */
function fastRun(data: Dataset, init: Float64Array, D1: Float64Array, D2: Float64Array, lambd: number, keepProb: number): [number, number] {
  const X = data.trainX.data;
  const Y = data.trainY.data;
  const m = data.trainY.ncols;
  const W1 = init.slice(0, N1 * 2);
  const W2 = init.slice(N1 * 2, N1 * 2 + N2 * N1);
  const W3 = init.slice(N1 * 2 + N2 * N1);
  const b1 = new Float64Array(N1);
  const b2 = new Float64Array(N2);
  const b3 = new Float64Array(1);
  const M = Math.max(m, data.testY.ncols);
  const A1 = new Float64Array(N1 * M);
  const A2 = new Float64Array(N2 * M);
  const A3 = new Float64Array(M);
  const dZ3 = new Float64Array(m);
  const dZ2 = new Float64Array(N2 * m);
  const dZ1 = new Float64Array(N1 * m);
  const dW1 = new Float64Array(N1 * 2);
  const db1 = new Float64Array(N1);
  const dW2 = new Float64Array(N2 * N1);
  const db2 = new Float64Array(N2);
  const dW3 = new Float64Array(N2);
  const drop = keepProb < 1;
  const forward = (Xd: Float64Array, n: number, masks: boolean): void => {
    for (let i = 0; i < N1; i++) {
      for (let j = 0; j < n; j++) {
        const z = W1[2 * i] * Xd[j] + W1[2 * i + 1] * Xd[n + j] + b1[i];
        let a = z > 0 ? z : 0;
        if (masks) a = (a * D1[i * n + j]) / keepProb;
        A1[i * n + j] = a;
      }
    }
    for (let i = 0; i < N2; i++) {
      for (let j = 0; j < n; j++) {
        let z = 0;
        for (let k = 0; k < N1; k++) z += W2[i * N1 + k] * A1[k * n + j];
        z += b2[i];
        let a = z > 0 ? z : 0;
        if (masks) a = (a * D2[i * n + j]) / keepProb;
        A2[i * n + j] = a;
      }
    }
    for (let j = 0; j < n; j++) {
      let z = 0;
      for (let k = 0; k < N2; k++) z += W3[k] * A2[k * n + j];
      A3[j] = 1 / (1 + Math.exp(-(z + b3[0])));
    }
  };
  for (let it = 0; it < ITERATIONS; it++) {
    forward(X, m, drop);
    for (let j = 0; j < m; j++) dZ3[j] = A3[j] - Y[j];
    let s3 = 0;
    for (let j = 0; j < m; j++) s3 += dZ3[j];
    const db3 = s3 / m;
    for (let k = 0; k < N2; k++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += dZ3[j] * A2[k * m + j];
      dW3[k] = s / m + (lambd / m) * W3[k];
    }
    for (let k = 0; k < N2; k++) {
      for (let j = 0; j < m; j++) {
        let da = W3[k] * dZ3[j];
        if (drop) da = (da * D2[k * m + j]) / keepProb;
        dZ2[k * m + j] = A2[k * m + j] > 0 ? da : 0;
      }
    }
    for (let i = 0; i < N2; i++) {
      let sb = 0;
      for (let j = 0; j < m; j++) sb += dZ2[i * m + j];
      db2[i] = sb / m;
      for (let k = 0; k < N1; k++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += dZ2[i * m + j] * A1[k * m + j];
        dW2[i * N1 + k] = s / m + (lambd / m) * W2[i * N1 + k];
      }
    }
    for (let k = 0; k < N1; k++) {
      let s0 = 0;
      let s1 = 0;
      let sb = 0;
      for (let j = 0; j < m; j++) {
        let da = 0;
        for (let i = 0; i < N2; i++) da += W2[i * N1 + k] * dZ2[i * m + j];
        if (drop) da = (da * D1[k * m + j]) / keepProb;
        const dz = A1[k * m + j] > 0 ? da : 0;
        dZ1[k * m + j] = dz;
        s0 += dz * X[j];
        s1 += dz * X[m + j];
        sb += dz;
      }
      dW1[2 * k] = s0 / m + (lambd / m) * W1[2 * k];
      dW1[2 * k + 1] = s1 / m + (lambd / m) * W1[2 * k + 1];
      db1[k] = sb / m;
    }
    for (let i = 0; i < N1 * 2; i++) W1[i] -= LR * dW1[i];
    for (let i = 0; i < N1; i++) b1[i] -= LR * db1[i];
    for (let i = 0; i < N2 * N1; i++) W2[i] -= LR * dW2[i];
    for (let i = 0; i < N2; i++) b2[i] -= LR * db2[i];
    for (let i = 0; i < N2; i++) W3[i] -= LR * dW3[i];
    b3[0] -= LR * db3;
  }
  const acc = (Xd: Float64Array, Yd: Float64Array, n: number): number => {
    forward(Xd, n, false);
    let ok = 0;
    for (let j = 0; j < n; j++) ok += (A3[j] > 0.5 ? 1 : 0) === Yd[j] ? 1 : 0;
    return ok / n;
  };
  return [acc(X, Y, m), acc(data.testX.data, data.testY.data, data.testY.ncols)];
}

/** The three runs with the fused trainer (the search's scorer). */
function fastRuns(data: Dataset): [number, number][] {
  const init = initializeParametersReg(LAYERS);
  const W0 = Float64Array.from([...init.W1.data, ...init.W2.data, ...init.W3.data]);
  const m = data.trainY.ncols;
  // The dropout masks: seed(1), rand(20, m) < 0.86, then rand(3, m) < 0.86 (fixed every iteration).
  np.random.seed(1);
  const D1 = np.random.rand(N1, m).lt(0.86).data;
  const D2 = np.random.rand(N2, m).lt(0.86).data;
  return RUNS.map((run) => fastRun(data, W0, D1, D2, run.lambd, run.keepProb));
}

function score(r: [number, number][]): number {
  let s = 0;
  r.forEach(([a, b], k) => (s += (a - NOTEBOOK[k][0]) ** 2 + (b - NOTEBOOK[k][1]) ** 2));
  if (!(r[0][0] - r[0][1] >= 0.02)) s += 1;
  if (!(r[1][1] > r[0][1])) s += 1;
  if (!(r[2][1] > r[0][1])) s += 1;
  return s;
}

function search(n: number, rngSeed: number): void {
  const rng = new np.random.RandomState(rngSeed);
  const u = (lo: number, hi: number): number => Math.round((lo + (hi - lo) * rng.rand(1, 1).item()) * 1e4) / 1e4;
  const int = (lo: number, hi: number): number => lo + Math.floor(rng.rand(1, 1).item() * (hi - lo + 1));
  const results: { s: number; line: string }[] = [];
  for (let c = 0; c < n; c++) {
    const params: FootballFieldParams = {
      ...REGULARIZATION_DATASET_PARAMS,
      a0: u(-0.15, 0.05),
      a1: u(-0.6, 0.3),
      a3: u(0, 12),
      w: u(0.02, 0.08),
      pn: u(0.1, 0.45),
      K: int(2, 6),
      csize: int(1, 4),
      sig: u(0.01, 0.04),
      dmin: u(0.03, 0.08),
      dmax: u(0.1, 0.25),
    };
    const seed = int(0, 10000);
    let data: Dataset;
    try {
      data = makeFootballField(seed, params);
    } catch {
      continue;
    }
    const r = fastRuns(data);
    const s = score(r);
    const line = `${s.toFixed(4)} seed ${seed} ${r.map(([a, b]) => `${a.toFixed(3)}/${b.toFixed(3)}`).join(" ")} ${JSON.stringify(params)}`;
    results.push({ s, line });
    console.log(line);
  }
  console.log("\nbest:");
  for (const { line } of results.sort((a, b) => a.s - b.s).slice(0, 10)) console.log(line);
}

const args = process.argv.slice(2);
const at = args.indexOf("--search");
if (at >= 0) {
  const rngAt = args.indexOf("--rng");
  search(Number(args[at + 1] ?? 50), rngAt >= 0 ? Number(args[rngAt + 1]) : 1);
} else {
  const data = loadRegularizationDataset();
  runNotebook(data);
  const t0 = performance.now();
  const r = fastRuns(data);
  console.log(
    `search scorer (fused trainer) on the same dataset: ${r.map(([a, b]) => `${a.toFixed(4)}/${b.toFixed(4)}`).join("  ")}` +
      ` (score ${score(r).toFixed(4)}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
}
