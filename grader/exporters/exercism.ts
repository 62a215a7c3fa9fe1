/**
 * Exercism test-runner interface, version 3 (exercism/docs,
 * building/tooling/test-runners/interface.md): results.json for one submission.
 *
 * - Overall `status`: `error` when the submission could not be graded at all (the spec's
 *   "tests did not run correctly"), with the reason in `message`; `pass` when every case
 *   earned all its points; `fail` otherwise. A partly right case is a `fail`.
 * - Per test: `fail` for wrong output, a broken property, an unwritten or unexported
 *   function; `error` when the student's code threw, timed out, crashed, returned
 *   something unreadable, or the case could not be graded.
 * - `task_id` is the question's place in the lab (Q1 → 1), the spec's numbered tasks.
 * - `test_code` says what the case calls; a hidden case shows no inputs.
 * - Per-test `output` is left out: the sandbox captures what the code printed for the
 *   whole submission, not per case, and the spec wants only the student's own output there.
 * Tests are in the lab's order, which is the order of the graded cases. Words (test names,
 * messages, the comments in test_code) are in `lang`, default English.
 */
import { caseText } from "../../i18n/case-text.ts";
import { messagesFor, renderCaseFeedback } from "../feedback/feedback.ts";
import type { Lab } from "../labs/lab.ts";
import type { Lang } from "../splice/markers.ts";
import type { CaseIssue, CaseResult, SubmissionResult } from "../result/result.ts";
import { passed, scoreSheet } from "../result/scores.ts";

export interface ExercismTest {
  name: string;
  status: "pass" | "fail" | "error";
  message?: string;
  test_code: string;
  task_id: number;
}

export interface ExercismResults {
  version: 3;
  status: "pass" | "fail" | "error";
  message: string | null;
  tests: ExercismTest[];
}

/** Issues where the code did not produce an answer to check: the spec's per-test `error`. */
const ERRORED: ReadonlySet<CaseIssue["code"]> = new Set(["threw", "timeout", "crashed", "bad_return", "infrastructure"]);

function testCode(c: CaseResult, lang: Lang): string {
  const L = messagesFor(lang).labels;
  const description = caseText(c, lang).description;
  if (c.kind === "property") {
    const seed = c.issue?.code === "property_failed" ? `, { seed: ${c.issue.seed} }` : "";
    return `// ${L.propertyComment(c.id)}: ${description}\nfc.assert(property${seed})`;
  }
  return `// ${description}\n${c.fn}(/* ${c.hidden ? L.hiddenInputs : L.caseInputs(c.id)} */); // ${L.comparedWithin}`;
}

/** The results.json object for one submission, words in `lang` (default en). */
export function exercismResults(r: SubmissionResult, lab: Lab, opts: { lang?: Lang } = {}): ExercismResults {
  const lang = opts.lang ?? "en";
  const sheet = scoreSheet(r, lab);
  const tests: ExercismTest[] = sheet.questions.flatMap((q, qi) =>
    q.cases.map((c): ExercismTest => {
      const ok = passed(c);
      return {
        name: `${q.id} · ${caseText(c, lang).description}`,
        status: ok ? "pass" : c.issue && ERRORED.has(c.issue.code) ? "error" : "fail",
        ...(ok ? {} : { message: renderCaseFeedback(c, lang) }),
        test_code: testCode(c, lang),
        task_id: qi + 1,
      };
    }),
  );
  if (r.failure) return { version: 3, status: "error", message: messagesFor(lang).failure(r.failure), tests };
  return { version: 3, status: tests.every((t) => t.status === "pass") ? "pass" : "fail", message: null, tests };
}

/** results.json text for one submission. */
export function toExercismJson(r: SubmissionResult, lab: Lab, opts: { lang?: Lang } = {}): string {
  return JSON.stringify(exercismResults(r, lab, opts), null, 2) + "\n";
}
