import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  REGULARIZATION_DATASET_SEED,
  linspace,
  loadInitializationDataset,
  loadOptimizationDataset,
  loadRegularizationDataset,
  makeCircles,
  makeMoons,
} from "./datasets.ts";
import { Matrix, np } from "./np/index.ts";

// ---------------------------------------------------------------- fixtures

interface VectorsDataset {
  call: string;
  X_first5: number[][];
  y_first5: number[];
  shuffle_order_first5: number[];
  sums: { np_sum_X: number; fsum_X: number; naive_rowmajor_sum_X: number; fsum_col0: number; fsum_col1: number; sum_y: number };
}
const vectors = JSON.parse(
  readFileSync(new URL("../fixtures/numpy-compat/vectors.json", import.meta.url), "utf8"),
) as { datasets: VectorsDataset[] };

/** Full datasets and linspace cases from gen-trig-oracle.py (numpy 2.4.6), doubles as hex bit patterns. */
interface Oracle {
  families: Record<string, [number, number]>;
  points: string[];
  linspace: { start: number; stop: number; num: number; endpoint: boolean; result: string[] }[];
  datasets: { call: string; X: string[]; y: number[]; order: number[]; np_sum_X: number; fsum_X: number }[];
}
const oracle = JSON.parse(
  readFileSync(new URL("../fixtures/numpy-compat/trig-oracle.json", import.meta.url), "utf8"),
) as Oracle;

const view = new DataView(new ArrayBuffer(8));
const fromHex = (s: string): number => {
  view.setBigUint64(0, BigInt("0x" + s));
  return view.getFloat64(0);
};
const toHex = (x: number): string => {
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, "0");
};

/** Python's math.fsum: exact sum, correctly rounded (Shewchuk's partials). */
function fsum(xs: ArrayLike<number>): number {
  const partials: number[] = [];
  for (let k = 0; k < xs.length; k++) {
    let x = xs[k];
    let i = 0;
    for (let j = 0; j < partials.length; j++) {
      let y = partials[j];
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  // Round the partials' sum correctly (CPython's final step, with the half-way correction).
  let n = partials.length;
  let hi = 0;
  if (n > 0) {
    hi = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
  }
  return hi;
}

const count = (ys: ArrayLike<number>, v: number): number => Array.from(ys).filter((y) => y === v).length;

type Maker = () => { X: Matrix; y: number[] };
const MAKERS: Record<string, Maker> = {
  "make_moons(n_samples=300, noise=0.2, random_state=3)": () => makeMoons(300, { noise: 0.2, randomState: 3 }),
  "make_circles(n_samples=300, noise=0.05, random_state=1)": () => makeCircles(300, { noise: 0.05, randomState: 1 }),
  "make_circles(n_samples=100, noise=0.05, random_state=2)": () => makeCircles(100, { noise: 0.05, randomState: 2 }),
  "make_moons(n_samples=50, noise=0.1, random_state=7)": () => makeMoons(50, { noise: 0.1, randomState: 7 }),
  "make_circles(n_samples=51, noise=0.1, random_state=5, factor=0.5)": () =>
    makeCircles(51, { noise: 0.1, randomState: 5, factor: 0.5 }),
};

// ---------------------------------------------------------------- linspace

describe("linspace", () => {
  it.each(oracle.linspace.map((c) => [`${c.start}, ${c.stop}, ${c.num}, endpoint=${c.endpoint}`, c] as const))(
    "equals numpy bit for bit: linspace(%s)",
    (_, c) => {
      expect(linspace(c.start, c.stop, c.num, c.endpoint).map(toHex)).toEqual(c.result);
    },
  );

  it("rejects a negative or fractional num", () => {
    expect(() => linspace(0, 1, -1)).toThrow(/non-negative/);
    expect(() => linspace(0, 1, 2.5)).toThrow(/integer/);
  });
});

// ---------------------------------------------------------------- sklearn datasets

describe("makeMoons / makeCircles vs shared vectors.json (numpy 2.4.6)", () => {
  it.each(vectors.datasets.map((d) => [d.call, d] as const))("%s", (call, d) => {
    const { X, y } = MAKERS[call]();
    expect(X.shape).toEqual([d.call.includes("300") ? 300 : 100, 2]);
    // X bit-exact: first rows as printed by numpy, and the sums.
    expect(X.rows(0, 5).tolist()).toEqual(d.X_first5);
    expect(y.slice(0, 5)).toEqual(d.y_first5);
    expect(np.sum(X)).toBe(d.sums.np_sum_X);
    expect(fsum(X.data)).toBe(d.sums.fsum_X);
    let naive = 0;
    for (const v of X.data) naive += v;
    expect(naive).toBe(d.sums.naive_rowmajor_sum_X);
    expect(fsum(X.col(0).data)).toBe(d.sums.fsum_col0);
    expect(fsum(X.col(1).data)).toBe(d.sums.fsum_col1);
    expect(y.reduce((a, b) => a + b, 0)).toBe(d.sums.sum_y);
  });

  it("shuffle order equals the vectors' first five (noise-free rows are the unshuffled rows reordered)", () => {
    for (const d of vectors.datasets) {
      const n = d.call.includes("300") ? 300 : 100;
      const seed = Number(/random_state=(\d+)/.exec(d.call)![1]);
      const moons = d.call.startsWith("make_moons");
      const make = moons ? makeMoons : makeCircles;
      const plain = make(n, { shuffle: false });
      const shuffled = make(n, { randomState: seed });
      for (let r = 0; r < 5; r++) {
        expect(shuffled.X.row(r).tolist()).toEqual(plain.X.row(d.shuffle_order_first5[r]).tolist());
        expect(shuffled.y[r]).toBe(plain.y[d.shuffle_order_first5[r]]);
      }
    }
  });
});

describe("makeMoons / makeCircles vs full numpy datasets (trig-oracle.json)", () => {
  it.each(oracle.datasets.map((d) => [d.call, d] as const))("%s: X bit for bit, y and shuffle order exact", (call, d) => {
    const { X, y } = MAKERS[call]();
    const n = d.y.length;
    expect(X.shape).toEqual([n, 2]);
    const got = Array.from(X.data, toHex);
    const bad = got.flatMap((h, i) => (h === d.X[i] ? [] : [`X[${i >> 1}, ${i & 1}] = ${fromHex(h)}, numpy ${fromHex(d.X[i])}`]));
    expect(bad).toEqual([]);
    expect(y).toEqual(d.y);
    expect(np.sum(X)).toBe(d.np_sum_X);
    expect(fsum(X.data)).toBe(d.fsum_X);
    // Shuffle order: the noise-free dataset is the unshuffled one reordered by `order`.
    const moons = call.startsWith("make_moons");
    const seed = Number(/random_state=(\d+)/.exec(call)![1]);
    const factor = call.includes("factor=0.5") ? 0.5 : 0.8;
    const plain = moons ? makeMoons(n, { shuffle: false }) : makeCircles(n, { shuffle: false, factor });
    const shuffled = moons ? makeMoons(n, { randomState: seed }) : makeCircles(n, { randomState: seed, factor });
    expect(shuffled.X.tolist()).toEqual(plain.X.take(d.order, { axis: 0 }).tolist());
    expect(shuffled.y).toEqual(d.order.map((k) => plain.y[k]));
  });

  it("unshuffled, noise-free rows are (cos t, sin t) with numpy's cos/sin", () => {
    const [a, b] = oracle.families["linspace(0,pi,150)"];
    const { X, y } = makeMoons(300, { shuffle: false });
    for (let i = a; i < b; i++) {
      const [, c, s] = oracle.points[i].split(" ");
      expect(toHex(X.get(i - a, 0))).toBe(c);
      expect(toHex(X.get(i - a, 1))).toBe(s);
      expect(toHex(X.get(150 + i - a, 0))).toBe(toHex(1 - fromHex(c)));
      expect(toHex(X.get(150 + i - a, 1))).toBe(toHex(1 - fromHex(s) - 0.5));
    }
    expect(count(y, 0)).toBe(150);
    expect(y.slice(0, 150).every((v) => v === 0) && y.slice(150).every((v) => v === 1)).toBe(true);
  });

  it("class counts are n_out = floor(n/2) and n_in = n - n_out; tuples are accepted", () => {
    for (const n of [0, 1, 2, 7, 300]) {
      for (const make of [makeMoons, makeCircles]) {
        const { X, y } = make(n, { noise: 0.1, randomState: 0 });
        expect(X.shape).toEqual([n, 2]);
        expect(count(y, 0)).toBe(Math.floor(n / 2));
        expect(count(y, 1)).toBe(n - Math.floor(n / 2));
      }
    }
    const t = makeCircles([3, 5], { randomState: 0 });
    expect([count(t.y, 0), count(t.y, 1)]).toEqual([3, 5]);
    expect(() => makeCircles(10, { factor: 1 })).toThrow(/factor/);
    expect(() => makeMoons(-1)).toThrow();
  });

  it("randomState: null/undefined use the global np.random; a number seeds a new RandomState; an instance is used", () => {
    const ref = makeCircles(300, { noise: 0.05, randomState: 1 });
    np.random.seed(1);
    const viaGlobal = makeCircles(300, { noise: 0.05 });
    expect(viaGlobal.X.tolist()).toEqual(ref.X.tolist());
    expect(viaGlobal.y).toEqual(ref.y);
    np.random.seed(1);
    const viaNull = makeCircles(300, { noise: 0.05, randomState: null });
    expect(viaNull.X.tolist()).toEqual(ref.X.tolist());
    // The global state advanced by exactly the dataset's draws: 299 interval draws + 600 gaussians.
    np.random.seed(1);
    np.random.permutation(300);
    np.random.normal(0, 1, [300, 2]);
    const expectedNext = np.random.rand(1, 3).tolist();
    np.random.seed(1);
    makeCircles(300, { noise: 0.05 });
    expect(np.random.rand(1, 3).tolist()).toEqual(expectedNext);
    // An instance is used (and advanced).
    const rs = new np.random.RandomState(1);
    expect(makeCircles(300, { noise: 0.05, randomState: rs }).X.tolist()).toEqual(ref.X.tolist());
    expect(makeCircles(300, { noise: 0.05, randomState: rs }).X.tolist()).not.toEqual(ref.X.tolist());
    // The notebooks' seeding = random_state for moons too.
    np.random.seed(3);
    expect(makeMoons(300, { noise: 0.2 }).X.tolist()).toEqual(makeMoons(300, { noise: 0.2, randomState: 3 }).X.tolist());
  });

  it("noise: null draws nothing and adds nothing", () => {
    np.random.seed(4);
    const a = makeMoons(20, { noise: null });
    const next = np.random.rand(1, 2).tolist();
    np.random.seed(4);
    np.random.permutation(20);
    expect(np.random.rand(1, 2).tolist()).toEqual(next);
    const plain = makeMoons(20, { shuffle: false });
    for (let r = 0; r < 20; r++) {
      const hit = plain.X.tolist().some((row) => row[0] === a.X.get(r, 0) && row[1] === a.X.get(r, 1));
      expect(hit).toBe(true);
    }
  });
});

// ---------------------------------------------------------------- loaders

describe("loaders", () => {
  it("loadInitializationDataset: seed 1 circles(300) / seed 2 circles(100), as (2, m) and (1, m)", () => {
    const d = loadInitializationDataset();
    expect(d.trainX.shape).toEqual([2, 300]);
    expect(d.trainY.shape).toEqual([1, 300]);
    expect(d.testX.shape).toEqual([2, 100]);
    expect(d.testY.shape).toEqual([1, 100]);
    expect([count(d.trainY.data, 0), count(d.trainY.data, 1)]).toEqual([150, 150]);
    expect([count(d.testY.data, 0), count(d.testY.data, 1)]).toEqual([50, 50]);
    const train = makeCircles(300, { noise: 0.05, randomState: 1 });
    const test = makeCircles(100, { noise: 0.05, randomState: 2 });
    expect(d.trainX.tolist()).toEqual(train.X.T.tolist());
    expect(Array.from(d.trainY.data)).toEqual(train.y);
    expect(d.testX.tolist()).toEqual(test.X.T.tolist());
    expect(Array.from(d.testY.data)).toEqual(test.y);
    // The notebook's first train column.
    expect(d.trainX.col(0).tolist()).toEqual([[vectors.datasets[1].X_first5[0][0]], [vectors.datasets[1].X_first5[0][1]]]);
  });

  it("loadOptimizationDataset: seed 3 moons(300, noise 0.2), train only", () => {
    const d = loadOptimizationDataset();
    expect(d.trainX.shape).toEqual([2, 300]);
    expect(d.trainY.shape).toEqual([1, 300]);
    expect(Object.keys(d).sort()).toEqual(["trainX", "trainY"]);
    expect([count(d.trainY.data, 0), count(d.trainY.data, 1)]).toEqual([150, 150]);
    expect(np.sum(d.trainX)).toBeCloseTo(vectors.datasets[0].sums.np_sum_X, 12);
    expect(d.trainX.T.rows(0, 5).tolist()).toEqual(vectors.datasets[0].X_first5);
  });
});

// ---------------------------------------------------------------- regularization dataset

describe("loadRegularizationDataset (synthetic stand-in for data.mat)", () => {
  it("has data.mat's shapes and class counts", () => {
    const d = loadRegularizationDataset();
    expect(d.trainX.shape).toEqual([2, 211]);
    expect(d.trainY.shape).toEqual([1, 211]);
    expect(d.testX.shape).toEqual([2, 200]);
    expect(d.testY.shape).toEqual([1, 200]);
    expect([count(d.trainY.data, 0), count(d.trainY.data, 1)]).toEqual([105, 106]);
    expect([count(d.testY.data, 0), count(d.testY.data, 1)]).toEqual([113, 87]);
  });

  it("has features in about data.mat's ranges", () => {
    const d = loadRegularizationDataset();
    for (const X of [d.trainX, d.testX]) {
      const x1 = Array.from(X.row(0).data);
      const x2 = Array.from(X.row(1).data);
      expect(Math.min(...x1)).toBeGreaterThan(-0.75);
      expect(Math.min(...x1)).toBeLessThan(-0.45);
      expect(Math.max(...x1)).toBeGreaterThan(0.2);
      expect(Math.max(...x1)).toBeLessThan(0.4);
      expect(Math.min(...x2)).toBeGreaterThan(-0.85);
      expect(Math.min(...x2)).toBeLessThan(-0.6);
      expect(Math.max(...x2)).toBeGreaterThan(0.5);
      expect(Math.max(...x2)).toBeLessThan(0.65);
      expect(X.data.every(Number.isFinite)).toBe(true);
    }
  });

  it("is deterministic and returns fresh matrices", () => {
    const a = loadRegularizationDataset();
    const b = loadRegularizationDataset();
    expect(a.trainX.tolist()).toEqual(b.trainX.tolist());
    expect(a.trainY.tolist()).toEqual(b.trainY.tolist());
    expect(a.testX.tolist()).toEqual(b.testX.tolist());
    expect(a.testY.tolist()).toEqual(b.testY.tolist());
    a.trainX.data[0] = 99;
    expect(loadRegularizationDataset().trainX.data[0]).not.toBe(99);
    expect(Number.isInteger(REGULARIZATION_DATASET_SEED)).toBe(true);
  });

  it("is pinned: the documented accuracies (lib/datasets.ts, bench/tune-reg-dataset.ts) belong to exactly this data", () => {
    // Values of the numpy prototype the generator was tuned with (same draws, same arithmetic).
    const d = loadRegularizationDataset();
    expect(fsum(d.trainX.data)).toBe(-30.28167344930498);
    expect(fsum(d.testX.data)).toBe(-41.994185012639605);
    expect([d.trainX.get(0, 0), d.trainX.get(1, 0), d.testX.get(0, 0), d.testX.get(1, 0)]).toEqual([
      -0.345562458423448, -0.10516773652296722, -0.5972712985834977, 0.15731257775446628,
    ]);
    const weighted = (Y: Matrix): number => Array.from(Y.data).reduce((a, y, i) => a + i * y, 0);
    expect(weighted(d.trainY)).toBe(12571);
    expect(weighted(d.testY)).toBe(8939);
  });

  it("does not touch the global RNG state (including the cached gaussian)", () => {
    np.random.seed(5);
    np.random.randn(1, 1); // leaves the second gaussian of the pair cached
    loadRegularizationDataset();
    const after = [np.random.randn(1, 1).item(), np.random.rand(1, 1).item()];
    np.random.seed(5);
    np.random.randn(1, 1);
    const expected = [np.random.randn(1, 1).item(), np.random.rand(1, 1).item()];
    expect(after).toEqual(expected);
  });

  it("is fast (< 50 ms)", () => {
    loadRegularizationDataset();
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) loadRegularizationDataset();
    expect((performance.now() - t0) / 5).toBeLessThan(50);
  });
});
