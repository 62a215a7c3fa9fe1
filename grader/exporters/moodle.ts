/**
 * A Moodle grade import (Grades → Import → CSV file).
 *
 * Moodle's CSV grade import asks, under "Identify user", which column to map from and which
 * user field to map to: the user id, username, ID number (`useridnumber`) or email address
 * (`useremail`) — grade/import/csv/classes/load_data.php, map_user_data_with_value() in
 * moodle/moodle (cross-reference: https://docs.huihoo.com/phpdoc/moodle/2.8/xref/grade/import/csv/classes/load_data.php.html;
 * Moodle docs, "Grade import"). Every other column is mapped by the teacher to a grade item
 * or to its feedback; a row whose identifying field is blank is skipped.
 *
 * So one file serves both ways of matching: "ID number" (the roster id, to map to ID number)
 * and "Email address" (to map to email address), then the lab's total. A student with no
 * submission gets a blank grade (nothing is imported for them). Pure.
 */
import { stringify } from "csv-stringify/sync";
import type { Lab } from "../labs/lab.ts";
import type { RosterEntry } from "../roster/roster.ts";
import type { SubmissionResult } from "../result/result.ts";
import { formatPoints } from "../result/scores.ts";
import { gradebookRows } from "./gradebook.ts";

export const MOODLE_COLUMNS = ["ID number", "Email address", "Full name", "Section"] as const;

export function toMoodleCsv(results: readonly SubmissionResult[], lab: Lab, roster: readonly RosterEntry[] = []): string {
  const byId = new Map(roster.map((e) => [e.id, e]));
  const rows = gradebookRows(results, lab, roster).map((row) => {
    const e = byId.get(row.student);
    return [row.student, e?.email ?? "", row.name, e?.section ?? "", row.status === "missing" ? "" : formatPoints(row.total)];
  });
  return stringify([[...MOODLE_COLUMNS, `${lab.id} ${lab.title.en}`], ...rows], { escape_formulas: true });
}
