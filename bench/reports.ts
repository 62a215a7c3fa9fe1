/**
 * How long the lab reports of a class take (reports/report.ts writeReports): N students of
 * hw2-1, each with the full Initialization and Optimization experiments (13 decision
 * boundaries, 2 cost plots), zh + en, HTML + Markdown, then the same with PDF.
 *
 *   node bin/run-ts.js bench/reports.ts [students=20] [--no-pdf]
 *
 * The experiments are trained once with the reference solutions (~40 s, not timed) and
 * reused for every student; each student's plots are still rendered, as for a real class.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runExperiment } from "../experiments/run.ts";
import { loadFixtures, loadLab } from "../grader/labs/index.ts";
import { parseReportMetadata } from "../reports/metadata.ts";
import { type ReportTimings, writeReports } from "../reports/report.ts";
import { SAMPLE_REPORT_MD, sampleResult } from "../fixtures/sample-report.ts";
import * as initialization from "../solutions/initialization.ts";
import * as optimization from "../solutions/optimization.ts";

const n = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 20);
const withPdf = !process.argv.includes("--no-pdf");

const lab = loadLab("hw2-1", loadFixtures());
console.error("training the experiments once (not timed) …");
const experiments = {
  initialization: runExperiment("initialization", initialization),
  optimization: runExperiment("optimization", optimization),
};
const results = Array.from({ length: n }, (_, i) => sampleResult({ student: `2024${String(i).padStart(6, "0")}`, lab: lab.id }));
const metadata = parseReportMetadata(SAMPLE_REPORT_MD);

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
function report(label: string, t: ReportTimings, out: string): void {
  const first = t.files[results[0].student];
  const size = (ext: string) => first.filter((f) => f.endsWith(ext)).map((f) => `${f.slice(f.lastIndexOf("/") + 1)} ${(statSync(f).size / 1024).toFixed(0)} KiB`);
  console.log(
    `${label}: ${n} students in ${s(t.totalMs)} (${(t.totalMs / n).toFixed(0)} ms per student; ` +
      `plots ${s(t.plotsMs)}, html ${s(t.htmlMs)}, markdown ${s(t.markdownMs)}` +
      (t.pdfMs ? `, pdf ${s(t.pdfMs)} summed over the pages printing at once, browser launch ${s(t.browserLaunchMs)}` : "") +
      `)\n  ${[...size(".html"), ...size(".md"), ...size(".pdf")].join(", ")}; out: ${out}`,
  );
}

for (const pdf of withPdf ? [false, true] : [false]) {
  const out = mkdtempSync(join(tmpdir(), "dnnlab-bench-reports-"));
  const t = await writeReports({ results, lab, outDir: out, pdf, metadataFor: () => metadata, experimentsFor: () => experiments });
  report(pdf ? "with PDF" : "HTML + Markdown", t, out);
  rmSync(out, { recursive: true, force: true });
}
