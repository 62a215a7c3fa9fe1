/**
 * Write every output format of a graded class from the one result model: the
 * gradebook (CSV + JSON), per-student feedback (Markdown, en and zh), Gradescope and
 * Exercism results.json per student, JUnit XML, and the GitHub Actions step summary
 * when GITHUB_STEP_SUMMARY is set. Each file is written atomically.
 */
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeAtomic } from "./batch.ts";
import { toExercismJson } from "./exporters/exercism.ts";
import { toGradebookCsv, toGradebookJson } from "./exporters/gradebook.ts";
import { toGradescopeJson } from "./exporters/gradescope.ts";
import { toJUnitXml } from "./exporters/junit.ts";
import { toStepSummary } from "./exporters/step-summary.ts";
import { renderFeedback } from "./feedback.ts";
import type { Lab } from "./lab.ts";
import type { SubmissionResult } from "./result.ts";

export interface Written {
  gradebook: string;
  files: number;
}

export async function publish(results: SubmissionResult[], lab: Lab, out: string, env = process.env): Promise<Written> {
  for (const d of ["feedback", "gradescope", "exercism"]) await mkdir(join(out, d), { recursive: true });
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
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, toStepSummary(results, lab));
  return { gradebook: join(out, "gradebook.csv"), files };
}
