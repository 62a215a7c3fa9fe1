/**
 * A diagnosis as results carry it: data, never sentences (words are rendered per
 * language by i18n/diagnose.ts from i18n/<lang>/diagnose.ts). This module is the only
 * one of grader/diagnose the released checker may contain: it imports nothing else. A catalog diagnosis is the entry's
 * id; a detector's carries symbolic data only (a part's path, a factor's name), so a
 * hidden case's diagnosis shows none of its values (nan-at-zero leaves out which
 * argument was 0 on a hidden case).
 */
import { z } from "zod";

/** The factors the constant-factor detector names (never their values). */
export const FACTORS = ["2", "1/2", "m", "1/m", "keep_prob", "1/keep_prob", "lambda", "1/lambda"] as const;
export type Factor = (typeof FACTORS)[number];

const CatalogDiagnosisSchema = z.strictObject({
  source: z.literal("catalog"),
  /** the catalog entry's id (grader/diagnose/catalog) */
  id: z.string(),
  /** full: the whole output is the variant's; partial: every wrong part is */
  match: z.enum(["full", "partial"]),
  /** the line the student most likely has (code from the catalog, no value of the case) */
  line: z.strictObject({ kind: z.enum(["wrote", "missing"]), code: z.string() }).optional(),
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
