/**
 * A recipe rebuilds one test case: its inputs (from the notebook's testCases recipe
 * in COURSE-FACTS.md, or a new hidden one), the tolerance, and the notebook values
 * our reference output must reproduce. `dnnlab fixtures` runs the recipes against
 * solutions/ and writes the expected outputs into fixtures/<assignment>.json.
 */
import type { Value } from "../../../lib/value.ts";

export interface NotebookValue {
  /** what this is, e.g. "W1 of he([2,4,1]), COURSE-FACTS §1.2" */
  what: string;
  /** picks the part of our output that the notebook printed */
  pick: (output: Value) => Value;
  /** the notebook's value */
  value: Value;
  /** the notebook's print precision: 8 decimals → atol 1e-8 */
  rtol: number;
  atol: number;
}

export interface Recipe {
  id: string;
  fn: string;
  description: string;
  hidden: boolean;
  rtol: number;
  atol: number;
  hint?: string;
  /** which notebook value this reproduces, or why none */
  reproduces: string;
  /** builds the positional arguments; may use np.random exactly as the notebook's recipe does */
  args: () => Value[];
  notebook?: NotebookValue[];
}
