/**
 * GitHub Actions job summary ($GITHUB_STEP_SUMMARY), Markdown. What fits the page:
 * - one submission (a student's own repository): their feedback page, failing cases with
 *   messages and hints;
 * - up to `maxRows` submissions: a row per student (points per question, total, status);
 * - more: a class table per question (mean, median, min, max, full marks) and the list
 *   of submissions that could not be graded, so a class of hundreds stays readable.
 * Class tables are for the instructor and in English; `lang` picks the student page's
 * language. Pure.
 */
import { renderFeedback } from "../feedback/feedback.ts";
import type { Lab } from "../labs/lab.ts";
import type { Lang } from "../splice/markers.ts";
import type { SubmissionResult } from "../result/result.ts";
import { formatPoints } from "../result/scores.ts";
import { type GradebookRow, gradebookRows, questionColumns } from "./gradebook.ts";

export interface StepSummaryOptions {
  /** language of a single student's feedback page (default en) */
  lang?: Lang;
  /** above this many submissions, one row per question instead of per student (default 50) */
  maxRows?: number;
}

/** Text safe inside a Markdown table cell. */
const cell = (s: string): string => s.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
const two = (x: number): string => String(Number(x.toFixed(2)));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function status(row: GradebookRow): string {
  if (row.failure) return `✗ failed (${cell(row.failure.code)})`;
  if (row.status === "missing") return "no submission";
  if (row.status === "late") return `late, −${formatPoints(row.late_penalty)}`;
  return "graded";
}

function headline(rows: GradebookRow[], possible: number): string {
  const count = (s: GradebookRow["status"]) => rows.filter((r) => r.status === s).length;
  const mean = rows.reduce((s, r) => s + r.total, 0) / rows.length;
  return (
    `${rows.length} submissions: ${count("graded")} graded, ${count("late")} late, ${count("failed")} could not be graded${count("missing") ? `, ${count("missing")} with no submission` : ""}. ` +
    `Mean total ${two(mean)} / ${formatPoints(possible)}, median ${two(median(rows.map((r) => r.total)))}.`
  );
}

function studentTable(rows: GradebookRow[], columns: string[]): string[] {
  return [
    `| Student | ${columns.map(cell).join(" | ")} | Total | Status |`,
    `|---|${columns.map(() => "---:|").join("")}---:|---|`,
    ...rows.map(
      (r) =>
        `| ${cell(r.student)} | ${columns.map((id) => formatPoints(r.scores[id])).join(" | ")} | ` +
        `**${formatPoints(r.total)}** / ${formatPoints(r.possible)} | ${status(r)} |`,
    ),
  ];
}

function classTable(rows: GradebookRow[], columns: string[], lab: Lab): string[] {
  const stats = (name: string, points: number, xs: number[]) => {
    const full = xs.filter((x) => x >= points).length;
    return `| ${cell(name)} | ${formatPoints(points)} | ${two(xs.reduce((s, x) => s + x, 0) / xs.length)} | ${two(median(xs))} | ${formatPoints(Math.min(...xs))} | ${formatPoints(Math.max(...xs))} | ${full} |`;
  };
  const points = (id: string) => lab.questions.find((q) => q.id === id)?.points ?? Math.max(...rows.map((r) => r.scores[id]));
  return [
    "| Question | Points | Mean | Median | Min | Max | Full marks |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...columns.map((id) => {
      const q = lab.questions.find((x) => x.id === id);
      return stats(q ? `${id} ${q.title.en}` : id, points(id), rows.map((r) => r.scores[id]));
    }),
    stats("Total (after late penalties)", Math.max(...rows.map((r) => r.possible)), rows.map((r) => r.total)),
  ];
}

/** The job summary for a batch of results. */
export function toStepSummary(results: readonly SubmissionResult[], lab: Lab, opts: StepSummaryOptions = {}): string {
  if (results.length === 1) return renderFeedback(results[0], lab, opts.lang ?? "en");
  const out = [`## ${lab.id} · ${lab.title.en}`, ""];
  if (results.length === 0) return [...out, "No submissions were graded.", ""].join("\n");
  const rows = gradebookRows(results, lab);
  const columns = questionColumns(results, lab);
  out.push(headline(rows, Math.max(...rows.map((r) => r.possible))), "");
  if (rows.length <= (opts.maxRows ?? 50)) {
    out.push(...studentTable(rows, columns), "");
  } else {
    out.push(...classTable(rows, columns, lab), "");
    const failed = rows.filter((r) => r.failure);
    if (failed.length) {
      out.push("### Could not be graded", "");
      for (const r of failed) out.push(`- ${cell(r.student)}: ${cell(r.failure!.code)} — ${cell(r.failure!.message)}`);
      out.push("");
    }
  }
  return out.join("\n");
}
