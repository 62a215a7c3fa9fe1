/**
 * The grading commands: grade and merge (an instructor or CI), and the student's check
 * and classroom (bin/check-command.ts, shared with the released checker).
 */
import type { Command } from "commander";
import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { type CheckProvider, parseFailUnder, registerCheckCommands } from "./check-command.ts";
import { UsageError } from "./errors.ts";
import { type InstructorFlags, addInstructorOptions, courseSecret, publishOptionsFrom } from "./instructor-options.ts";

/** Progress on a terminal: a bar; in CI logs or pipes: one plain line per submission. */
async function progressReporter(total: number): Promise<{ tick: (line: string) => void; stop: () => void }> {
  const interactive = process.stderr.isTTY && !process.env.CI;
  if (!interactive) {
    return { tick: (line) => console.error(line), stop: () => undefined };
  }
  const { SingleBar, Presets } = await import("cli-progress");
  const bar = new SingleBar({ format: "grading [{bar}] {value}/{total} | {last}", stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0, { last: "" });
  let n = 0;
  return {
    tick: (line) => bar.update(++n, { last: line.replace(/^\[\d+\/\d+\] /, "") }),
    stop: () => bar.stop(),
  };
}

/** The student commands in this repository: labs from grader/labs, pristine exercises from solutions/. */
async function repoCheckProvider(): Promise<CheckProvider> {
  const { runCheck, visibleLab } = await import("../grader/pipeline/check.ts");
  const { BUILTIN_LABS, loadFixtures, loadLab } = await import("../grader/labs/index.ts");
  const { exerciseFor } = await import("../grader/splice/stubs.ts");
  const { LabConfigError } = await import("../grader/labs/lab.ts");
  const fixtures = loadFixtures();
  const labs = Object.keys(BUILTIN_LABS).map((id) => visibleLab(loadLab(id, fixtures), fixtures));
  return {
    labs: () => labs,
    pristine: (file) => exerciseFor(file),
    check: async (dir, opts) => {
      try {
        return await runCheck(dir, opts);
      } catch (err) {
        if (err instanceof LabConfigError) throw new UsageError(err.message);
        throw err;
      }
    },
  };
}

async function loadLabOrExplain(lab: string) {
  const { loadLab, loadFixtures } = await import("../grader/labs/index.ts");
  const { LabConfigError } = await import("../grader/labs/lab.ts");
  const fixtures = loadFixtures();
  try {
    return { lab: loadLab(lab, fixtures), fixtures };
  } catch (err) {
    if (err instanceof LabConfigError) throw new UsageError(err.message);
    throw err;
  }
}

export function registerGradeCommands(program: Command): void {
  const grade = program
    .command("grade")
    .summary("grade a folder of submissions (one subfolder or .zip per student)")
    .description(
      "Grade every submission in <submissions-dir>: each subfolder or .zip is one student, named by its ID.\n" +
        "Each student's code runs in an isolated child process; the result is written to\n" +
        "<out>/results/<student>.json as soon as it is done, so a killed run continues with --resume.\n" +
        "Then writes gradebook.csv/.json, junit.xml, feedback/<student>.{en,zh}.md, gradescope/ and\n" +
        "exercism/ results, and the GitHub step summary when GITHUB_STEP_SUMMARY is set; and for the\n" +
        "instructor the class dashboard index.html (open it from disk), similarity.json, canvas.csv and\n" +
        "moodle.csv. With --secret-env/--secret-file, hidden cases get per-student inputs.\n\n" +
        "With --shard i/n, only the i-th of every n submissions (sorted by name) is graded, into --out;\n" +
        "`dnnlab merge` then puts the shards together (ci/workflows/grade-class.yml does this on a CI\n" +
        "matrix). A shard with no submission in it (a class smaller than n) has nothing to do.\n\n" +
        "Exit status: 0 when grading ran, whatever the scores; 1 with --fail-under N when a student\n" +
        "scored below N percent; 2 for a usage or infrastructure error: the output cannot be written\n" +
        "(full disk, read-only folder: files already there are left as they were), or the grader itself\n" +
        "failed on some submission (they are regraded by --resume).",
    )
    .argument("<submissions-dir>", "folder holding one subfolder or .zip per student")
    .option("--lab <id|file>", "built-in lab (hw2-1, regularization) or a lab JSON file", "hw2-1")
    .option("--out <dir>", "where results and the gradebook go", "dnnlab-results")
    .option("--workers <n>", "submissions graded at once", String(availableParallelism()))
    .option("--shard <i/n>", "grade only every n-th submission, starting at the i-th (for a CI matrix; then `dnnlab merge`)")
    .option("--resume", "skip students whose result is already in <out>/results")
    .option("--call-timeout <ms>", "time limit of one call into student code", "5000")
    .option("--fail-under <percent>", "exit 1 when any student scores below this percentage");
  addInstructorOptions(grade, { variants: true })
    .action(async (dir: string, opts: InstructorFlags & { lab: string; out: string; workers: string; shard?: string; resume?: boolean; callTimeout: string; failUnder?: string }) => {
      const submissions = resolve(dir);
      if (!existsSync(submissions) || !statSync(submissions).isDirectory()) {
        throw new UsageError(`${dir}: not a folder; give the folder that holds one subfolder or .zip per student`);
      }
      const failUnder = parseFailUnder(opts.failUnder);
      const workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers takes a positive integer, got "${opts.workers}"`);
      const callTimeoutMs = Number(opts.callTimeout);
      if (!Number.isInteger(callTimeoutMs) || callTimeoutMs < 100) throw new UsageError(`--call-timeout takes milliseconds ≥ 100, got "${opts.callTimeout}"`);
      const { gradeBatch, listSubmissions, parseShard, pickShard } = await import("../grader/pipeline/batch.ts");
      let shard;
      try {
        shard = opts.shard ? parseShard(opts.shard) : undefined;
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const { lab, fixtures } = await loadLabOrExplain(opts.lab);
      const publishOptions = await publishOptionsFrom(opts);
      const secret = courseSecret(opts);
      const casesFor = secret ? await (await import("../grader/cases/variants.ts")).hiddenVariants(fixtures, { secret }) : undefined;
      const { finalScore, possibleScore } = await import("../grader/result/result.ts");
      const all = await listSubmissions(submissions);
      const total = pickShard(all, shard).length;
      if (all.length === 0) throw new UsageError(`${dir}: no submissions (subfolders or .zip files) found`);
      if (total === 0) {
        // A class smaller than the CI matrix leaves some shards empty: nothing to do there.
        const { mkdir } = await import("node:fs/promises");
        await mkdir(resolve(opts.out, "results"), { recursive: true });
        console.log(`shard ${opts.shard}: none of the ${all.length} submissions falls in this shard; nothing to grade`);
        return;
      }
      const progress = await progressReporter(total);
      const out = resolve(opts.out);
      const { publish } = await import("../grader/exporters/publish.ts");
      const { OutputError, isInfrastructureFailure, readResults } = await import("../grader/pipeline/batch.ts");
      let summary;
      let written;
      try {
        summary = await gradeBatch({
          submissions,
          out,
          ctx: { lab, fixtures, limits: { callTimeoutMs }, ...(casesFor ? { casesFor } : {}) },
          workers,
          ...(shard ? { shard } : {}),
          resume: opts.resume ?? false,
          onDone: (r, done, n, skipped) =>
            progress.tick(`[${done}/${n}] ${r.student} ${finalScore(r)}/${possibleScore(r)}${skipped ? " (already graded)" : ` (${(r.durationMs / 1000).toFixed(1)} s)`}`),
        });
        progress.stop();
        // The gradebook covers every result in <out> (all shards graded into it so far).
        const everyone = await readResults(out, lab.id);
        written = await publish(everyone, lab, out, process.env, publishOptions);
      } catch (err) {
        progress.stop();
        if (err instanceof OutputError) {
          throw new UsageError(`${err.message}. Results already written are kept; after fixing this, run again with --resume.`);
        }
        throw err;
      }
      console.log(
        `graded ${summary.graded}, already done ${summary.skipped}, in ${(summary.ms / 1000).toFixed(1)} s; gradebook: ${written.gradebook}; dashboard: ${written.dashboard}`,
      );
      const broken = summary.results.filter(isInfrastructureFailure);
      if (broken.length) {
        console.error(
          `the grader failed on ${broken.length} submission(s) (${broken.map((r) => r.student).join(", ")}): ${broken[0]!.failure!.message}\n` +
            "they are in the gradebook as failed; fix the cause and run again with --resume to regrade only them",
        );
        process.exitCode = 2;
      }
      if (failUnder !== undefined) {
        const below = summary.results.filter((r) => (100 * finalScore(r)) / Math.max(1e-9, possibleScore(r)) < failUnder);
        if (below.length) {
          console.error(`${below.length} below ${failUnder}%: ${below.map((r) => r.student).join(", ")}`);
          process.exitCode = 1;
        }
      }
    });

  const merge = program
    .command("merge")
    .summary("merge the results of several `grade --shard` runs into one gradebook")
    .description(
      "Read <out>/results of each shard folder, check that no student was graded twice with different\n" +
        "results, and write the gradebook and every other output into --out.",
    )
    .argument("<shard-dirs...>", "the --out folders of the shard runs")
    .option("--lab <id|file>", "built-in lab or lab JSON file", "hw2-1")
    .option("--out <dir>", "where the merged gradebook goes", "dnnlab-results")
    .option("--expect <n>", "fail (exit 2) unless exactly n students were merged");
  addInstructorOptions(merge, { variants: false })
    .action(async (dirs: string[], opts: InstructorFlags & { lab: string; out: string; expect?: string }) => {
      for (const d of dirs) if (!existsSync(d)) throw new UsageError(`${d}: no such folder`);
      const { lab } = await loadLabOrExplain(opts.lab);
      const publishOptions = await publishOptionsFrom(opts);
      const { OutputError, ensureDir, mergeResults, writeAtomic, resultPath } = await import("../grader/pipeline/batch.ts");
      let results;
      try {
        results = await mergeResults(dirs.map((d) => resolve(d)), lab.id);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (opts.expect !== undefined && results.length !== Number(opts.expect)) {
        throw new UsageError(`merged ${results.length} students, expected ${opts.expect}: a shard is missing or incomplete`);
      }
      const out = resolve(opts.out);
      const { publish } = await import("../grader/exporters/publish.ts");
      let written;
      try {
        await ensureDir(resolve(out, "results"));
        for (const r of results) await writeAtomic(resultPath(out, r.student), `${JSON.stringify(r, null, 1)}\n`);
        written = await publish(results, lab, out, process.env, publishOptions);
      } catch (err) {
        if (err instanceof OutputError) throw new UsageError(err.message);
        throw err;
      }
      console.log(`merged ${results.length} students from ${dirs.length} folders; gradebook: ${written.gradebook}; dashboard: ${written.dashboard}`);
    });

  registerCheckCommands(program, repoCheckProvider);
}
