/** The demo run behind `dnnlab demo`. */
import { rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { writeFileSync } from "node:fs";
import { TIMESTAMPS_FILE, materializeClass, rosterCsv, sampleClassHere, sampleTimeContext } from "../fixtures/submissions/materialize.ts";
import { type SampleStudent } from "../fixtures/submissions/sample-class.ts";
import { parseRoster } from "../grader/roster/roster.ts";
import { loadFixtures, loadLab } from "../grader/labs/index.ts";
import { gradeAndPublish } from "../grader/exporters/publish.ts";
import { finalScore, isNoSubmission, possibleScore } from "../grader/result/result.ts";
import { formatPoints } from "../grader/result/scores.ts";
import { progressReporter } from "./progress.ts";

export interface DemoOptions {
  out: string;
  pdf: boolean;
  reports: boolean;
  callTimeoutMs: number;
  /** the class to grade (default: the whole sample class) */
  students?: SampleStudent[];
  /** where the summary lines go (stdout) and the progress (stderr, as `dnnlab grade`) */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export async function runDemo(opts: DemoOptions): Promise<void> {
  const t0 = Date.now();
  const stdout = opts.stdout ?? process.stdout;
  const say = (line: string): void => void stdout.write(`${line}\n`);
  const here = (p: string): string => relative(process.cwd(), p) || ".";
  await rm(opts.out, { recursive: true, force: true });
  const fixtures = loadFixtures();
  const labs = ["hw2-1", "regularization"].map((id) => loadLab(id, fixtures));
  const submissions = join(opts.out, "submissions");
  const students = await sampleClassHere(opts.students);
  materializeClass(submissions, new Date(labs[0].deadline), students);
  // The instructor's record of hand-in times, written with the class: the only time source
  // trusted here (the students' own submission.json files are not).
  const timing = sampleTimeContext(submissions, new Date(labs[0].deadline));
  const roster = rosterCsv(students);
  writeFileSync(join(opts.out, "roster.csv"), roster);
  say(`sample class: ${students.length} fictional students in ${here(submissions)}/, roster ${here(join(opts.out, "roster.csv"))}`);
  say(`deadline in force: ${labs[0].deadline}, from the lab file (${labs[0].id}); hand-in times from ${here(join(submissions, TIMESTAMPS_FILE))}`);
  if (opts.reports) {
    // The experiments' runs as each student would hand them in: shipped as data (training takes
    // minutes), keyed by the code they train with; hostile code is never run outside the sandbox.
    const { placeSampleRuns } = await import("../experiments/sample-runs.ts");
    const { placed, notShipped } = placeSampleRuns(submissions, students.map((s) => s.id));
    const hostile = new Set(students.filter((s) => s.hostile).map((s) => s.id));
    const stale = notShipped.filter((n) => !hostile.has(n.student));
    say(
      `experiment runs: ${placed} placed from fixtures/experiment-runs` +
        (notShipped.length ? `; ${notShipped.length - stale.length} of hostile code not run (it runs only in the sandbox)` : ""),
    );
    if (stale.length) (opts.stderr ?? process.stderr).write(`note: no shipped run for ${stale.map((n) => `${n.student} ${n.experiment}`).join(", ")}; run \`node bin/run-ts.js experiments/sample-runs.ts\`\n`);
  }
  for (const lab of labs) {
    const out = join(opts.out, lab.id);
    const progress = await progressReporter(students.length, lab.id, opts.stderr ?? process.stderr);
    const score = (r: Parameters<typeof finalScore>[0]): string =>
      isNoSubmission(r) ? "no submission" : `${formatPoints(finalScore(r))}/${formatPoints(possibleScore(r))}`;
    const { summary: s, written } = await gradeAndPublish({
      submissions,
      out,
      ctx: { lab, fixtures, limits: { callTimeoutMs: opts.callTimeoutMs }, ...timing },
      onDone: (r, done, n) => progress.tick(`  [${lab.id} ${done}/${n}] ${r.student} ${score(r)}`),
      // The reports are written next, so the dashboard links them already.
      publish: { roster: parseRoster(roster), linkReports: opts.reports },
    }).finally(() => progress.stop());
    say(`${lab.id}: graded ${s.total} in ${(s.ms / 1000).toFixed(1)} s → ${here(written.gradebook)}, dashboard ${here(written.dashboard)}`);
    if (opts.reports) {
      const { writeClassReports } = await import("../reports/class.ts");
      const r = await writeClassReports({ results: s.results, lab, submissions, out: join(out, "reports"), pdf: opts.pdf, roster: parseRoster(roster) });
      say(`${lab.id}: ${r.count} reports (zh + en${opts.pdf ? " + PDF" : ""}) in ${(r.ms / 1000).toFixed(1)} s → ${here(join(out, "reports"))}/`);
    }
  }
  say(
    `done in ${((Date.now() - t0) / 1000).toFixed(1)} s. Open ${here(join(opts.out, "hw2-1", "gradebook.csv"))}` +
      (opts.reports ? ` and ${here(join(opts.out, "hw2-1", "reports", students[0].id, "report.zh.html"))}` : ""),
  );
}
