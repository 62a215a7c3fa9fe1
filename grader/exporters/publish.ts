/**
 * Write every output format of a graded class from the one result model: the
 * gradebook (CSV + JSON), per-student feedback (Markdown, en and zh), Gradescope and
 * Exercism results.json per student, JUnit XML, and the GitHub Actions step summary
 * when GITHUB_STEP_SUMMARY is set; and for the instructor: the class dashboard
 * (index.html, one self-contained page per language), the similarity report
 * (similarity.json) and the Canvas and Moodle grade imports. Each file is written atomically: a run that is killed,
 * or finds the disk full, leaves every file either as it was or whole and new. The first
 * file that cannot be written stops publishing with an OutputError.
 * gradeAndPublish is grading then publishing, as `dnnlab grade` and the demo do.
 */
import { existsSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { type BatchOptions, type BatchSummary, gradeBatch, readResults } from "../pipeline/batch.ts";
import { OutputError, ensureDir, sweepStaleTemps, writeAtomic } from "../pipeline/write.ts";
import { toExercismJson } from "./exercism.ts";
import { toGradebookCsv, toGradebookJson } from "./gradebook.ts";
import { toGradescopeJson } from "./gradescope.ts";
import { toJUnitXml } from "./junit.ts";
import { toStepSummary } from "./step-summary.ts";
import { renderFeedback } from "../feedback/feedback.ts";
import { Diagnoser } from "../diagnose/diagnose.ts";
import { diagnoseWith } from "../diagnose/hook.ts";
import { toDiagnosesJson } from "../diagnose/summary.ts";
import type { Lab } from "../labs/lab.ts";
import type { SubmissionResult } from "../result/result.ts";
import type { RosterEntry } from "../roster/roster.ts";
import { classSimilarity, toSimilarityJson } from "../similarity/class.ts";
import type { SimilarityOptions } from "../similarity/similarity.ts";
import type { Lang } from "../splice/markers.ts";
import { toCanvasCsv } from "./canvas.ts";
import { dashboardModel } from "./dashboard/model.ts";
import { toDashboardHtml } from "./dashboard/html.ts";
import { toMoodleCsv } from "./moodle.ts";

export interface PublishOptions {
  /** names, emails and sections; roster students with no result are listed as missing */
  roster?: readonly RosterEntry[];
  /** gradebook.csv starts with a UTF-8 byte order mark (Excel in a Chinese locale needs it) */
  bom?: boolean;
  /** question titles in this language in gradebook.csv's header */
  titles?: Lang;
  /** dashboard languages: the first is index.html, the others index.<lang>.html (default en, zh); the first is also JUnit's and Exercism's */
  dashboardLangs?: readonly Lang[];
  /** similarity settings (grader/similarity); false: no similarity report */
  similarity?: Partial<SimilarityOptions> | false;
  /** link every student's report (reports/<id>/) even if it is not written yet (the demo writes them next) */
  linkReports?: boolean;
  now?: Date;
}

/** The file name of the dashboard in `lang` when `langs` are written. */
export const dashboardFile = (lang: Lang, langs: readonly Lang[]): string => (lang === langs[0] ? "index.html" : `index.${lang}.html`);

export interface Written {
  gradebook: string;
  dashboard: string;
  files: number;
}

export async function publish(results: SubmissionResult[], lab: Lab, out: string, env = process.env, opts: PublishOptions = {}): Promise<Written> {
  for (const d of [".", "feedback", "gradescope", "exercism"]) {
    await ensureDir(join(out, d));
    await sweepStaleTemps(join(out, d));
  }
  let files = 0;
  const put = async (path: string, text: string): Promise<void> => {
    await writeAtomic(path, text);
    files++;
  };
  await put(join(out, "gradebook.csv"), toGradebookCsv(results, lab, { bom: opts.bom ?? false, ...(opts.roster ? { roster: opts.roster } : {}), ...(opts.titles ? { titles: opts.titles } : {}) }));
  await put(join(out, "gradebook.json"), toGradebookJson(results, lab, opts.roster));
  await put(join(out, "canvas.csv"), toCanvasCsv(results, lab, opts.roster));
  await put(join(out, "moodle.csv"), toMoodleCsv(results, lab, opts.roster));
  const similarity = opts.similarity === false ? undefined : await classSimilarity(results, lab, opts.similarity ?? {});
  if (similarity) await put(join(out, "similarity.json"), toSimilarityJson(similarity, lab));
  const model = dashboardModel(results, lab, { ...(opts.roster ? { roster: opts.roster } : {}), ...(similarity ? { similarity } : {}) });
  const langs = opts.dashboardLangs?.length ? opts.dashboardLangs : (["en", "zh"] as const);
  const hasReport = (student: string): boolean => opts.linkReports === true || existsSync(join(out, "reports", student));
  for (const lang of langs) {
    const other = langs.find((l) => l !== lang);
    const html = await toDashboardHtml(model, { lang, hasReport, ...(other ? { otherHref: dashboardFile(other, langs) } : {}), ...(opts.now ? { now: opts.now } : {}) });
    await put(join(out, dashboardFile(lang, langs)), html);
  }
  // One JUnit file and one Exercism file per student: in the first language (feedback is written in both).
  const main = langs[0]!;
  await put(join(out, "junit.xml"), toJUnitXml(results, lab, { lang: main }));
  await put(join(out, "diagnoses.json"), toDiagnosesJson(results, lab.id));
  for (const r of results) {
    await put(join(out, "feedback", `${r.student}.en.md`), renderFeedback(r, lab, "en"));
    await put(join(out, "feedback", `${r.student}.zh.md`), renderFeedback(r, lab, "zh"));
    await put(join(out, "gradescope", `${r.student}.json`), toGradescopeJson(r, lab));
    await put(join(out, "exercism", `${r.student}.json`), toExercismJson(r, lab, { lang: main }));
  }
  if (env.GITHUB_STEP_SUMMARY) {
    const path = env.GITHUB_STEP_SUMMARY;
    await appendFile(path, toStepSummary(results, lab)).catch((err: NodeJS.ErrnoException) => {
      throw new OutputError(path, err.code ?? "EUNKNOWN");
    });
  }
  return { gradebook: join(out, "gradebook.csv"), dashboard: join(out, "index.html"), files };
}

export interface GradeAndPublishOptions extends BatchOptions {
  /**
   * Publish every result found in `out` (earlier runs, other shards, --resume) instead of only
   * this run's: what `dnnlab grade` does, so the gradebook covers all shards graded into it.
   */
  everyoneInOut?: boolean;
  env?: NodeJS.ProcessEnv;
  /** the instructor's outputs: roster, gradebook encoding, dashboard languages, similarity */
  publish?: PublishOptions;
}

/** Grade a folder of submissions, then write every output format: `dnnlab grade` and the demo. */
export async function gradeAndPublish(opts: GradeAndPublishOptions): Promise<{ summary: BatchSummary; written: Written }> {
  // Failed cases are diagnosed, with one Diagnoser (one cache of variant outputs) for the class.
  const ctx = opts.ctx.diagnose
    ? opts.ctx
    : { ...opts.ctx, diagnose: diagnoseWith(new Diagnoser({ ...(opts.ctx.limits ? { limits: opts.ctx.limits } : {}), ...(opts.ctx.pristine ? { pristine: opts.ctx.pristine } : {}) })) };
  const summary = await gradeBatch({ ...opts, ctx });
  const results = opts.everyoneInOut ? await readResults(opts.out, opts.ctx.lab.id) : summary.results;
  const written = await publish(results, opts.ctx.lab, opts.out, opts.env, opts.publish);
  return { summary, written };
}
