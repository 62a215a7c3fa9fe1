/**
 * Write every output format of a graded class from the one result model: the
 * gradebook (CSV + JSON), per-student feedback (Markdown, en and zh), Gradescope and
 * Exercism results.json per student, JUnit XML, and the GitHub Actions step summary
 * when GITHUB_STEP_SUMMARY is set. Each file is written atomically: a run that is killed,
 * or finds the disk full, leaves every file either as it was or whole and new. The first
 * file that cannot be written stops publishing with an OutputError.
 */
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { OutputError, ensureDir, sweepStaleTemps, writeAtomic } from "../pipeline/batch.ts";
import { toExercismJson } from "./exercism.ts";
import { toGradebookCsv, toGradebookJson } from "./gradebook.ts";
import { toGradescopeJson } from "./gradescope.ts";
import { toJUnitXml } from "./junit.ts";
import { toStepSummary } from "./step-summary.ts";
import { renderFeedback } from "../feedback/feedback.ts";
import type { Lab } from "../labs/lab.ts";
import type { SubmissionResult } from "../result/result.ts";

export interface Written {
  gradebook: string;
  files: number;
}

export async function publish(results: SubmissionResult[], lab: Lab, out: string, env = process.env): Promise<Written> {
  for (const d of [".", "feedback", "gradescope", "exercism"]) {
    await ensureDir(join(out, d));
    await sweepStaleTemps(join(out, d));
  }
  let files = 0;
  const put = async (path: string, text: string): Promise<void> => {
    await writeAtomic(path, text);
    files++;
  };
  await put(join(out, "gradebook.csv"), toGradebookCsv(results, lab));
  await put(join(out, "gradebook.json"), toGradebookJson(results, lab));
  await put(join(out, "junit.xml"), toJUnitXml(results, lab));
  for (const r of results) {
    await put(join(out, "feedback", `${r.student}.en.md`), renderFeedback(r, lab, "en"));
    await put(join(out, "feedback", `${r.student}.zh.md`), renderFeedback(r, lab, "zh"));
    await put(join(out, "gradescope", `${r.student}.json`), toGradescopeJson(r, lab));
    await put(join(out, "exercism", `${r.student}.json`), toExercismJson(r, lab));
  }
  if (env.GITHUB_STEP_SUMMARY) {
    const path = env.GITHUB_STEP_SUMMARY;
    await appendFile(path, toStepSummary(results, lab)).catch((err: NodeJS.ErrnoException) => {
      throw new OutputError(path, err.code ?? "EUNKNOWN");
    });
  }
  return { gradebook: join(out, "gradebook.csv"), files };
}
