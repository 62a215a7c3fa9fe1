/**
 * Per-student feedback from the result model: a Markdown page (`renderFeedback`) and the
 * compact summary `dnnlab check` prints (`renderTerminal`). Case issues are data
 * (result.ts) and become text here, late, in the student's language (grader/messages).
 * Pure: no files, no terminal detection (the caller says whether to colour).
 */
import type { Lab } from "../labs/lab.ts";
import type { Lang } from "../splice/markers.ts";
import { caseText } from "../../i18n/case-text.ts";
import { renderCaseDiagnoses } from "../../i18n/diagnose.ts";
import * as en from "../../i18n/en/feedback.ts";
import * as zh from "../../i18n/zh/feedback.ts";
import type { CaseResult, FileNote, SubmissionResult } from "../result/result.ts";
import { renderNote } from "./notes.ts";
import { type QuestionScore, type ScoreSheet, formatPoints, passed, scoreSheet } from "../result/scores.ts";

/** zh must offer every message en does, with the same types: a missing translation is a type error. */
const LOCALES: Record<Lang, typeof en> = { en, zh };

export const messagesFor = (lang: Lang): typeof en => LOCALES[lang];

/**
 * What a student reads about one case: the issue, what its output shows (the diagnoses:
 * the likely mistake, its line and hint), then the case's hint on its own line (not
 * when the case could not be graded at all: the hint is about the code, which never ran).
 * Empty for a case that earned all its points.
 */
export function renderCaseFeedback(c: CaseResult, lang: Lang): string {
  if (passed(c)) return "";
  const t = LOCALES[lang];
  const ctx = { description: caseText(c, lang).description, hidden: c.hidden };
  const lines = [c.issue ? t.caseIssue(c.issue, ctx) : `${c.fn}: ${formatPoints(c.earned)} / ${formatPoints(c.points)}`];
  lines.push(...renderCaseDiagnoses(c.diagnoses, lang));
  const hint = caseText(c, lang).hint;
  if (hint && c.issue?.code !== "infrastructure") lines.push(t.hint(hint));
  return lines.join("\n");
}

/** The late line of a result, or undefined when it was on time. */
export function renderLate(r: SubmissionResult, sheet: ScoreSheet, lang: Lang): string | undefined {
  return LOCALES[lang].late(r.late, formatPoints(sheet.penalty), formatPoints(sheet.raw));
}

const score = (earned: number, possible: number): string => `${formatPoints(earned)} / ${formatPoints(possible)}`;
const questionName = (q: QuestionScore, lang: Lang): string => (q.title[lang] === q.id ? q.id : `${q.id} ${q.title[lang]}`);
/** Text safe inside a Markdown table cell. */
const cell = (s: string): string => s.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
/** Indent every line of a block under a list item. */
const indent = (s: string, by = "  "): string =>
  s
    .split("\n")
    .map((l) => (l ? by + l : l))
    .join("\n");

function notesOf(r: SubmissionResult): { file: FileNote[]; outside: FileNote[] } {
  return { file: r.notes.filter((n) => n.kind !== "outside_changed"), outside: r.notes.filter((n) => n.kind === "outside_changed") };
}

/**
 * The Markdown feedback page of one student: title, total, late line, a table of points
 * per question; then per question the failing cases (message and hint) and, briefly, the
 * passing ones; then the notes on the files, the changes outside the markers that were
 * ignored, and the end of what the code printed. A submission that could not be graded
 * says why instead of listing cases.
 */
export function renderFeedback(r: SubmissionResult, lab: Lab, lang: Lang): string {
  const t = LOCALES[lang];
  const L = t.labels;
  const sheet = scoreSheet(r, lab);
  const out: string[] = [];
  out.push(`# ${L.feedbackTitle(lab.title[lang], r.student)}`, "");
  const before = sheet.penalty > 0 ? L.beforePenalty(formatPoints(sheet.raw)) : "";
  out.push(`**${L.totalLine(formatPoints(sheet.final), formatPoints(sheet.possible))}**${before}`, "");
  const lateLine = renderLate(r, sheet, lang);
  if (lateLine) out.push(lateLine, "");
  if (r.failure) out.push(`> ${t.failure(r.failure)}`, "");

  out.push(`| ${L.question} | ${L.points} |`, "|---|---:|");
  for (const q of sheet.questions) out.push(`| ${cell(questionName(q, lang))} | ${score(q.earned, q.possible)} |`);
  out.push(`| **${L.total}** | **${score(sheet.final, sheet.possible)}** |`, "");

  if (!r.failure) {
    for (const q of sheet.questions) {
      out.push(`## ${questionName(q, lang)}${L.dash}${score(q.earned, q.possible)}`, "");
      if (q.cases.length === 0) {
        out.push(L.notGraded, "");
        continue;
      }
      const failing = q.cases.filter((c) => !passed(c));
      const passing = q.cases.filter(passed);
      if (failing.length) {
        out.push(`### ${L.toFix}`, "");
        for (const c of failing) {
          const tag = c.hidden ? `${L.dot}${L.hidden}` : "";
          out.push(`- ✗ **${caseText(c, lang).description}**${L.dash}${score(c.earned, c.points)}${tag}`, "");
          out.push(indent(renderCaseFeedback(c, lang).split("\n").join("\n\n")), "");
        }
      } else {
        out.push(L.allPassed, "");
      }
      if (passing.length) {
        if (failing.length) out.push(`### ${L.passed}`, "");
        for (const c of passing) out.push(`- ✓ ${caseText(c, lang).description}${c.hidden ? `${L.dot}${L.hidden}` : ""}`);
        out.push("");
      }
    }
  }

  const notes = notesOf(r);
  if (notes.file.length) {
    out.push(`## ${L.notes}`, "");
    for (const n of notes.file) out.push(`- ${renderNote(n, lang)}`);
    out.push("");
  }
  if (notes.outside.length) {
    out.push(`## ${L.outsideChanged}`, "");
    for (const n of notes.outside) out.push(`- ${renderNote(n, lang)}`);
    out.push("");
  }
  if (r.output) {
    // A fence longer than any run of backticks in the output, so nothing printed can close it.
    const fence = "`".repeat(Math.max(3, ...[...r.output.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    out.push(`<details><summary>${L.printed}</summary>`, "", `${fence}text`, r.output.replace(/\n+$/, ""), fence, "", "</details>", "");
  }
  return out.join("\n").replace(/\n+$/, "\n");
}

// ---------------------------------------------------------------- terminal

const ANSI = { bold: "1", dim: "2", red: "31", green: "32", yellow: "33" } as const;
type Style = keyof typeof ANSI;

/** Columns a string takes in a terminal: East Asian wide characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch) ? 2 : 1;
  return w;
}

/**
 * The compact summary of `dnnlab check`: per question its score and a ✓/✗ line per case,
 * the failing ones followed by their message and hint; then notes, the late line and the
 * total. ANSI colours only when `color` is set (the caller knows whether stdout is a TTY).
 */
export function renderTerminal(r: SubmissionResult, lab: Lab, lang: Lang, opts: { color: boolean }): string {
  const t = LOCALES[lang];
  const L = t.labels;
  const paint = (s: string, ...styles: Style[]): string =>
    opts.color && styles.length ? `\x1b[${styles.map((k) => ANSI[k]).join(";")}m${s}\x1b[0m` : s;
  const sheet = scoreSheet(r, lab);
  const names = sheet.questions.map((q) => questionName(q, lang));
  const width = Math.max(...names.map(displayWidth));
  const out: string[] = [paint(`${lab.id}${L.dot}${r.student}`, "bold")];
  if (r.failure) out.push(paint(`✗ ${t.failure(r.failure)}`, "red"));

  sheet.questions.forEach((q, i) => {
    const full = q.earned >= q.possible;
    const pad = " ".repeat(width - displayWidth(names[i]) + 2);
    out.push(`${paint(names[i], "bold")}${pad}${paint(score(q.earned, q.possible), full ? "green" : q.earned > 0 ? "yellow" : "red")}`);
    if (r.failure) return;
    for (const c of q.cases) {
      const hidden = c.hidden ? paint(L.hiddenTag, "dim") : "";
      if (passed(c)) {
        out.push(`  ${paint("✓", "green")} ${caseText(c, lang).description}${hidden}`);
        continue;
      }
      const text = caseText(c, lang);
      const mark = paint("✗", c.earned > 0 ? "yellow" : "red");
      out.push(`  ${mark} ${text.description}${hidden} ${paint(`(${score(c.earned, c.points)})`, "dim")}`);
      if (c.issue) out.push(`      ${t.caseIssue(c.issue, { description: text.description, hidden: c.hidden })}`);
      for (const line of renderCaseDiagnoses(c.diagnoses, lang)) out.push(`      ${paint(line, "yellow")}`);
      if (text.hint && c.issue?.code !== "infrastructure") out.push(`      ${paint(t.hint(text.hint), "dim")}`);
    }
  });

  for (const n of r.notes) out.push(`${paint("!", "yellow")} ${renderNote(n, lang)}`);
  const lateLine = renderLate(r, sheet, lang);
  if (lateLine) out.push(paint(lateLine, "yellow"));
  const totalColor: Style = sheet.final >= sheet.possible ? "green" : sheet.final > 0 ? "yellow" : "red";
  out.push(paint(L.totalLine(formatPoints(sheet.final), formatPoints(sheet.possible)), "bold", totalColor));
  return out.join("\n") + "\n";
}
