/**
 * Does a variant's output explain a student's? Pure.
 *
 * "full": the two outputs agree everywhere within the case's tolerance (both ways, so
 * neither has a key or an entry the other lacks), or both threw the same error.
 * "partial": every leaf of the output (a matrix or number inside the tuples and dicts)
 * the student got wrong is the variant's leaf, within tolerance: the student made the
 * entry's mistake in some of the lines it covers (say the W line but not the b line).
 */
import { Matrix } from "../../lib/np/matrix.ts";
import type { Value } from "../../lib/value.ts";
import { type Tolerance, compareValue } from "../judge/compare.ts";
import type { VariantOutcome } from "./run-variants.ts";

export type StudentOutcome = { ok: true; value: Value } | { ok: false; threw: { name: string; message: string } };

/** One leaf of an output: a matrix, number or other value below its tuples and dicts. */
export interface Part {
  path: string;
  expected: Value;
  got: Value | undefined;
}

const isDict = (v: Value | undefined): v is { [key: string]: Value } =>
  v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v) && !(v instanceof Matrix);

/**
 * The leaves of `got` against `expected`, paths spelled as grader/judge/compare.ts spells
 * them: tuples and dicts are followed while both sides have the same structure there;
 * where they part (a missing key, another length), that node is one leaf.
 */
export function partsOf(got: Value | undefined, expected: Value, path = "result"): Part[] {
  if (Array.isArray(expected) && Array.isArray(got) && got.length === expected.length) {
    return expected.flatMap((e, i) => partsOf(got[i], e, `${path}[${i}]`));
  }
  if (isDict(expected) && isDict(got)) {
    return Object.keys(expected).flatMap((k) => partsOf(k in got ? got[k] : undefined, expected[k]!, `${path}["${k}"]`));
  }
  return [{ path, expected, got }];
}

/** Same value both ways within tolerance (absent counts as different). */
export function same(a: Value | undefined, b: Value | undefined, tol: Tolerance): boolean {
  if (a === undefined || b === undefined) return a === b;
  return compareValue(a, b, tol) === undefined && compareValue(b, a, tol) === undefined;
}

/** The parts the student got wrong. */
export function wrongParts(got: Value, expected: Value, tol: Tolerance): Part[] {
  return partsOf(got, expected).filter((p) => p.got === undefined || compareValue(p.got, p.expected, tol) !== undefined);
}

export function explains(student: StudentOutcome, variant: VariantOutcome, expected: Value, tol: Tolerance): "full" | "partial" | undefined {
  if (!student.ok) {
    return !variant.ok && "threw" in variant && variant.threw.name === student.threw.name && variant.threw.message === student.threw.message
      ? "full"
      : undefined;
  }
  if (!variant.ok) return undefined;
  if (same(student.value, variant.value, tol)) return same(student.value, expected, tol) ? undefined : "full";
  const wrong = wrongParts(student.value, expected, tol);
  if (wrong.length === 0) return undefined;
  const variantParts = new Map(partsOf(variant.value, expected).map((p) => [p.path, p.got]));
  // The variant's parts must line up with the student's (same split), and match on every wrong one.
  return wrong.every((p) => variantParts.has(p.path) && same(p.got, variantParts.get(p.path), tol)) ? "partial" : undefined;
}
