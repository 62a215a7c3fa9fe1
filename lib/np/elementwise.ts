/**
 * The element-wise kernels under Matrix's arithmetic: numpy's binary ufuncs on 2-D
 * float64 data with numpy's broadcasting of a row, a column or a 1×1 operand.
 * They work on raw Float64Arrays and shapes; `Matrix` (matrix.ts) checks its
 * operands, allocates the result and calls `broadcastInto`.
 */
import { ValueError, fmtShape, type Shape } from "./errors.ts";

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


/** numpy's name of each operation, for error messages. */
export const BIN_NAMES: Record<BinOp, string> = {
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

export const LOOPS: Record<BinOp, Loops> = {
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

export const broadcastDim = (x: number, y: number): number => (x === y ? x : x === 1 ? y : y === 1 ? x : -1);

export const broadcastError = (name: string, a: Shape, b: Shape): ValueError =>
  new ValueError(`${name}: operands could not be broadcast together with shapes ${fmtShape(a)} ${fmtShape(b)}`);

/** Whether x and y share memory without being the very same elements (a partial overlap). */
function partlyOverlaps(x: Float64Array, y: Float64Array): boolean {
  if (x.buffer !== y.buffer || x.length === 0 || y.length === 0) return false;
  if (x.byteOffset === y.byteOffset && x.length === y.length) return false;
  const x0 = x.byteOffset;
  const y0 = y.byteOffset;
  return x0 < y0 + y.byteLength && y0 < x0 + x.byteLength;
}

/**
 * od(r×c) = ad(ar×ac) (op) bd(br×bc) with numpy's broadcasting; the shapes are already checked
 * (r, c is the broadcast shape). `mayOverlap`: od is a caller's out= that may share memory
 * with an operand; a partial overlap then runs element by element, in order, as defined.
 */
export function broadcastInto(
  op: BinOp,
  ad: Float64Array, ar: number, ac: number,
  bd: Float64Array, br: number, bc: number,
  od: Float64Array, r: number, c: number,
  mayOverlap: boolean,
): void {
  if (od.length === 0) return;
  if (mayOverlap && (partlyOverlaps(od, ad) || partlyOverlaps(od, bd))) {
    generic(op, ad, ar, ac, bd, br, bc, od, r, c);
    return;
  }
  const loops = LOOPS[op];
  // A 1×1 operand against one of the result's shape: a scalar.
  if (br === 1 && bc === 1 && ar === r && ac === c) {
    loops.vs(ad, 0, bd[0], od, 0, od.length);
    return;
  }
  if (ar === 1 && ac === 1 && br === r && bc === c) {
    loops.sv(ad[0], bd, 0, od, 0, od.length);
    return;
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

