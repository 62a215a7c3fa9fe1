/** Step "late penalty": on the earned score, a pure function of submission time, deadline and policy. */
import { latePenalty } from "../../judge/late-policy.ts";
import type { GradeContext, GradeStep } from "../state.ts";

/** The deadline in force: the one given to `grade --deadline`, else the lab's. */
export const deadlineOf = (ctx: Pick<GradeContext, "deadline" | "lab">): Date => ctx.deadline ?? new Date(ctx.lab.deadline);

export const assignLatePenalty: GradeStep = {
  name: "late penalty",
  run(s, ctx) {
    const earned = (s.cases ?? []).reduce((sum, c) => sum + c.earned, 0);
    const late = latePenalty({ submittedAt: s.time?.at ?? null, deadline: deadlineOf(ctx), policy: ctx.lab.latePolicy, score: earned });
    return { ...s, late };
  },
};
