/**
 * The diagnose step's work, as the grading pipeline calls it (grader/pipeline: after
 * judging, with the failed cases and the student's compiled sources). It takes what the
 * student's calls returned from the pipeline when it kept them; otherwise it reruns the
 * student's code on the failed fixture cases whose output was judged wrong (in its own
 * sandbox: student code never shares a process with the variants, whose outputs are
 * cached for the whole class) and takes a thrown error from the case's issue. Then it
 * asks the Diagnoser. Properties (random inputs) and cases that timed out, crashed or were not
 * written are not diagnosed.
 */
import type { FixtureCase, FixtureFile } from "../cases/schema.ts";
import { type SandboxLimitsInput, withSandbox } from "../sandbox/sandbox.ts";
import { type CaseOutcome, Diagnoser, type FailedCase } from "./diagnose.ts";
import type { Diagnosis } from "./diagnosis.ts";

/** A judged case as the hook reads it (a CaseResult is one). */
export interface JudgedCase {
  id: string;
  kind: "fixture" | "property";
  fn: string;
  question: string;
  issue?: { code: string; name?: string; message?: string } | undefined;
}

/** What the pipeline hands the hook (grader/pipeline's DiagnoseInput is one). */
export interface DiagnoseRequest {
  lab: { questions: readonly { id: string; assignment: string; file: string }[] };
  fixtures: ReadonlyMap<string, FixtureFile>;
  limits: SandboxLimitsInput;
  failed: readonly JudgedCase[];
  /** the student's compiled sources, file name → TypeScript */
  sources: Readonly<Record<string, string>>;
  /** what the student's calls returned, by case id, when the pipeline kept it (those cases are not rerun) */
  outcomes?: ReadonlyMap<string, CaseOutcome>;
}

/** The pipeline's diagnose function, over one Diagnoser (create one per grading run: its cache is the class's). */
export function diagnoseWith(diagnoser: Diagnoser = new Diagnoser()): (req: DiagnoseRequest) => Promise<Map<string, Diagnosis[]>> {
  return async (req) => {
    const todo: { fixture: FixtureCase; file: string; issue: NonNullable<JudgedCase["issue"]> }[] = [];
    for (const c of req.failed) {
      if (c.kind !== "fixture" || !c.issue || (c.issue.code !== "mismatch" && c.issue.code !== "threw")) continue;
      const q = req.lab.questions.find((x) => x.id === c.question);
      const fixture = q && req.fixtures.get(q.assignment)?.cases.find((x) => x.id === c.id);
      if (q && fixture) todo.push({ fixture, file: q.file, issue: c.issue });
    }
    if (todo.length === 0) return new Map();
    const failed: FailedCase[] = [];
    const kept = (t: (typeof todo)[number]) => req.outcomes?.get(t.fixture.id);
    const rerun = todo.filter((t) => t.issue.code === "mismatch" && !kept(t) && t.file in req.sources);
    for (const t of todo) {
      const o = kept(t);
      if (o) failed.push({ fixture: t.fixture, outcome: o });
      else if (t.issue.code === "threw") {
        failed.push({ fixture: t.fixture, outcome: { ok: false, error: { kind: "threw", name: t.issue.name, message: t.issue.message } } });
      }
    }
    if (rerun.length > 0) {
      diagnoser.stats.studentReruns++;
      try {
        await withSandbox({ ...req.sources }, req.limits, async (sandbox) => {
          for (const t of rerun) {
            const o = await sandbox.call(t.file, t.fixture.fn, t.fixture.args);
            const e = o.ok ? undefined : o.error;
            const outcome: CaseOutcome = o.ok
              ? { ok: true, value: o.value }
              : e!.kind === "threw"
                ? { ok: false, error: { kind: "threw", name: e!.name, message: e!.message } }
                : { ok: false, error: { kind: e!.kind } };
            failed.push({ fixture: t.fixture, outcome });
          }
        });
      } catch {
        // The grader's machinery could not rerun the student's code: diagnose what we have.
      }
    }
    return diagnoser.diagnose(failed);
  };
}
