/**
 * Grading one submission, as a list of named steps over plain values (nbgrader's
 * preprocessor list is the model):
 *
 *   read → submission time → splice → compile → run and judge → diagnose → late penalty
 *   → (build the result)
 *
 * NB: splice must come before compile (only code between markers is compiled), compile
 * before run (the sandbox bundles only code that type-checks), diagnose after judging (it
 * reruns what failed), the late penalty last (it is taken from the earned score).
 * Whatever fails, the result is a well-formed SubmissionResult built in one place
 * (state.ts buildResult): a crash of the student's code, an unreadable zip or a broken
 * marker costs points, never the batch.
 */
import { performance } from "node:perf_hooks";
import type { SubmissionResult } from "../result/result.ts";
import { studentIdOf } from "../submission/read.ts";
import { type GradeContext, type GradeState, type GradeStep, buildResult } from "./state.ts";
import { diagnoseFailures } from "./steps/diagnose.ts";
import { assignLatePenalty } from "./steps/late.ts";
import { readFiles, readSubmissionTime } from "./steps/read.ts";
import { runAndJudge } from "./steps/run.ts";
import { compile, spliceRegions } from "./steps/splice.ts";

export type { Diagnose, DiagnoseInput, Diagnosis, GradeContext } from "./state.ts";

export const GRADE_STEPS: readonly GradeStep[] = [readFiles, readSubmissionTime, spliceRegions, compile, runAndJudge, diagnoseFailures, assignLatePenalty];

/** Grade one submission folder or zip. Never throws for anything the student did. */
export async function gradeSubmission(path: string, shared: GradeContext, steps: readonly GradeStep[] = GRADE_STEPS): Promise<SubmissionResult> {
  const t0 = performance.now();
  const student = studentIdOf(path);
  // The one place the pipeline sees per-student cases (the instructor's hook, GradeContext.casesFor).
  const ctx: GradeContext = shared.casesFor ? { ...shared, fixtures: shared.casesFor(student) } : shared;
  let state: GradeState = { path, student, regions: [], notes: [], isolation: null };
  for (const step of steps) {
    if (state.failure) break;
    state = await step.run(state, ctx);
  }
  return buildResult(state, ctx, { gradedAt: (ctx.now ?? (() => new Date()))(), durationMs: performance.now() - t0 });
}
