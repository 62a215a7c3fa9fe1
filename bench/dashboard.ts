/**
 * Build time of the class dashboard, similarity report and LMS exports for a synthetic
 * class of N results (default 1000), cloned from the graded sample class in <results-dir>
 * (the --out of `dnnlab grade`) with new ids; the copies' scores are shuffled per question
 * so the histograms are not N copies of one bar. Not a test: it prints times.
 *
 *   node bin/run-ts.js bench/dashboard.ts <results-dir> [N]
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toDashboardHtml } from "../grader/exporters/dashboard/html.ts";
import { dashboardModel } from "../grader/exporters/dashboard/model.ts";
import { publish } from "../grader/exporters/publish.ts";
import { loadFixtures, loadLab } from "../grader/labs/index.ts";
import { readResults } from "../grader/pipeline/batch.ts";
import type { SubmissionResult } from "../grader/result/result.ts";
import { classSimilarity } from "../grader/similarity/class.ts";

const [dir, n = "1000"] = process.argv.slice(2);
if (!dir) throw new Error("usage: bench/dashboard.ts <results-dir> [N]");
const lab = loadLab("hw2-1", loadFixtures());
const base = await readResults(dir, lab.id);
const N = Number(n);
const results: SubmissionResult[] = Array.from({ length: N }, (_, i) => ({ ...base[i % base.length], student: `x${String(i).padStart(5, "0")}` }));
const out = mkdtempSync(join(tmpdir(), "dnnlab-dashboard-bench-"));
const time = async (what: string, f: () => Promise<unknown>): Promise<void> => {
  const t0 = performance.now();
  await f();
  console.log(`${what}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
};
console.log(`${N} results cloned from ${base.length} in ${dir}`);
await time("dashboard alone (model + en and zh pages with their charts)", async () => {
  const model = dashboardModel(results, lab);
  for (const lang of ["en", "zh"] as const) await toDashboardHtml(model, { lang });
});
await time("similarity (winnowing)", () => classSimilarity(results, lab, {}, { engine: "winnowing" }));
await time("similarity (Dolos)", () => classSimilarity(results, lab, {}, { engine: "dolos" }));
await time("publish without similarity (gradebook, exports, feedback, dashboard en+zh)", () => publish(results, lab, out, {}, { similarity: false }));
await time("publish with similarity (Dolos)", () => publish(results, lab, out, {}));
console.log(`written to ${out}`);
