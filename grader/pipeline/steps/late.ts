/** Step "late penalty": on the earned score, a pure function of submission time, deadline and policy. */
import { latePenalty } from "../../judge/late-policy.ts";
import type { GradeStep } from "../state.ts";

export const assignLatePenalty: GradeStep = {
  name: "late penalty",
  run(s, ctx) {
    const earned = (s.cases ?? []).reduce((sum, c) => sum + c.earned, 0);
    const late = latePenalty({ submittedAt: s.read?.submittedAt ?? null, deadline: new Date(ctx.lab.deadline), policy: ctx.lab.latePolicy, score: earned });
    return { ...s, late };
  },
};
