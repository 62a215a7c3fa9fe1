/**
 * Regenerate docs/report-zh.png and docs/report-en.png: the lab report of a fictional
 * student of the sample class (s2026003, who scaled He initialisation by the wrong layer),
 * graded for hw2-1, with the Initialization and Optimization experiments trained on that
 * student's own code (about a minute), photographed in headless Chromium.
 *
 *   node bin/run-ts.js reports/screenshots.ts [--keep <dir>]
 *
 * The Chinese picture shows the top of the report (header table, scores, principles with
 * formulas); the English one shows the experiment results (accuracy table, cost curves,
 * decision boundaries). With --keep, the generated reports stay in <dir>.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { loadImpl } from "../experiments/load.ts";
import { runExperiment } from "../experiments/run.ts";
import { materializeClass } from "../fixtures/submissions/materialize.ts";
import { SAMPLE_CLASS } from "../fixtures/submissions/sample-class.ts";
import { gradeSubmission } from "../grader/pipeline/grade.ts";
import { loadFixtures, loadLab } from "../grader/labs/index.ts";
import { parseReportMetadata } from "./metadata.ts";
import { CHROMIUM_ARGS, chromiumPath } from "./render.ts";
import { writeReports } from "./report.ts";
import { SAMPLE_REPORT_MD, SAMPLE_STUDENT } from "../fixtures/sample-report.ts";

const keepAt = process.argv.indexOf("--keep");
const work = keepAt > 0 ? resolve(process.argv[keepAt + 1]) : mkdtempSync(join(tmpdir(), "dnnlab-screenshots-"));
const docs = resolve(new URL("../docs/", import.meta.url).pathname);

const student = SAMPLE_CLASS.find((s) => s.id === "s2026003")!;
const fixtures = loadFixtures();
const lab = loadLab("hw2-1", fixtures);
const [path] = materializeClass(join(work, "submissions"), new Date(lab.deadline), [student]);
console.log(`grading ${student.id} (${student.story}) …`);
const result = await gradeSubmission(path, { lab, fixtures });

const experiments: Record<string, ReturnType<typeof runExperiment>> = {};
for (const name of ["initialization", "optimization"] as const) {
  console.log(`training ${name} with ${student.id}'s code …`);
  const impl = await loadImpl(name, path);
  experiments[name] = runExperiment(name, impl.module, { explain: impl.explain, locate: impl.locate });
}

const text = SAMPLE_REPORT_MD.replace(`studentId: "${SAMPLE_STUDENT}"`, `studentId: "${student.id}"`)
  .replace('name: "林小雨"', `name: "${student.nameZh}"`)
  .replace('email: "lin.xiaoyu@example.edu"', `email: "${student.email}"`);
const metadata = parseReportMetadata(text, { student: student.id });
const out = join(work, "reports");
await writeReports({ results: [result], lab, outDir: out, formats: ["html"], metadataFor: () => metadata, experimentsFor: () => experiments });

const { chromium } = await import("playwright-core");
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  mkdirSync(docs, { recursive: true });
  for (const [lang, anchor] of [
    ["zh", null],
    ["en", "section.results"],
  ] as const) {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1500 } });
    await page.goto(pathToFileURL(join(out, student.id, `report.${lang}.html`)).href);
    await page.evaluate(async () => {
      await document.fonts.ready;
    });
    if (anchor) await page.locator(anchor).evaluate((el) => el.scrollIntoView());
    const file = join(docs, `report-${lang}.png`);
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
    await page.close();
  }
} finally {
  await browser.close();
  if (keepAt < 0) rmSync(work, { recursive: true, force: true });
  else console.log(`reports kept in ${out}`);
}
