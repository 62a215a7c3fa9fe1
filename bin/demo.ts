/** The demo run behind `dnnlab demo`. */
import { rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { writeFileSync } from "node:fs";
import { materializeClass, rosterCsv, sampleClassHere } from "../fixtures/submissions/sample-class.ts";
import { parseRoster } from "../grader/roster/roster.ts";
import { loadFixtures, loadLab } from "../grader/labs/index.ts";
import { gradeAndPublish } from "../grader/exporters/publish.ts";
import { finalScore, possibleScore } from "../grader/result/result.ts";

export interface DemoOptions {
  out: string;
  pdf: boolean;
  reports: boolean;
  callTimeoutMs: number;
}

export async function runDemo(opts: DemoOptions): Promise<void> {
  const t0 = Date.now();
  const here = (p: string): string => relative(process.cwd(), p) || ".";
  await rm(opts.out, { recursive: true, force: true });
  const fixtures = loadFixtures();
  const labs = ["hw2-1", "regularization"].map((id) => loadLab(id, fixtures));
  const submissions = join(opts.out, "submissions");
  const students = await sampleClassHere();
  materializeClass(submissions, new Date(labs[0].deadline), students);
  const roster = rosterCsv(students);
  writeFileSync(join(opts.out, "roster.csv"), roster);
  console.log(`sample class: ${students.length} fictional students in ${here(submissions)}/, roster ${here(join(opts.out, "roster.csv"))}`);
  for (const lab of labs) {
    const out = join(opts.out, lab.id);
    const { summary: s, written } = await gradeAndPublish({
      submissions,
      out,
      ctx: { lab, fixtures, limits: { callTimeoutMs: opts.callTimeoutMs } },
      onDone: (r, done, n) => console.log(`  [${lab.id} ${done}/${n}] ${r.student} ${finalScore(r)}/${possibleScore(r)}`),
      // The reports are written next, so the dashboard links them already.
      publish: { roster: parseRoster(roster), linkReports: opts.reports },
    });
    console.log(`${lab.id}: graded ${s.total} in ${(s.ms / 1000).toFixed(1)} s → ${here(written.gradebook)}, dashboard ${here(written.dashboard)}`);
    if (opts.reports) {
      const { writeClassReports } = await import("../reports/class.ts");
      const r = await writeClassReports({ results: s.results, lab, submissions, out: join(out, "reports"), pdf: opts.pdf, roster: parseRoster(roster) });
      console.log(`${lab.id}: ${r.count} reports (zh + en${opts.pdf ? " + PDF" : ""}) in ${(r.ms / 1000).toFixed(1)} s → ${here(join(out, "reports"))}/`);
    }
  }
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s. Open ${here(join(opts.out, "hw2-1", "gradebook.csv"))}` + (opts.reports ? ` and ${here(join(opts.out, "hw2-1", "reports", students[0].id, "report.zh.html"))}` : ""));
}
