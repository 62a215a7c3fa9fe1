/**
 * The np functions against oracles: naive definitions written here (the product as a
 * triple loop, numpy's pairwise summation transcribed from its C source), and numpy 2.4.6
 * itself through fixtures/numpy-compat/np-ops.json (made by gen-np-ops.py): sums, means and
 * nansums bit for bit, element-wise functions within a stated number of ulps, norms within a
 * stated relative tolerance. Doubles compare with Object.is (-0 ≠ +0, NaN = NaN) unless a
 * tolerance is written next to the check.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BinOp } from "./elementwise.ts";
import { ValueError } from "./errors.ts";
import { Matrix, binary, type Operand } from "./matrix.ts";
import * as np from "./ops.ts";

// ---------------------------------------------------------------- helpers

type Hex = string;
type B64 = string;
interface Fixture {
  sums: {
    kind: string;
    shape: [number, number];
    data: B64;
    sum: Hex;
    sum0: B64;
    sum1: B64;
    mean: Hex;
    mean0: B64;
    mean1: B64;
    norm: Hex;
  }[];
  nansums: { sums: number; nanAt: number[]; nansum: Hex; nansum0: B64; nansum1: B64 }[];
  unary: Record<"exp" | "log" | "sqrt" | "tanh", { x: Hex[]; numpy: Hex[]; cr: Hex[] }>;
  power: { x: Hex[]; y: Hex[]; numpy: Hex[]; square: Hex[] };
  unaryExact: Record<string, Hex[]>;
  arange: { args: number[]; values: Hex[] }[];
}
const FIXTURE = JSON.parse(
  readFileSync(new URL("../../fixtures/numpy-compat/np-ops.json", import.meta.url), "utf8"),
) as Fixture;

const bits = new DataView(new ArrayBuffer(8));
/** A double from its 16 hex digits (big-endian IEEE-754, as the fixture stores them). */
function fromHex(h: Hex): number {
  bits.setBigUint64(0, BigInt(`0x${h}`));
  return bits.getFloat64(0);
}
/** Row-major little-endian float64 bytes in base64, as the fixture stores arrays. */
function fromF64(b64: B64): Float64Array {
  const buf = Buffer.from(b64, "base64");
  return new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
}
/** Distance in units in the last place (0 for NaN vs NaN, Infinity for NaN vs a number). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const ord = (x: number): bigint => {
    bits.setFloat64(0, x);
    const v = bits.getBigInt64(0);
    return v < 0n ? -(v & 0x7fffffffffffffffn) : v;
  };
  const d = ord(a) - ord(b);
  return Number(d < 0n ? -d : d);
}

const mat = (rows: number[][], cols = rows[0]?.length ?? 0): Matrix =>
  new Matrix(rows.length, cols, Float64Array.from(rows.flat()));

/** Shape and every element identical as doubles. */
function expectSame(actual: Matrix, expected: Matrix | { shape: [number, number]; data: ArrayLike<number> }): void {
  expect(actual.shape).toEqual(expected.shape);
  for (let i = 0; i < expected.data.length; i++) {
    if (!Object.is(actual.data[i], expected.data[i])) {
      throw new Error(`element ${i} of ${JSON.stringify(actual.shape)}: got ${actual.data[i]}, expected ${expected.data[i]}`);
    }
  }
}

const dbl = fc.oneof(
  { weight: 4, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 0.5, 1e308, 5e-324, -1) },
);
/** Finite values over many magnitudes, both signs, some exact zeros (sums: no inf - inf). */
const finite = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }),
  fc.integer({ min: -1000, max: 1000 }).map((k) => k / 8),
  fc.constantFrom(0, -0, 1e-300, -1e-300),
);
const dim = fc.integer({ min: 0, max: 6 });
const matrixOf = (r: number, c: number, v: fc.Arbitrary<number> = dbl): fc.Arbitrary<Matrix> =>
  fc.array(v, { minLength: r * c, maxLength: r * c }).map((xs) => new Matrix(r, c, Float64Array.from(xs)));
const anyMatrix = (v: fc.Arbitrary<number> = dbl, maxDim = 6): fc.Arbitrary<Matrix> =>
  fc.tuple(fc.integer({ min: 0, max: maxDim }), fc.integer({ min: 0, max: maxDim })).chain(([r, c]) => matrixOf(r, c, v));

// ---------------------------------------------------------------- construction

describe("construction", () => {
  it("array(nested): rows × cols, a flat list as a (1, n) row, a number as (1, 1)", () => {
    expectSame(np.array([[1, 2, 3], [4, 5, 6]]), { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] });
    expectSame(np.array([1, 2, 3]), { shape: [1, 3], data: [1, 2, 3] });
    expectSame(np.array(7), { shape: [1, 1], data: [7] });
    expectSame(np.array([]), { shape: [1, 0], data: [] });
    expectSame(np.array([[], []]), { shape: [2, 0], data: [] });
    expectSame(np.array([[true as unknown as number, false as unknown as number]]), { shape: [1, 2], data: [1, 0] });
    const m = mat([[1, 2]]);
    const c = np.array(m);
    expectSame(c, m);
    expect(c.data).not.toBe(m.data);
  });

  it("tolist and array round-trip", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), dim, (r, c) => {
        fc.assert(
          fc.property(matrixOf(r, c), (m) => {
            expectSame(np.array(m.tolist()), m);
          }),
          { numRuns: 5 },
        );
      }),
      { numRuns: 40 },
    );
  });

  it("array rejects ragged rows with numpy's ValueError", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 5 }), (lengths) => {
        fc.pre(new Set(lengths).size > 1);
        const rows = lengths.map((n) => Array.from({ length: n }, () => 1));
        expect(() => np.array(rows)).toThrow(
          new ValueError(
            `setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (${lengths.length},) + inhomogeneous part.`,
          ),
        );
      }),
    );
    expect(() => np.array([[1, 2], [3]])).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (2,) + inhomogeneous part.]`,
    );
    expect(() => np.array([1, [2]] as unknown as number[])).toThrowError(ValueError);
    expect(() => np.array([[1, 2], 3] as unknown as number[][])).toThrowError(ValueError);
    expect(() => np.array([[[1]]] as unknown as number[][])).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: array: only 1-D and 2-D arrays are supported, got a list inside a row of a (1, 1) array]`,
    );
    expect(() => np.array([["1"]] as unknown as number[][])).toThrowError(TypeError);
  });

  it("zeros, ones, full, zerosLike, onesLike, eye", () => {
    expectSame(np.zeros([2, 3]), { shape: [2, 3], data: [0, 0, 0, 0, 0, 0] });
    expectSame(np.zeros(3), { shape: [1, 3], data: [0, 0, 0] });
    expectSame(np.ones([2, 1]), { shape: [2, 1], data: [1, 1] });
    expectSame(np.full([1, 2], -0), { shape: [1, 2], data: [-0, -0] });
    const a = mat([[5, 6, 7]]);
    expectSame(np.zerosLike(a), { shape: [1, 3], data: [0, 0, 0] });
    expectSame(np.onesLike(a), { shape: [1, 3], data: [1, 1, 1] });
    expectSame(np.eye(3), { shape: [3, 3], data: [1, 0, 0, 0, 1, 0, 0, 0, 1] });
    expect(() => np.zeros([-1, 2])).toThrowError(ValueError);
  });

  it("arange fills like numpy (start + i·((start + step) - start))", () => {
    for (const { args, values } of FIXTURE.arange) {
      const [a, b, s] = args;
      const got = args.length === 1 ? np.arange(a) : np.arange(a, b, s);
      expectSame(got, { shape: [1, values.length], data: values.map(fromHex) });
    }
    expect(() => np.arange(0, 1, 0)).toThrowError(ValueError);
  });
});

// ---------------------------------------------------------------- element-wise

describe("element-wise functions", () => {
  it("np.add … np.minimum are the broadcasting kernel (tested in matrix.test.ts)", () => {
    const pairs: [string, (a: Operand, b: Operand, out?: Matrix) => Matrix, BinOp][] = [
      ["add", np.add, BinOp.Add],
      ["subtract", np.subtract, BinOp.Sub],
      ["multiply", np.multiply, BinOp.Mul],
      ["divide", np.divide, BinOp.Div],
      ["maximum", np.maximum, BinOp.Max],
      ["minimum", np.minimum, BinOp.Min],
      ["power", np.power, BinOp.Pow],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(...pairs), (r, c, [, f, op]) => {
        fc.assert(
          fc.property(matrixOf(r, c), matrixOf(r, 1), dbl, (a, col, s) => {
            expectSame(f(a, col), binary(op, a, col));
            expectSame(f(s, a), binary(op, s, a));
            const out = a.copy();
            expect(f(out, col, out)).toBe(out);
            expectSame(out, binary(op, a, col));
          }),
          { numRuns: 5 },
        );
      }),
      { numRuns: 60 },
    );
    expect(np.power(2, 10)).toBe(1024);
    expect(np.power(1, NaN)).toBe(NaN); // two numbers: plain JavaScript **, not numpy's C pow
  });

  const exact: Record<string, [(x: number) => number, { (x: number): number; (x: Matrix, out?: Matrix): Matrix }]> = {
    // numpy: sign(-0.) is 0., sign(nan) is nan.
    sign: [(x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0), np.sign],
    floor: [(x) => Math.floor(x), np.floor],
    abs: [(x) => (x < 0 || Object.is(x, -0) ? -x : x), np.abs],
    negative: [(x) => -x, np.negative],
    square: [(x) => x * x, np.square],
    isnan: [(x) => (Number.isNaN(x) ? 1 : 0), np.isnan],
    sqrt: [(x) => Math.sqrt(x), np.sqrt],
  };
  for (const [name, [oracle, f]] of Object.entries(exact)) {
    it(`np.${name} on numbers and matrices, out= aliasing its input`, () => {
      fc.assert(
        fc.property(anyMatrix(), (a) => {
          const want = { shape: a.shape, data: Array.from(a.data, oracle) };
          expectSame(f(a), want);
          for (let i = 0; i < a.size; i++) expect(Object.is(f(a.data[i]), want.data[i])).toBe(true);
          const inPlace = a.copy();
          expect(f(inPlace, inPlace)).toBe(inPlace);
          expectSame(inPlace, want);
        }),
      );
    });
  }

  it("sign, floor, abs, negative, square, isnan match numpy bit for bit on special values", () => {
    const x = new Matrix(1, FIXTURE.unaryExact.x.length, Float64Array.from(FIXTURE.unaryExact.x.map(fromHex)));
    for (const [name, [, f]] of Object.entries(exact)) {
      if (name === "sqrt") continue;
      expectSame(f(x), { shape: x.shape, data: FIXTURE.unaryExact[name].map(fromHex) });
    }
  });

  it("rejects an out= of another shape", () => {
    expect(() => np.exp(new Matrix(2, 2), new Matrix(1, 4))).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: exp: output shape (1,4) does not match input shape (2,2)]`,
    );
  });

  /**
   * numpy 2.4.6 on this x86-64 machine (AVX512F) computes exp/log through its SIMD loops
   * and tanh through its own SIMD polynomial; V8's Math functions are fdlibm ports. Measured
   * here (V8 of Node 20 against np-ops.json):
   *   exp:  48 of 358 values differ from numpy, all by 1 ulp (numpy itself is off the
   *         correctly rounded result on 29, V8 on 45);
   *   log:  14 of 363 differ, by 1 ulp (numpy off CR on 1, V8 on 13);
   *   sqrt: 0 of 313 (both correctly rounded);
   *   tanh: 77 of 373 differ, by at most 2 ulp (numpy off CR on 46 by 1 ulp, V8 on 38 by up to 2).
   * The bounds below are those maxima; the counts may move with Node or numpy and are not
   * asserted.
   */
  const ULP_BOUND = { exp: 1, log: 1, sqrt: 0, tanh: 2 };
  for (const name of ["exp", "log", "sqrt", "tanh"] as const) {
    it(`np.${name} is within ${ULP_BOUND[name]} ulp of numpy's`, () => {
      const { x, numpy } = FIXTURE.unary[name];
      const xs = new Matrix(1, x.length, Float64Array.from(x.map(fromHex)));
      const got = np[name](xs);
      let worst = 0;
      got.data.forEach((v, i) => {
        worst = Math.max(worst, ulps(v, fromHex(numpy[i])));
        // np.exp(x) on a number goes through the same function.
        expect(Object.is(np[name](xs.data[i]), v)).toBe(true);
      });
      expect(worst).toBeLessThanOrEqual(ULP_BOUND[name]);
    });
  }

  it("np.power is numpy's C pow on special values and within 1 ulp elsewhere", () => {
    // Measured: 23 of 195 pairs differ; 5 were 1**nan, (±1)**±inf (JavaScript gives NaN,
    // C pow 1), fixed in the kernel; the other 18 are 1 ulp (V8's pow against glibc's).
    const xs = FIXTURE.power.x.map(fromHex);
    const ys = FIXTURE.power.y.map(fromHex);
    const got = np.power(new Matrix(1, xs.length, Float64Array.from(xs)), new Matrix(1, ys.length, Float64Array.from(ys)));
    FIXTURE.power.numpy.map(fromHex).forEach((w, i) => {
      if (ulps(got.data[i], w) > 1) throw new Error(`np.power(${xs[i]}, ${ys[i]}) = ${w}, got ${got.data[i]}`);
    });
    // np.power(x, 2) with a scalar 2 is x*x in numpy; V8's pow(x, 2) is x*x too: exact.
    const sq = xs.slice(-30);
    expectSame(np.power(new Matrix(1, 30, Float64Array.from(sq)), 2), {
      shape: [1, 30],
      data: FIXTURE.power.square.map(fromHex),
    });
  });
});

// ---------------------------------------------------------------- dot

describe("dot", () => {
  /** The definition: out[i,j] = ((0 + a[i,0]·b[0,j]) + a[i,1]·b[1,j]) + …, p in order. */
  function naiveDot(a: Matrix, b: Matrix): Matrix {
    const out = new Matrix(a.nrows, b.ncols);
    for (let i = 0; i < a.nrows; i++) {
      for (let j = 0; j < b.ncols; j++) {
        let s = 0;
        for (let p = 0; p < a.ncols; p++) s += a.data[i * a.ncols + p] * b.data[p * b.ncols + j];
        out.data[i * b.ncols + j] = s;
      }
    }
    return out;
  }
  const dims = fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 7 }));

  it("equals the naive triple loop exactly, special values included", () => {
    fc.assert(
      fc.property(
        dims.chain(([m, k, n]) => fc.tuple(matrixOf(m, k), matrixOf(k, n))),
        ([a, b]) => {
          expectSame(np.dot(a, b), naiveDot(a, b));
        },
      ),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        dims.chain(([m, k, n]) => fc.tuple(matrixOf(m, k, finite), matrixOf(k, n, finite))),
        ([a, b]) => {
          expectSame(np.dot(a, b), naiveDot(a, b));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("writes into out= (not an input), and a number on either side scales", () => {
    const a = mat([[1, 2], [3, 4]]);
    const b = mat([[5], [6]]);
    const out = new Matrix(2, 1, Float64Array.of(99, 99));
    expect(np.dot(a, b, out)).toBe(out);
    expectSame(out, mat([[17], [39]]));
    expect(() => np.dot(a, a, a)).toThrowErrorMatchingInlineSnapshot(`[ValueError: dot: out must not be one of the inputs]`);
    expect(() => np.dot(a, b, new Matrix(1, 2))).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: dot: output array has shape (1,2), expected (2,1)]`,
    );
    expectSame(np.dot(a, 2), mat([[2, 4], [6, 8]]));
    expectSame(np.dot(-1, b), mat([[-5], [-6]]));
  });

  it("rejects unaligned shapes in numpy's words", () => {
    fc.assert(
      fc.property(dim, dim, dim, dim, (m, k1, k2, n) => {
        fc.pre(k1 !== k2);
        expect(() => np.dot(new Matrix(m, k1), new Matrix(k2, n))).toThrow(
          new ValueError(`shapes (${m},${k1}) and (${k2},${n}) not aligned: ${k1} (dim 1) != ${k2} (dim 0)`),
        );
      }),
    );
    expect(() => np.dot(new Matrix(2, 3), new Matrix(4, 1))).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: shapes (2,3) and (4,1) not aligned: 3 (dim 1) != 4 (dim 0)]`,
    );
  });
});

// ---------------------------------------------------------------- reductions

describe("sum, mean, nansum", () => {
  /** numpy's pairwise_sum (numpy/_core/src/umath/loops_utils.h.src), transcribed. */
  function pairwise(a: ArrayLike<number>, lo: number, n: number): number {
    if (n < 8) {
      let res = -0;
      for (let i = 0; i < n; i++) res += a[lo + i];
      return res;
    }
    if (n <= 128) {
      const r = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => a[lo + k]);
      let i = 8;
      for (; i < n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k] += a[lo + i + k];
      // numpy's grouping of the eight accumulators
      let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) res += a[lo + i];
      return res;
    }
    const n2 = Math.floor(n / 2) - (Math.floor(n / 2) % 8);
    return pairwise(a, lo, n2) + pairwise(a, lo + n2, n - n2);
  }
  /** np.sum as numpy 2.4.6 computes a C-contiguous 2-D float64 array (checked by the fixture). */
  const oracle = {
    all: (a: Matrix): number => 0 + pairwise(a.data, 0, a.size),
    axis1: (a: Matrix): number[] => Array.from({ length: a.nrows }, (_, i) => 0 + pairwise(a.data, i * a.ncols, a.ncols)),
    axis0: (a: Matrix): number[] =>
      Array.from({ length: a.ncols }, (_, j) => {
        let s = 0;
        for (let i = 0; i < a.nrows; i++) s += a.data[i * a.ncols + j];
        return s;
      }),
  };

  it("pairwiseSum is numpy's pairwise summation", () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 700 }), fc.nat(20), (xs, lo) => {
        const a = Float64Array.from([...Array<number>(lo).fill(NaN), ...xs]);
        expect(Object.is(np.pairwiseSum(a, lo, xs.length), pairwise(a, lo, xs.length))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  const shapes = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })),
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 100, max: 300 })),
    fc.tuple(fc.integer({ min: 100, max: 300 }), fc.integer({ min: 1, max: 3 })),
  );
  const summable = (v: fc.Arbitrary<number>) => shapes.chain(([r, c]) => matrixOf(r, c, v));

  it("sum with each axis/keepdims: the documented shapes and numpy's order", () => {
    fc.assert(
      fc.property(summable(fc.oneof(finite, dbl)), (a) => {
        const [r, c] = a.shape;
        expect(Object.is(np.sum(a), oracle.all(a))).toBe(true);
        expectSame(np.sum(a, { keepdims: true }) as Matrix, { shape: [1, 1], data: [oracle.all(a)] });
        expect(Object.is(np.sum(a, { axis: null }), oracle.all(a))).toBe(true);
        // axis 0: one value per column, (1, c) with or without keepdims
        expectSame(np.sum(a, { axis: 0 }), { shape: [1, c], data: oracle.axis0(a) });
        expectSame(np.sum(a, { axis: 0, keepdims: true }), { shape: [1, c], data: oracle.axis0(a) });
        // axis 1: one value per row, (r, 1) with keepdims, a (1, r) row without (numpy's 1-D)
        expectSame(np.sum(a, { axis: 1, keepdims: true }), { shape: [r, 1], data: oracle.axis1(a) });
        expectSame(np.sum(a, { axis: 1 }), { shape: [1, r], data: oracle.axis1(a) });
      }),
      { numRuns: 300 },
    );
  });

  it("mean is the sum divided by the count; nansum counts NaN as 0", () => {
    fc.assert(
      fc.property(summable(fc.oneof(finite, dbl)), (a) => {
        const [r, c] = a.shape;
        const div = (xs: number[], n: number): number[] => xs.map((x) => x / n);
        expect(Object.is(np.mean(a), oracle.all(a) / (r * c))).toBe(true);
        expectSame(np.mean(a, { keepdims: true }) as Matrix, { shape: [1, 1], data: [oracle.all(a) / (r * c)] });
        expectSame(np.mean(a, { axis: 0 }), { shape: [1, c], data: div(oracle.axis0(a), r) });
        expectSame(np.mean(a, { axis: 0, keepdims: true }), { shape: [1, c], data: div(oracle.axis0(a), r) });
        expectSame(np.mean(a, { axis: 1 }), { shape: [1, r], data: div(oracle.axis1(a), c) });
        expectSame(np.mean(a, { axis: 1, keepdims: true }), { shape: [r, 1], data: div(oracle.axis1(a), c) });

        const clean = new Matrix(r, c, a.data.map((x) => (Number.isNaN(x) ? 0 : x)));
        expect(Object.is(np.nansum(a), oracle.all(clean))).toBe(true);
        expectSame(np.nansum(a, { axis: 0 }), { shape: [1, c], data: oracle.axis0(clean) });
        expectSame(np.nansum(a, { axis: 1 }), { shape: [1, r], data: oracle.axis1(clean) });
        expectSame(np.nansum(a, { axis: 1, keepdims: true }), { shape: [r, 1], data: oracle.axis1(clean) });
        expectSame(np.nansum(a, { keepdims: true }) as Matrix, { shape: [1, 1], data: [oracle.all(clean)] });
      }),
      { numRuns: 300 },
    );
  });

  it("empty arrays: sums are 0, means NaN, as numpy", () => {
    expect(np.sum(new Matrix(0, 3))).toBe(0);
    expectSame(np.sum(new Matrix(0, 3), { axis: 0 }), { shape: [1, 3], data: [0, 0, 0] });
    expectSame(np.sum(new Matrix(0, 3), { axis: 1 }), { shape: [1, 0], data: [] });
    expectSame(np.sum(new Matrix(2, 0), { axis: 1, keepdims: true }), { shape: [2, 1], data: [0, 0] });
    expect(np.mean(new Matrix(2, 0))).toBeNaN();
    expect(Object.is(np.sum(mat([[-0, -0]])), 0)).toBe(true); // numpy: 0.0 + (-0.0 + -0.0) is 0.0
    expect(() => np.sum(new Matrix(1, 1), { axis: 2 as 0 })).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: sum: axis 2 is out of bounds for array of dimension 2]`,
    );
  });

  it("sum, mean (all, axis 0, axis 1) reproduce numpy 2.4.6 bit for bit", () => {
    for (const s of FIXTURE.sums) {
      const a = new Matrix(s.shape[0], s.shape[1], fromF64(s.data));
      const what = `${s.kind} ${s.shape.join("x")}`;
      expect(Object.is(np.sum(a), fromHex(s.sum)), `${what} sum`).toBe(true);
      expectSame(np.sum(a, { axis: 0 }), { shape: [1, s.shape[1]], data: fromF64(s.sum0) });
      expectSame(np.sum(a, { axis: 1 }), { shape: [1, s.shape[0]], data: fromF64(s.sum1) });
      expect(Object.is(np.mean(a), fromHex(s.mean)), `${what} mean`).toBe(true);
      expectSame(np.mean(a, { axis: 0 }), { shape: [1, s.shape[1]], data: fromF64(s.mean0) });
      expectSame(np.mean(a, { axis: 1, keepdims: true }), { shape: [s.shape[0], 1], data: fromF64(s.mean1) });
    }
  });

  it("nansum (all, axis 0, axis 1) reproduces numpy 2.4.6 bit for bit", () => {
    for (const n of FIXTURE.nansums) {
      const s = FIXTURE.sums[n.sums];
      const data = fromF64(s.data);
      for (const k of n.nanAt) data[k] = NaN;
      const a = new Matrix(s.shape[0], s.shape[1], data);
      expect(Object.is(np.nansum(a), fromHex(n.nansum))).toBe(true);
      expectSame(np.nansum(a, { axis: 0 }), { shape: [1, s.shape[1]], data: fromF64(n.nansum0) });
      expectSame(np.nansum(a, { axis: 1 }), { shape: [1, s.shape[0]], data: fromF64(n.nansum1) });
    }
  });
});

describe("max, min, norm", () => {
  it("max and min over all elements; NaN propagates; empty is numpy's error", () => {
    fc.assert(
      fc.property(anyMatrix(fc.oneof(finite, dbl)), (a) => {
        fc.pre(a.size > 0);
        const xs = Array.from(a.data);
        if (xs.some(Number.isNaN)) {
          expect(np.max(a)).toBeNaN();
          expect(np.min(a)).toBeNaN();
        } else {
          // == so that 0 and -0 count as equal here (their order is pinned below)
          expect(np.max(a) === Math.max(...xs)).toBe(true);
          expect(np.min(a) === Math.min(...xs)).toBe(true);
        }
      }),
    );
    // Of equal values numpy keeps the later one: max([-0., 0.]) is 0., max([0., -0.]) is -0.
    expect(Object.is(np.max(mat([[-0, 0]])), 0)).toBe(true);
    expect(Object.is(np.max(mat([[0, -0]])), -0)).toBe(true);
    expect(Object.is(np.min(mat([[0, -0]])), -0)).toBe(true);
    expect(() => np.max(new Matrix(0, 3))).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: zero-size array to reduction operation maximum which has no identity]`,
    );
    expect(() => np.min(new Matrix(2, 0))).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: zero-size array to reduction operation minimum which has no identity]`,
    );
  });

  it("np.linalg.norm is within 1e-15 relative of numpy's (BLAS ddot, not reproducible bit for bit)", () => {
    // Measured on the fixture: at most 1.9e-16 relative (a running sum of squares was 1.3e-15 off).
    for (const s of FIXTURE.sums) {
      const a = new Matrix(s.shape[0], s.shape[1], fromF64(s.data));
      const want = fromHex(s.norm);
      expect(Math.abs(np.norm(a) - want)).toBeLessThanOrEqual(1e-15 * want);
    }
    expect(np.norm(mat([[3, 4]]))).toBe(5);
    expect(np.norm(mat([[3], [-4]]))).toBe(5);
    expect(np.norm(-2)).toBe(2);
    expect(np.norm(new Matrix(0, 2))).toBe(0);
  });
});

// ---------------------------------------------------------------- joining, comparing

describe("concatenate", () => {
  it("stacks rows (axis 0) and columns (axis 1)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(dim, dim), { minLength: 1, maxLength: 4 }), dim, (shapes, common) => {
        let k = 0;
        const numbered = (r: number, c: number): Matrix =>
          new Matrix(r, c, Float64Array.from({ length: r * c }, () => k++));
        const vert = shapes.map(([r]) => numbered(r, common));
        expect(np.concatenate(vert).tolist()).toEqual(vert.flatMap((m) => m.tolist()));
        const horiz = shapes.map(([, c]) => numbered(common, c));
        const got = np.concatenate(horiz, { axis: 1 });
        expect(got.shape).toEqual([common, horiz.reduce((n, m) => n + m.ncols, 0)]);
        expect(got.tolist()).toEqual(Array.from({ length: common }, (_, i) => horiz.flatMap((m) => m.tolist()[i])));
      }),
    );
  });

  it("rejects mismatched dimensions in numpy's words", () => {
    expect(() => np.concatenate([new Matrix(2, 3), new Matrix(2, 4)])).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: all the input array dimensions except for the concatenation axis must match exactly, but along dimension 1, the array at index 0 has size 3 and the array at index 1 has size 4]`,
    );
    expect(() => np.concatenate([new Matrix(2, 3), new Matrix(3, 3)], { axis: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has size 2 and the array at index 1 has size 3]`,
    );
    expect(() => np.concatenate([])).toThrowError(ValueError);
  });
});

describe("isclose, allclose, arrayEqual", () => {
  /** numpy: (|a - b| <= atol + rtol·|b| and b finite) or a == b. */
  const close = (x: number, y: number, rtol: number, atol: number): number =>
    Number(x === y || (Math.abs(x - y) <= atol + rtol * Math.abs(y) && Number.isFinite(y)));

  it("isclose is numpy's formula with broadcasting; allclose is all of it", () => {
    const near = fc.oneof(dbl, fc.double({ min: -2, max: 2, noNaN: true }));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), (r, c) => {
        fc.assert(
          fc.property(matrixOf(r, c, near), matrixOf(1, c, near), (a, row) => {
            const want = a.tolist().map((rw) => rw.map((x, j) => close(x, row.data[j], 1e-5, 1e-8)));
            expect(np.isclose(a, row).tolist()).toEqual(want);
            expect(np.allclose(a, row)).toBe(want.every((rw) => rw.every((v) => v === 1)));
            const loose = a.tolist().map((rw) => rw.map((x, j) => close(x, row.data[j], 0.5, 0.1)));
            expect(np.isclose(a, row, 0.5, 0.1).tolist()).toEqual(loose);
          }),
          { numRuns: 5 },
        );
      }),
      { numRuns: 60 },
    );
    // inf is close to inf (numpy), but a finite number is not close to inf.
    expect(np.isclose(mat([[Infinity, 5, NaN, -Infinity]]), mat([[Infinity, Infinity, NaN, Infinity]])).tolist()).toEqual([[1, 0, 0, 0]]);
    expect(np.allclose(2, mat([[2, 2 + 1e-9]]))).toBe(true);
    expect(() => np.isclose(new Matrix(2, 3), new Matrix(3, 2))).toThrowError(ValueError);
  });

  it("arrayEqual needs equal shapes and values (NaN is not equal)", () => {
    expect(np.arrayEqual(mat([[1, 2]]), mat([[1, 2]]))).toBe(true);
    expect(np.arrayEqual(mat([[1, 2]]), mat([[1], [2]]))).toBe(false);
    expect(np.arrayEqual(mat([[NaN]]), mat([[NaN]]))).toBe(false);
    expect(np.arrayEqual(mat([[-0]]), mat([[0]]))).toBe(true);
  });
});
