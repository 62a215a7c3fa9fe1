/**
 * `dnnlab grade`: grade a folder of submissions (an instructor or CI) and write every output.
 * Thin: checks the arguments, calls grader/exporters/publish.ts gradeAndPublish, reports.
 */
import type { Command } from "commander";
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { UsageError } from "../errors.ts";
import { parseCallTimeout } from "../options.ts";
import { progressReporter } from "../progress.ts";
import { loadLabOrExplain } from "../repo-labs.ts";
import { parseFailUnder } from "./check.ts";
import { type InstructorFlags, addInstructorOptions, courseSecret, publishOptionsFrom } from "./instructor-options.ts";

export function registerGradeCommand(program: Command): void {
  const grade = program
    .command("grade")
    .summary("grade a folder of submissions (one subfolder or .zip per student)")
    .description(
      "Grade every submission in <submissions-dir>: each subfolder or .zip is one student, named by its ID.\n" +
        "Each student's code runs in an isolated child process (the layers in force, and any that this\n" +
        "machine cannot provide, are printed first: README \"Confinement\"); the result is written to\n" +
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
    .option("--resume", "skip students whose result is already in <out>/results (one graded with other fixtures or another secret is graded again)")
    .option("--call-timeout <ms>", "time limit of one call into student code", "5000")
    .option("--fail-under <percent>", "exit 1 when any student scores below this percentage")
    .option("--deadline <iso>", "the deadline in force, ISO 8601 with offset (default: the lab file's)")
    .option("--timestamps <csv>", "when each student handed in: a CSV with columns student,submitted_at (e.g. an LMS export)")
    .option(
      "--time-from <source>",
      "also trust a time inside the student's folder: submission-json or mtime (default: only --timestamps, git commit time, zip entry times)",
    );
  addInstructorOptions(grade, { variants: true })
    .action(async (dir: string, opts: InstructorFlags & { lab: string; out: string; workers: string; shard?: string; resume?: boolean; callTimeout: string; failUnder?: string; deadline?: string; timestamps?: string; timeFrom?: string }) => {
      const submissions = resolve(dir);
      if (!existsSync(submissions) || !statSync(submissions).isDirectory()) {
        throw new UsageError(`${dir}: not a folder; give the folder that holds one subfolder or .zip per student`);
      }
      const failUnder = parseFailUnder(opts.failUnder);
      const workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 1) throw new UsageError(`--workers takes a positive integer, got "${opts.workers}"`);
      const callTimeoutMs = parseCallTimeout(opts.callTimeout);
      const { gradeBatch, listSubmissions, parseShard, pickShard } = await import("../../grader/pipeline/batch.ts");
      let shard;
      try {
        shard = opts.shard ? parseShard(opts.shard) : undefined;
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const { lab, fixtures } = await loadLabOrExplain(opts.lab);
      // The deadline in force and where submission times come from (grader/submission/time.ts).
      const { resolveTimePolicy, TimestampsError } = await import("../../grader/submission/time.ts");
      let policy;
      try {
        const timestampsCsv = opts.timestamps ? { path: opts.timestamps, text: await readFile(opts.timestamps, "utf8").catch(() => { throw new TimestampsError(`--timestamps ${opts.timestamps}: cannot read the file`); }) } : undefined;
        policy = resolveTimePolicy({ ...(opts.deadline ? { deadline: opts.deadline } : {}), ...(timestampsCsv ? { timestampsCsv } : {}), ...(opts.timeFrom ? { timeFrom: opts.timeFrom } : {}) }, lab.deadline);
      } catch (err) {
        if (err instanceof TimestampsError) throw new UsageError(err.message);
        throw err;
      }
      console.log(`deadline in force: ${policy.deadlineFrom === "option" ? opts.deadline : lab.deadline}, from ${policy.deadlineFrom === "option" ? "--deadline" : `the lab file (${lab.id})`}`);
      const publishOptions = await publishOptionsFrom(opts);
      const secret = courseSecret(opts);
      const casesFor = secret ? await (await import("../../grader/cases/variants.ts")).hiddenVariants(fixtures, { secret }) : undefined;
      const { finalScore, isNoSubmission, possibleScore } = await import("../../grader/result/result.ts");
      const { formatPoints } = await import("../../grader/result/scores.ts");
      const all = await listSubmissions(submissions);
      const total = pickShard(all, shard).length;
      if (all.length === 0) throw new UsageError(`${dir}: no submissions (subfolders or .zip files) found`);
      if (total === 0) {
        // A class smaller than the CI matrix leaves some shards empty: nothing to do there.
        const { OutputError, ensureDir } = await import("../../grader/pipeline/write.ts");
        try {
          await ensureDir(resolve(opts.out, "results"));
        } catch (err) {
          if (err instanceof OutputError) throw new UsageError(err.message);
          throw err;
        }
        console.log(`shard ${opts.shard}: none of the ${all.length} submissions falls in this shard; nothing to grade`);
        return;
      }
      const { isolationHere } = await import("../../grader/sandbox/sandbox.ts");
      const here = await isolationHere({ callTimeoutMs });
      console.error((await import("../../i18n/en/sandbox.ts")).layers(here.isolation, here.bwrapMissing));
      const progress = await progressReporter(total);
      const out = resolve(opts.out);
      const { gradeAndPublish } = await import("../../grader/exporters/publish.ts");
      const { UnreadableResultsError, isInfrastructureFailure } = await import("../../grader/pipeline/batch.ts");
      const { OutputError } = await import("../../grader/pipeline/write.ts");
      const { gradedWith } = await import("../../grader/cases/fingerprint.ts");
      let summary;
      let written;
      try {
        // The gradebook covers every result in <out> (all shards graded into it so far).
        ({ summary, written } = await gradeAndPublish({
          submissions,
          out,
          ctx: {
            lab,
            fixtures,
            limits: { callTimeoutMs },
            ...(casesFor ? { casesFor } : {}),
            gradedWith: gradedWith(fixtures, secret),
            deadline: policy.deadline,
            time: policy.time,
            startedAt: new Date(),
          },
          publish: publishOptions,
          workers,
          ...(shard ? { shard } : {}),
          resume: opts.resume ?? false,
          onDone: (r, done, n, skipped) =>
            progress.tick(`[${done}/${n}] ${r.student} ${isNoSubmission(r) ? "no submission" : `${formatPoints(finalScore(r))}/${formatPoints(possibleScore(r))}`}${skipped ? " (already graded)" : ` (${(r.durationMs / 1000).toFixed(1)} s)`}`),
          everyoneInOut: true,
        }));
        progress.stop();
      } catch (err) {
        progress.stop();
        if (err instanceof OutputError) {
          throw new UsageError(`${err.message}. Results already written are kept; after fixing this, run again with --resume.`);
        }
        if (err instanceof UnreadableResultsError) throw new UsageError(err.message);
        throw err;
      }
      if (summary.outdated.length) {
        const n = summary.outdated.length;
        console.error(
          `${n} result(s) in ${opts.out} had been graded with other cases (other fixtures or another --secret): graded again: ${summary.outdated.slice(0, 10).join(", ")}${n > 10 ? ", …" : ""}`,
        );
      }
      console.log(
        `graded ${summary.graded}, already done ${summary.skipped}, in ${(summary.ms / 1000).toFixed(1)} s; gradebook: ${written.gradebook}; dashboard: ${written.dashboard}`,
      );
      const empty = summary.results.filter(isNoSubmission);
      if (empty.length) {
        const files = [...new Set(lab.questions.map((q) => q.file))].join(", ");
        if (empty.length === summary.results.length) {
          throw new UsageError(
            `none of the ${empty.length} submission(s) in ${dir} holds a file of lab ${lab.id} (${files}): is it the right folder and --lab?`,
          );
        }
        console.error(`no submission (no file of lab ${lab.id}: ${files}) from ${empty.length}: ${empty.map((r) => r.student).join(", ")}; in the gradebook as "missing"`);
      }
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
}
