/**
 * Reading the file `dnnlab experiment --out <dir>` writes (`<dir>/<experiment>.json`,
 * experiments/format.ts `experimentFile`) back into an `ExperimentResult` for the report.
 * The file comes from a student's submission, so it is validated: a malformed file is
 * refused with the first problem's path, and a decision-boundary grid must be rectangular
 * and of a sane size before anything is drawn from it.
 */
import { z } from "zod";
import type { ExperimentResult } from "../experiments/run.ts";
import { EXPERIMENTS } from "../experiments/runs.ts";

const Accuracy = z.number().min(0).max(1).nullable();
const MAX_GRID = 400;
const MAX_POINTS = 5000;

const GridSchema = z
  .object({
    x1: z.array(z.number()).min(1).max(MAX_GRID),
    x2: z.array(z.number()).min(1).max(MAX_GRID),
    z: z.array(z.array(z.number())).max(MAX_GRID),
  })
  .refine((g) => g.z.length === g.x2.length && g.z.every((row) => row.length === g.x1.length), {
    message: "z must have one row per x2 value and one column per x1 value",
  });

const PointsSchema = z
  .object({ x1: z.array(z.number()).max(MAX_POINTS), x2: z.array(z.number()).max(MAX_POINTS), y: z.array(z.number()).max(MAX_POINTS) })
  .refine((p) => p.x1.length === p.x2.length && p.x1.length === p.y.length, { message: "x1, x2 and y must have the same length" });

export const ExperimentFileSchema = z.object({
  experiment: z.enum(EXPERIMENTS),
  rows: z.array(
    z.object({
      run: z.string(),
      label: z.string(),
      train: Accuracy,
      test: Accuracy,
      reference: z.object({ train: Accuracy, test: Accuracy }),
      seconds: z.number().nonnegative(),
      skipped: z.string().optional(),
    }),
  ),
  curves: z.array(
    z.object({
      run: z.string(),
      every: z.number().positive(),
      unit: z.enum(["iteration", "epoch"]),
      costs: z.array(z.number().nullable()).max(100_000),
      learningRates: z.array(z.number()).optional(),
      reference: z.object({ every: z.number(), costs: z.array(z.number()) }).optional(),
    }),
  ),
  boundaries: z.array(z.object({ run: z.string(), grid: GridSchema, points: PointsSchema })),
  checks: z.array(z.object({ description: z.string(), ok: z.boolean().nullable() })).default([]),
});

export class ExperimentFileError extends Error {
  override name = "ExperimentFileError";
}

/** Parse the text of an experiment file; throws ExperimentFileError saying what is wrong and where. */
export function parseExperimentFile(text: string, source = "experiment file"): ExperimentResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ExperimentFileError(`${source}: not valid JSON (${(err as Error).message}); run \`dnnlab experiment\` again to rewrite it`);
  }
  const parsed = ExperimentFileSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ExperimentFileError(`${source}: ${i.path.join(".") || "(root)"}: ${i.message}; run \`dnnlab experiment\` again to rewrite it`);
  }
  const { experiment, rows, curves, boundaries, checks } = parsed.data;
  return { experiment, rows, curves, boundaries, checks };
}
