/** Picking the notebook's values out of an Optimization output, and the tolerances the recipes use. */
import { type Matrix, np } from "../../../../lib/np/index.ts";
import type { Value } from "../../../../lib/value.ts";
import type { NotebookValue } from "../types.ts";

/** Follows tuple indices and dict keys: path(0, "W1") picks output[0]["W1"]. */
export const path =
  (...steps: (number | string)[]) =>
  (out: Value): Value =>
    steps.reduce<Value>((v, s) => (typeof s === "number" ? (v as Value[])[s] : (v as Record<string, Value>)[s]), out);
export const row0 = (pick: (out: Value) => Value) => (out: Value) => (pick(out) as Matrix).row(0);

export const print8 = { rtol: 0, atol: 1e-8 }; // the notebook prints 8 decimals
export const sci9 = { rtol: 1e-7, atol: 0 }; // …or 9 significant digits in scientific notation
export const full = { rtol: 1e-12, atol: 0 }; // a full-precision (16–17 digit) value
export const exact = { rtol: 0, atol: 0 }; // shapes, counts, 0/1 labels

/** Entries for a dict output (or the dict at `at` of a tuple output), one per key. */
export function dictValues(
  label: string,
  at: (number | string)[],
  values: Record<string, number[][]>,
  tol: { rtol: number; atol: number } | ((k: string) => { rtol: number; atol: number }),
): NotebookValue[] {
  return Object.entries(values).map(([k, v]) => ({
    what: `${label}${k}`,
    pick: path(...at, k),
    value: np.array(v),
    ...(typeof tol === "function" ? tol(k) : tol),
  }));
}

export const tol = { rtol: 1e-7, atol: 1e-9 };
// Learning rates are one division of exact inputs: any correct order of operations is within an ulp or two.
export const lrTol = { rtol: 1e-12, atol: 0 };
