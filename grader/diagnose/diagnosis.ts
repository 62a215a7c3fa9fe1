/**
 * A diagnosis as results carry it: data, never sentences (words are rendered per
 * language by render.ts from i18n/<lang>/diagnose.ts). A catalog diagnosis is the entry's
 * id; a detector's carries symbolic data only (a part's path, a factor's name), so a
 * hidden case's diagnosis shows none of its values (nan-at-zero leaves out which
 * argument was 0 on a hidden case).
 */
import { z } from "zod";
import { FACTORS } from "./detectors.ts";

const CatalogDiagnosisSchema = z.strictObject({
  source: z.literal("catalog"),
  /** the catalog entry's id (grader/diagnose/catalog) */
  id: z.string(),
  /** full: the whole output is the variant's; partial: every wrong part is */
  match: z.enum(["full", "partial"]),
});

const DetectorDiagnosisSchema = z.discriminatedUnion("id", [
  z.strictObject({ source: z.literal("detector"), id: z.literal("constant-factor"), path: z.string(), factor: z.enum(FACTORS) }),
  z.strictObject({ source: z.literal("detector"), id: z.literal("sign-flipped"), path: z.string() }),
  z.strictObject({ source: z.literal("detector"), id: z.literal("transposed"), path: z.string() }),
  z.strictObject({ source: z.literal("detector"), id: z.literal("nan-at-zero"), path: z.string(), arg: z.number().int().nonnegative().optional() }),
  z.strictObject({ source: z.literal("detector"), id: z.literal("last-batch-only"), missing: z.boolean() }),
]);

export const DiagnosisSchema = z.union([CatalogDiagnosisSchema, DetectorDiagnosisSchema]);
export type Diagnosis = z.infer<typeof DiagnosisSchema>;
