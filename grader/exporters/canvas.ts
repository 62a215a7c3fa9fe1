/**
 * A Canvas gradebook import: Grades → Import, one new assignment column for the lab.
 *
 * Format, as Canvas documents its gradebook CSV import ("How do I import grades in the
 * Gradebook?", Canvas Instructor Guide; summarised by Ohio State's "Import a CSV file to
 * Carmen Grades", https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades):
 * the columns Student (name), ID (Canvas's own user id), SIS User ID, SIS Login ID and
 * Section identify the student: only one of Student, ID or SIS User ID is needed; then one
 * column per assignment, whose header is the assignment's name (a name Canvas does not know
 * creates the assignment). A blank score leaves the gradebook cell as it is.
 *
 * Choices: the roster id is the institution's id, so it goes in SIS User ID (ID, Canvas's
 * internal number, is left blank: we do not know it); the score is the final total after
 * the late penalty; a student with no submission gets a blank (Canvas then shows its own
 * "missing" status) rather than a 0 the teacher did not decide on. Pure.
 */
import { stringify } from "csv-stringify/sync";
import type { Lab } from "../labs/lab.ts";
import type { RosterEntry } from "../roster/roster.ts";
import { formatPoints } from "../result/scores.ts";
import { gradebookRows } from "./gradebook.ts";
import type { SubmissionResult } from "../result/result.ts";

export const CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] as const;

/** The assignment column's header: "hw2-1 Homework 2-1 …"; Canvas matches it by name. */
export const canvasAssignmentName = (lab: Lab, lang: "en" | "zh" = "en"): string => `${lab.id} ${lab.title[lang]}`;

export function toCanvasCsv(results: readonly SubmissionResult[], lab: Lab, roster: readonly RosterEntry[] = []): string {
  const sections = new Map(roster.map((e) => [e.id, e.section]));
  const rows = gradebookRows(results, lab, roster).map((row) => [
    row.name,
    "",
    row.student,
    "",
    sections.get(row.student) ?? "",
    row.status === "missing" ? "" : formatPoints(row.total),
  ]);
  return stringify([[...CANVAS_COLUMNS, canvasAssignmentName(lab)], ...rows], { escape_formulas: true });
}
