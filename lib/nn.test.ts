/**
 * lib/nn.ts's fused loops against the plain numpy-like expressions they replace, written
 * here with the generic np ops exactly as the notebooks write them. Every element must be
 * the same double (Object.is: -0 ≠ +0, NaN = NaN), on random inputs with NaN, ±Inf, ±0 and
 * huge/tiny values mixed in, on shapes large enough for the wasm kernels and small enough
 * for their JS path, and on shapes that broadcast (which take the plain path) or do not
 * fit (which must throw the plain code's error).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Cache3,
  type Params,
  backwardPropagation,
  backwardPropagationReg,
  computeCost,
  computeCostOpt,
  computeLoss,
  forwardPropagation,
  logprobs,
  relu,
  sigmoid,
  updateParameters,
} from "./nn.ts";
import { Matrix, np } from "./np/index.ts";

// ---------------------------------------------------------------- the references (the plain expressions)

const ref = {
  relu: (x: Matrix): Matrix => np.maximum(0, x),
  sigmoid: (x: Matrix): Matrix => np.divide(1, np.add(1, np.exp(x.neg()))),
  forward(X: Matrix, p: Params): [Matrix, Cache3] {
    const { W1, b1, W2, b2, W3, b3 } = p;
    const Z1 = np.dot(W1, X).add(b1);
    const A1 = ref.relu(Z1);
    const Z2 = np.dot(W2, A1).add(b2);
    const A2 = ref.relu(Z2);
    const Z3 = np.dot(W3, A2).add(b3);
    const A3 = ref.sigmoid(Z3);
    return [A3, [Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3]];
  },
  backward(X: Matrix, Y: Matrix, cache: Cache3): Params {
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
  },
  backwardReg(X: Matrix, Y: Matrix, cache: Cache3): Params {
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
  },
  logprobs: (A3: Matrix, Y: Matrix): Matrix =>
    np.log(A3).neg().mul(Y).add(np.log(np.subtract(1, A3)).neg().mul(np.subtract(1, Y))),
  computeLoss: (A3: Matrix, Y: Matrix): number => (1 / Y.ncols) * np.nansum(ref.logprobs(A3, Y)),
  computeCostOpt(A3: Matrix, Y: Matrix, version: 2017 | 2021): number {
    const total = np.sum(ref.logprobs(A3, Y));
    return version === 2017 ? (1 / Y.ncols) * total : total;
  },
  update(parameters: Params, grads: Params, lr: number): Params {
    const L = Math.floor(Object.keys(parameters).length / 2);
    for (let l = 1; l <= L; l++) {
      parameters["W" + l] = parameters["W" + l].sub(grads["dW" + l].mul(lr));
      parameters["b" + l] = parameters["b" + l].sub(grads["db" + l].mul(lr));
    }
    return parameters;
  },
};

// ---------------------------------------------------------------- comparing

/** A description of the first element that is not the same double, or null. */
function diff(actual: Matrix, expected: Matrix): string | null {
  if (!(actual instanceof Matrix)) return `not a Matrix: ${String(actual)}`;
  if (actual.nrows !== expected.nrows || actual.ncols !== expected.ncols) {
    return `shape (${actual.nrows},${actual.ncols}), expected (${expected.nrows},${expected.ncols})`;
  }
  for (let i = 0; i < expected.size; i++) {
    if (!Object.is(actual.data[i], expected.data[i])) {
      const r = Math.floor(i / expected.ncols);
      return `element [${r}, ${i % expected.ncols}]: got ${actual.data[i]}, expected ${expected.data[i]}`;
    }
  }
  return null;
}

function expectSame(actual: Matrix, expected: Matrix, what = "matrix"): void {
  const d = diff(actual, expected);
  if (d) throw new Error(`${what}: ${d}`);
}

function expectSameList(actual: readonly Matrix[], expected: readonly Matrix[], what: string): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expectSame(actual[i], e, `${what}[${i}]`));
}

function expectSameDict(actual: Params, expected: Params, what: string): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const k of Object.keys(expected)) expectSame(actual[k], expected[k], `${what}.${k}`);
}

/** The same outcome: the same doubles, or the same error. */
function sameOutcome<T>(fast: () => T, plain: () => T, check: (a: T, b: T) => void): void {
  let want: T;
  try {
    want = plain();
  } catch (e) {
    expect(fast).toThrow(e as Error);
    return;
  }
  check(fast(), want);
}

// ---------------------------------------------------------------- inputs

// Doubles with the awkward ones well represented; `finite` for products where only the
// neighbourhood of ordinary training values matters (still with ±0 and extremes).
const special = fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, 1e308, -1e308, 5e-324, -5e-324);
const dbl = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: special },
);
const clean = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: special },
);
/** Probabilities for A3: mostly in [0, 1], 0 and 1 themselves, and some nonsense. */
const prob = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, 1, -0) },
  { weight: 1, arbitrary: special },
  { weight: 1, arbitrary: fc.double() },
);
const label = fc.oneof({ weight: 10, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: dbl });

const matrixOf = (r: number, c: number, v: fc.Arbitrary<number> = dbl): fc.Arbitrary<Matrix> =>
  fc.array(v, { minLength: r * c, maxLength: r * c }).map((xs) => new Matrix(r, c, Float64Array.from(xs)));

/** Layer sizes [n0, n1, n2, n3] and m; m up to 40 so the products reach the wasm kernels. */
const dims = fc.tuple(
  fc.integer({ min: 1, max: 4 }),
  fc.integer({ min: 1, max: 7 }),
  fc.integer({ min: 1, max: 5 }),
  fc.integer({ min: 1, max: 2 }),
  fc.integer({ min: 1, max: 40 }),
);

const paramsOf = (n: number[], v: fc.Arbitrary<number>): fc.Arbitrary<Params> =>
  fc.record({
    W1: matrixOf(n[1], n[0], v),
    b1: matrixOf(n[1], 1, v),
    W2: matrixOf(n[2], n[1], v),
    b2: matrixOf(n[2], 1, v),
    W3: matrixOf(n[3], n[2], v),
    b3: matrixOf(n[3], 1, v),
  });

/** An arbitrary (not necessarily consistent) cache of the right shapes, with X and Y. */
const backwardInputs = (v: fc.Arbitrary<number>) =>
  dims.chain(([n0, n1, n2, n3, m]) =>
    fc.record({
      X: matrixOf(n0, m, v),
      Y: matrixOf(n3, m, label),
      cache: fc.tuple(
        matrixOf(n1, m, v), matrixOf(n1, m, v), matrixOf(n1, n0, v), matrixOf(n1, 1, v),
        matrixOf(n2, m, v), matrixOf(n2, m, v), matrixOf(n2, n1, v), matrixOf(n2, 1, v),
        matrixOf(n3, m, v), matrixOf(n3, m, prob), matrixOf(n3, n2, v), matrixOf(n3, 1, v),
      ) as fc.Arbitrary<Cache3>,
    }),
  );

const RUNS = { numRuns: 300 };

// ---------------------------------------------------------------- tests

describe("activations", () => {
  it("relu is np.maximum(0, x) bit for bit (NaN stays NaN, -0 stays -0)", () => {
    fc.assert(
      fc.property(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 })).chain(([r, c]) => matrixOf(r, c)), (x) => {
        expectSame(relu(x), ref.relu(x));
      }),
      RUNS,
    );
    expectSame(relu(new Matrix(1, 4, Float64Array.of(-0, 0, NaN, -Infinity))), new Matrix(1, 4, Float64Array.of(-0, 0, NaN, 0)));
  });

  it("sigmoid is 1 / (1 + exp(-x)) bit for bit", () => {
    fc.assert(
      fc.property(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 40 })).chain(([r, c]) => matrixOf(r, c)), (x) => {
        expectSame(sigmoid(x), ref.sigmoid(x));
      }),
      RUNS,
    );
  });
});

describe("forwardPropagation", () => {
  for (const [name, v] of [["training-like values", clean], ["any doubles", dbl]] as const) {
    it(`equals the plain expression on every cache entry (${name})`, () => {
      fc.assert(
        fc.property(
          dims.chain(([n0, n1, n2, n3, m]) => fc.tuple(matrixOf(n0, m, v), paramsOf([n0, n1, n2, n3], v))),
          ([X, p]) => {
            const [A3, cache] = forwardPropagation(X, p);
            const [A3r, cacheR] = ref.forward(X, p);
            expectSame(A3, A3r, "A3");
            expectSameList(cache, cacheR, "cache");
            expect(cache[2]).toBe(p.W1); // the parameters themselves, as the notebook's cache holds them
          },
        ),
        RUNS,
      );
    });
  }

  it("broadcasts a bias that is not a column, and throws the plain code's errors", () => {
    const cases = fc.tuple(dims, fc.constantFrom("row-b1", "scalar-b2", "wide-b3", "bad-W2", "bad-X")).chain(([[n0, n1, n2, n3, m], kind]) =>
      fc.tuple(
        matrixOf(kind === "bad-X" ? n0 + 1 : n0, m, clean),
        fc.record({
          W1: matrixOf(n1, n0, clean),
          b1: kind === "row-b1" ? matrixOf(1, m, clean) : matrixOf(n1, 1, clean),
          W2: matrixOf(n2, kind === "bad-W2" ? n1 + 1 : n1, clean),
          b2: kind === "scalar-b2" ? matrixOf(1, 1, clean) : matrixOf(n2, 1, clean),
          W3: matrixOf(n3, n2, clean),
          b3: kind === "wide-b3" ? matrixOf(n3, m, clean) : matrixOf(n3, 1, clean),
        }),
      ),
    );
    fc.assert(
      fc.property(cases, ([X, p]) => {
        sameOutcome(
          () => forwardPropagation(X, p),
          () => ref.forward(X, p),
          ([a, ca], [b, cb]) => {
            expectSame(a, b, "A3");
            expectSameList(ca, cb, "cache");
          },
        );
      }),
      { numRuns: 200 },
    );
  });

  it("names a missing parameter", () => {
    expect(() => forwardPropagation(new Matrix(2, 3), { W1: new Matrix(1, 2) })).toThrow(
      'forwardPropagation: parameters["b1"] is missing (keys present: W1)',
    );
  });
});

describe("backward passes", () => {
  for (const [name, v] of [["training-like values", clean], ["any doubles", dbl]] as const) {
    it(`backwardPropagation equals the plain expression on every gradient (${name})`, () => {
      fc.assert(
        fc.property(backwardInputs(v), ({ X, Y, cache }) => {
          expectSameDict(backwardPropagation(X, Y, cache), ref.backward(X, Y, cache), "grads");
        }),
        RUNS,
      );
    });

    it(`backwardPropagationReg equals the plain expression on every gradient (${name})`, () => {
      fc.assert(
        fc.property(backwardInputs(v), ({ X, Y, cache }) => {
          expectSameDict(backwardPropagationReg(X, Y, cache), ref.backwardReg(X, Y, cache), "grads");
        }),
        RUNS,
      );
    });
  }

  it("a real forward cache gives the same gradients too", () => {
    fc.assert(
      fc.property(
        dims.chain(([n0, n1, n2, n3, m]) =>
          fc.tuple(matrixOf(n0, m, clean), matrixOf(n3, m, fc.constantFrom(0, 1)), paramsOf([n0, n1, n2, n3], clean)),
        ),
        ([X, Y, p]) => {
          const [, cache] = ref.forward(X, p);
          expectSameDict(backwardPropagation(X, Y, cache), ref.backward(X, Y, cache), "grads");
          expectSameDict(backwardPropagationReg(X, Y, cache), ref.backwardReg(X, Y, cache), "grads");
        },
      ),
      RUNS,
    );
  });

  it("broadcasting or mismatched shapes give the plain code's results or errors", () => {
    const cases = backwardInputs(clean).chain((inp) =>
      fc.constantFrom("Y-row", "Y-scalar", "short-X", "bad-W3", "bad-W2", "A1-cols").map((kind) => {
        const { X, Y, cache } = inp;
        const c = [...cache] as Cache3;
        const m = X.ncols;
        let y = Y;
        let x = X;
        if (kind === "Y-row") y = new Matrix(1, m, Y.data.slice(0, m));
        if (kind === "Y-scalar") y = new Matrix(1, 1, Float64Array.of(1));
        if (kind === "short-X") x = new Matrix(X.nrows, m + 1);
        if (kind === "bad-W3") c[10] = new Matrix(c[10].nrows, c[10].ncols + 1);
        if (kind === "bad-W2") c[6] = new Matrix(c[6].nrows + 1, c[6].ncols);
        if (kind === "A1-cols") c[1] = new Matrix(c[1].nrows, 1, c[1].data.slice(0, c[1].nrows));
        return { X: x, Y: y, cache: c };
      }),
    );
    fc.assert(
      fc.property(cases, ({ X, Y, cache }) => {
        const check = (a: Params, b: Params): void => expectSameDict(a, b, "grads");
        sameOutcome(() => backwardPropagation(X, Y, cache), () => ref.backward(X, Y, cache), check);
        sameOutcome(() => backwardPropagationReg(X, Y, cache), () => ref.backwardReg(X, Y, cache), check);
      }),
      { numRuns: 300 },
    );
  });
});

describe("costs", () => {
  const pair = fc
    .tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 0, max: 300 }))
    .chain(([r, c]) => fc.tuple(matrixOf(r, c, prob), matrixOf(r, c, label)));

  it("logprobs, computeLoss / computeCost and computeCostOpt equal the plain expressions", () => {
    fc.assert(
      fc.property(pair, ([A3, Y]) => {
        expectSame(logprobs(A3, Y), ref.logprobs(A3, Y), "logprobs");
        expect(Object.is(computeLoss(A3, Y), ref.computeLoss(A3, Y))).toBe(true);
        expect(Object.is(computeCost(A3, Y), ref.computeLoss(A3, Y))).toBe(true);
        expect(Object.is(computeCostOpt(A3, Y, 2021), ref.computeCostOpt(A3, Y, 2021))).toBe(true);
        expect(Object.is(computeCostOpt(A3, Y, 2017), ref.computeCostOpt(A3, Y, 2017))).toBe(true);
        expect(Object.is(computeCostOpt(A3, Y), ref.computeCostOpt(A3, Y, 2021))).toBe(true);
      }),
      RUNS,
    );
  });

  it("keeps nansum's rules: 0·log 0 dropped, 1·log 0 is +inf; with broadcasting Y as the plain code", () => {
    const A3 = new Matrix(1, 3, Float64Array.of(1, 0.5, 0));
    expect(computeLoss(A3, new Matrix(1, 3, Float64Array.of(1, 1, 0)))).toBe(ref.computeLoss(A3, new Matrix(1, 3, Float64Array.of(1, 1, 0))));
    expect(computeLoss(A3, new Matrix(1, 3, Float64Array.of(0, 1, 0)))).toBe(Infinity);
    expect(Number.isNaN(computeCostOpt(A3, new Matrix(1, 3, Float64Array.of(1, 1, 0))))).toBe(true);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }).chain((c) => fc.tuple(matrixOf(2, c, prob), matrixOf(1, c, label))), ([A3b, Yrow]) => {
        expectSame(logprobs(A3b, Yrow), ref.logprobs(A3b, Yrow));
        expect(Object.is(computeLoss(A3b, Yrow), ref.computeLoss(A3b, Yrow))).toBe(true);
        expect(Object.is(computeCostOpt(A3b, Yrow, 2017), ref.computeCostOpt(A3b, Yrow, 2017))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it("does not let its scratch buffer leak between calls of different sizes", () => {
    const big = new Matrix(1, 50, new Float64Array(50).fill(0.25));
    const ybig = new Matrix(1, 50, new Float64Array(50).fill(1));
    const small = new Matrix(1, 3, Float64Array.of(0.5, 0.5, 0.5));
    const ysmall = new Matrix(1, 3, Float64Array.of(1, 0, 1));
    computeLoss(big, ybig);
    expect(computeLoss(small, ysmall)).toBe(ref.computeLoss(small, ysmall));
    expect(computeCostOpt(small, ysmall)).toBe(ref.computeCostOpt(small, ysmall, 2021));
  });
});

describe("updateParameters", () => {
  it("equals W − dW·lr, b − db·lr of the plain expression, with new matrices", () => {
    fc.assert(
      fc.property(
        dims.chain(([n0, n1, n2, n3]) =>
          fc.tuple(paramsOf([n0, n1, n2, n3], dbl), paramsOf([n0, n1, n2, n3], dbl), fc.oneof(fc.double({ min: 0, max: 2 }), special)),
        ),
        ([p, g, lr]) => {
          const grads: Params = Object.fromEntries(Object.entries(g).map(([k, v]) => ["d" + k, v]));
          const before = { ...p };
          const fast = updateParameters({ ...p }, grads, lr);
          const plain = ref.update({ ...p }, grads, lr);
          expectSameDict(fast, plain, "parameters");
          // the old matrices are not touched (a forward cache may still hold them)
          for (const k of Object.keys(before)) expect(fast[k]).not.toBe(before[k]);
        },
      ),
      RUNS,
    );
  });

  it("broadcasts a gradient of another shape as the plain code, and names a missing gradient", () => {
    const p: Params = { W1: np.array([[1, 2], [3, 4]]), b1: np.array([[1], [2]]) };
    const g: Params = { dW1: np.array([[1, 1]]), db1: np.array([[0.5]]) };
    expectSameDict(updateParameters({ ...p }, g, 0.1), ref.update({ ...p }, g, 0.1), "parameters");
    expect(() => updateParameters({ ...p }, { dW1: g.dW1 }, 0.1)).toThrow('updateParameters: parameters["db1"] is missing');
  });
});
