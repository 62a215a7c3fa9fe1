/** Small helpers shared by the property specs. */
import { Matrix, RandomState } from "../../../lib/np/index.ts";
import { type Value, describe } from "../../../lib/value.ts";
import type { PropertyReason } from "../../result/result.ts";
import { compareValue } from "../compare.ts";
import { toJsonSafe } from "../judge.ts";

export type Dict = Record<string, Matrix>;

/**
 * The property does not hold: thrown by the helpers below (and by checks) with a coded
 * reason, which runProperty stores; never words (they come from i18n/ at output time).
 */
export class Violation extends Error {
  override name = "Violation";
  constructor(readonly reason: PropertyReason) {
    super(reason.code);
  }
}

/** A value the student returned, as bounded text for a reason (a dict of 10^5 keys is described by its keys). */
export const shown = (v: Value | undefined): string => {
  const s = v === undefined ? "undefined" : typeof v === "string" ? JSON.stringify(v) : typeof v === "object" && v !== null ? describe(v) : String(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
};

const wrongType = (v: Value, what: string, expected: "dict" | "matrix" | "number" | "list", length?: number): Violation =>
  new Violation({ code: "wrong_type", what, expected, ...(length === undefined ? {} : { length }), got: shown(v) });

export const asDict = (v: Value, what: string): Dict => {
  if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof Matrix) throw wrongType(v, what, "dict");
  return v as Dict;
};

export const asMatrix = (v: Value, what: string): Matrix => {
  if (!(v instanceof Matrix)) throw wrongType(v, what, "matrix");
  return v;
};

/** A tuple of n values; `n` undefined: a list of any length. */
export const asTuple = (v: Value, n: number | undefined, what: string): Value[] => {
  if (!Array.isArray(v) || (n !== undefined && v.length !== n)) throw wrongType(v, what, "list", n);
  return v;
};

export const asNumber = (v: Value, what: string): number => {
  if (typeof v !== "number") throw wrongType(v, what, "number");
  return v;
};

/** The first difference between got and want as a coded reason, or undefined when close. */
export function differs(got: Value, want: Value, rtol: number, atol: number, path: string): PropertyReason | undefined {
  const m = compareValue(got === undefined ? null : got, want, { rtol, atol }, path);
  return m ? { code: "mismatch", mismatch: toJsonSafe(m) } : undefined;
}

/** Parameters W1..WL, b1..bL for layer sizes `dims`, drawn from their own generator. */
export function randomParams(seed: number, dims: number[], scale = 1): Dict {
  const rs = new RandomState(seed);
  const p: Dict = {};
  for (let l = 1; l < dims.length; l++) {
    p["W" + l] = rs.randn(dims[l], dims[l - 1]).mul(scale);
    p["b" + l] = rs.randn(dims[l], 1).mul(scale);
  }
  return p;
}

/** Sample standard deviation of all entries. */
export function std(m: Matrix): number {
  const n = m.size;
  let mean = 0;
  for (const v of m.data) mean += v;
  mean /= n;
  let s = 0;
  for (const v of m.data) s += (v - mean) * (v - mean);
  return Math.sqrt(s / n);
}

export const sameKeys = (d: Dict, keys: string[], what = "parameters"): PropertyReason | undefined => {
  const have = Object.keys(d).sort();
  const want = [...keys].sort();
  return have.join(",") === want.join(",") ? undefined : { code: "wrong_keys", what, got: have.slice(0, 40), expected: want };
};

export const paramKeys = (L: number): string[] => Array.from({ length: L }, (_, i) => [`W${i + 1}`, `b${i + 1}`]).flat();

/** A batch of m examples with nx features and 0/1 labels, from its own generator. */
export function batch(seed: number, nx: number, m: number): { X: Matrix; Y: Matrix } {
  const rs = new RandomState(seed + 11);
  return { X: rs.randn(nx, m), Y: rs.rand(1, m).lt(0.5) };
}
