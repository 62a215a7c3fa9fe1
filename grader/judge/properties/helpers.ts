/** Small helpers shared by the property specs. */
import { Matrix, RandomState } from "../../../lib/np/index.ts";
import type { Value } from "../../../lib/value.ts";
import { compareValue } from "../compare.ts";

export type Dict = Record<string, Matrix>;

export const asDict = (v: Value, what: string): Dict => {
  if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof Matrix) {
    throw new TypeError(`${what} should be a dict of matrices`);
  }
  return v as Dict;
};

export const asMatrix = (v: Value, what: string): Matrix => {
  if (!(v instanceof Matrix)) throw new TypeError(`${what} should be a Matrix`);
  return v;
};

export const asTuple = (v: Value, n: number, what: string): Value[] => {
  if (!Array.isArray(v) || v.length !== n) throw new TypeError(`${what} should be a tuple of ${n}`);
  return v;
};

/** A message for the first difference between got and want, or undefined when close. */
export function differs(got: Value, want: Value, rtol: number, atol: number, path: string): string | undefined {
  const m = compareValue(got, want, { rtol, atol }, path);
  if (!m) return undefined;
  switch (m.code) {
    case "shape_mismatch":
      return `${m.path} has shape (${m.got.join(", ")}), expected (${m.expected.join(", ")})`;
    case "value_mismatch":
      return `${m.path}${m.at ? `[${m.at.join(", ")}]` : ""} is ${m.got}, expected ${m.expected} (max abs error ${m.maxAbsErr.toExponential(2)})`;
    case "missing_key":
      return `${m.path} has no key "${m.key}"`;
    case "length_mismatch":
      return `${m.path} has ${m.got} items, expected ${m.expected}`;
    case "type_mismatch":
      return `${m.path} is ${m.got}, expected ${m.expected}`;
  }
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

export const sameKeys = (d: Dict, keys: string[]): string | undefined => {
  const have = Object.keys(d).sort();
  const want = [...keys].sort();
  return have.join(",") === want.join(",") ? undefined : `keys are [${have.join(", ")}], expected [${want.join(", ")}]`;
};

export const paramKeys = (L: number): string[] => Array.from({ length: L }, (_, i) => [`W${i + 1}`, `b${i + 1}`]).flat();

/** A batch of m examples with nx features and 0/1 labels, from its own generator. */
export function batch(seed: number, nx: number, m: number): { X: Matrix; Y: Matrix } {
  const rs = new RandomState(seed + 11);
  return { X: rs.randn(nx, m), Y: rs.rand(1, m).lt(0.5) };
}
