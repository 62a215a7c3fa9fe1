/**
 * @deprecated GitHub Classroom was retired in 2026. Kept for one term (until the end of
 * spring 2027) only for the checker's `classroom` command, so student repositories released
 * with classroom.yml before the retirement keep a working workflow; `dnnlab release` no
 * longer ships classroom.yml (README, "GitHub Classroom"). Remove with that command.
 *
 * GitHub Classroom autograding: the result of one question in the format the grading
 * reporter reads, so Classroom gets fractional points per question instead of the
 * all-or-nothing score of a command step.
 *
 * The format, as read by classroom-resources/autograding-grading-reporter (src/main.js,
 * src/notify-classroom.js and its bundled dist/main.js) and as written by the graders
 * (classroom-resources/autograding-command-grader and autograding-io-grader, `run()`):
 *
 * - each test step sets an output `result`: base64 of a JSON object
 *   `{version: 1, status: "pass" | "fail" | "error", max_score, tests: [{name, status,
 *   score, message, test_code, filename, line_no, execution_time}]}`;
 * - the reporter step gets each one as the environment variable `<RUNNER-ID>_RESULTS`
 *   (the step id in capitals) and the ids in its `runners` input;
 * - Classroom's score is the notice the reporter writes, "Points <Σ tests[].score> /
 *   <Σ max_score>" (runners with no max_score are skipped): the tests' scores, so
 *   fractional points per test reach Classroom as they are;
 * - the reporter fails its step when any runner's top-level `status` is "fail" or "error";
 *   its console table shows (tests passed / tests) × max_score, not the points.
 *
 * Choices: one runner per question, one test per case (its points earned as `score`,
 * the feedback as `message`, the function's START line as `line_no`). The top-level
 * status follows dnnlab's exit policy, not the score: "pass" when the question was
 * checked, "error" when it could not be, "fail" only below an instructor's --fail-under.
 * Pure.
 */
import { caseText } from "../../i18n/case-text.ts";
import { renderCaseFeedback } from "../feedback/feedback.ts";
import type { Lab } from "../labs/lab.ts";
import type { Lang } from "../splice/markers.ts";
import type { SubmissionResult } from "../result/result.ts";
import { passed, round6 } from "../result/scores.ts";

export type ClassroomStatus = "pass" | "fail" | "error";

export interface ClassroomTest {
  name: string;
  status: ClassroomStatus;
  score: number;
  message: string | null;
  test_code: string;
  filename: string;
  line_no: number;
  execution_time: string;
}

export interface ClassroomResult {
  version: 1;
  status: ClassroomStatus;
  max_score: number;
  tests: ClassroomTest[];
}

/** The runner (step) id of a question: "hw2-1-q1". Letters, digits and dashes, as step ids and env names allow. */
export const runnerId = (labId: string, questionId: string): string => `${labId}-${questionId}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-");

export interface ClassroomOptions {
  lang?: Lang;
  /** the question's file as shown to the student, e.g. "exercises/initialization.ts" */
  filename?: string;
  /** the START line of a function in the student's file (0: unknown) */
  lineOf?: (fn: string) => number;
  /** the instructor's --fail-under and the student's overall percentage */
  failUnder?: number;
  percent?: number;
}

/** One question's Classroom result from a checked lab. */
export function classroomResult(result: SubmissionResult, lab: Lab, questionId: string, opts: ClassroomOptions = {}): ClassroomResult {
  const q = lab.questions.find((x) => x.id === questionId);
  if (!q) throw new Error(`lab ${lab.id} has no question ${questionId}`);
  const lang = opts.lang ?? "en";
  const cases = result.cases.filter((c) => c.question === q.id);
  if (result.failure || cases.length === 0) {
    return classroomError(q.points, `${lab.id} ${q.id} ${q.title[lang]}`, result.failure?.message ?? `${q.file} was not checked`);
  }
  const below = opts.failUnder !== undefined && opts.percent !== undefined && opts.percent < opts.failUnder;
  return {
    version: 1,
    status: below ? "fail" : "pass",
    max_score: round6(q.points),
    tests: cases.map((c) => ({
      name: caseText(c, lang).description,
      status: passed(c) ? "pass" : c.issue?.code === "infrastructure" ? "error" : "fail",
      score: round6(c.earned),
      message: passed(c) ? null : renderCaseFeedback(c, lang),
      test_code: "",
      filename: opts.filename ?? q.file,
      line_no: opts.lineOf?.(c.fn) ?? 0,
      execution_time: "0s",
    })),
  };
}

/** A question that could not be checked: its points count in the maximum, none earned. */
export function classroomError(maxScore: number, name: string, message: string): ClassroomResult {
  return {
    version: 1,
    status: "error",
    max_score: round6(maxScore),
    tests: [{ name, status: "error", score: 0, message, test_code: "", filename: "", line_no: 0, execution_time: "0s" }],
  };
}

/** The value of the step output `result`. */
export const encodeClassroomResult = (r: ClassroomResult): string => Buffer.from(JSON.stringify(r), "utf8").toString("base64");
