/**
 * The gradebook: one row per student, one column per question (points earned), then the
 * totals. CSV for spreadsheets and LMS imports, JSON (the same rows plus the lab's
 * questions) for scripts. Pure: results and lab in, text out.
 *
 *   student,Q1,Q2,Q3,total,raw_total,possible,late_penalty,minutes_late,submitted_at,time_source,status,failure
 *
 * `total` is after the late penalty and `late_penalty` is what the penalty actually took,
 * so total = Q1 + Q2 + … − late_penalty on every row. Numbers are rounded to 6 decimals
 * and printed without trailing zeros ("2.333333", not "2.3333333333333335" or "2.500000").
 *
 * With a roster, a `name` column follows `student` and every roster student with no result
 * gets a row of zeros with status `missing`. For a spreadsheet in a Chinese locale (Excel
 * reads a CSV without a byte order mark as the local code page, GBK, and garbles UTF-8),
 * `bom` starts the file with one and `titles` puts each question's title in its header
 * ("Q1 参数初始化"); the JSON keeps plain ids.
 */
import { stringify } from "csv-stringify/sync";
import { type Lab, totalPointsOf } from "../labs/lab.ts";
import type { Lang } from "../splice/markers.ts";
import type { RosterEntry } from "../roster/roster.ts";
import { type SubmissionResult, statusOf } from "../result/result.ts";
import { exactPoints, round6, scoreSheet } from "../result/scores.ts";

/** The columns after the question columns, in order. */
export const TOTAL_COLUMNS = ["total", "raw_total", "possible", "late_penalty", "minutes_late", "submitted_at", "time_source", "status", "failure"] as const;

export interface GradebookRow {
  student: string;
  /** from the roster ("" without one, or for a student the roster does not list) */
  name: string;
  /** points earned per question id */
  scores: Record<string, number>;
  total: number;
  raw_total: number;
  possible: number;
  late_penalty: number;
  minutes_late: number;
  /** the submission time the late penalty used (ISO 8601), or null when unknown or not trusted */
  submitted_at: string | null;
  /**
   * where that time came from (grader/submission/time.ts): timestamps, git, zip,
   * submission-json, mtime, none (or unknown: a result from before times had sources);
   * "future:<source>" when the source dated it after grading started, so it was not trusted
   */
  time_source: string;
  status: "graded" | "late" | "failed" | "missing";
  failure: { code: string; message: string } | null;
}

// Numeric-aware, so s2 sorts before s10; a fixed locale keeps the order the same on every machine.
const byStudent = new Intl.Collator("en", { numeric: true }).compare;

/**
 * The question columns: the lab's questions in order, then any question a result has that
 * the lab does not list (so the columns always add up to raw_total).
 */
export function questionColumns(results: readonly SubmissionResult[], lab: Lab): string[] {
  const ids = lab.questions.map((q) => q.id);
  for (const r of results) for (const c of r.cases) if (!ids.includes(c.question)) ids.push(c.question);
  const clash = ids.filter((id) => id === "student" || (TOTAL_COLUMNS as readonly string[]).includes(id));
  if (clash.length) throw new Error(`gradebook: question id ${clash.map((c) => `"${c}"`).join(", ")} is also a gradebook column; rename the question in the lab config`);
  return ids;
}

/** One row per student (the graded, then the roster's missing ones), sorted by student id. */
export function gradebookRows(results: readonly SubmissionResult[], lab: Lab, roster?: readonly RosterEntry[]): GradebookRow[] {
  const columns = questionColumns(results, lab);
  const names = new Map((roster ?? []).map((e) => [e.id, e.name]));
  const graded = new Set(results.map((r) => r.student));
  const possible = round6(totalPointsOf(lab));
  const missing: GradebookRow[] = (roster ?? [])
    .filter((e) => !graded.has(e.id))
    .map((e) => ({
      student: e.id,
      name: e.name,
      scores: Object.fromEntries(columns.map((id) => [id, 0])),
      total: 0,
      raw_total: 0,
      possible,
      late_penalty: 0,
      minutes_late: 0,
      submitted_at: null,
      time_source: "none",
      status: "missing",
      failure: null,
    }));
  const rows = results.map((r): GradebookRow => {
      const sheet = scoreSheet(r, lab);
      const earned = new Map(sheet.questions.map((q) => [q.id, q.earned]));
      return {
        student: r.student,
        name: names.get(r.student) ?? "",
        scores: Object.fromEntries(columns.map((id) => [id, round6(earned.get(id) ?? 0)])),
        total: sheet.final,
        raw_total: sheet.raw,
        possible: sheet.possible,
        late_penalty: sheet.penalty,
        minutes_late: round6(r.late.minutesLate),
        submitted_at: r.submittedAt,
        // Results graded before times had sources say "unknown" when they carry a time.
        time_source: r.time ? `${r.time.future ? "future:" : ""}${r.time.source}` : r.submittedAt ? "unknown" : "none",
        status: statusOf(r),
        failure: r.failure ? { code: r.failure.code, message: r.failure.message } : null,
      };
    });
  return [...rows, ...missing].sort((a, b) => byStudent(a.student, b.student));
}

export interface GradebookCsvOptions {
  /** start with a UTF-8 byte order mark, for spreadsheets that need one to read UTF-8 */
  bom?: boolean;
  /** names (a `name` column) and the students who handed nothing in */
  roster?: readonly RosterEntry[];
  /** put each question's title in this language in its header: "Q1 参数初始化" */
  titles?: Lang;
}

/** A question column's header: its id, or "id title" when titles are asked for. */
function questionHeader(id: string, lab: Lab, lang: Lang | undefined): string {
  const q = lab.questions.find((x) => x.id === id);
  return lang && q ? `${id} ${q.title[lang]}` : id;
}

/**
 * The gradebook as CSV (RFC 4180 quoting, "\n" line ends). Fields that a spreadsheet would
 * run as a formula (starting with =, +, -, @) are prefixed with a quote.
 */
export function toGradebookCsv(results: readonly SubmissionResult[], lab: Lab, opts: GradebookCsvOptions = {}): string {
  const columns = questionColumns(results, lab);
  const named = opts.roster !== undefined;
  const rows = gradebookRows(results, lab, opts.roster).map((row) => [
    row.student,
    ...(named ? [row.name] : []),
    ...columns.map((id) => exactPoints(row.scores[id])),
    exactPoints(row.total),
    exactPoints(row.raw_total),
    exactPoints(row.possible),
    exactPoints(row.late_penalty),
    exactPoints(row.minutes_late),
    row.submitted_at ?? "",
    row.time_source,
    row.status,
    row.failure ? `${row.failure.code}: ${row.failure.message}` : "",
  ]);
  const header = ["student", ...(named ? ["name"] : []), ...columns.map((id) => questionHeader(id, lab, opts.titles)), ...TOTAL_COLUMNS];
  return stringify([header, ...rows], { bom: opts.bom ?? false, escape_formulas: true });
}

/** The gradebook as JSON: the lab, its questions and the same rows as the CSV. */
export function toGradebookJson(results: readonly SubmissionResult[], lab: Lab, roster?: readonly RosterEntry[]): string {
  const columns = questionColumns(results, lab);
  const questions = columns.map((id) => {
    const q = lab.questions.find((x) => x.id === id);
    return { id, title: q?.title ?? { en: id, zh: id }, points: q ? q.points : null };
  });
  const doc = {
    schema: "dnnlab.gradebook/1",
    lab: lab.id,
    title: lab.title,
    questions,
    possible: round6(totalPointsOf(lab)),
    students: gradebookRows(results, lab, roster),
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
