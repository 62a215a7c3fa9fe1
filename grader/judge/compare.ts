/**
 * Compare a student's output with the expected one, numpy.allclose-style, and say
 * precisely what differs: which output (path), shape, first differing entry, max
 * absolute and relative error. Pure; no I/O.
 */
import { Matrix } from "../../lib/np/matrix.ts";
import { type Value, describe } from "../../lib/value.ts";

export interface Tolerance {
  /** relative tolerance (numpy default 1e-5; our fixtures state their own) */
  rtol: number;
  /** absolute tolerance */
  atol: number;
}

export type Mismatch =
  | { code: "type_mismatch"; path: string; expected: string; got: string }
  | { code: "shape_mismatch"; path: string; expected: [number, number]; got: [number, number] }
  | { code: "length_mismatch"; path: string; expected: number; got: number }
  | { code: "missing_key"; path: string; key: string }
  | {
      code: "value_mismatch";
      path: string;
      /** first differing entry (row, col) for matrices */
      at?: [number, number];
      expected: number;
      got: number;
      maxAbsErr: number;
      maxRelErr: number;
      /** how many entries differ, out of how many */
      count: number;
      total: number;
    };

/** One graded part of an output: a tuple item, a dict key, or the whole value. */
interface PartResult {
  path: string;
  ok: boolean;
  mismatch?: Mismatch;
}

/** numpy.isclose on two numbers; NaN equals NaN, infinities must match exactly. */
export function close(got: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(got);
  if (!Number.isFinite(expected)) return got === expected;
  return Math.abs(got - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

function compareNumbers(path: string, got: ArrayLike<number>, exp: ArrayLike<number>, cols: number | null, tol: Tolerance): Mismatch | undefined {
  let first = -1;
  let count = 0;
  let maxAbsErr = 0;
  let maxRelErr = 0;
  for (let i = 0; i < exp.length; i++) {
    const g = got[i];
    const e = exp[i];
    if (close(g, e, tol)) continue;
    count++;
    if (first < 0) first = i;
    const abs = Math.abs(g - e);
    maxAbsErr = Math.max(maxAbsErr, Number.isNaN(abs) ? Infinity : abs);
    maxRelErr = Math.max(maxRelErr, e === 0 ? (abs === 0 ? 0 : Infinity) : Number.isNaN(abs) ? Infinity : abs / Math.abs(e));
  }
  if (first < 0) return undefined;
  return {
    code: "value_mismatch",
    path,
    ...(cols === null ? {} : { at: [Math.floor(first / cols), first % cols] as [number, number] }),
    expected: exp[first],
    got: got[first],
    maxAbsErr,
    maxRelErr,
    count,
    total: exp.length,
  };
}

/** The first mismatch between got and expected, or undefined when they agree. */
export function compareValue(got: Value, expected: Value, tol: Tolerance, path = "result"): Mismatch | undefined {
  if (expected instanceof Matrix) {
    // A plain number where a 1×1 matrix is expected is accepted (numpy would broadcast it); the reverse is not (below).
    if (typeof got === "number" && expected.size === 1) return compareNumbers(path, [got], expected.data, null, tol);
    if (!(got instanceof Matrix)) return { code: "type_mismatch", path, expected: describe(expected), got: describe(got) };
    if (got.nrows !== expected.nrows || got.ncols !== expected.ncols) {
      return { code: "shape_mismatch", path, expected: expected.shape, got: got.shape };
    }
    return compareNumbers(path, got.data, expected.data, expected.ncols, tol);
  }
  if (typeof expected === "number") {
    // The course returns a number here (a cost, a difference, a learning rate); a 1×1 Matrix
    // is a different type, and the student is told so plainly.
    if (typeof got !== "number") return { code: "type_mismatch", path, expected: "number", got: describe(got) };
    return compareNumbers(path, [got], [expected], null, tol);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) return { code: "type_mismatch", path, expected: describe(expected), got: describe(got) };
    if (got.length !== expected.length) return { code: "length_mismatch", path, expected: expected.length, got: got.length };
    for (let i = 0; i < expected.length; i++) {
      const m = compareValue(got[i], expected[i], tol, `${path}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === "object") {
    if (got === null || typeof got !== "object" || Array.isArray(got) || got instanceof Matrix) {
      return { code: "type_mismatch", path, expected: describe(expected), got: describe(got) };
    }
    for (const key of Object.keys(expected)) {
      if (!(key in got)) return { code: "missing_key", path, key };
      const m = compareValue(got[key], expected[key], tol, `${path}["${key}"]`);
      if (m) return m;
    }
    return undefined;
  }
  if (got !== expected) return { code: "type_mismatch", path, expected: JSON.stringify(expected), got: JSON.stringify(got) };
  return undefined;
}

/**
 * Split an output into its graded parts (tuple items, dict keys, or the whole) and
 * compare each: the case earns the fraction of parts that match.
 */
export function compareParts(got: Value, expected: Value, tol: Tolerance, path = "result"): PartResult[] {
  const whole = (): PartResult[] => {
    const mismatch = compareValue(got, expected, tol, path);
    return [{ path, ok: !mismatch, ...(mismatch ? { mismatch } : {}) }];
  };
  if (Array.isArray(expected) && Array.isArray(got) && got.length === expected.length) {
    return expected.map((e, i) => {
      const p = `${path}[${i}]`;
      const mismatch = compareValue(got[i], e, tol, p);
      return { path: p, ok: !mismatch, ...(mismatch ? { mismatch } : {}) };
    });
  }
  if (expected !== null && typeof expected === "object" && !(expected instanceof Matrix) && !Array.isArray(expected)) {
    if (got === null || typeof got !== "object" || Array.isArray(got) || got instanceof Matrix) return whole();
    return Object.keys(expected).map((key) => {
      const p = `${path}["${key}"]`;
      const mismatch = key in got ? compareValue(got[key], expected[key], tol, p) : ({ code: "missing_key", path, key } as const);
      return { path: p, ok: !mismatch, ...(mismatch ? { mismatch } : {}) };
    });
  }
  return whole();
}
