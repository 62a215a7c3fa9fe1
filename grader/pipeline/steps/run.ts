/**
 * Step "run and judge": every test of the lab, the student's code computing in the
 * sandbox and the parent judging. An untouched submission is not run at all
 * (nbgrader's checksum idea), and neither is a function none of whose regions was
 * attempted: what stands in for its code may be runnable shipped code (the planted bugs
 * of backwardPropagationN), which must not earn the student points.
 */
import type { Encoded } from "../../../lib/value.ts";
import { type CallOutcome, judgeFixture } from "../../judge/judge.ts";
import { findProperty } from "../../judge/properties/index.ts";
import { runProperty } from "../../judge/properties/run.ts";
import type { CaseResult, SubmissionResult } from "../../result/result.ts";
import { passed } from "../../result/scores.ts";
import { withSandbox } from "../../sandbox/sandbox.ts";
import { type GradeContext, type GradeStep, testInfo } from "../state.ts";
import { withRealCauses } from "./causes.ts";

/** `hidden`: the call belongs to a hidden case (what it prints stays out of the feedback). */
type Call = (file: string, fn: string, args: Encoded[], hidden: boolean) => Promise<CallOutcome>;

/**
 * Visible tests run first, hidden ones after (results stay in lab order): what hidden inputs make a child print is withheld (sandbox).
 * `outcomes` receives the value returned on each fixture case that did not pass (the diagnose step reads them).
 */
async function judgeAll(ctx: GradeContext, call: Call, outcomes?: Map<string, { ok: true; value: Encoded }>): Promise<CaseResult[]> {
  const tests = ctx.lab.questions.flatMap((q) => q.tests.map((t) => ({ q, t, info: testInfo(q, t, ctx.fixtures) })));
  const cases: CaseResult[] = new Array(tests.length);
  for (const hiddenPass of [false, true]) {
    for (const [i, { q, t, info }] of tests.entries()) {
      if (info.hidden !== hiddenPass) continue;
      const judgeCtx = { question: q.id, points: t.points };
      if (info.fixture) {
        const o = await call(q.file, info.fixture.fn, info.fixture.args, info.hidden);
        const judged = judgeFixture(info.fixture, o, judgeCtx);
        if (o.ok && outcomes && !passed(judged)) outcomes.set(judged.id, { ok: true, value: o.value });
        cases[i] = judged;
      } else {
        const spec = findProperty(q.assignment, t.id)!;
        cases[i] = await runProperty(spec, (fn, args) => call(q.file, fn, args, info.hidden), judgeCtx);
      }
    }
  }
  return cases;
}

export const runAndJudge: GradeStep = {
  name: "run and judge",
  async run(s, ctx) {
    const attemptedFns = new Set(s.regions.filter((r) => r.status === "spliced").map((r) => r.fn));
    const withRegions = new Set(s.regions.map((r) => r.fn));
    const notAttempted = (fn: string): boolean => withRegions.has(fn) && !attemptedFns.has(fn);
    const notWritten = (fn: string): CallOutcome => ({
      ok: false,
      error: { kind: "not_written", name: "Error", message: `${fn} is not written yet` },
    });

    if (attemptedFns.size === 0) {
      const cases = await judgeAll(ctx, async (_file, fn) => notWritten(fn));
      return { ...s, cases: withRealCauses(s, cases) };
    }
    let isolation: SubmissionResult["isolation"] = s.isolation;
    let output: string | undefined;
    try {
      const outcomes = new Map<string, { ok: true; value: Encoded }>();
      const cases = await withSandbox(s.compiled?.sources ?? {}, ctx.limits ?? {}, async (sandbox) => {
        const out = await judgeAll(
          ctx,
          async (file, fn, args, hidden) => {
            if (notAttempted(fn)) return notWritten(fn);
            const o = await sandbox.call(file, fn, args, undefined, { hidden });
            isolation = o.isolation;
            return o;
          },
          outcomes,
        );
        const printed = sandbox.output();
        const text = (printed.stdout + printed.stderr).trim();
        if (text) output = text.slice(-4000);
        return out;
      });
      return { ...s, cases: withRealCauses(s, cases), outcomes, isolation, ...(output ? { output } : {}) };
    } catch (err) {
      // The grader's own machinery failed (e.g. esbuild or node could not start): say so, score 0.
      const detail = err instanceof Error ? err.message : String(err);
      return { ...s, isolation, failure: { code: "infrastructure", message: detail } };
    }
  },
};
