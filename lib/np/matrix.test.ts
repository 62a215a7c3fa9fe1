/**
 * Matrix against oracles: naive definitions written here (broadcasting, slicing, gathers),
 * and numpy 2.4.6 itself through fixtures/numpy-compat/np-ops.json (special-value ufunc
 * results, repr). Values compare as doubles with Object.is (-0 ≠ +0, NaN = NaN) unless a
 * tolerance is written next to the check.
 */
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BinOp, broadcastShapes } from "./elementwise.ts";
import { IndexError, ValueError } from "./errors.ts";
import { formatMatrix, formatNumber, formatScientific } from "./format.ts";
import { Matrix, binary, type Operand } from "./matrix.ts";

// ---------------------------------------------------------------- helpers

const FIXTURE = JSON.parse(
  readFileSync(new URL("../../fixtures/numpy-compat/np-ops.json", import.meta.url), "utf8"),
) as {
  binary: Record<string, string[]>;
  reprs: { shape: [number, number]; data: string; repr: string }[];
};

const bits = new DataView(new ArrayBuffer(8));
/** A double from its 16 hex digits (big-endian IEEE-754, as the fixture stores them). */
function fromHex(h: string): number {
  bits.setBigUint64(0, BigInt(`0x${h}`));
  return bits.getFloat64(0);
}
/** Row-major little-endian float64 bytes in base64, as the fixture stores arrays. */
function fromF64(b64: string): Float64Array {
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
function expectSame(actual: Matrix, expected: Matrix): void {
  expect(actual.shape).toEqual(expected.shape);
  for (let i = 0; i < expected.size; i++) {
    if (!Object.is(actual.data[i], expected.data[i])) {
      const r = Math.floor(i / Math.max(1, expected.ncols));
      throw new Error(`element [${r}, ${i % expected.ncols}]: got ${actual.data[i]}, expected ${expected.data[i]}`);
    }
  }
}

// Doubles with the awkward ones well represented: NaN, ±Inf, -0, subnormals, equal pairs.
const dbl = fc.oneof(
  { weight: 4, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 0.5, 1e308, 5e-324, -1) },
);
const dim = fc.integer({ min: 0, max: 5 });
const matrixOf = (r: number, c: number, v: fc.Arbitrary<number> = dbl): fc.Arbitrary<Matrix> =>
  fc.array(v, { minLength: r * c, maxLength: r * c }).map((xs) => new Matrix(r, c, Float64Array.from(xs)));
const anyMatrix = fc.tuple(dim, dim).chain(([r, c]) => matrixOf(r, c));

/** The operand shapes that broadcast against (r, c): itself, a row, a column, 1×1, a scalar. */
type Kind = "full" | "row" | "col" | "one" | "scalar";
const KINDS: Kind[] = ["full", "row", "col", "one", "scalar"];
function operandOf(kind: Kind, r: number, c: number): fc.Arbitrary<Operand> {
  switch (kind) {
    case "full":
      return matrixOf(r, c);
    case "row":
      return matrixOf(1, c);
    case "col":
      return matrixOf(r, 1);
    case "one":
      return matrixOf(1, 1);
    case "scalar":
      return dbl;
  }
}
/** Two operands (not both scalars) that broadcast together, e.g. (r,1) + (1,c). */
const broadcastPair = fc
  .tuple(dim, dim, fc.constantFrom(...KINDS), fc.constantFrom(...KINDS))
  .filter(([, , ka, kb]) => !(ka === "scalar" && kb === "scalar"))
  .chain(([r, c, ka, kb]) => fc.tuple(operandOf(ka, r, c), operandOf(kb, r, c)));

/** The oracle of broadcasting: element (i, j) of an operand in a result of shape (r, c). */
function at(x: Operand, i: number, j: number): number {
  if (typeof x === "number") return x;
  return x.data[(x.nrows === 1 ? 0 : i) * x.ncols + (x.ncols === 1 ? 0 : j)];
}
function resultShape(a: Operand, b: Operand): [number, number] {
  const s = (x: Operand): [number, number] => (typeof x === "number" ? [1, 1] : [x.nrows, x.ncols]);
  const [ar, ac] = s(a);
  const [br, bc] = s(b);
  const pick = (x: number, y: number): number => (x === 1 ? y : x);
  if (typeof a === "number") return [br, bc];
  if (typeof b === "number") return [ar, ac];
  return [pick(ar, br), pick(ac, bc)];
}
function naive(f: (x: number, y: number) => number, a: Operand, b: Operand): Matrix {
  const [r, c] = resultShape(a, b);
  const out = new Matrix(r, c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out.data[i * c + j] = f(at(a, i, j), at(b, i, j));
  return out;
}

/**
 * The element-wise definitions, as numpy (C) computes them. maximum/minimum: NaN if either
 * is NaN, else the larger/smaller, and of two equal values (0 and -0) the second, which is
 * what numpy 2.4.6 returns (np.maximum(0., -0.) is -0.; checked against the fixture below).
 * power: C pow, where pow(1, y) = 1 and pow(-1, ±inf) = 1 even for NaN y.
 */
const ORACLE: Record<string, { op: BinOp; f: (x: number, y: number) => number; method?: keyof Matrix }> = {
  add: { op: BinOp.Add, f: (x, y) => x + y, method: "add" },
  subtract: { op: BinOp.Sub, f: (x, y) => x - y, method: "sub" },
  multiply: { op: BinOp.Mul, f: (x, y) => x * y, method: "mul" },
  divide: { op: BinOp.Div, f: (x, y) => x / y, method: "div" },
  power: {
    op: BinOp.Pow,
    f: (x, y) => (x === 1 ? 1 : x === -1 && Math.abs(y) === Infinity ? 1 : Math.pow(x, y)),
    method: "pow",
  },
  maximum: { op: BinOp.Max, f: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x > y ? x : y) },
  minimum: { op: BinOp.Min, f: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x < y ? x : y) },
  greater: { op: BinOp.Gt, f: (x, y) => Number(x > y), method: "gt" },
  greater_equal: { op: BinOp.Ge, f: (x, y) => Number(x >= y), method: "ge" },
  less: { op: BinOp.Lt, f: (x, y) => Number(x < y), method: "lt" },
  less_equal: { op: BinOp.Le, f: (x, y) => Number(x <= y), method: "le" },
  equal: { op: BinOp.Eq, f: (x, y) => Number(x === y), method: "eq" },
  not_equal: { op: BinOp.Ne, f: (x, y) => Number(x !== y), method: "ne" },
};

// ---------------------------------------------------------------- element-wise

describe("element-wise ops with broadcasting", () => {
  for (const [name, { op, f, method }] of Object.entries(ORACLE)) {
    it(`${name} equals the naive definition for every broadcasting combination`, () => {
      fc.assert(
        fc.property(broadcastPair, ([a, b]) => {
          const expected = naive(f, a, b);
          expectSame(binary(op, a, b), expected);
          if (method && a instanceof Matrix) {
            const m = a[method] as (o: Operand) => Matrix;
            expectSame(m.call(a, b), expected);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it("covers a column against a row: (r,1) op (1,c) gives (r,c)", () => {
    const col = mat([[1], [2], [3]]);
    const row = mat([[10, 20]]);
    expectSame(col.add(row), mat([[11, 21], [12, 22], [13, 23]]));
    expectSame(row.sub(col), mat([[9, 19], [8, 18], [7, 17]]));
    expect(binary(BinOp.Add, new Matrix(0, 1), new Matrix(1, 4)).shape).toEqual([0, 4]);
  });

  it("matches numpy bit for bit on every pair of special values (power within 1 ulp)", () => {
    const xs = FIXTURE.binary.x.map(fromHex);
    const ys = FIXTURE.binary.y.map(fromHex);
    const a = new Matrix(1, xs.length, Float64Array.from(xs));
    const b = new Matrix(1, ys.length, Float64Array.from(ys));
    for (const [name, { op }] of Object.entries(ORACLE)) {
      const got = binary(op, a, b);
      const want = FIXTURE.binary[name].map(fromHex);
      want.forEach((w, i) => {
        const d = ulps(got.data[i], w);
        if (name === "power" ? d > 1 : !Object.is(got.data[i], w)) {
          throw new Error(`np.${name}(${xs[i]}, ${ys[i]}) = ${w}, got ${got.data[i]}`);
        }
      });
    }
  });

  it("neg is -x (the sign of zero flips)", () => {
    fc.assert(
      fc.property(anyMatrix, (a) => {
        expectSame(a.neg(), naive((x) => -x, a, 0));
      }),
    );
  });

  it("rejects shapes that do not broadcast, in numpy's words", () => {
    const bad = fc
      .tuple(dim, dim, dim, dim)
      .filter(([r1, c1, r2, c2]) => (r1 !== r2 && r1 !== 1 && r2 !== 1) || (c1 !== c2 && c1 !== 1 && c2 !== 1));
    fc.assert(
      fc.property(bad, fc.constantFrom(...Object.keys(ORACLE)), ([r1, c1, r2, c2], name) => {
        expect(() => binary(ORACLE[name].op, new Matrix(r1, c1), new Matrix(r2, c2))).toThrow(
          new ValueError(`${name}: operands could not be broadcast together with shapes (${r1},${c1}) (${r2},${c2})`),
        );
      }),
    );
    expect(() => mat([[1, 2, 3], [4, 5, 6]]).add(new Matrix(3, 2))).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: add: operands could not be broadcast together with shapes (2,3) (3,2)]`,
    );
    expect(() => new Matrix(2, 3).mul(new Matrix(2, 2))).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: multiply: operands could not be broadcast together with shapes (2,3) (2,2)]`,
    );
    expect(() => broadcastShapes("subtract", [4, 1], [3, 1])).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: subtract: operands could not be broadcast together with shapes (4,1) (3,1)]`,
    );
    expect(() => new Matrix(2, 3).gt(new Matrix(1, 2))).toThrowError(ValueError);
  });

  it("needs a Matrix on at least one side", () => {
    expect(() => binary(BinOp.Add, 1, 2)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: add: at least one operand must be a Matrix (use plain arithmetic for numbers)]`,
    );
    // A missing operand fails as JavaScript says (students see this message in feedback).
    const z = mat([[1, 2]]);
    expect(() => z.add(undefined as unknown as Matrix)).toThrow("Cannot read properties of undefined (reading 'shape')");
    expect(() => binary(BinOp.Mul, undefined as unknown as Matrix, z)).toThrow("Cannot read properties of undefined (reading 'shape')");
  });

  it("writes into out=, which may alias an input of the result's shape", () => {
    fc.assert(
      fc.property(broadcastPair, fc.constantFrom(...Object.values(ORACLE)), ([a, b], { op }) => {
        const fresh = binary(op, a, b);
        // out = a fresh matrix of the right shape
        const out = new Matrix(fresh.nrows, fresh.ncols);
        expect(binary(op, a, b, out)).toBe(out);
        expectSame(out, fresh);
        // out = an input (in place), when that input has the result's shape
        for (const side of [a, b]) {
          if (!(side instanceof Matrix) || side.nrows !== fresh.nrows || side.ncols !== fresh.ncols) continue;
          const a2 = a === side ? side.copy() : a;
          const b2 = b === side ? side.copy() : b;
          const target = (a === side ? a2 : b2) as Matrix;
          expect(binary(op, a2, b2, target)).toBe(target);
          expectSame(target, fresh);
        }
      }),
      { numRuns: 500 },
    );
    const w = mat([[1, 2], [3, 4]]);
    w.sub(mat([[0.5, 1]]), w); // W = W - dW (row broadcast), in place
    expectSame(w, mat([[0.5, 1], [2.5, 3]]));
  });

  it("an out= that overlaps an operand in part gives what the element-by-element loop gives", () => {
    // Views of one buffer: out, and one operand (a full a, or a b that is a row, a column,
    // 1×1 or full) placed `shift` elements away from out; the other operand separate. The
    // definition reads a and b at (i, j) and writes out at (i, j), in order.
    const shapeOf = (k: Kind, r: number, c: number): [number, number] =>
      k === "row" ? [1, c] : k === "col" ? [r, 1] : k === "one" ? [1, 1] : [r, c];
    const cases = fc
      .tuple(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: -8, max: 8 }),
        fc.constantFrom<Kind>("full", "row", "col", "one"),
        fc.boolean(),
      )
      .chain(([r, c, shift, kb, sharedIsA]) =>
        fc.tuple(
          fc.constant({ r, c, shift, kb, sharedIsA }),
          matrixOf(r, c),
          operandOf(kb, r, c) as fc.Arbitrary<Matrix>,
          matrixOf(1, r * c + 16),
          fc.constantFrom(...Object.values(ORACLE)),
        ),
      );
    fc.assert(
      fc.property(cases, ([{ r, c, shift, kb, sharedIsA }, a0, b0, buf, { op, f }]) => {
        const base = 8;
        const [sr, sc] = sharedIsA ? [r, c] : shapeOf(kb, r, c);
        const run = (d: Float64Array, sequential: boolean): void => {
          const shared = new Matrix(sr, sc, d.subarray(base + shift, base + shift + sr * sc));
          const a = sharedIsA ? shared : a0;
          const b = sharedIsA ? b0 : shared;
          const out = new Matrix(r, c, d.subarray(base, base + r * c));
          if (!sequential) {
            expect(binary(op, a, b, out)).toBe(out);
            return;
          }
          for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out.data[i * c + j] = f(at(a, i, j), at(b, i, j));
        };
        const expected = buf.data.slice();
        run(expected, true);
        const got = buf.data.slice();
        run(got, false);
        expectSame(new Matrix(1, got.length, got), new Matrix(1, expected.length, expected));
      }),
      { numRuns: 1000 },
    );
  });

  it("long rows and columns go through the same loops (broadcast in every direction)", () => {
    const big = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 70 }), fc.constantFrom(...KINDS), fc.constantFrom(...KINDS))
      .filter(([, , ka, kb]) => !(ka === "scalar" && kb === "scalar"))
      .chain(([r, c, ka, kb]) => fc.tuple(operandOf(ka, r, c), operandOf(kb, r, c), fc.constantFrom(...Object.values(ORACLE))));
    fc.assert(
      fc.property(big, ([a, b, { op, f }]) => {
        expectSame(binary(op, a, b), naive(f, a, b));
      }),
      { numRuns: 300 },
    );
  });

  it("rejects an out= of the wrong shape, in numpy's words", () => {
    expect(() => new Matrix(2, 3).add(1, new Matrix(2, 1))).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: add: non-broadcastable output operand with shape (2,1) doesn't match the broadcast shape (2,3)]`,
    );
  });
});

// ---------------------------------------------------------------- structure

describe("construction, shape and element access", () => {
  it("constructs zeros or wraps data of the right length", () => {
    const m = new Matrix(2, 3);
    expect(m.shape).toEqual([2, 3]);
    expect(m.size).toBe(6);
    expect(Array.from(m.data)).toEqual([0, 0, 0, 0, 0, 0]);
    const d = new Float64Array(6);
    expect(new Matrix(3, 2, d).data).toBe(d);
    expect(() => new Matrix(2, 2, new Float64Array(3))).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: cannot reshape array of size 3 into shape (2,2)]`,
    );
    expect(() => new Matrix(-1, 2)).toThrowError(ValueError);
    expect(() => new Matrix(1.5, 2)).toThrowError(ValueError);
  });

  it("shape is a fresh array", () => {
    const m = new Matrix(2, 3);
    m.shape[0] = 7;
    expect(m.shape).toEqual([2, 3]);
  });

  it("T is the transpose; T twice is the identity", () => {
    fc.assert(
      fc.property(anyMatrix, (a) => {
        const t = a.T;
        expect(t.shape).toEqual([a.ncols, a.nrows]);
        for (let i = 0; i < a.nrows; i++) {
          for (let j = 0; j < a.ncols; j++) expect(Object.is(t.data[j * a.nrows + i], a.data[i * a.ncols + j])).toBe(true);
        }
        expectSame(t.T, a);
        expect(t.T.data).not.toBe(a.data);
      }),
    );
  });

  it("get/set with negative indices; out of bounds is numpy's IndexError", () => {
    const m = mat([[1, 2, 3], [4, 5, 6]]);
    expect(m.get(1, 2)).toBe(6);
    expect(m.get(-1, -3)).toBe(4);
    m.set(-2, -1, 9);
    expect(m.tolist()).toEqual([[1, 2, 9], [4, 5, 6]]);
    expect(() => m.get(2, 0)).toThrowErrorMatchingInlineSnapshot(`[IndexError: index 2 is out of bounds for axis 0 with size 2]`);
    expect(() => m.get(0, -4)).toThrowErrorMatchingInlineSnapshot(`[IndexError: index -4 is out of bounds for axis 1 with size 3]`);
    expect(() => m.set(0, 3, 1)).toThrowError(IndexError);
    expect(() => m.get(0, 3)).toThrowError(RangeError);
    expect(() => m.get(0.5, 0)).toThrowError(TypeError);
  });

  it("item() needs exactly one element", () => {
    expect(mat([[7.5]]).item()).toBe(7.5);
    expect(() => new Matrix(1, 2).item()).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: can only convert an array of size 1 to a number, got shape (1,2)]`,
    );
  });

  it("tolist gives rows; copy is independent", () => {
    fc.assert(
      fc.property(anyMatrix, (a) => {
        const l = a.tolist();
        expect(l.length).toBe(a.nrows);
        l.forEach((row, i) => {
          expect(row.length).toBe(a.ncols);
          row.forEach((v, j) => expect(Object.is(v, a.data[i * a.ncols + j])).toBe(true));
        });
        const c = a.copy();
        expectSame(c, a);
        if (a.size > 0) {
          c.data[0] = 12345;
          expect(a.data[0]).not.toBe(12345);
        }
      }),
    );
  });

  it("reshape keeps row-major order, infers one negative dimension, and copies", () => {
    fc.assert(
      fc.property(dim, dim, fc.integer({ min: 1, max: 6 }), (r, c, k) => {
        const a = new Matrix(r, c, Float64Array.from({ length: r * c }, (_, i) => i));
        const n = r * c;
        if (n % k === 0) {
          const b = a.reshape(k, -1);
          expect(b.shape).toEqual([k, n / k]);
          expect(Array.from(b.data)).toEqual(Array.from(a.data));
          expect(a.reshape(-1, k).shape).toEqual([n / k, k]);
          expect(b.data).not.toBe(a.data);
        } else {
          expect(() => a.reshape(k, -1)).toThrow(new ValueError(`cannot reshape array of size ${n} into shape (${k},newaxis)`));
          expect(() => a.reshape(-1, k)).toThrow(new ValueError(`cannot reshape array of size ${n} into shape (${k})`));
        }
        expect(a.reshape(1, n).shape).toEqual([1, n]);
        expect(a.reshape(n, 1).shape).toEqual([n, 1]);
      }),
    );
    const a = new Matrix(2, 3);
    expect(a.reshape(-2, 3).shape).toEqual([2, 3]); // numpy takes any negative as unknown
    expect(() => a.reshape(4, 2)).toThrowErrorMatchingInlineSnapshot(`[ValueError: cannot reshape array of size 6 into shape (4,2)]`);
    expect(() => a.reshape(4, -1)).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: cannot reshape array of size 6 into shape (4,newaxis)]`,
    );
    expect(() => a.reshape(-1, 4)).toThrowErrorMatchingInlineSnapshot(`[ValueError: cannot reshape array of size 6 into shape (4)]`);
    expect(() => a.reshape(-1, -1)).toThrowErrorMatchingInlineSnapshot(`[ValueError: can only specify one unknown dimension]`);
    expect(() => new Matrix(0, 3).reshape(-1, 0)).toThrowErrorMatchingInlineSnapshot(
      `[ValueError: cannot reshape array of size 0 into shape (0)]`,
    );
    expect(() => a.reshape(2.5, 2)).toThrowError(TypeError);
  });
});

describe("slicing and gathers", () => {
  // Python's a[from:to] over range(n) is exactly JavaScript's Array.prototype.slice(from, to).
  const pySlice = (n: number, from: number, to?: number): number[] =>
    Array.from({ length: n }, (_, i) => i).slice(from, to);
  const bound = fc.integer({ min: -8, max: 8 });
  const numbered = fc.tuple(dim, dim).map(([r, c]) => new Matrix(r, c, Float64Array.from({ length: r * c }, (_, i) => i)));

  it("rows(from, to) is a[from:to, :] with Python clamping", () => {
    fc.assert(
      fc.property(numbered, bound, fc.option(bound, { nil: undefined }), (a, from, to) => {
        const idx = pySlice(a.nrows, from, to);
        const got = a.rows(from, to);
        expect(got.shape).toEqual([idx.length, a.ncols]);
        expect(got.tolist()).toEqual(idx.map((i) => a.tolist()[i]));
      }),
    );
  });

  it("cols(from, to) is a[:, from:to] with Python clamping", () => {
    fc.assert(
      fc.property(numbered, bound, fc.option(bound, { nil: undefined }), (a, from, to) => {
        const idx = pySlice(a.ncols, from, to);
        const got = a.cols(from, to);
        expect(got.shape).toEqual([a.nrows, idx.length]);
        expect(got.tolist()).toEqual(a.tolist().map((row) => idx.map((j) => row[j])));
      }),
    );
    const X = new Matrix(2, 150, Float64Array.from({ length: 300 }, (_, i) => i));
    expect(X.cols(2 * 64, 3 * 64).shape).toEqual([2, 22]); // the last mini-batch, X[:, k*64:(k+1)*64]
    expect(() => X.cols(0.5, 2)).toThrowError(TypeError);
  });

  it("row(i) and col(j) are (1, c) and (r, 1), negative indices too", () => {
    const a = mat([[1, 2, 3], [4, 5, 6]]);
    expectSame(a.row(-1), mat([[4, 5, 6]]));
    expectSame(a.col(1), mat([[2], [5]]));
    expectSame(a.col(-1), mat([[3], [6]]));
    expect(() => a.row(2)).toThrowError(IndexError);
    expect(() => a.col(3)).toThrowErrorMatchingInlineSnapshot(`[IndexError: index 3 is out of bounds for axis 1 with size 3]`);
  });

  it("take(idx, {axis: 1}) is the column gather a[:, idx], axis 0 the row gather", () => {
    // Valid indices along an axis of length n: -n .. n-1 (none when n is 0).
    const indices = (n: number): fc.Arbitrary<number[]> =>
      n === 0 ? fc.constant([]) : fc.array(fc.integer({ min: -n, max: n - 1 }), { maxLength: 8 });
    const withIdx = numbered.chain((a) => fc.tuple(fc.constant(a), indices(a.ncols), indices(a.nrows)));
    fc.assert(
      fc.property(withIdx, ([a, cidx, ridx]) => {
        const norm = (k: number, n: number): number => (k < 0 ? k + n : k);
        const rows = a.tolist();
        const byCols = a.take(cidx, { axis: 1 });
        expect(byCols.shape).toEqual([a.nrows, cidx.length]);
        expect(byCols.tolist()).toEqual(rows.map((row) => cidx.map((j) => row[norm(j, a.ncols)])));
        expectSame(a.take(cidx), byCols); // axis 1 is the default
        // the same as gathering columns one by one
        if (cidx.length > 0 && a.nrows > 0) {
          const cols = cidx.map((j) => a.col(j).tolist().map((r) => r[0]));
          expect(byCols.T.tolist()).toEqual(cols);
        }
        const byRows = a.take(ridx, { axis: 0 });
        expect(byRows.shape).toEqual([ridx.length, a.ncols]);
        expect(byRows.tolist()).toEqual(ridx.map((i) => rows[norm(i, a.nrows)]));
      }),
    );
  });

  it("take with an index out of range throws numpy's IndexError", () => {
    fc.assert(
      fc.property(numbered, fc.integer({ min: 0, max: 3 }), fc.boolean(), (a, extra, neg) => {
        const j = neg ? -a.ncols - 1 - extra : a.ncols + extra;
        expect(() => a.take([0, j].slice(a.ncols > 0 ? 0 : 1), { axis: 1 })).toThrow(
          new IndexError(`index ${j} is out of bounds for axis 1 with size ${a.ncols}`),
        );
        const i = neg ? -a.nrows - 1 - extra : a.nrows + extra;
        expect(() => a.take([i], { axis: 0 })).toThrow(new IndexError(`index ${i} is out of bounds for axis 0 with size ${a.nrows}`));
      }),
    );
    expect(() => mat([[1, 2, 3], [4, 5, 6]]).take([0, 5], { axis: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[IndexError: index 5 is out of bounds for axis 1 with size 3]`,
    );
    expect(() => mat([[1, 2, 3]]).take([1.5])).toThrowError(TypeError);
  });
});

// ---------------------------------------------------------------- printing

describe("printing like numpy", () => {
  it("reproduces numpy's repr() of every fixture array", () => {
    expect(FIXTURE.reprs.length).toBeGreaterThan(70);
    for (const { shape, data, repr } of FIXTURE.reprs) {
      expect(new Matrix(shape[0], shape[1], fromF64(data)).toString()).toBe(repr);
    }
  });

  it("prints the common cases", () => {
    expect(mat([[1.5, -2]]).toString()).toMatchInlineSnapshot(`"array([[ 1.5, -2. ]])"`);
    expect(mat([[1, 2], [3, 4]]).toString()).toMatchInlineSnapshot(`
      "array([[1., 2.],
             [3., 4.]])"
    `);
    expect(mat([[1 / 3, 0.1 + 0.2, -0]]).toString()).toMatchInlineSnapshot(`"array([[ 0.33333333,  0.3       , -0.        ]])"`);
    expect(mat([[1, 2000]]).toString()).toMatchInlineSnapshot(`"array([[1.e+00, 2.e+03]])"`);
    expect(mat([[1.5e-5, 2, NaN, -Infinity]]).toString()).toMatchInlineSnapshot(`"array([[1.5e-05, 2.0e+00,     nan,    -inf]])"`);
    expect(mat([[1e100, 1]]).toString()).toMatchInlineSnapshot(`"array([[1.e+100, 1.e+000]])"`);
    expect(new Matrix(2, 0).toString()).toMatchInlineSnapshot(`"array([], shape=(2, 0), dtype=float64)"`);
    expect(inspect(mat([[1]]))).toBe("array([[1.]])");
    expect(formatMatrix(mat([[0.5]]))).toBe("array([[0.5]])");
  });

  it("wraps long rows at 75 columns and summarizes more than 1000 elements", () => {
    const wide = new Matrix(1, 12, Float64Array.from({ length: 12 }, (_, i) => i / 7));
    expect(wide.toString()).toMatchInlineSnapshot(`
      "array([[0.        , 0.14285714, 0.28571429, 0.42857143, 0.57142857,
              0.71428571, 0.85714286, 1.        , 1.14285714, 1.28571429,
              1.42857143, 1.57142857]])"
    `);
    const big = new Matrix(1, 1001, Float64Array.from({ length: 1001 }, (_, i) => i));
    expect(big.toString()).toMatchInlineSnapshot(`"array([[   0.,    1.,    2., ...,  998.,  999., 1000.]], shape=(1, 1001))"`);
    // A million elements print without spreading them into Math.max (no stack overflow).
    expect(new Matrix(1000, 1000).toString()).toContain("shape=(1000, 1000)");
  });

  it("rounds at 8 digits half to even on exact ties, as numpy's Dragon4", () => {
    expect(formatNumber(2 ** -9)).toBe("0.00195312"); // 0.001953125: toFixed(8) would give ...313
    expect(formatNumber(3 * 2 ** -9)).toBe("0.00585938");
    expect(formatNumber(-(2 ** -9))).toBe("-0.00195312");
    expect(formatScientific(1234567885)).toBe("1.23456788e+09");
    expect(formatScientific(1234567875)).toBe("1.23456788e+09");
    expect(formatNumber(0.1)).toBe("0.1");
    expect(formatNumber(1)).toBe("1.");
    expect(formatNumber(NaN)).toBe("nan");
    expect(formatScientific(5e-324, 3, 3, 3)).toBe("4.941e-324"); // more digits are exact digits, not zeros
  });
});
