/**
 * numpy functions over Matrix: construction, element-wise maths, dot, reductions.
 * Each mirrors the numpy call named in its doc comment.
 */
import { matmul } from "./kernels.ts";
import { pairwiseSum } from "./pairwise.ts";
import { BinOp, broadcastShapes } from "./elementwise.ts";
import { ValueError, fmtShape, type Shape } from "./errors.ts";
import { Matrix, binary, type Operand } from "./matrix.ts";

export type Nested = number | number[] | number[][];
export type ShapeLike = number | readonly [number, number];

function toShape(name: string, s: ShapeLike): Shape {
  const shape: Shape = typeof s === "number" ? [1, s] : [s[0], s[1]];
  if (!Number.isInteger(shape[0]) || !Number.isInteger(shape[1]) || shape[0] < 0 || shape[1] < 0) {
    throw new ValueError(`${name}: shape must be two non-negative integers, got ${JSON.stringify(s)}`);
  }
  return shape;
}

// ---------------------------------------------------------------- construction

/**
 * `np.array(nested)`: a number[][] gives (rows, cols); a number[] gives a (1, n) row
 * (how a numpy 1-D array broadcasts); a number gives (1, 1). Ragged rows are numpy's
 * ValueError ("inhomogeneous shape"); deeper nesting is an error too (2-D only).
 */
export function array(nested: Nested | Matrix): Matrix {
  if (nested instanceof Matrix) return nested.copy();
  if (typeof nested === "number") return new Matrix(1, 1, Float64Array.of(nested));
  if (!Array.isArray(nested)) throw new TypeError(`array: expected numbers or arrays of numbers, got ${typeof nested}`);
  const n = nested.length;
  if (n === 0) return new Matrix(1, 0);
  const nestedRows = Array.isArray(nested[0]);
  for (let i = 1; i < n; i++) {
    const row: unknown = nested[i];
    if (Array.isArray(row) !== nestedRows || (nestedRows && (row as unknown[]).length !== (nested[0] as unknown[]).length)) {
      throw inhomogeneous(1, `(${n},)`);
    }
  }
  if (!nestedRows) {
    const out = new Matrix(1, n);
    for (let j = 0; j < n; j++) out.data[j] = checkNumber(nested[j], n, 0);
    return out;
  }
  const rows = nested as number[][];
  const c = rows[0].length;
  const out = new Matrix(n, c);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    for (let j = 0; j < c; j++) out.data[i * c + j] = checkNumber(row[j], n, c);
  }
  return out;
}

/** numpy's error for ragged nested lists. */
const inhomogeneous = (dims: number, shape: string): ValueError =>
  new ValueError(
    `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${dims} dimensions. The detected shape was ${shape} + inhomogeneous part.`,
  );

function checkNumber(v: unknown, rows: number, cols: number): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (Array.isArray(v)) {
    throw new ValueError(`array: only 1-D and 2-D arrays are supported, got a list inside a row of a (${rows}, ${cols}) array`);
  }
  throw new TypeError(`array: expected a number, got ${typeof v} (${String(v)})`);
}

/** `np.zeros((r, c))`; a bare number n gives (1, n). */
export const zeros = (shape: ShapeLike): Matrix => new Matrix(...toShape("zeros", shape));
/** `np.ones((r, c))`. */
export const ones = (shape: ShapeLike): Matrix => full(shape, 1);
/** `np.full((r, c), value)`. */
export function full(shape: ShapeLike, value: number): Matrix {
  const m = new Matrix(...toShape("full", shape));
  m.data.fill(value);
  return m;
}
/** `np.zeros_like(a)`. */
export const zerosLike = (a: Matrix): Matrix => new Matrix(a.nrows, a.ncols);
/** `np.ones_like(a)`. */
export const onesLike = (a: Matrix): Matrix => full(a.shape, 1);
/**
 * `np.arange(stop)` or `np.arange(start, stop, step)` as a (1, n) row. Values as numpy
 * fills them: start, then start + i·delta with delta = (start + step) - start, so
 * `arange(1, 2, 0.1)` ends in 1.9000000000000008 as numpy's does.
 */
export function arange(start: number, stop?: number, step = 1): Matrix {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0) throw new ValueError("arange: step must not be zero");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const m = new Matrix(1, n);
  const d = m.data;
  const delta = start + step - start;
  if (n > 0) d[0] = start;
  for (let i = 1; i < n; i++) d[i] = start + i * delta;
  return m;
}
/** `np.eye(n)`. */
export function eye(n: number): Matrix {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

// ---------------------------------------------------------------- element-wise

/** `np.add(a, b)` with broadcasting. */
export const add = (a: Operand, b: Operand, out?: Matrix): Matrix => binary(BinOp.Add, a, b, out);
/** `np.subtract(a, b)`. */
export const subtract = (a: Operand, b: Operand, out?: Matrix): Matrix => binary(BinOp.Sub, a, b, out);
/** `np.multiply(a, b)` (element-wise, not the matrix product). */
export const multiply = (a: Operand, b: Operand, out?: Matrix): Matrix => binary(BinOp.Mul, a, b, out);
/** `np.divide(a, b)`. */
export const divide = (a: Operand, b: Operand, out?: Matrix): Matrix => binary(BinOp.Div, a, b, out);
/** `np.maximum(a, b)`: element-wise max, NaN propagates. */
export const maximum = (a: Operand, b: Operand, out?: Matrix): Matrix => binary(BinOp.Max, a, b, out);
/** `np.minimum(a, b)`. */
export const minimum = (a: Operand, b: Operand, out?: Matrix): Matrix => binary(BinOp.Min, a, b, out);

/** `np.power(a, p)`. */
export function power(a: number, p: number): number;
export function power(a: Operand, p: Operand, out?: Matrix): Matrix;
export function power(a: Operand, p: Operand, out?: Matrix): Matrix | number {
  if (typeof a === "number" && typeof p === "number") return a ** p;
  return binary(BinOp.Pow, a, p, out);
}

/**
 * Element-wise functions that take a number or a Matrix, like numpy ufuncs on scalars and
 * arrays; `out` may be x itself. One plain loop per function: a shared loop calling
 * `f(x[i])` was 1.7× slower for exp and 4× for square (1M elements, Node 20), the
 * indirect call not being inlined once several functions go through it.
 */
type UnaryFn = {
  (x: number): number;
  (x: Matrix, out?: Matrix): Matrix;
};

/** The output of an element-wise function of x: `out` when its shape matches, else a new matrix. */
function unaryOut(name: string, x: Matrix, out?: Matrix): Matrix {
  if (!(x instanceof Matrix)) throw new TypeError(`${name}: expected a number or a Matrix, got ${typeof x}`);
  if (out === undefined) return new Matrix(x.nrows, x.ncols);
  if (out.nrows !== x.nrows || out.ncols !== x.ncols) {
    throw new ValueError(`${name}: output shape ${fmtShape(out.shape)} does not match input shape ${fmtShape(x.shape)}`);
  }
  return out;
}

/** `np.exp(x)` (V8's exp; within 1 ulp of numpy's, see ops.test.ts). */
export const exp = ((x: Operand, out?: Matrix): Operand => {
  if (typeof x === "number") return Math.exp(x);
  const o = unaryOut("exp", x, out);
  const xd = x.data;
  const od = o.data;
  for (let i = 0; i < xd.length; i++) od[i] = Math.exp(xd[i]);
  return o;
}) as UnaryFn;

/** `np.log(x)` (natural log; log(0) = -inf, log(<0) = nan, as numpy with warnings). */
export const log = ((x: Operand, out?: Matrix): Operand => {
  if (typeof x === "number") return Math.log(x);
  const o = unaryOut("log", x, out);
  const xd = x.data;
  const od = o.data;
  for (let i = 0; i < xd.length; i++) od[i] = Math.log(xd[i]);
  return o;
}) as UnaryFn;

/** `np.sqrt(x)` (correctly rounded, as numpy's). */
export const sqrt = ((x: Operand, out?: Matrix): Operand => {
  if (typeof x === "number") return Math.sqrt(x);
  const o = unaryOut("sqrt", x, out);
  const xd = x.data;
  const od = o.data;
  for (let i = 0; i < xd.length; i++) od[i] = Math.sqrt(xd[i]);
  return o;
}) as UnaryFn;

/** `np.square(x)` = x*x. */
export const square = ((x: Operand, out?: Matrix): Operand => {
  if (typeof x === "number") return x * x;
  const o = unaryOut("square", x, out);
  const xd = x.data;
  const od = o.data;
  for (let i = 0; i < xd.length; i++) {
    const v = xd[i];
    od[i] = v * v;
  }
  return o;
}) as UnaryFn;

/** `np.abs(x)`. */
export const abs = ((x: Operand, out?: Matrix): Operand => {
  if (typeof x === "number") return Math.abs(x);
  const o = unaryOut("abs", x, out);
  const xd = x.data;
  const od = o.data;
  for (let i = 0; i < xd.length; i++) od[i] = Math.abs(xd[i]);
  return o;
}) as UnaryFn;

/** `np.tanh(x)` (V8's tanh; within 2 ulp of numpy's, see ops.test.ts). */
export const tanh = ((x: Operand, out?: Matrix): Operand => {
  if (typeof x === "number") return Math.tanh(x);
  const o = unaryOut("tanh", x, out);
  const xd = x.data;
  const od = o.data;
  for (let i = 0; i < xd.length; i++) od[i] = Math.tanh(xd[i]);
  return o;
}) as UnaryFn;

/** `np.negative(x)`. */
export const negative = ((x: Operand, out?: Matrix): Operand => {
  if (typeof x === "number") return -x;
  const o = unaryOut("negative", x, out);
  const xd = x.data;
  const od = o.data;
  for (let i = 0; i < xd.length; i++) od[i] = -xd[i];
  return o;
}) as UnaryFn;

/** `np.floor(x)`. */
export const floor = ((x: Operand, out?: Matrix): Operand => {
  if (typeof x === "number") return Math.floor(x);
  const o = unaryOut("floor", x, out);
  const xd = x.data;
  const od = o.data;
  for (let i = 0; i < xd.length; i++) od[i] = Math.floor(xd[i]);
  return o;
}) as UnaryFn;

/** `np.sign(x)`: -1, 0 or 1 (0 for -0 too, as numpy), NaN for NaN. */
export const sign = ((x: Operand, out?: Matrix): Operand => {
  if (typeof x === "number") return x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : x;
  const o = unaryOut("sign", x, out);
  const xd = x.data;
  const od = o.data;
  for (let i = 0; i < xd.length; i++) {
    const v = xd[i];
    od[i] = v > 0 ? 1 : v < 0 ? -1 : v === 0 ? 0 : v;
  }
  return o;
}) as UnaryFn;

/** `np.isnan(x)` as 0/1. */
export const isnan = ((x: Operand, out?: Matrix): Operand => {
  if (typeof x === "number") return x !== x ? 1 : 0;
  const o = unaryOut("isnan", x, out);
  const xd = x.data;
  const od = o.data;
  for (let i = 0; i < xd.length; i++) od[i] = xd[i] !== xd[i] ? 1 : 0;
  return o;
}) as UnaryFn;

// ---------------------------------------------------------------- products

/**
 * `np.dot(a, b)`: the matrix product (m,k)·(k,n) → (m,n). A number on either side
 * scales the other, as numpy does. Shape errors read like numpy's.
 */
export function dot(a: Operand, b: Operand, out?: Matrix): Matrix {
  if (typeof a === "number" || typeof b === "number") return binary(BinOp.Mul, a, b, out);
  if (a.ncols !== b.nrows) {
    throw new ValueError(
      `shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)} not aligned: ${a.ncols} (dim 1) != ${b.nrows} (dim 0)`,
    );
  }
  const o = out ?? new Matrix(a.nrows, b.ncols);
  if (o.nrows !== a.nrows || o.ncols !== b.ncols) {
    throw new ValueError(`dot: output array has shape ${fmtShape(o.shape)}, expected (${a.nrows},${b.ncols})`);
  }
  if (o.data === a.data || o.data === b.data) throw new ValueError("dot: out must not be one of the inputs");
  // WebAssembly SIMD kernel (lib/np/kernels.ts); each element is summed over p in order.
  matmul(a.data, b.data, o.data, a.nrows, a.ncols, b.ncols);
  return o;
}


// ---------------------------------------------------------------- reductions

export interface ReduceOpts {
  /** 0 sums down the columns (one value per column), 1 across the rows (one value per row). */
  axis?: 0 | 1 | null;
  /** Keep the reduced axis as length 1: axis 1 gives (rows, 1) instead of a (1, rows) row. */
  keepdims?: boolean;
}

export { pairwiseSum } from "./pairwise.ts";

/**
 * `np.sum(a)` → number; `np.sum(a, axis=1, keepdims=True)` → (rows, 1);
 * `np.sum(a, axis=0)` → (1, cols). Without keepdims, axis 1 gives a (1, rows) row,
 * which is how numpy's 1-D result broadcasts (the classic db shape bug stays visible).
 * Summation order follows numpy: pairwise for the whole array and along rows,
 * row after row for axis 0.
 */
export function sum(a: Matrix): number;
export function sum(a: Matrix, opts: ReduceOpts & { axis: 0 | 1 }): Matrix;
export function sum(a: Matrix, opts?: ReduceOpts): Matrix | number;
export function sum(a: Matrix, opts: ReduceOpts = {}): Matrix | number {
  const { axis = null, keepdims = false } = opts;
  const { nrows: r, ncols: c, data } = a;
  if (axis === null) {
    const s = 0 + pairwiseSum(data, 0, data.length);
    return keepdims ? new Matrix(1, 1, Float64Array.of(s)) : s;
  }
  if (axis === 1) {
    const out = keepdims ? new Matrix(r, 1) : new Matrix(1, r);
    for (let i = 0; i < r; i++) out.data[i] = 0 + pairwiseSum(data, i * c, c);
    return out;
  }
  if (axis === 0) {
    const out = new Matrix(1, c);
    const od = out.data;
    for (let j = 0; j < c; j++) od[j] = 0;
    for (let i = 0; i < r; i++) {
      const ri = i * c;
      for (let j = 0; j < c; j++) od[j] += data[ri + j];
    }
    return out;
  }
  throw new ValueError(`sum: axis ${String(axis)} is out of bounds for array of dimension 2`);
}

/** `np.mean(a, axis, keepdims)`: the sum divided by the count, as numpy computes it. */
export function mean(a: Matrix): number;
export function mean(a: Matrix, opts: ReduceOpts & { axis: 0 | 1 }): Matrix;
export function mean(a: Matrix, opts?: ReduceOpts): Matrix | number;
export function mean(a: Matrix, opts: ReduceOpts = {}): Matrix | number {
  const s = sum(a, opts);
  const n = opts.axis === 0 ? a.nrows : opts.axis === 1 ? a.ncols : a.size;
  return typeof s === "number" ? s / n : binary(BinOp.Div, s, n, s);
}

/** `np.nansum(a, axis, keepdims)`: NaNs count as zero (numpy replaces them by 0, then sums). */
export function nansum(a: Matrix): number;
export function nansum(a: Matrix, opts: ReduceOpts & { axis: 0 | 1 }): Matrix;
export function nansum(a: Matrix, opts?: ReduceOpts): Matrix | number;
export function nansum(a: Matrix, opts: ReduceOpts = {}): Matrix | number {
  const clean = new Matrix(a.nrows, a.ncols);
  const ad = a.data;
  const cd = clean.data;
  for (let i = 0; i < ad.length; i++) cd[i] = ad[i] !== ad[i] ? 0 : ad[i];
  return sum(clean, opts);
}

/** `np.max(a)` over all elements (NaN propagates; of equal values the later wins, as numpy: max([-0., 0.]) is 0.). */
export function max(a: Matrix): number {
  if (a.size === 0) throw new ValueError("zero-size array to reduction operation maximum which has no identity");
  const d = a.data;
  let m = d[0];
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v !== v) return NaN;
    m = m > v ? m : v;
  }
  return m;
}

/** `np.min(a)` over all elements (NaN propagates). */
export function min(a: Matrix): number {
  if (a.size === 0) throw new ValueError("zero-size array to reduction operation minimum which has no identity");
  const d = a.data;
  let m = d[0];
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v !== v) return NaN;
    m = m < v ? m : v;
  }
  return m;
}

/**
 * `np.linalg.norm(x)`: the Frobenius norm of a matrix, which is the 2-norm of a vector.
 * numpy computes sqrt(dot(x.ravel(), x.ravel())) with BLAS (blocked, FMA), which no loop
 * here can match bit for bit; pairwise summation of the squares stays within 2e-16 relative
 * of it on the fixtures, where a running sum was off by up to 1.3e-15.
 */
export function norm(x: Operand): number {
  if (typeof x === "number") return Math.abs(x);
  const d = x.data;
  const sq = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) sq[i] = d[i] * d[i];
  return Math.sqrt(0 + pairwiseSum(sq, 0, sq.length));
}

/** `np.concatenate([a, b, …], axis)`. */
export function concatenate(parts: Matrix[], opts: { axis?: 0 | 1 } = {}): Matrix {
  const axis = opts.axis ?? 0;
  if (parts.length === 0) throw new ValueError("need at least one array to concatenate");
  if (axis === 0) {
    const c = parts[0].ncols;
    parts.forEach((p, i) => {
      if (p.ncols !== c) {
        throw new ValueError(
          `all the input array dimensions except for the concatenation axis must match exactly, but along dimension 1, the array at index 0 has size ${c} and the array at index ${i} has size ${p.ncols}`,
        );
      }
    });
    const out = new Matrix(parts.reduce((n, p) => n + p.nrows, 0), c);
    let at = 0;
    for (const p of parts) {
      out.data.set(p.data, at);
      at += p.size;
    }
    return out;
  }
  const r = parts[0].nrows;
  parts.forEach((p, i) => {
    if (p.nrows !== r) {
      throw new ValueError(
        `all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has size ${r} and the array at index ${i} has size ${p.nrows}`,
      );
    }
  });
  const c = parts.reduce((n, p) => n + p.ncols, 0);
  const out = new Matrix(r, c);
  let at = 0;
  for (const p of parts) {
    for (let i = 0; i < r; i++) out.data.set(p.data.subarray(i * p.ncols, (i + 1) * p.ncols), i * c + at);
    at += p.ncols;
  }
  return out;
}

/**
 * `np.isclose(a, b, rtol, atol)` element-wise as 0/1: |a - b| <= atol + rtol·|b| with b finite,
 * or a == b (so inf is close to inf); NaN is never close.
 */
export function isclose(a: Operand, b: Operand, rtol = 1e-5, atol = 1e-8): Matrix {
  const A = typeof a === "number" ? array(a) : a;
  const B = typeof b === "number" ? array(b) : b;
  const [r, c] = broadcastShapes("isclose", A.shape, B.shape);
  const out = new Matrix(r, c);
  const ad = A.data;
  const bd = B.data;
  const od = out.data;
  const aRow = A.nrows === 1 ? 0 : A.ncols;
  const aCol = A.ncols === 1 ? 0 : 1;
  const bRow = B.nrows === 1 ? 0 : B.ncols;
  const bCol = B.ncols === 1 ? 0 : 1;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const x = ad[i * aRow + j * aCol];
      const y = bd[i * bRow + j * bCol];
      od[i * c + j] = x === y || (Math.abs(x - y) <= atol + rtol * Math.abs(y) && Number.isFinite(y)) ? 1 : 0;
    }
  }
  return out;
}

/** `np.allclose(a, b)`. */
export function allclose(a: Operand, b: Operand, rtol = 1e-5, atol = 1e-8): boolean {
  return isclose(a, b, rtol, atol).data.every((v) => v === 1);
}

/** `np.array_equal(a, b)`. */
export function arrayEqual(a: Matrix, b: Matrix): boolean {
  return a.nrows === b.nrows && a.ncols === b.ncols && a.data.every((v, i) => v === b.data[i]);
}
