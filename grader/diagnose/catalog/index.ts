/**
 * The catalog of known mistakes: every entry, in assignment order. Ids are unique
 * (checked by the self-test) and stable: results and the instructor's counts use them.
 */
import { gradientCheckingMistakes } from "./gradient-checking.ts";
import { initializationMistakes } from "./initialization.ts";
import { optimizationMistakes } from "./optimization.ts";
import { regularizationMistakes } from "./regularization.ts";
import type { Mistake } from "./types.ts";

export type { AssignmentFile, Mistake, RegionEdit } from "./types.ts";

export const CATALOG: readonly Mistake[] = [
  ...initializationMistakes,
  ...gradientCheckingMistakes,
  ...optimizationMistakes,
  ...regularizationMistakes,
];

const BY_ID = new Map(CATALOG.map((m) => [m.id, m]));

export const mistakeById = (id: string): Mistake | undefined => BY_ID.get(id);

/** The entries of one graded function, in catalog order. */
export const mistakesOf = (fn: string, catalog: readonly Mistake[] = CATALOG): Mistake[] => catalog.filter((m) => m.fn === fn);
