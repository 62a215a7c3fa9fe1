/**
 * Late penalty: a pure function of submission time, deadline, policy and score
 * (nbgrader's plugin idea), clamped to [0, score].
 */
import type { LatePolicy } from "../labs/lab.ts";

export interface Lateness {
  /** minutes after the deadline (0 when on time; grace minutes not subtracted) */
  minutesLate: number;
  /** percent of the earned score taken away */
  penaltyPercent: number;
  /** points taken away, in [0, score] */
  penaltyPoints: number;
}

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

export function latePenalty(args: { submittedAt: Date | null; deadline: Date; policy: LatePolicy; score: number }): Lateness {
  const { submittedAt, deadline, policy, score } = args;
  const minutesLate = submittedAt ? Math.max(0, (submittedAt.getTime() - deadline.getTime()) / MINUTE) : 0;
  let percent = 0;
  switch (policy.kind) {
    case "none":
      break;
    case "per-day": {
      const over = minutesLate - policy.graceMinutes;
      if (over > 0) percent = Math.min(policy.maxPercent, Math.ceil(over / DAY_MINUTES) * policy.percentPerDay);
      break;
    }
    case "cutoff":
      if (minutesLate > policy.graceMinutes) percent = policy.percent;
      break;
    default: {
      const never: never = policy;
      throw new Error(`unknown late policy ${JSON.stringify(never)}`);
    }
  }
  const penaltyPoints = Math.min(score, Math.max(0, (score * percent) / 100));
  return { minutesLate, penaltyPercent: percent, penaltyPoints };
}
