/**
 * The student's check, given the labs to check against: grade the questions whose files
 * are in a folder and render the report. The labs come from the caller, already without
 * their hidden tests: in this repository from grader/labs (grader/check.ts), in the
 * released checker from what the release embedded (bin/dnnlab-check.ts), so
 * this module never reads lab configs, solutions or hidden cases itself.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FixtureFile } from "../cases/schema.ts";
import { renderTerminal } from "../feedback/feedback.ts";
import { type Diagnose, gradeSubmission } from "./grade.ts";
import type { Lab } from "../labs/lab.ts";
import type { Lang } from "../splice/markers.ts";
import { finalScore, possibleScore, type SubmissionResult } from "../result/result.ts";

export interface CheckOptions {
  lang: Lang;
  json: boolean;
  color: boolean;
}

export interface CheckSource {
  /** the labs without their hidden tests */
  labs: Lab[];
  /** true when the student named the lab: then every question is graded, files present or not */
  explicit: boolean;
  fixtures: ReadonlyMap<string, FixtureFile>;
  /** pristine exercise text by file name (default: generated from solutions/, in this repository) */
  pristine?: (file: string) => string;
  /** names the mistakes failed cases show (grader/diagnose; in this repository only: it needs the solutions) */
  diagnose?: Diagnose;
}

/** One lab checked: the lab as graded (only the questions whose files were present) and its result. */
export interface Checked {
  lab: Lab;
  result: SubmissionResult;
}

export interface CheckOutcome {
  /** how many labs had files in the folder */
  labs: number;
  /** the folder graded: [dir] itself, or its exercises/ subfolder */
  folder: string;
  checked: Checked[];
  text: string;
  earned: number;
  possible: number;
  percent: number;
  results: SubmissionResult[];
}

/** The folder holding the exercise files: `dir`, or `dir/exercises` when given the assignment folder. */
export const exerciseFolder = (dir: string): string =>
  existsSync(join(dir, "exercises")) && !existsSync(join(dir, "initialization.ts")) ? join(dir, "exercises") : dir;

export async function checkFolder(dir: string, source: CheckSource, opts: CheckOptions): Promise<CheckOutcome> {
  const folder = exerciseFolder(dir);
  const present = (file: string) => existsSync(join(folder, file));
  const labs = source.explicit ? source.labs : source.labs.filter((lab) => lab.questions.some((q) => present(q.file)));
  // The labs are graded at once: one lab's tests run in its sandbox while the next one
  // type-checks in the compile worker. Reports keep the labs' order.
  const checked: Checked[] = await Promise.all(
    labs.map(async (full) => {
      // Only the questions whose file is present: a Regularization-only folder is not "missing" hw2-1.
      const lab = { ...full, questions: full.questions.filter((q) => source.explicit || present(q.file)) };
      const result = await gradeSubmission(folder, {
        lab,
        fixtures: source.fixtures,
        ...(source.pristine ? { pristine: source.pristine } : {}),
        ...(source.diagnose ? { diagnose: source.diagnose } : {}),
      });
      return { lab, result };
    }),
  );
  const parts = checked.map(({ lab, result }) => (opts.json ? "" : renderTerminal(result, lab, opts.lang, { color: opts.color })));
  const results = checked.map((c) => c.result);
  const earned = results.reduce((s, r) => s + finalScore(r), 0);
  const possible = results.reduce((s, r) => s + possibleScore(r), 0);
  const text = opts.json ? `${JSON.stringify(results, null, 1)}\n` : parts.join("\n");
  return { labs: labs.length, folder, checked, text, earned, possible, percent: possible > 0 ? (100 * earned) / possible : 0, results };
}
