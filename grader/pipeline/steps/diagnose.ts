/**
 * Step "diagnose", after judging: hands the failed cases to the context's diagnoser
 * (grader/diagnose) and attaches what it names to each case as `diagnoses`. Without a
 * diagnoser, or with nothing failed, it changes nothing.
 */
import { passed } from "../../result/scores.ts";
import type { GradeStep } from "../state.ts";

export const diagnoseFailures: GradeStep = {
  name: "diagnose",
  async run(s, ctx) {
    const failed = (s.cases ?? []).filter((c) => !passed(c));
    if (!ctx.diagnose || failed.length === 0) return s;
    const found = await ctx.diagnose({
      lab: ctx.lab,
      fixtures: ctx.fixtures,
      limits: ctx.limits ?? {},
      failed,
      spliced: s.spliced ?? [],
      sources: s.compiled?.sources ?? {},
      outcomes: s.outcomes ?? new Map(),
    });
    const cases = (s.cases ?? []).map((c) => {
      const d = found.get(c.id);
      return d?.length && !passed(c) ? { ...c, diagnoses: d.map((x) => ({ ...x })) } : c;
    });
    return { ...s, cases };
  },
};
