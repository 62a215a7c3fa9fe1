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
import type { ClassReportTimings } from "../reports/class.ts";
import type { ReportsThread } from "../reports/thread.ts";

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
  // The type checker's worker loads TypeScript's lib files while the class is prepared.
  (await import("../grader/compile/bounded.ts")).prewarmCompiler();
  // The reports are written in a thread of their own as each student is graded (the grader's
  // main thread judges the sandboxes' replies meanwhile); it loads its modules while the class
  // is prepared.
  const thread = opts.reports ? new (await import("../reports/thread.ts")).ReportsThread() : undefined;
  try {
    await demo(opts, thread, t0);
  } finally {
    await thread?.terminate();
  }
}

async function demo(opts: DemoOptions, thread: ReportsThread | undefined, t0: number): Promise<void> {
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
  // Each lab is graded (two workers), then published; the next lab's grading starts as soon as
  // this one's last student is graded, so publishing overlaps it.
  let previousGraded: Promise<boolean> = Promise.resolve(true);
  const runs = labs.map((lab) => {
    const after = previousGraded;
    /** true once every student of this lab is graded; false if its grading failed */
    let graded!: (ok: boolean) => void;
    previousGraded = new Promise<boolean>((resolve) => (graded = resolve));
    const out = join(opts.out, lab.id);
    const reports = thread?.open({ lab: lab.id, submissions, out: join(out, "reports"), pdf: opts.pdf, roster: parseRoster(roster) });
    const run = async () => {
      if (!(await after)) throw new Error(`${lab.id} not graded: the lab before it failed`);
      const progress = await progressReporter(students.length, lab.id, opts.stderr ?? process.stderr);
      const score = (r: Parameters<typeof finalScore>[0]): string =>
        isNoSubmission(r) ? "no submission" : `${formatPoints(finalScore(r))}/${formatPoints(possibleScore(r))}`;
      const { summary, written } = await gradeAndPublish({
        submissions,
        out,
        ctx: { lab, fixtures, limits: { callTimeoutMs: opts.callTimeoutMs }, ...timing },
        onDone: (r, done, n) => {
          reports?.add(r);
          progress.tick(`  [${lab.id} ${done}/${n}] ${r.student} ${score(r)}`);
          if (done === n) {
            progress.stop();
            graded(true);
          }
        },
        // The reports are being written, so the dashboard links them already.
        publish: { roster: parseRoster(roster), linkReports: opts.reports },
      }).finally(() => {
        progress.stop();
        graded(false);
      });
      return { lab: lab.id, summary, written, reports: reports?.close() };
    };
    return run();
  });
  for (const run of runs) run.catch(() => undefined); // each is awaited below; none is left unobserved meanwhile
  const reportsDone: { lab: string; dir: string; timings: Promise<ClassReportTimings> }[] = [];
  for (const run of runs) {
    let done: Awaited<typeof run>;
    try {
      done = await run;
    } catch (err) {
      // A lab that fails fails the demo, once no lab is left running.
      await Promise.allSettled(runs);
      throw err;
    }
    const { lab, summary: s, written, reports } = done;
    say(`${lab}: graded ${s.total} in ${(s.ms / 1000).toFixed(1)} s → ${here(written.gradebook)}, dashboard ${here(written.dashboard)}`);
    if (reports) reportsDone.push({ lab, dir: join(opts.out, lab, "reports"), timings: reports });
  }
  for (const { lab, dir, timings } of reportsDone) {
    const r = await timings;
    say(`${lab}: ${r.count} reports (zh + en${opts.pdf ? " + PDF" : ""}), written while grading → ${here(dir)}/`);
    if (r.failed.length) (opts.stderr ?? process.stderr).write(`note: ${lab}: no report for ${r.failed.map((f) => f.student).join(", ")}: ${r.failed[0].error.split("\n")[0]}\n`);
  }
  say(
    `done in ${((Date.now() - t0) / 1000).toFixed(1)} s. Open ${here(join(opts.out, "hw2-1", "gradebook.csv"))}` +
      (opts.reports ? ` and ${here(join(opts.out, "hw2-1", "reports", students[0].id, "report.zh.html"))}` : ""),
  );
}
