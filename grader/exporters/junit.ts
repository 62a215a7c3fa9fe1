/**
 * JUnit XML for CI test reporters (GitHub, GitLab, Jenkins): one <testsuite> per student
 * and question, named "student.Q1", one <testcase> per graded case. A case that lost
 * points has a <failure> whose message is the student feedback's first line and whose
 * body adds the hint and the points; a submission that could not be graded has an
 * <error> on every case (or one "grading" case per question when none was built).
 *
 * Times: the sandbox does not time single cases, so each testcase and testsuite says
 * time="0"; <testsuites> carries the total grading time of the submissions.
 *
 * Language: the messages, case names and question titles are in `lang` (default English:
 * the names CI dashboards list; `--lang zh` for a Chinese class). Element and attribute
 * names, classnames ("student.Q1") and types (issue codes) are the same in every language.
 *
 * Escaping: characters XML 1.0 forbids (control characters other than tab, LF and CR,
 * lone surrogates, U+FFFE/U+FFFF) are dropped; & < > " ' are escaped; in attributes tab,
 * LF and CR are written as character references so parsers keep them. Pure.
 */
import { caseText } from "../../i18n/case-text.ts";
import { messagesFor, renderCaseFeedback } from "../feedback/feedback.ts";
import type { Lab } from "../labs/lab.ts";
import type { Lang } from "../splice/markers.ts";
import type { CaseResult, SubmissionResult } from "../result/result.ts";
import { exactPoints, formatPoints, passed, scoreSheet } from "../result/scores.ts";

/** Everything outside XML 1.0's Char production. */
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text content: invalid characters dropped, markup characters escaped. */
export const xmlText = (s: string): string =>
  s.replace(NOT_XML_CHAR, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");

/** An attribute value (double-quoted): as text, plus quotes and whitespace kept as references. */
export const xmlAttr = (s: string): string =>
  xmlText(s).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;");

const attrs = (a: Record<string, string | number>): string =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join("");

const seconds = (ms: number): string => String(Math.round(ms) / 1000);

function testcase(classname: string, c: CaseResult, r: SubmissionResult, lang: Lang): string[] {
  const t = messagesFor(lang);
  const open = `    <testcase${attrs({ classname, name: caseText(c, lang).description, time: 0 })}`;
  if (r.failure) {
    const text = t.failure(r.failure);
    return [`${open}>`, `      <error${attrs({ message: text, type: r.failure.code })}>${xmlText(text)}</error>`, "    </testcase>"];
  }
  if (passed(c)) return [`${open}/>`];
  const feedback = renderCaseFeedback(c, lang);
  // JUnit is the instructor's view: a failed property also says how to replay it.
  const replay = c.issue?.code === "property_failed" ? `\n${t.replay(c.issue.seed, c.issue.path)}` : "";
  const body = `${feedback}${replay}\n${t.labels.casePoints(formatPoints(c.earned), formatPoints(c.points), c.hidden)}`;
  const type = c.issue?.code ?? "partial_credit";
  return [
    `${open}>`,
    `      <failure${attrs({ message: feedback.split("\n", 1)[0], type })}>${xmlText(body)}</failure>`,
    "    </testcase>",
  ];
}

/** JUnit XML for a batch of results, students sorted by id; words in `lang` (default en). */
export function toJUnitXml(results: readonly SubmissionResult[], lab: Lab, opts: { lang?: Lang } = {}): string {
  const lang = opts.lang ?? "en";
  const byStudent = new Intl.Collator("en", { numeric: true }).compare;
  const sorted = [...results].sort((a, b) => byStudent(a.student, b.student));
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const r of sorted) {
    const sheet = scoreSheet(r, lab);
    for (const q of sheet.questions) {
      const name = `${r.student}.${q.id}`;
      const lines: string[] = [];
      let suiteFailures = 0;
      let suiteErrors = 0;
      if (q.cases.length === 0) {
        const text = r.failure ? messagesFor(lang).failure(r.failure) : messagesFor(lang).labels.notGraded;
        lines.push(
          `    <testcase${attrs({ classname: name, name: "grading", time: 0 })}>`,
          `      <error${attrs({ message: text, type: r.failure?.code ?? "not_graded" })}>${xmlText(text)}</error>`,
          "    </testcase>",
        );
        suiteErrors++;
      }
      for (const c of q.cases) {
        lines.push(...testcase(name, c, r, lang));
        if (r.failure) suiteErrors++;
        else if (!passed(c)) suiteFailures++;
      }
      const count = Math.max(q.cases.length, 1);
      tests += count;
      failures += suiteFailures;
      errors += suiteErrors;
      suites.push(
        `  <testsuite${attrs({ name, tests: count, failures: suiteFailures, errors: suiteErrors, skipped: 0, time: 0 })}>`,
        "    <properties>",
        `      <property${attrs({ name: "student", value: r.student })}/>`,
        `      <property${attrs({ name: "question", value: `${q.id} ${q.title[lang]}` })}/>`,
        `      <property${attrs({ name: "score", value: exactPoints(q.earned) })}/>`,
        `      <property${attrs({ name: "max_score", value: exactPoints(q.possible) })}/>`,
        "    </properties>",
        ...lines,
        "  </testsuite>",
      );
    }
  }
  const total = seconds(sorted.reduce((s, r) => s + r.durationMs, 0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: lab.id, tests, failures, errors, time: total })}>`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
