/**
 * The course's 2-D datasets.
 *
 * - `linspace`: numpy's `np.linspace`, bit for bit.
 * - `makeMoons`, `makeCircles`: scikit-learn 1.2.1's `make_moons` / `make_circles`, the same
 *   draws in the same order (shared/numpy-compat/ALGORITHMS.md §5). X is bit-exact with numpy
 *   2.4.6 because cos/sin are correctly rounded (`lib/trig.ts`), which is what glibc (the libm
 *   numpy calls) gives at every linspace point of the course's datasets.
 * - The notebooks' loaders: `loadInitializationDataset` (init_utils), `loadOptimizationDataset`
 *   (opt_utils) and `loadRegularizationDataset` (our synthetic stand-in for reg_utils'
 *   `datasets/data.mat`, which cannot ship). Loaders return X as (2, m) and Y as (1, m),
 *   the orientation the notebooks use.
 */
import { Matrix, ValueError, np, type RandomState } from "./np/index.ts";
import { cosCR, sinCR } from "./trig.ts";

// ---------------------------------------------------------------- linspace

/**
 * numpy's `np.linspace(start, stop, num, endpoint)` for float64, computed as numpy 2.x does:
 * div = num − 1 (endpoint) or num; step = (stop − start)/div; y[i] = i·step + start (two
 * roundings); when step is 0 (underflow), y[i] = (i/div)·delta + start; with the endpoint the
 * last element is set to `stop` exactly. num = 1 with the endpoint gives [start].
 */
export function linspace(start: number, stop: number, num: number, endpoint = true): number[] {
  if (!Number.isInteger(num)) throw new TypeError(`linspace: num must be an integer, got ${num}`);
  if (num < 0) throw new ValueError(`Number of samples, ${num}, must be non-negative.`);
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const y = new Array<number>(num);
  if (div > 0) {
    const step = delta / div;
    if (step === 0) {
      for (let i = 0; i < num; i++) y[i] = (i / div) * delta + start;
    } else {
      for (let i = 0; i < num; i++) y[i] = i * step + start;
    }
  } else {
    // 0 items, or 1 item with the endpoint: the step is undefined; numpy multiplies by delta.
    for (let i = 0; i < num; i++) y[i] = i * delta + start;
  }
  if (endpoint && num > 1) y[num - 1] = stop;
  return y;
}

// ---------------------------------------------------------------- sklearn toy datasets

/** `random_state` as scikit-learn takes it: a seed, a RandomState, or null/undefined for the global `np.random`. */
export type RandomStateLike = number | RandomState | null | undefined;

/** sklearn.utils.check_random_state. */
export function checkRandomState(randomState: RandomStateLike): RandomState {
  if (randomState === null || randomState === undefined) return np.random;
  if (typeof randomState === "number") {
    if (!Number.isInteger(randomState) || randomState < 0 || randomState > 0xffffffff) {
      throw new ValueError(`random_state must be an integer in [0, 2**32 - 1], got ${randomState}`);
    }
    return new np.random.RandomState(randomState);
  }
  if (randomState instanceof np.random.RandomState) return randomState;
  throw new ValueError(`${String(randomState)} cannot be used to seed a numpy.random.RandomState instance`);
}

export interface ToyDatasetOptions {
  /** Standard deviation of the gaussian noise added to X; null/undefined = no noise (and no draws). */
  noise?: number | null;
  /** A seed, a RandomState (used and advanced), or null/undefined for the global `np.random`. */
  randomState?: RandomStateLike;
  /** Shuffle the samples (default true), with `permutation(n)` drawn before the noise. */
  shuffle?: boolean;
}

export interface ToyDataset {
  /** Samples as rows: (n_samples, 2), scikit-learn's orientation. */
  X: Matrix;
  /** Labels 0 (outer) / 1 (inner), one per row of X. */
  y: number[];
}

/** n_samples as scikit-learn 1.2.1 takes it: a total, or [n_outer, n_inner]. */
function splitSamples(fn: string, nSamples: number | readonly [number, number]): [number, number] {
  if (typeof nSamples === "number") {
    if (!Number.isInteger(nSamples) || nSamples < 0) {
      throw new ValueError(`${fn}: n_samples must be a non-negative integer, got ${nSamples}`);
    }
    const nOut = Math.floor(nSamples / 2);
    return [nOut, nSamples - nOut];
  }
  if (!Array.isArray(nSamples) || nSamples.length !== 2 || !nSamples.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new ValueError(`${fn}: when a tuple, n_samples must have exactly two non-negative integer elements`);
  }
  return [nSamples[0], nSamples[1]];
}

/** The shared tail of make_moons / make_circles: shuffle rows, then add the noise. */
function finish(
  xs: number[],
  ys: number[],
  labels: number[],
  generator: RandomState,
  { noise = null, shuffle = true }: ToyDatasetOptions,
): ToyDataset {
  const n = labels.length;
  if (noise !== null && noise !== undefined && !(noise >= 0)) {
    throw new ValueError(`noise must be a non-negative number or null, got ${noise}`);
  }
  // sklearn.utils.shuffle → resample(replace=False): indices = arange(n); random_state.shuffle(indices).
  const order = shuffle ? generator.permutation(n) : Array.from({ length: n }, (_, i) => i);
  const X = new Matrix(n, 2);
  const y = new Array<number>(n);
  for (let r = 0; r < n; r++) {
    const k = order[r];
    X.data[2 * r] = xs[k];
    X.data[2 * r + 1] = ys[k];
    y[r] = labels[k];
  }
  if (noise !== null && noise !== undefined) {
    // X += generator.normal(scale=noise, size=X.shape): 2n gaussians, row-major, each 0.0 + noise·g.
    const N = generator.normal(0, noise, [n, 2]);
    const xd = X.data;
    const nd = N.data;
    for (let i = 0; i < xd.length; i++) xd[i] = xd[i] + nd[i];
  }
  return { X, y };
}

/**
 * scikit-learn 1.2.1 `make_moons(n_samples, shuffle, noise, random_state)`: two interleaving
 * half circles. Outer moon (label 0): (cos t, sin t) for t = linspace(0, π, n_out); inner moon
 * (label 1): (1 − cos t, 1 − sin t − 0.5) for t = linspace(0, π, n_in); n_out = ⌊n/2⌋.
 * Then the rows are shuffled and the gaussian noise added, as in sklearn.
 */
export function makeMoons(nSamples: number | readonly [number, number] = 100, opts: ToyDatasetOptions = {}): ToyDataset {
  const [nOut, nIn] = splitSamples("make_moons", nSamples);
  const generator = checkRandomState(opts.randomState);
  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  for (const t of tOut) {
    xs.push(cosCR(t));
    ys.push(sinCR(t));
    labels.push(0);
  }
  for (const t of tIn) {
    xs.push(1 - cosCR(t));
    ys.push(1 - sinCR(t) - 0.5);
    labels.push(1);
  }
  return finish(xs, ys, labels, generator, opts);
}

export interface CirclesOptions extends ToyDatasetOptions {
  /** Scale factor between the inner and the outer circle, in [0, 1) (default 0.8). */
  factor?: number;
}

/**
 * scikit-learn 1.2.1 `make_circles(n_samples, shuffle, noise, random_state, factor)`: a large
 * circle (label 0), (cos t, sin t) for t = linspace(0, 2π, n_out, endpoint=False), and a small
 * one (label 1), (cos t · factor, sin t · factor) for t = linspace(0, 2π, n_in, endpoint=False).
 * Then the rows are shuffled and the gaussian noise added, as in sklearn.
 */
export function makeCircles(nSamples: number | readonly [number, number] = 100, opts: CirclesOptions = {}): ToyDataset {
  const factor = opts.factor ?? 0.8;
  if (!(factor >= 0 && factor < 1)) throw new ValueError("'factor' has to be between 0 and 1.");
  const [nOut, nIn] = splitSamples("make_circles", nSamples);
  const generator = checkRandomState(opts.randomState);
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  const xs: number[] = [];
  const ys: number[] = [];
  const labels: number[] = [];
  for (const t of tOut) {
    xs.push(cosCR(t));
    ys.push(sinCR(t));
    labels.push(0);
  }
  for (const t of tIn) {
    xs.push(cosCR(t) * factor);
    ys.push(sinCR(t) * factor);
    labels.push(1);
  }
  return finish(xs, ys, labels, generator, opts);
}

// ---------------------------------------------------------------- the notebooks' loaders

/** A train/test split in the notebooks' orientation: X (2, m), Y (1, m) with 0/1 entries. */
export interface Dataset {
  trainX: Matrix;
  trainY: Matrix;
  testX: Matrix;
  testY: Matrix;
}

/** (m, 2) samples and m labels → X (2, m), Y (1, m). */
function toColumns(d: ToyDataset): { X: Matrix; Y: Matrix } {
  return { X: d.X.T, Y: new Matrix(1, d.y.length, Float64Array.from(d.y)) };
}

/**
 * init_utils.load_dataset: seed the GLOBAL `np.random` with 1, make_circles(300, noise 0.05)
 * as the train set; seed it with 2, make_circles(100, noise 0.05) as the test set. Leaves the
 * global state where the notebook leaves it. Classes 150/150 and 50/50.
 */
export function loadInitializationDataset(): Dataset {
  np.random.seed(1);
  const train = toColumns(makeCircles(300, { noise: 0.05 }));
  np.random.seed(2);
  const test = toColumns(makeCircles(100, { noise: 0.05 }));
  return { trainX: train.X, trainY: train.Y, testX: test.X, testY: test.Y };
}

/**
 * opt_utils.load_dataset: seed the GLOBAL `np.random` with 3, make_moons(300, noise 0.2).
 * Train set only (classes 150/150).
 */
export function loadOptimizationDataset(): { trainX: Matrix; trainY: Matrix } {
  np.random.seed(3);
  const train = toColumns(makeMoons(300, { noise: 0.2 }));
  return { trainX: train.X, trainY: train.Y };
}

// ---------------------------------------------------------------- the regularization dataset

/**
 * Parameters of the synthetic "football field" dataset (see `makeFootballField`).
 * Coordinates are (x1, x2); the class boundary is the cubic x2 = a0 + a1·u + a3·u³, u = x1 − c.
 */
export interface FootballFieldParams {
  /** Sampling box: x1 ∈ [lo1, hi1), x2 ∈ [lo2, hi2). */
  lo1: number;
  hi1: number;
  lo2: number;
  hi2: number;
  /** The boundary cubic. */
  c: number;
  a0: number;
  a1: number;
  a3: number;
  /** Label noise near the boundary: a point at vertical distance d is flipped with probability pn·w²/(w² + d²). */
  pn: number;
  w: number;
  /** Train set only: K clusters of csize points, gaussian jitter sig, centred at vertical distance |d| ∈ [dmin, dmax] from the boundary, with the wrong label. */
  K: number;
  csize: number;
  sig: number;
  dmin: number;
  dmax: number;
  /** Class counts [zeros, ones] of the train and the test set. */
  trainCounts: [number, number];
  testCounts: [number, number];
}

/** The seed of `loadRegularizationDataset` (its own RandomState; the global one is never used). */
export const REGULARIZATION_DATASET_SEED = 8794;

const REGULARIZATION_PARAMS: FootballFieldParams = {
  lo1: -0.6,
  hi1: 0.3,
  lo2: -0.7,
  hi2: 0.6,
  c: -0.15,
  a0: 0.0421,
  a1: -0.442,
  a3: 7.0242,
  pn: 0.2496,
  w: 0.0508,
  K: 2,
  csize: 2,
  sig: 0.031,
  dmin: 0.0645,
  dmax: 0.198,
  trainCounts: [105, 106],
  testCounts: [113, 87],
};

/** The parameters of `loadRegularizationDataset`, found by the search in bench/tune-reg-dataset.ts. */
export const REGULARIZATION_DATASET_PARAMS: Readonly<FootballFieldParams> = Object.freeze(REGULARIZATION_PARAMS);

/**
 * A two-class 2-D "football field" dataset: points uniform in a box, labelled by which side of
 * a cubic curve they fall on (1 above), with label noise that is strong next to the curve and
 * fades away from it (so the classes interleave along the boundary), plus, in the train set
 * only, a few small clusters of wrongly labelled points a little inside the other class. An
 * unregularised network bends its boundary to swallow those clusters and the noisy points
 * near the curve; that bend costs it test accuracy, which L2 or dropout win back.
 *
 * Exact class counts: candidates are drawn in order and a point whose class is already full is
 * skipped. Draws, all from `new RandomState(seed)`, in this order:
 *   train: rand(400, 2) cluster-centre candidates, randn(K·csize, 2) jitter, rand(3000, 3)
 *   point candidates (x1, x2, flip); test: rand(3000, 3). Only + − × ÷ on those doubles, so
 *   the result is the same double for double as the numpy prototype it was tuned with.
 *
 * Returns X (2, m) and Y (1, m), the notebook's orientation.
 */
export function makeFootballField(seed: number, params: FootballFieldParams = REGULARIZATION_DATASET_PARAMS): Dataset {
  const P = params;
  const rs = new np.random.RandomState(seed);
  const boundary = (x1: number): number => {
    const u = x1 - P.c;
    return P.a0 + P.a1 * u + P.a3 * u * u * u;
  };
  const part = (counts: [number, number], withClusters: boolean): { X: Matrix; Y: Matrix } => {
    const x1s: number[] = [];
    const x2s: number[] = [];
    const labels: number[] = [];
    const have = [0, 0];
    if (withClusters) {
      const centres = rs.rand(400, 2).data;
      const jitter = rs.randn(P.K * P.csize, 2).data;
      let i = 0;
      for (let k = 0; k < P.K; ) {
        if (i >= 400) throw new Error("makeFootballField: ran out of cluster-centre candidates");
        const x1 = P.lo1 + (P.hi1 - P.lo1) * centres[2 * i];
        const x2 = P.lo2 + (P.hi2 - P.lo2) * centres[2 * i + 1];
        i++;
        const d = x2 - boundary(x1);
        if (!(P.dmin <= Math.abs(d) && Math.abs(d) <= P.dmax)) continue;
        const label = d > 0 ? 0 : 1; // the wrong side's label
        for (let t = 0; t < P.csize; t++) {
          const j = k * P.csize + t;
          x1s.push(x1 + P.sig * jitter[2 * j]);
          x2s.push(x2 + P.sig * jitter[2 * j + 1]);
          labels.push(label);
          have[label]++;
        }
        k++;
      }
    }
    const cand = rs.rand(3000, 3).data;
    const w2 = P.w * P.w;
    for (let i = 0; have[0] < counts[0] || have[1] < counts[1]; i++) {
      if (i >= 3000) throw new Error("makeFootballField: ran out of point candidates");
      const x1 = P.lo1 + (P.hi1 - P.lo1) * cand[3 * i];
      const x2 = P.lo2 + (P.hi2 - P.lo2) * cand[3 * i + 1];
      const d = x2 - boundary(x1);
      let label = d > 0 ? 1 : 0;
      if (cand[3 * i + 2] < (P.pn * w2) / (w2 + d * d)) label = 1 - label;
      if (have[label] < counts[label]) {
        x1s.push(x1);
        x2s.push(x2);
        labels.push(label);
        have[label]++;
      }
    }
    const m = labels.length;
    const X = new Matrix(2, m);
    X.data.set(x1s, 0);
    X.data.set(x2s, m);
    return { X, Y: new Matrix(1, m, Float64Array.from(labels)) };
  };
  const train = part(P.trainCounts, true);
  const test = part(P.testCounts, false);
  return { trainX: train.X, trainY: train.Y, testX: test.X, testY: test.Y };
}

/**
 * reg_utils.load_2D_dataset, with a synthetic dataset in place of `datasets/data.mat` (which
 * cannot ship): `makeFootballField(REGULARIZATION_DATASET_SEED)`. Same shapes as data.mat —
 * train X (2, 211) with 105 zeros / 106 ones, test X (2, 200) with 113 zeros / 87 ones —
 * and features in about the same box (x1 ∈ [−0.6, 0.3), x2 ∈ [−0.7, 0.6) plus the train
 * clusters' jitter). Uses its own RandomState: the global `np.random` is not touched.
 *
 * Why these numbers: the notebook's point is that the unregularised [2, 20, 3, 1] network
 * overfits and that L2 (λ = 0.7) and dropout (keep_prob = 0.86) generalise better; on
 * data.mat it prints train/test 0.948/0.915 (none), 0.938/0.93 (L2), 0.929/0.95 (dropout).
 * The generator's parameters and seed were picked by a random search over datasets of this
 * family (bench/tune-reg-dataset.ts) for that pattern. With the notebook's model (reg_utils
 * init: seed 3, W = randn/√n_prev; lr 0.3; 30000 full-batch iterations; dropout reseeding
 * np.random with 1 at every forward, so the masks are fixed), lib/nn gives on this dataset:
 *
 *   | run                      | train | test  |
 *   |--------------------------|-------|-------|
 *   | no regularisation        | 0.962 | 0.920 |
 *   | L2, λ = 0.7              | 0.934 | 0.950 |
 *   | dropout, keep_prob 0.86  | 0.924 | 0.955 |
 *
 * (measured by `npx tsx bench/tune-reg-dataset.ts`; the same numbers in numpy and in a C
 * port with another summation order, so they do not hang on rounding.)
 */
export function loadRegularizationDataset(): Dataset {
  return makeFootballField(REGULARIZATION_DATASET_SEED, REGULARIZATION_DATASET_PARAMS);
}
