/**
 * Gradescope autograder output (/autograder/results/results.json) for one submission,
 * in the format of Gradescope's "Autograder Specifications" (gradescope/autograder_samples,
 * docs/specs.md): a top-level score, output and visibility, and one test per case.
 *
 * Choices:
 * - `score` is after the late penalty; the tests carry the points before it, and the
 *   top-level output says what the penalty took (a top-level score overrides the tests' sum).
 * - Hidden cases are `after_published` (shown once the instructor publishes grades); their
 *   output never has values in it anyway (grader/messages). Everything else is `visible`.
 * - `stdout_visibility` is hidden: stdout of run_autograder is the grader's own log.
 * - A submission that could not be graded still lists one zero test per question, so the
 *   student sees what they lost and why (otter's `without_results`).
 * Pure: the caller writes the file.
 */
import { caseText } from "../../i18n/case-text.ts";
import type { Lab } from "../labs/lab.ts";
import type { Lang } from "../splice/markers.ts";
import { messagesFor, renderCaseFeedback, renderLate } from "../feedback/feedback.ts";
import { renderNote } from "../feedback/notes.ts";
import type { SubmissionResult } from "../result/result.ts";
import { formatPoints, passed, round6, scoreSheet } from "../result/scores.ts";

type Visibility = "hidden" | "after_due_date" | "after_published" | "visible";

export interface GradescopeTest {
  name: string;
  number: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  visibility: Visibility;
  tags: string[];
}

export interface GradescopeResults {
  score: number;
  execution_time: number;
  output: string;
  output_format: "md";
  visibility: Visibility;
  stdout_visibility: Visibility;
  tests: GradescopeTest[];
  extra_data: { lab: string; student: string; raw_score: number; late_penalty: number; minutes_late: number };
}

export interface GradescopeOptions {
  /** language of the messages students read (default en) */
  lang?: Lang;
}

/** The results.json object for one submission. */
export function gradescopeResults(r: SubmissionResult, lab: Lab, opts: GradescopeOptions = {}): GradescopeResults {
  const lang = opts.lang ?? "en";
  const t = messagesFor(lang);
  const sheet = scoreSheet(r, lab);

  const tests: GradescopeTest[] = [];
  sheet.questions.forEach((q, qi) => {
    const title = q.title[lang] === q.id ? q.id : `${q.id} ${q.title[lang]}`;
    if (q.cases.length === 0) {
      tests.push({
        name: `${title}: ${t.labels.notGraded}`,
        number: `${qi + 1}`,
        score: 0,
        max_score: q.possible,
        status: "failed",
        output: r.failure ? t.failure(r.failure) : t.labels.notGraded,
        visibility: "visible",
        tags: [q.id],
      });
      return;
    }
    q.cases.forEach((c, ci) => {
      tests.push({
        name: `${q.id} · ${caseText(c, lang).description}`,
        number: `${qi + 1}.${ci + 1}`,
        score: round6(c.earned),
        max_score: round6(c.points),
        status: passed(c) ? "passed" : "failed",
        output: renderCaseFeedback(c, lang),
        visibility: c.hidden ? "after_published" : "visible",
        tags: [q.id, c.fn, c.kind, ...(c.hidden ? ["hidden"] : [])],
      });
    });
  });

  const summary = [
    `**${t.labels.totalLine(formatPoints(sheet.final), formatPoints(sheet.possible))}**`,
    renderLate(r, sheet, lang),
    r.failure ? t.failure(r.failure) : undefined,
    r.notes.map((n) => `- ${renderNote(n, lang)}`).join("\n"),
  ].filter((x): x is string => Boolean(x));

  return {
    score: sheet.final,
    execution_time: Math.round(r.durationMs / 1000),
    output: summary.join("\n\n"),
    output_format: "md",
    visibility: "visible",
    stdout_visibility: "hidden",
    tests,
    extra_data: {
      lab: lab.id,
      student: r.student,
      raw_score: sheet.raw,
      late_penalty: sheet.penalty,
      minutes_late: round6(r.late.minutesLate),
    },
  };
}

/** results.json text for one submission. */
export function toGradescopeJson(r: SubmissionResult, lab: Lab, opts: GradescopeOptions = {}): string {
  return JSON.stringify(gradescopeResults(r, lab, opts), null, 2) + "\n";
}
