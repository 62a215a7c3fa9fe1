/**
 * A result's scores laid out against its lab: one row per question of the lab (in the
 * lab's order), the raw total, the late penalty actually taken and the final total.
 * Every exporter and the feedback read scores through this, so the gradebook, the
 * Gradescope file and the student's feedback can never disagree. Pure.
 */
import type { Lab } from "../labs/lab.ts";
import { totalPointsOf } from "../labs/lab.ts";
import { exactPoints, formatPoints, round6 } from "./points.ts";
import { type CaseResult, type SubmissionResult, earnedOf, finalScore, possibleOf, rawScore } from "./result.ts";

export { exactPoints, formatPoints, round6 };

export interface QuestionScore {
  id: string;
  title: { en: string; zh: string };
  earned: number;
  possible: number;
  cases: CaseResult[];
}

export interface ScoreSheet {
  questions: QuestionScore[];
  /** points before the late penalty */
  raw: number;
  /** points the late penalty actually took (raw − final, so never more than raw) */
  penalty: number;
  /** points after the late penalty */
  final: number;
  /** the lab's total */
  possible: number;
}

/**
 * Scores of one result per lab question. A question without cases (a submission that
 * could not be read) scores 0 of the lab's points; cases of a question the lab does not
 * list (a result graded with an older lab) get a row of their own after the lab's, so the
 * rows always add up to the raw total.
 */
export function scoreSheet(r: SubmissionResult, lab: Lab): ScoreSheet {
  const questions: QuestionScore[] = lab.questions.map((q) => {
    const cases = r.cases.filter((c) => c.question === q.id);
    return { id: q.id, title: q.title, earned: earnedOf(cases), possible: q.points, cases };
  });
  const known = new Set(lab.questions.map((q) => q.id));
  const extra: QuestionScore[] = [];
  for (const c of r.cases) {
    if (known.has(c.question)) continue;
    known.add(c.question);
    const cases = r.cases.filter((d) => d.question === c.question);
    extra.push({ id: c.question, title: { en: c.question, zh: c.question }, earned: earnedOf(cases), possible: possibleOf(cases), cases });
  }
  const raw = rawScore(r);
  const final = finalScore(r);
  return {
    questions: [...questions, ...extra],
    raw,
    penalty: round6(raw - final),
    final,
    possible: round6(totalPointsOf(lab) + extra.reduce((s, q) => s + q.possible, 0)),
  };
}

/** A case earned all its points. */
export const passed = (c: CaseResult): boolean => round6(c.earned) >= round6(c.points);
