/**
 * A known mistake, as data: which graded function it is in, and how to make it from the
 * reference solution (find → replace inside one of the function's START/END regions of
 * solutions/<file>). The words (what the output looks like, the hint) live in
 * i18n/<lang>/diagnose.ts under the same id; the likely line is the edit's `replace`.
 */
export type AssignmentFile = "initialization.ts" | "gradient-checking.ts" | "optimization.ts" | "regularization.ts";

/** Replace `find` by `replace` in region `index` (default 0) of the entry's function. */
export interface RegionEdit {
  /** which START/END region of the function (0 = its first) */
  index?: number;
  /** text of the reference region (STUB CODE block left out); must occur exactly once when the edit is applied */
  find: string;
  /** what a student wrote instead; later lines are indented like the line `find` is on */
  replace: string;
}

export interface Mistake {
  /** stable kebab-case id; results carry it, the words are keyed by it */
  id: string;
  file: AssignmentFile;
  /** the graded function the mistake is in */
  fn: string;
  /** applied in order; each must match exactly once at the time it is applied */
  edits: RegionEdit[];
  /** where the mistake was seen: the seeds' lab reports, COURSE-FACTS, the sample class, or common practice */
  seen: "seed-report" | "course-facts" | "sample-class" | "common";
  /**
   * Other entries whose variants give the same numbers on every case of the function
   * (the diagnosis names all of them; the self-test checks the list is exact).
   */
  aliases?: string[];
}
