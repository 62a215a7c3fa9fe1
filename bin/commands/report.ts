/**
 * `dnnlab report`: the lab report of every graded student, in Chinese and English, from the
 * results `dnnlab grade` wrote and what each student handed in (report.md, and the files of
 * `dnnlab experiment`). Thin: reads arguments, calls reports/class.ts, prints where things went.
 */
import type { Command } from "commander";
import { existsSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { UsageError } from "../errors.ts";
import { prepareOutDir } from "../out-dir.ts";
import { loadLabOrExplain } from "../repo-labs.ts";
import { readRoster } from "./instructor-options.ts";

export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .summary("write each graded student's lab report (zh and en; HTML, Markdown, PDF)")
    .description(
      "Write the lab report of every student graded into --results, in the course's template:\n" +
        "header (学号, 姓名, 班级, Email, 日期), purpose, environment, principles with formulas, steps\n" +
        "(per question: score, each test with its feedback, the student's code), experiment results\n" +
        "(accuracies next to the notebook's, cost curves, decision boundaries), and the student's own\n" +
        "conclusions and questions.\n\n" +
        "From each submission (a subfolder or .zip of <submissions-dir>) it reads report.md (front matter\n" +
        "and the two sections the student writes; see report.md.template) and the experiment files\n" +
        "`dnnlab experiment --out dnnlab-experiments` wrote (initialization.json, optimization.json,\n" +
        "regularization.json). Student code is not run here; an experiment without its file says how to\n" +
        "run it. A missing or malformed field of report.md is marked in the report and listed with its fix.\n\n" +
        "Writes <out>/<student>/report.<lang>.html (one self-contained file), report.<lang>.md with its\n" +
        "plots in plots/, and with --pdf report.<lang>.pdf (headless Chromium: /usr/bin/chromium or\n" +
        "$DNNLAB_CHROMIUM; Chinese needs a CJK font such as fonts-wqy-microhei or fonts-noto-cjk).",
    )
    .argument("<submissions-dir>", "the folder that was graded (one subfolder or .zip per student)")
    .option("--results <dir>", "the --out folder of `dnnlab grade` (its results/ are read)", "dnnlab-results")
    .option("--lab <id|file>", "built-in lab (hw2-1, regularization) or a lab JSON file", "hw2-1")
    .option("--out <dir>", "where the reports go (default: <results>/reports)")
    .option("--lang <list>", "zh, en or zh,en", "zh,en")
    .option("--students <ids>", "comma-separated student IDs (default: everyone graded)")
    .option("--pdf", "also print every report to PDF")
    .option("--roster <csv>", "class roster (id,name,email,section): fills each report's header")
    .action(async (dir: string, opts: { results: string; lab: string; out?: string; lang: string; students?: string; pdf?: boolean; roster?: string }) => {
      const submissions = resolve(dir);
      if (!existsSync(submissions) || !statSync(submissions).isDirectory()) {
        throw new UsageError(`${dir}: not a folder; give the folder of submissions that was graded`);
      }
      const langs = opts.lang.split(",").map((l) => l.trim());
      if (langs.length === 0 || !langs.every((l) => l === "zh" || l === "en")) throw new UsageError(`--lang takes zh, en or zh,en; got "${opts.lang}"`);
      const { lab } = await loadLabOrExplain(opts.lab);
      const roster = opts.roster === undefined ? undefined : await readRoster(opts.roster);
      const { readResults } = await import("../../grader/pipeline/batch.ts");
      const resultsDir = resolve(opts.results);
      if (!existsSync(resultsDir)) throw new UsageError(`${opts.results}: no such folder; run \`dnnlab grade ${dir} --lab ${opts.lab} --out ${opts.results}\` first`);
      let results = await readResults(resultsDir, lab.id).catch((err: Error) => {
        throw new UsageError(err.message);
      });
      if (opts.students) {
        const wanted = opts.students.split(",").map((s) => s.trim()).filter(Boolean);
        const unknown = wanted.filter((s) => !results.some((r) => r.student === s));
        if (unknown.length) throw new UsageError(`no ${lab.id} result for ${unknown.join(", ")} in ${opts.results}`);
        results = results.filter((r) => wanted.includes(r.student));
      }
      if (results.length === 0) throw new UsageError(`${opts.results}: no results of lab ${lab.id}; run \`dnnlab grade\` first`);

      const out = await prepareOutDir(opts.out ?? join(resultsDir, "reports"));
      const { writeClassReports } = await import("../../reports/class.ts");
      const { ChromiumMissingError } = await import("../../reports/render.ts");
      let r;
      try {
        r = await writeClassReports({
          results,
          lab,
          submissions,
          out,
          pdf: opts.pdf ?? false,
          langs: langs as ("zh" | "en")[],
          ...(roster ? { roster } : {}),
          onProgress: (p) => {
            if (process.stderr.isTTY) process.stderr.write(`\r[${p.done}/${p.total}] ${p.student}   `);
          },
        });
      } catch (err) {
        if (err instanceof ChromiumMissingError) throw new UsageError(err.message);
        throw err;
      } finally {
        if (process.stderr.isTTY) process.stderr.write("\n");
      }
      for (const p of r.problems) console.error(`note: ${p}`);
      for (const f of r.failed) console.error(`dnnlab: the report of ${f.student} could not be written: ${f.error}`);
      if (r.failed.length) process.exitCode = 2;
      const here = relative(process.cwd(), out) || ".";
      console.log(
        `${r.count} reports (${langs.join(" + ")}${opts.pdf ? ", with PDF" : ""}) in ${(r.ms / 1000).toFixed(1)} s → ${here}/<student>/report.<lang>.html`,
      );
    });
}
