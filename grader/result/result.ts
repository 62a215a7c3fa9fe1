/**
 * The result model: what grading one submission produced. Every exporter (gradebook
 * CSV/JSON, Markdown feedback, Gradescope, Exercism, JUnit, step summary) and the
 * reports read this and nothing else. Scores are derived by functions from the case
 * results, never stored beside them (otter's idea). Zod schemas, because results are
 * written to files (one per student, for --resume and merge) and read back.
 */
import { z } from "zod";
import { CrashSchema } from "../sandbox/outcome.ts";
import { round6 } from "./points.ts";

const Shape = z.tuple([z.number(), z.number()]);

const MismatchSchema = z.discriminatedUnion("code", [
  z.strictObject({ code: z.literal("type_mismatch"), path: z.string(), expected: z.string(), got: z.string() }),
  z.strictObject({ code: z.literal("shape_mismatch"), path: z.string(), expected: Shape, got: Shape }),
  z.strictObject({ code: z.literal("length_mismatch"), path: z.string(), expected: z.number(), got: z.number() }),
  z.strictObject({ code: z.literal("missing_key"), path: z.string(), key: z.string() }),
  z.strictObject({
    code: z.literal("value_mismatch"),
    path: z.string(),
    at: Shape.optional(),
    expected: z.number().nullable(),
    got: z.number().nullable(),
    maxAbsErr: z.number().nullable(),
    maxRelErr: z.number().nullable(),
    count: z.number(),
    total: z.number(),
  }),
]);

/** Why a case did not earn its points, as data; rendered per language by grader/messages. */
/** Why a property failed, as data (grader/judge/properties; words in i18n/<lang>/feedback.ts). */
/** A number the student's code produced: null when it was NaN or ±Infinity (JSON has neither). */
const StudentNumber = z.number().nullable();

export const PropertyReasonSchema = z.discriminatedUnion("code", [
  /** a parameter has the wrong shape */
  z.strictObject({ code: z.literal("wrong_shape"), param: z.string(), got: z.array(z.number()), expected: z.array(z.number()) }),
  /** a parameter that must be all zeros is not */
  z.strictObject({ code: z.literal("not_zeros"), param: z.string() }),
  /** a weight matrix's standard deviation is off; `formula` is how the expected value is written (e.g. "sqrt(2/64)") */
  z.strictObject({ code: z.literal("std_off"), param: z.string(), got: StudentNumber, expected: z.number(), formula: z.string().optional() }),
  /** a dict (`what`: "parameters", …) has other keys than these */
  z.strictObject({ code: z.literal("wrong_keys"), what: z.string(), got: z.array(z.string()), expected: z.array(z.string()) }),
  /** `what` is not the kind of value the function returns; `got` is lib/value.ts's describe() of it */
  z.strictObject({ code: z.literal("wrong_type"), what: z.string(), expected: z.enum(["dict", "matrix", "number", "list"]), length: z.number().optional(), got: z.string() }),
  /** an output differs from what the property computes (compare.ts's mismatch); `advice` adds what usually causes it */
  z.strictObject({ code: z.literal("mismatch"), mismatch: MismatchSchema, advice: z.enum(["divide_by_keep_prob"]).optional() }),
  /** randomMiniBatches returned `got` batches for m columns and batch size `size` */
  z.strictObject({ code: z.literal("batch_count"), got: z.number(), expected: z.number(), m: z.number(), size: z.number() }),
  /** a call (written out, e.g. "updateLr(0.1, 3, 1)") returned `got` (as text: it may not be a number), not `expected` */
  z.strictObject({ code: z.literal("wrong_value"), call: z.string(), got: z.string(), expected: z.number() }),
  /** the L2 cost is `got` for λ = `lambd`, not `expected` (`plain`: the cost without the penalty) */
  z.strictObject({ code: z.literal("cost_off"), lambd: z.number(), got: StudentNumber, expected: z.number(), plain: z.number() }),
  /** the gradient check gave `got`, not below `limit`: for `call` (1-D), or for correct gradients (N-D) */
  z.strictObject({ code: z.literal("check_too_large"), call: z.string().optional(), got: StudentNumber, limit: z.number() }),
  /** the N-D gradient check gave `got`, not above `limit`, with gradient `key` off by `offBy` */
  z.strictObject({ code: z.literal("check_too_small"), key: z.string(), offBy: z.number(), got: StudentNumber, limit: z.number() }),
  /** dropout mask `param` keeps `got` of the units, not about keep_prob = `expected` */
  z.strictObject({ code: z.literal("keep_fraction"), param: z.string(), got: StudentNumber, expected: z.number() }),
  /** dropout mask `param` holds values other than 0 and 1 */
  z.strictObject({ code: z.literal("mask_not_binary"), param: z.string() }),
  /** the check itself threw on what the function returned (a bug in the check, or an output it did not foresee) */
  z.strictObject({ code: z.literal("check_threw"), name: z.string(), message: z.string() }),
]);
export type PropertyReason = z.infer<typeof PropertyReasonSchema>;

export const CaseIssueSchema = z.discriminatedUnion("code", [
  /** `fn` (or `missing`, a function it calls) still holds the exercise's placeholder */
  z.strictObject({ code: z.literal("not_written"), fn: z.string(), missing: z.string().optional() }),
  /** `fn` does not compile: the first compiler error charged to it, at its line in the student's file */
  z.strictObject({
    code: z.literal("does_not_compile"),
    fn: z.string(),
    file: z.string(),
    line: z.number(),
    column: z.number(),
    message: z.string(),
    /** the message as data, for rendering per language (grader/compile/errors.ts DiagnosticLine[]) */
    diagnostic: z.array(z.looseObject({ depth: z.number(), parts: z.array(z.unknown()), en: z.string() })).optional(),
  }),
  /** the file that holds `fn` was not in the submission */
  z.strictObject({ code: z.literal("file_missing"), fn: z.string(), file: z.string() }),
  /** `fn`'s START/END markers are broken (the file's notes say how); `line` in the student's file */
  z.strictObject({ code: z.literal("marker_error"), fn: z.string(), file: z.string(), line: z.number().optional() }),
  z.strictObject({ code: z.literal("not_exported"), fn: z.string() }),
  z.strictObject({
    code: z.literal("threw"),
    fn: z.string(),
    name: z.string(),
    message: z.string(),
    /** set for a hidden case: `message` is empty and `name` a built-in error name (grader/judge/judge.ts) */
    redacted: z.literal(true).optional(),
    /** where it threw: the first frame in the student's code, as a line of the student's file */
    at: z.strictObject({ file: z.string(), line: z.number() }).optional(),
  }),
  z.strictObject({ code: z.literal("timeout"), fn: z.string(), limitMs: z.number() }),
  /** The sandbox's crash as data (grader/sandbox/outcome.ts); i18n/{en,zh}/sandbox.ts word it. */
  z.strictObject({ code: z.literal("crashed"), fn: z.string(), ...CrashSchema.shape }),
  z.strictObject({ code: z.literal("bad_return"), fn: z.string(), message: z.string(), redacted: z.literal(true).optional() }),
  z.strictObject({
    code: z.literal("mismatch"),
    fn: z.string(),
    /** the first mismatch; the values are left out for hidden cases */
    mismatch: MismatchSchema,
    partsOk: z.number(),
    partsTotal: z.number(),
  }),
  z.strictObject({
    code: z.literal("property_failed"),
    fn: z.string(),
    /** what broke the property: a code and its data (rendered per language); a string only in results stored by an older grader (read back for --resume and merge) */
    reason: z.union([z.string(), PropertyReasonSchema]),
    /** replay with fast-check: fc.assert(property, { seed, path }) */
    seed: z.number(),
    path: z.string().optional(),
    counterexample: z.string(),
    numRuns: z.number(),
  }),
  z.strictObject({ code: z.literal("infrastructure"), fn: z.string(), detail: z.string() }),
]);
export type CaseIssue = z.infer<typeof CaseIssueSchema>;

export const DiagnosisSchema = z.looseObject({ id: z.string(), source: z.enum(["catalog", "detector"]) });

const CaseResultSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(["fixture", "property"]),
  question: z.string(),
  fn: z.string(),
  description: z.string(),
  hidden: z.boolean(),
  points: z.number(),
  earned: z.number(),
  issue: CaseIssueSchema.optional(),
  hint: z.string().optional(),
  /** on a failed case: what its output shows, named by grader/diagnose (a catalog id or a generic detector, with its data) */
  diagnoses: z.array(DiagnosisSchema).optional(),
});
export type CaseResult = z.infer<typeof CaseResultSchema>;

/**
 * Per-file notes from reading, splicing and compiling, as data: the reader's note, the
 * splice issue or the compiler error itself (grader/submission, grader/splice,
 * grader/compile own their shapes); grader/feedback renders them per language.
 */
const Where = { file: z.string(), fn: z.string().optional(), line: z.number().optional() };
const FileNoteSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("submission"), ...Where, note: z.looseObject({ code: z.string() }) }),
  z.strictObject({ kind: z.enum(["marker", "file_missing"]), ...Where, issue: z.looseObject({ code: z.string() }) }),
  z.strictObject({ kind: z.literal("compile"), ...Where, error: z.looseObject({ file: z.string(), line: z.number(), code: z.number(), message: z.string() }) }),
  z.strictObject({ kind: z.literal("outside_changed"), ...Where }),
]);
export type FileNote = z.infer<typeof FileNoteSchema>;

const RegionSummarySchema = z.strictObject({
  file: z.string(),
  fn: z.string(),
  index: z.number(),
  status: z.enum(["spliced", "untouched", "marker_error", "missing", "compile_error"]),
  /** the student's code of this region (for reports) */
  code: z.string(),
});
export type RegionSummary = z.infer<typeof RegionSummarySchema>;

/** Where a submission's time came from (grader/submission/time.ts); "none": unknown, no late penalty. */
export const TIME_SOURCES = ["timestamps", "git", "zip", "submission-json", "mtime", "none"] as const;
export type TimeSource = (typeof TIME_SOURCES)[number];

export const SubmissionResultSchema = z.strictObject({
  schema: z.literal("dnnlab.result/1"),
  student: z.string(),
  lab: z.string(),
  submittedAt: z.string().nullable(),
  /** where submittedAt came from; `future`: the time that source gave, after grading started, so not trusted */
  time: z.strictObject({ source: z.enum(TIME_SOURCES), future: z.string().optional() }).optional(),
  gradedAt: z.string(),
  durationMs: z.number(),
  cases: z.array(CaseResultSchema),
  regions: z.array(RegionSummarySchema),
  notes: z.array(FileNoteSchema),
  late: z.strictObject({ minutesLate: z.number(), penaltyPercent: z.number(), penaltyPoints: z.number() }),
  /** how the child was confined (null when no code ran, e.g. an untouched stub) */
  isolation: z
    .strictObject({
      permissionModel: z.boolean(),
      network: z.enum(["none", "unrestricted"]),
      processes: z.enum(["own-user", "own-namespace", "shared"]),
      user: z.enum(["unprivileged", "same-as-parent"]),
      rlimitData: z.number().nullable(),
      rlimitCpuSeconds: z.number().nullable(),
      /** absent in results written before these layers were reported */
      filesystem: z.enum(["private-mount", "host"]).optional(),
      rlimitFsize: z.number().nullable().optional(),
      diesWithParent: z.boolean().optional(),
    })
    .nullable(),
  /** set when the submission could not be graded at all (unreadable zip, infrastructure) */
  failure: z.strictObject({ code: z.string(), message: z.string() }).optional(),
  /** the end of what the student's code printed (for feedback) */
  output: z.string().optional(),
  /** which cases graded it (grader/cases/fingerprint.ts): `--resume` regrades, `merge` refuses, a mix */
  gradedWith: z.strictObject({ fixtures: z.string(), secret: z.string().nullable() }).optional(),
});
export type SubmissionResult = z.infer<typeof SubmissionResultSchema>;

// ---------------------------------------------------------------- derived scores

export const earnedOf = (cases: readonly CaseResult[]): number => round6(cases.reduce((s, c) => s + c.earned, 0));
export const possibleOf = (cases: readonly CaseResult[]): number => round6(cases.reduce((s, c) => s + c.points, 0));

/** Earned points per question id, in the order questions first appear. */
export function questionScores(r: SubmissionResult): { question: string; earned: number; possible: number }[] {
  const order: string[] = [];
  for (const c of r.cases) if (!order.includes(c.question)) order.push(c.question);
  return order.map((q) => {
    const cs = r.cases.filter((c) => c.question === q);
    return { question: q, earned: earnedOf(cs), possible: possibleOf(cs) };
  });
}

/** Points before the late penalty. */
export const rawScore = (r: SubmissionResult): number => earnedOf(r.cases);
/** Points after the late penalty. */
export const finalScore = (r: SubmissionResult): number => round6(Math.max(0, rawScore(r) - r.late.penaltyPoints));
export const possibleScore = (r: SubmissionResult): number => possibleOf(r.cases);

/**
 * Nothing of the lab was handed in (a folder holding only a README, say): every file its
 * functions live in is missing. Graded as 0, and reported as no submission, not as a score.
 */
export function isNoSubmission(r: SubmissionResult): boolean {
  if (r.failure || r.regions.length === 0) return false;
  const missing = new Set(r.notes.filter((n) => n.kind === "file_missing").map((n) => n.file));
  return r.regions.every((g) => missing.has(g.file));
}

/** One word for the gradebook's status column ("missing": no file of the lab was handed in). */
export function statusOf(r: SubmissionResult): "graded" | "late" | "failed" | "missing" {
  if (r.failure) return "failed";
  if (isNoSubmission(r)) return "missing";
  return r.late.penaltyPercent > 0 ? "late" : "graded";
}
