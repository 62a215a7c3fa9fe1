/**
 * Matrix: a dense 2-D float64 array, row-major, mirroring the parts of numpy's
 * ndarray that the course notebooks use.
 *
 * Everything in the course is 2-D: X is (n_x, m), Y is (1, m), W is (n_l, n_{l-1}),
 * b is (n_l, 1). A numpy 1-D array of length n behaves like a row (1, n) under
 * broadcasting, so that is how we represent one.
 *
 * The element-wise kernels live in elementwise.ts, the printing in format.ts, the
 * errors in errors.ts; here: the class, its operand checks and its slicing.
 */
import { inspect } from "node:util";
import { BinOp, BIN_NAMES, LOOPS, broadcastDim, broadcastError, broadcastInto, broadcastShapes } from "./elementwise.ts";
import { IndexError, ValueError, fmtShape, type Shape } from "./errors.ts";
import { formatMatrix } from "./format.ts";

/** A Matrix, or a number that broadcasts like a numpy scalar. */
export type Operand = Matrix | number;

/** `out` when it has shape (r, c), else numpy's error; a new (r, c) matrix when no out is given. */
function outFor(op: BinOp, out: Matrix | undefined, r: number, c: number): Matrix {
  if (out === undefined) return new Matrix(r, c);
  if (out.nrows !== r || out.ncols !== c) {
    throw new ValueError(
      `${BIN_NAMES[op]}: non-broadcastable output operand with shape ${fmtShape(out.shape)} doesn't match the broadcast shape ${fmtShape([r, c])}`,
    );
  }
  return out;
}

/**
 * The one broadcasting kernel: out = a (op) b, numpy rules on 2-D shapes.
 * `out` may alias `a` or `b` when it has the result's shape (in-place update).
 */
export function binary(op: BinOp, a: Operand, b: Operand, out?: Matrix): Matrix {
  if (typeof b === "number") {
    if (typeof a === "number") {
      throw new TypeError(`${BIN_NAMES[op]}: at least one operand must be a Matrix (use plain arithmetic for numbers)`);
    }
    const o = outFor(op, out, a.nrows, a.ncols);
    LOOPS[op].vs(a.data, 0, b, o.data, 0, a.data.length);
    return o;
  }
  if (typeof a === "number") {
    const o = outFor(op, out, b.nrows, b.ncols);
    LOOPS[op].sv(a, b.data, 0, o.data, 0, b.data.length);
    return o;
  }
  if (!(a instanceof Matrix && b instanceof Matrix)) {
    // Not a Matrix (say `Z.add(b)` with b undefined): fail as always, reading `.shape`.
    broadcastShapes(BIN_NAMES[op], (a as Matrix).shape, (b as Matrix).shape);
  }
  const ar = a.nrows;
  const ac = a.ncols;
  const br = b.nrows;
  const bc = b.ncols;
  const ad = a.data;
  const bd = b.data;
  if (ar === br && ac === bc) {
    const o = outFor(op, out, ar, ac);
    LOOPS[op].vv(ad, 0, bd, 0, o.data, 0, ad.length);
    return o;
  }
  const r = broadcastDim(ar, br);
  const c = broadcastDim(ac, bc);
  if (r < 0 || c < 0) throw broadcastError(BIN_NAMES[op], [ar, ac], [br, bc]);
  const o = outFor(op, out, r, c);
  broadcastInto(op, ad, ar, ac, bd, br, bc, o.data, r, c, out !== undefined);
  return o;
}

/** Apply a function to every element (not for hot paths: one call per element). */
export function unary(a: Matrix, f: (x: number) => number, out?: Matrix): Matrix {
  if (out && (out.nrows !== a.nrows || out.ncols !== a.ncols)) {
    throw new ValueError(
      `unary: non-broadcastable output operand with shape ${fmtShape(out.shape)} doesn't match the broadcast shape ${fmtShape(a.shape)}`,
    );
  }
  const o = out ?? new Matrix(a.nrows, a.ncols);
  const ad = a.data;
  const od = o.data;
  for (let i = 0; i < ad.length; i++) od[i] = f(ad[i]);
  return o;
}

/** Index i along `axis` (size n), negative counting from the end; numpy's IndexError otherwise. */
function checkIndex(i: number, axis: 0 | 1, n: number): number {
  if (!Number.isInteger(i)) throw new TypeError(`index must be an integer, got ${i}`);
  const k = i < 0 ? i + n : i;
  if (k < 0 || k >= n) throw new IndexError(`index ${i} is out of bounds for axis ${axis} with size ${n}`);
  return k;
}

export class Matrix {
  /** Number of rows (`shape[0]`). */
  readonly nrows: number;
  /** Number of columns (`shape[1]`). */
  readonly ncols: number;
  readonly data: Float64Array;

  /** A rows×cols matrix over `data` (row-major, not copied), or zeros when no data is given. */
  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new ValueError(`negative or non-integer dimensions are not allowed: (${rows}, ${cols})`);
    }
    if (data !== undefined && data.length !== rows * cols) {
      throw new ValueError(`cannot reshape array of size ${data.length} into shape (${rows},${cols})`);
    }
    this.nrows = rows;
    this.ncols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /** m.shape → [rows, cols] (a fresh array; mutating it changes nothing). */
  get shape(): Shape {
    return [this.nrows, this.ncols];
  }

  /** m.size: number of elements. */
  get size(): number {
    return this.data.length;
  }

  /** m.T: the transpose, as a new matrix. */
  get T(): Matrix {
    const { nrows: rows, ncols: cols, data } = this;
    const out = new Matrix(cols, rows);
    const od = out.data;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) od[j * rows + i] = data[i * cols + j];
    }
    return out;
  }

  /** m[i, j] (negative indices count from the end). */
  get(i: number, j: number): number {
    return this.data[checkIndex(i, 0, this.nrows) * this.ncols + checkIndex(j, 1, this.ncols)];
  }

  /** m[i, j] = v. */
  set(i: number, j: number, v: number): void {
    this.data[checkIndex(i, 0, this.nrows) * this.ncols + checkIndex(j, 1, this.ncols)] = v;
  }

  /** m.item(): the single element of a 1×1 (or any size-1) matrix. */
  item(): number {
    if (this.size !== 1) throw new ValueError(`can only convert an array of size 1 to a number, got shape ${fmtShape(this.shape)}`);
    return this.data[0];
  }

  /** m.tolist() → number[][]. */
  tolist(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.nrows; i++) out.push(Array.from(this.data.subarray(i * this.ncols, (i + 1) * this.ncols)));
    return out;
  }

  /** m.copy(). */
  copy(): Matrix {
    return new Matrix(this.nrows, this.ncols, this.data.slice());
  }

  /**
   * `m.reshape(r, c)`, row-major; one of r, c may be -1 (numpy takes any negative as the
   * unknown dimension). Returns a copy. Errors read like numpy's.
   */
  reshape(rows: number, cols: number): Matrix {
    const n = this.size;
    if (!Number.isInteger(rows) || !Number.isInteger(cols)) {
      throw new TypeError(`reshape: dimensions must be integers, got (${rows}, ${cols})`);
    }
    if (rows < 0 && cols < 0) throw new ValueError("can only specify one unknown dimension");
    // numpy prints an unknown leading dimension as nothing and a later one as "newaxis".
    const asked = rows < 0 ? `(${cols})` : cols < 0 ? `(${rows},newaxis)` : `(${rows},${cols})`;
    const known = rows < 0 ? cols : cols < 0 ? rows : -1;
    if (known >= 0) {
      if (known === 0 || n % known !== 0) throw new ValueError(`cannot reshape array of size ${n} into shape ${asked}`);
      if (rows < 0) rows = n / known;
      else cols = n / known;
    }
    if (rows * cols !== n) throw new ValueError(`cannot reshape array of size ${n} into shape ${asked}`);
    return new Matrix(rows, cols, this.data.slice());
  }

  /** m[i:i+1, :] as a (1, cols) matrix. */
  row(i: number): Matrix {
    const k = checkIndex(i, 0, this.nrows);
    return new Matrix(1, this.ncols, this.data.slice(k * this.ncols, (k + 1) * this.ncols));
  }

  /** m[:, j:j+1] as a (rows, 1) matrix. */
  col(j: number): Matrix {
    return this.take([j], { axis: 1 });
  }

  /** m[from:to, :], with Python slice clamping. */
  rows(from: number, to: number = this.nrows): Matrix {
    const [a, b] = clampSlice(from, to, this.nrows);
    return new Matrix(b - a, this.ncols, this.data.slice(a * this.ncols, b * this.ncols));
  }

  /** m[:, from:to], with Python slice clamping (`X[:, k*64:(k+1)*64]`). */
  cols(from: number, to: number = this.ncols): Matrix {
    const [a, b] = clampSlice(from, to, this.ncols);
    const w = b - a;
    const out = new Matrix(this.nrows, w);
    for (let i = 0; i < this.nrows; i++) {
      out.data.set(this.data.subarray(i * this.ncols + a, i * this.ncols + b), i * w);
    }
    return out;
  }

  /**
   * Fancy indexing: `m.take(idx, {axis: 1})` is numpy's `m[:, idx]`, axis 0 is `m[idx, :]`.
   */
  take(indices: ArrayLike<number>, opts: { axis: 0 | 1 } = { axis: 1 }): Matrix {
    const n = indices.length;
    if (opts.axis === 0) {
      const out = new Matrix(n, this.ncols);
      for (let k = 0; k < n; k++) {
        const i = checkIndex(indices[k], 0, this.nrows);
        out.data.set(this.data.subarray(i * this.ncols, (i + 1) * this.ncols), k * this.ncols);
      }
      return out;
    }
    const idx = new Int32Array(n);
    for (let k = 0; k < n; k++) idx[k] = checkIndex(indices[k], 1, this.ncols);
    const out = new Matrix(this.nrows, n);
    const od = out.data;
    const d = this.data;
    for (let i = 0; i < this.nrows; i++) {
      const src = i * this.ncols;
      const dst = i * n;
      for (let k = 0; k < n; k++) od[dst + k] = d[src + idx[k]];
    }
    return out;
  }

  add(o: Operand, out?: Matrix): Matrix {
    return binary(BinOp.Add, this, o, out);
  }
  sub(o: Operand, out?: Matrix): Matrix {
    return binary(BinOp.Sub, this, o, out);
  }
  mul(o: Operand, out?: Matrix): Matrix {
    return binary(BinOp.Mul, this, o, out);
  }
  div(o: Operand, out?: Matrix): Matrix {
    return binary(BinOp.Div, this, o, out);
  }
  pow(o: Operand, out?: Matrix): Matrix {
    return binary(BinOp.Pow, this, o, out);
  }
  /** -m */
  neg(): Matrix {
    return binary(BinOp.Mul, this, -1);
  }
  /** m > o as a 0/1 matrix (numpy gives booleans; 0/1 multiply the same way). */
  gt(o: Operand): Matrix {
    return binary(BinOp.Gt, this, o);
  }
  ge(o: Operand): Matrix {
    return binary(BinOp.Ge, this, o);
  }
  lt(o: Operand): Matrix {
    return binary(BinOp.Lt, this, o);
  }
  le(o: Operand): Matrix {
    return binary(BinOp.Le, this, o);
  }
  eq(o: Operand): Matrix {
    return binary(BinOp.Eq, this, o);
  }
  ne(o: Operand): Matrix {
    return binary(BinOp.Ne, this, o);
  }

  /** numpy-like repr: `array([[ 1.5, -2. ], ...])`. */
  toString(): string {
    return formatMatrix(this);
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function clampSlice(from: number, to: number, n: number): [number, number] {
  const norm = (v: number): number => {
    if (!Number.isInteger(v)) throw new TypeError(`slice indices must be integers, got ${v}`);
    return v < 0 ? Math.max(0, v + n) : Math.min(v, n);
  };
  const a = norm(from);
  const b = norm(to);
  return [a, Math.max(a, b)];
}
