/**
 * Matrix: a dense 2-D float64 array, row-major, mirroring the parts of numpy's
 * ndarray that the course notebooks use.
 *
 * Everything in the course is 2-D: X is (n_x, m), Y is (1, m), W is (n_l, n_{l-1}),
 * b is (n_l, 1). A numpy 1-D array of length n behaves like a row (1, n) under
 * broadcasting, so that is how we represent one.
 *
 * A few real kernels live here (the broadcasting element-wise loop, reductions,
 * gathers); everything else is a one-liner over them.
 */
import { inspect } from "node:util";

export type Shape = [number, number];
/** A Matrix, or a number that broadcasts like a numpy scalar. */
export type Operand = Matrix | number;

/** Raised on shape problems, named like numpy's exception so students recognise it. */
export class ValueError extends Error {
  override name = "ValueError";
}

/** Raised for an index out of bounds, named like Python's (a RangeError for JavaScript). */
export class IndexError extends RangeError {
  override name = "IndexError";
}

export const fmtShape = (s: readonly [number, number]): string => `(${s[0]},${s[1]})`;

/** Binary element-wise operations, by code; one switch keeps the kernel monomorphic. */
export const enum BinOp {
  Add,
  Sub,
  Mul,
  Div,
  Pow,
  Max,
  Min,
  Gt,
  Ge,
  Lt,
  Le,
  Eq,
  Ne,
}

const BIN_NAMES: Record<BinOp, string> = {
  [BinOp.Add]: "add",
  [BinOp.Sub]: "subtract",
  [BinOp.Mul]: "multiply",
  [BinOp.Div]: "divide",
  [BinOp.Pow]: "power",
  [BinOp.Max]: "maximum",
  [BinOp.Min]: "minimum",
  [BinOp.Gt]: "greater",
  [BinOp.Ge]: "greater_equal",
  [BinOp.Lt]: "less",
  [BinOp.Le]: "less_equal",
  [BinOp.Eq]: "equal",
  [BinOp.Ne]: "not_equal",
};

/**
 * One element of a binary ufunc. maximum/minimum propagate NaN and, of two equal values
 * (0 and -0), return the second, as numpy 2.4 does (np.maximum(0., -0.) is -0.).
 * The definition: the specialised loops below compute exactly this, element by element.
 */
function apply(op: BinOp, x: number, y: number): number {
  switch (op) {
    case BinOp.Add:
      return x + y;
    case BinOp.Sub:
      return x - y;
    case BinOp.Mul:
      return x * y;
    case BinOp.Div:
      return x / y;
    case BinOp.Pow:
      return pow(x, y);
    case BinOp.Max:
      return x !== x || y !== y ? NaN : x > y ? x : y;
    case BinOp.Min:
      return x !== x || y !== y ? NaN : x < y ? x : y;
    case BinOp.Gt:
      return x > y ? 1 : 0;
    case BinOp.Ge:
      return x >= y ? 1 : 0;
    case BinOp.Lt:
      return x < y ? 1 : 0;
    case BinOp.Le:
      return x <= y ? 1 : 0;
    case BinOp.Eq:
      return x === y ? 1 : 0;
    case BinOp.Ne:
      return x !== y ? 1 : 0;
  }
}

/** C pow (numpy) has pow(1, y) = 1 for every y and pow(-1, ±inf) = 1; JS ** gives NaN. */
const pow = (x: number, y: number): number =>
  x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : x ** y;

// ---------------------------------------------------------------- the element-wise loops
// One set of loops per operation, the operation written inline, so each loop stays
// monomorphic and V8 compiles it to straight arithmetic: a switch per element (the
// `apply` above) cost 6–7 ns an element, these about 1. Every loop goes i = 0, 1, … in
// order and computes exactly `apply(op, x, y)` for its pair, so results are bit-identical.
//   vv: o[oo+j] = a[ao+j] op b[bo+j]     vs: o[oo+j] = a[ao+j] op s     sv: o[oo+j] = s op b[bo+j]

type VV = (a: Float64Array, ao: number, b: Float64Array, bo: number, o: Float64Array, oo: number, n: number) => void;
type VS = (a: Float64Array, ao: number, s: number, o: Float64Array, oo: number, n: number) => void;
type SV = (s: number, b: Float64Array, bo: number, o: Float64Array, oo: number, n: number) => void;
interface Loops {
  vv: VV;
  vs: VS;
  sv: SV;
}

const LOOPS: Record<BinOp, Loops> = {
  [BinOp.Add]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] + b[bo + j];
    },
    vs(a, ao, s, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] + s;
    },
    sv(s, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = s + b[bo + j];
    },
  },
  [BinOp.Sub]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] - b[bo + j];
    },
    vs(a, ao, s, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] - s;
    },
    sv(s, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = s - b[bo + j];
    },
  },
  [BinOp.Mul]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] * b[bo + j];
    },
    vs(a, ao, s, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] * s;
    },
    sv(s, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = s * b[bo + j];
    },
  },
  [BinOp.Div]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] / b[bo + j];
    },
    vs(a, ao, s, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] / s;
    },
    sv(s, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = s / b[bo + j];
    },
  },
  [BinOp.Pow]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = pow(a[ao + j], b[bo + j]);
    },
    vs(a, ao, s, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = pow(a[ao + j], s);
    },
    sv(s, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = pow(s, b[bo + j]);
    },
  },
  [BinOp.Max]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) {
        const x = a[ao + j];
        const y = b[bo + j];
        o[oo + j] = x !== x || y !== y ? NaN : x > y ? x : y;
      }
    },
    vs(a, ao, y, o, oo, n) {
      if (y !== y) {
        for (let j = 0; j < n; j++) o[oo + j] = NaN;
        return;
      }
      for (let j = 0; j < n; j++) {
        const x = a[ao + j];
        o[oo + j] = x !== x ? NaN : x > y ? x : y;
      }
    },
    sv(x, b, bo, o, oo, n) {
      if (x !== x) {
        for (let j = 0; j < n; j++) o[oo + j] = NaN;
        return;
      }
      for (let j = 0; j < n; j++) {
        const y = b[bo + j];
        o[oo + j] = y !== y ? NaN : x > y ? x : y;
      }
    },
  },
  [BinOp.Min]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) {
        const x = a[ao + j];
        const y = b[bo + j];
        o[oo + j] = x !== x || y !== y ? NaN : x < y ? x : y;
      }
    },
    vs(a, ao, y, o, oo, n) {
      if (y !== y) {
        for (let j = 0; j < n; j++) o[oo + j] = NaN;
        return;
      }
      for (let j = 0; j < n; j++) {
        const x = a[ao + j];
        o[oo + j] = x !== x ? NaN : x < y ? x : y;
      }
    },
    sv(x, b, bo, o, oo, n) {
      if (x !== x) {
        for (let j = 0; j < n; j++) o[oo + j] = NaN;
        return;
      }
      for (let j = 0; j < n; j++) {
        const y = b[bo + j];
        o[oo + j] = y !== y ? NaN : x < y ? x : y;
      }
    },
  },
  [BinOp.Gt]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] > b[bo + j] ? 1 : 0;
    },
    vs(a, ao, s, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] > s ? 1 : 0;
    },
    sv(s, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = s > b[bo + j] ? 1 : 0;
    },
  },
  [BinOp.Ge]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] >= b[bo + j] ? 1 : 0;
    },
    vs(a, ao, s, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] >= s ? 1 : 0;
    },
    sv(s, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = s >= b[bo + j] ? 1 : 0;
    },
  },
  [BinOp.Lt]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] < b[bo + j] ? 1 : 0;
    },
    vs(a, ao, s, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] < s ? 1 : 0;
    },
    sv(s, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = s < b[bo + j] ? 1 : 0;
    },
  },
  [BinOp.Le]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] <= b[bo + j] ? 1 : 0;
    },
    vs(a, ao, s, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] <= s ? 1 : 0;
    },
    sv(s, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = s <= b[bo + j] ? 1 : 0;
    },
  },
  [BinOp.Eq]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] === b[bo + j] ? 1 : 0;
    },
    vs(a, ao, s, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] === s ? 1 : 0;
    },
    sv(s, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = s === b[bo + j] ? 1 : 0;
    },
  },
  [BinOp.Ne]: {
    vv(a, ao, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] !== b[bo + j] ? 1 : 0;
    },
    vs(a, ao, s, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = a[ao + j] !== s ? 1 : 0;
    },
    sv(s, b, bo, o, oo, n) {
      for (let j = 0; j < n; j++) o[oo + j] = s !== b[bo + j] ? 1 : 0;
    },
  },
};

/** The broadcast shape of two 2-D shapes, or a numpy-worded ValueError. */
export function broadcastShapes(name: string, a: Shape, b: Shape): Shape {
  const r = broadcastDim(a[0], b[0]);
  const c = broadcastDim(a[1], b[1]);
  if (r < 0 || c < 0) throw broadcastError(name, a, b);
  return [r, c];
}

const broadcastDim = (x: number, y: number): number => (x === y ? x : x === 1 ? y : y === 1 ? x : -1);

const broadcastError = (name: string, a: Shape, b: Shape): ValueError =>
  new ValueError(`${name}: operands could not be broadcast together with shapes ${fmtShape(a)} ${fmtShape(b)}`);

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

/** Whether x and y share memory without being the very same elements (a partial overlap). */
function partlyOverlaps(x: Float64Array, y: Float64Array): boolean {
  if (x.buffer !== y.buffer || x.length === 0 || y.length === 0) return false;
  if (x.byteOffset === y.byteOffset && x.length === y.length) return false;
  const x0 = x.byteOffset;
  const y0 = y.byteOffset;
  return x0 < y0 + y.byteLength && y0 < x0 + x.byteLength;
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
  const od = o.data;
  if (od.length === 0) return o;
  if (out !== undefined && (partlyOverlaps(od, ad) || partlyOverlaps(od, bd))) {
    // An out= that overlaps an operand in part: element by element, in order, as defined.
    generic(op, ad, ar, ac, bd, br, bc, od, r, c);
    return o;
  }
  const loops = LOOPS[op];
  // A 1×1 operand against one of the result's shape: a scalar.
  if (br === 1 && bc === 1 && ar === r && ac === c) {
    loops.vs(ad, 0, bd[0], od, 0, od.length);
    return o;
  }
  if (ar === 1 && ac === 1 && br === r && bc === c) {
    loops.sv(ad[0], bd, 0, od, 0, od.length);
    return o;
  }
  // Otherwise row by row. A dimension of length 1 repeats (stride 0), as numpy does: an
  // operand with one row gives the same row every time, one with one column a scalar per row.
  const aRow = ar === 1 ? 0 : ac;
  const bRow = br === 1 ? 0 : bc;
  const aOne = ac === 1;
  const bOne = bc === 1;
  for (let i = 0; i < r; i++) {
    const ai = i * aRow;
    const bi = i * bRow;
    const oi = i * c;
    if (bOne) loops.vs(ad, ai, bd[bi], od, oi, aOne ? 1 : c);
    else if (aOne) loops.sv(ad[ai], bd, bi, od, oi, c);
    else loops.vv(ad, ai, bd, bi, od, oi, c);
  }
  return o;
}

/** The definition of a broadcast binary op: element (i, j) in order, through `apply`. */
function generic(
  op: BinOp,
  ad: Float64Array, ar: number, ac: number,
  bd: Float64Array, br: number, bc: number,
  od: Float64Array, r: number, c: number,
): void {
  const aRow = ar === 1 ? 0 : ac;
  const aCol = ac === 1 ? 0 : 1;
  const bRow = br === 1 ? 0 : bc;
  const bCol = bc === 1 ? 0 : 1;
  for (let i = 0; i < r; i++) {
    const ai = i * aRow;
    const bi = i * bRow;
    const oi = i * c;
    for (let j = 0; j < c; j++) od[oi + j] = apply(op, ad[ai + j * aCol], bd[bi + j * bCol]);
  }
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

// ---------------------------------------------------------------- printing
// A port of numpy's arrayprint (FloatingFormat + _formatArray, numpy 2.4, default print
// options) for 2-D float64 arrays. Digits come from JavaScript's shortest round-trip
// conversion (the same digits as numpy's Dragon4 "unique" mode); where numpy cuts at
// `precision` digits it rounds the exact binary value half to even, which toFixed /
// toExponential do too except on exact ties (they round those up), fixed by `halfEven`.

/** numpy's default print options (`np.get_printoptions()`). */
const PRINT = { precision: 8, threshold: 1000, edgeitems: 3, linewidth: 75 } as const;

const bitsView = new DataView(new ArrayBuffer(8));

/**
 * Whether |x| lies exactly halfway between two multiples of 10^q, i.e. 2|x|/10^q is an odd
 * integer. With |x| = m·2^e, m odd, that is e + 1 = q and (for q > 0) 5^q divides m.
 */
function isDecimalTie(x: number, q: number): boolean {
  if (x === 0 || !Number.isFinite(x)) return false;
  bitsView.setFloat64(0, Math.abs(x));
  const bits = bitsView.getBigUint64(0);
  const biased = Number(bits >> 52n);
  let m = bits & 0xfffffffffffffn;
  let e = -1074;
  if (biased !== 0) {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  while ((m & 1n) === 0n) {
    m >>= 1n;
    e++;
  }
  return e + 1 === q && (q <= 0 || m % 5n ** BigInt(q) === 0n);
}

/** `s` was rounded half up from an exact tie: round half to even instead (as numpy's Dragon4). */
function halfEven(s: string, tie: boolean): string {
  if (!tie) return s;
  const e = s.indexOf("e");
  const end = e < 0 ? s.length : e;
  const d = s.charCodeAt(end - 1) - 48;
  return d % 2 === 1 ? s.slice(0, end - 1) + String(d - 1) + s.slice(end) : s;
}

/** Shortest round-trip digits of |x| and its decimal exponent: 1234.5 → ["12345", 3]. */
function shortestDigits(x: number): [string, number] {
  const [mant, exp] = Math.abs(x).toExponential().split("e");
  return [mant.replace(".", ""), Number(exp)];
}

const signOf = (x: number): string => (x < 0 || Object.is(x, -0) ? "-" : "");

/**
 * `np.format_float_positional(x, precision)`: the shortest digits that round-trip, cut at
 * `precision` decimals, trailing zeros dropped but not the point: 1.0 → "1.", 1/3 → "0.33333333".
 */
export function formatNumber(x: number, precision: number = PRINT.precision): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const sign = signOf(x);
  if (x === 0) return `${sign}0.`;
  const [digits, exp] = shortestDigits(x);
  if (digits.length - 1 - exp <= precision) {
    if (exp >= digits.length - 1) return `${sign}${digits}${"0".repeat(exp - digits.length + 1)}.`;
    if (exp >= 0) return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
    return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  }
  const s = halfEven(Math.abs(x).toFixed(precision), isDecimalTie(x, -precision));
  return sign + s.replace(/0+$/, "");
}

/**
 * `np.format_float_scientific(x, precision, min_digits=minDigits, exp_digits=expDigits)`:
 * shortest digits cut at `precision` after the point, at least `minDigits` of them, an exponent
 * of at least `expDigits` digits.
 */
export function formatScientific(x: number, precision: number = PRINT.precision, minDigits = 0, expDigits = 2): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  let mant = "0";
  let exp = 0;
  if (x !== 0) {
    const [digits, e] = shortestDigits(x);
    if (digits.length - 1 <= precision && digits.length - 1 >= minDigits) {
      mant = digits;
      exp = e;
    } else {
      // Too many digits: round the exact value at `precision`. Too few for `minDigits`: numpy
      // prints more exact digits (5e-324 with 3 digits is 4.941e-324), not zeros.
      const p = digits.length - 1 > precision ? precision : minDigits;
      const half = Math.abs(x).toExponential(p);
      const [m, ee] = halfEven(half, isDecimalTie(x, Number(half.slice(half.indexOf("e") + 1)) - p)).split("e");
      mant = m.replace(".", "");
      if (p === precision) mant = mant.replace(/0+$/, "") || "0";
      exp = Number(ee);
    }
  }
  const frac = mant.slice(1).padEnd(minDigits, "0");
  return `${signOf(x)}${mant[0]}.${frac}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(expDigits, "0")}`;
}

/**
 * numpy's FloatingFormat: one format for all the printed values. Scientific when the largest
 * nonzero |x| is ≥ 1e8, the smallest < 1e-4, or their ratio > 1000; otherwise positional with
 * up to 8 decimals. Every cell gets the same width: integer parts padded on the left,
 * fractions on the right with spaces (positional) or zeros (scientific).
 */
function floatFormatter(values: readonly number[]): (x: number) => string {
  let maxVal = 0;
  let minVal = Infinity;
  let nonFinite = false;
  let negInf = false;
  const finite: number[] = [];
  for (const x of values) {
    if (!Number.isFinite(x)) {
      nonFinite = true;
      if (x === -Infinity) negInf = true;
      continue;
    }
    finite.push(x);
    const a = Math.abs(x);
    if (a !== 0) {
      if (a > maxVal) maxVal = a;
      if (a < minVal) minVal = a;
    }
  }
  const sci = minVal !== Infinity && (maxVal >= 1e8 || minVal < 1e-4 || maxVal / minVal > 1000);
  let padLeft = 0;
  let padRight = 0;
  let precision = 0;
  let expSize = 2;
  if (finite.length > 0) {
    if (sci) {
      for (const x of finite) {
        const s = formatScientific(x, PRINT.precision);
        const dot = s.indexOf(".");
        const e = s.indexOf("e");
        padLeft = Math.max(padLeft, dot);
        precision = Math.max(precision, e - dot - 1);
        expSize = Math.max(expSize, s.length - e - 2);
      }
      padRight = expSize + 2 + precision;
    } else {
      for (const x of finite) {
        const s = formatNumber(x, PRINT.precision);
        const dot = s.indexOf(".");
        padLeft = Math.max(padLeft, dot);
        padRight = Math.max(padRight, s.length - dot - 1);
      }
    }
  }
  if (nonFinite) {
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
  }
  const width = padLeft + padRight + 1;
  return (x: number): string => {
    if (!Number.isFinite(x)) return formatNumber(x).padStart(width);
    const s = sci ? formatScientific(x, precision, precision, expSize) : formatNumber(x, PRINT.precision);
    const dot = s.indexOf(".");
    return " ".repeat(padLeft - dot) + s + (sci ? "" : " ".repeat(padRight - (s.length - dot - 1)));
  };
}

/** Indices printed along an axis of length n: all, or the edges around a -1 for "...". */
function shownIndices(n: number, summarize: boolean): number[] {
  const e = PRINT.edgeitems;
  if (summarize && n > 2 * e) return [...Array.from({ length: e }, (_, i) => i), -1, ...Array.from({ length: e }, (_, i) => n - e + i)];
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * `repr(a)` as numpy 2.4 prints a 2-D float64 array with the default options: `array([[…]])`,
 * rows wrapped at 75 columns, arrays of more than 1000 elements summarized with "..." and
 * their shape, empty arrays as `array([], shape=(r, c), dtype=float64)`.
 */
export function formatMatrix(m: Matrix): string {
  const { nrows: r, ncols: c, data } = m;
  if (m.size === 0) return `array([], shape=(${r}, ${c}), dtype=float64)`;
  const summarize = m.size > PRINT.threshold;
  const rowIdx = shownIndices(r, summarize);
  const colIdx = shownIndices(c, summarize);
  const shown: number[] = [];
  for (const i of rowIdx) {
    if (i < 0) continue;
    for (const j of colIdx) if (j >= 0) shown.push(data[i * c + j]);
  }
  const fmt = floatFormatter(shown);
  // _formatArray with prefix "array(" and suffix ")": the line is 75 - len(")") wide, a row
  // sits one "[" further in and its elements stop one "]" and one "," short of the edge.
  const lineWidth = PRINT.linewidth - 1;
  const outerIndent = " ".repeat("array(".length + 1);
  const rowIndent = `${outerIndent} `;
  const elemWidth = lineWidth - 1 - 1;
  const formatRow = (i: number): string => {
    let s = "";
    let line = rowIndent;
    colIdx.forEach((j, k) => {
      const word = j < 0 ? "..." : fmt(data[i * c + j]);
      if (line.length + word.length > elemWidth && line.length > rowIndent.length) {
        s += `${line.trimEnd()}\n`;
        line = rowIndent;
      }
      line += word;
      if (k < colIdx.length - 1) line += ", ";
    });
    return `[${(s + line).slice(rowIndent.length)}]`;
  };
  const body = rowIdx.map((i) => outerIndent + (i < 0 ? "..." : formatRow(i))).join(",\n");
  const lst = `[${body.slice(outerIndent.length)}]`;
  if (!summarize) return `array(${lst})`;
  const arrStr = `array(${lst},`;
  const extra = `shape=(${r}, ${c}))`;
  const lastLine = arrStr.length - (arrStr.lastIndexOf("\n") + 1);
  return arrStr + (lastLine + extra.length + 1 > PRINT.linewidth ? `\n${" ".repeat("array(".length)}` : " ") + extra;
}
