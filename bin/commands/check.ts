/**
 * The student commands, `check` and `classroom`, registered the same way in the dnnlab
 * CLI and in the released checker (bin/dnnlab-check.ts). Only where the labs
 * come from differs: this repository's lab configs, or what the release embedded.
 */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { CheckOptions, CheckOutcome } from "../../grader/pipeline/check-folder.ts";
import type { WatchEvent } from "../../grader/pipeline/watch.ts";
import type { Lab } from "../../grader/labs/lab.ts";
import { colorWanted } from "../color.ts";
import { UsageError } from "../errors.ts";

/** Where the check gets its labs and pristine exercises. */
export interface CheckProvider {
  /** the labs a student can check, without their hidden tests */
  labs(): Lab[];
  check(dir: string, opts: CheckOptions & { lab?: string }): Promise<CheckOutcome>;
  /** the shipped exercise file (to place annotations) */
  pristine(file: string): string;
  /** check, then re-check each saved file until interrupted (absent where not supported) */
  watch?(dir: string, opts: CheckOptions & { lab?: string }, report: (e: WatchEvent) => void): Promise<void>;
}

export function parseFailUnder(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`--fail-under takes a percentage between 0 and 100, got "${v}"`);
  return n;
}

function parseLang(v: string): "en" | "zh" {
  if (v !== "en" && v !== "zh") throw new UsageError(`--lang is en or zh, got "${v}"`);
  return v;
}

export const EXIT_POLICY =
  "Exit status (the colour of a CI job): 0 when the check ran, whatever the score:\n" +
  "a low score never makes a red job; 1 with --fail-under N when the score is below\n" +
  "N percent; 2 when nothing could be checked (no exercise files, or the checker\n" +
  "itself failed).";

export function registerCheckCommands(program: Command, provider: () => Promise<CheckProvider>): void {
  program
    .command("check")
    .summary("check your exercises locally against the visible tests")
    .description(
      "Run the visible tests of every lab whose files are in [dir] (default:\n" +
        "./exercises) and print a report: score per question, each test with what went\n" +
        "wrong and a hint. Hidden tests are run only when the instructor grades.\n\n" +
        "With --ci (what the GitHub workflow runs), also write <out>/result.json,\n" +
        "<out>/junit.xml and <out>/summary.md, append the summary to\n" +
        "$GITHUB_STEP_SUMMARY, print an `::error` annotation at the line of each\n" +
        "function that lost points, and set the step outputs score, max-score and\n" +
        "percent in $GITHUB_OUTPUT.\n\n" +
        EXIT_POLICY,
    )
    .argument("[dir]", "folder with your exercise files", "exercises")
    .option("--lab <id>", "only this lab (default: every lab whose files are present)")
    .option("--lang <en|zh>", "language of the report", "en")
    .option("--json", "print the result as JSON instead")
    .option("--fail-under <percent>", "exit 1 when the score is below this percentage")
    .option("--ci", "also write the CI outputs: results, JUnit, step summary, annotations")
    .option("--out <dir>", "where --ci writes result.json, junit.xml and summary.md", "dnnlab-results")
    .option("--watch", "keep running: check a file's questions again each time you save it (Ctrl-C stops)")
    .action(async (dir: string, opts: { lab?: string; lang: string; json?: boolean; failUnder?: string; ci?: boolean; out: string; watch?: boolean }) => {
      const lang = parseLang(opts.lang);
      const failUnder = parseFailUnder(opts.failUnder);
      const path = resolve(dir);
      if (!existsSync(path)) throw new UsageError(`${dir}: no such folder (run this in your assignment folder, or give the folder)`);
      // Start the type checker's worker (bin/dnnlab.js already has; the released checker has
      // not) and the isolation probe now, so they run while the labs load and type-check.
      const ci = opts.ci ?? false;
      (await import("../../grader/pipeline/check-warm.ts")).prewarmCheck({ keepProbe: !ci });
      const source = await provider();
      if (opts.watch) {
        if (!source.watch || ci) throw new UsageError(ci ? "--watch and --ci do not go together" : "--watch is not available in this checker");
        const stamp = () => new Date().toTimeString().slice(0, 8);
        return source.watch(path, { ...(opts.lab ? { lab: opts.lab } : {}), lang, json: opts.json ?? false, color: colorWanted(process.stdout) }, (e) =>
          process.stdout.write(e.kind === "initial" ? e.outcome.text : `\n── ${e.file} · ${stamp()} ──\n${e.outcome.text}`),
        );
      }
      const outcome = await source.check(path, {
        ...(opts.lab ? { lab: opts.lab } : {}),
        lang,
        json: opts.json ?? false,
        // In CI logs, colour only when FORCE_COLOR asks for it.
        color: colorWanted(ci && !process.env.FORCE_COLOR ? {} : process.stdout),
      });
      if (outcome.labs === 0) {
        const files = [...new Set(source.labs().flatMap((l) => l.questions.map((q) => q.file)))].join(", ");
        throw new UsageError(`${dir}: no exercise files found (${files})`);
      }
      if (ci && !opts.json) {
        // The report quotes what the student's code threw: no line of it may act as a workflow
        // command. (JSON needs no guard: its strings hold no raw newline, so no line starts with "::".)
        const { randomBytes } = await import("node:crypto");
        const token = randomBytes(12).toString("hex");
        process.stdout.write(`::stop-commands::${token}\n${outcome.text}::${token}::\n`);
      } else process.stdout.write(outcome.text);
      if (ci) {
        const { workflowCommand, writeCiOutputs } = await import("../../grader/checker/check-ci.ts");
        let written;
        try {
          written = await writeCiOutputs(outcome, { out: resolve(opts.out), lang, cwd: process.cwd() });
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code) throw new UsageError(`cannot write the CI outputs into ${opts.out} (${code}); choose a writable --out`);
          throw err;
        }
        for (const a of written.annotations) console.log(workflowCommand(a));
        console.error(`wrote ${opts.out}/result.json, junit.xml, summary.md${process.env.GITHUB_STEP_SUMMARY ? " and the step summary" : ""}`);
      }
      const failed = outcome.checked.filter((c) => c.result.failure);
      if (failed.length) {
        for (const c of failed) console.error(`${c.lab.id} could not be checked: ${c.result.failure!.message}`);
        process.exitCode = 2;
      } else if (failUnder !== undefined && outcome.percent < failUnder) {
        console.error(`score ${outcome.percent.toFixed(1)}% is below --fail-under ${failUnder}%`);
        process.exitCode = 1;
      }
    });

  program
    .command("classroom")
    .summary("deprecated (GitHub Classroom was retired in 2026): one question's Classroom result")
    .description(
      "Read <results>/result.json, written by `check --ci`, and give the GitHub\n" +
        "Classroom autograding result of one question: base64 JSON {version, status,\n" +
        "max_score, tests: [{name, status, score, message, …}]}, one test per case with\n" +
        "its points earned, so Classroom records fractional points. In GitHub Actions\n" +
        "it is written to $GITHUB_OUTPUT as `result`, which the grading reporter\n" +
        "(classroom-resources/autograding-grading-reporter) reads as\n" +
        "steps.<id>.outputs.result; elsewhere the JSON is printed.\n\n" +
        'The status is "pass" when the question was checked (its points are the\n' +
        'score), "error" when it could not be (the check failed, or the file is\n' +
        'missing), and "fail" only when --fail-under N is given and the whole score is\n' +
        "below N percent. The reporter fails its step on fail and error, so the job's\n" +
        "colour follows the same policy as `check`.\n\n" +
        "Exit status: 0 when a result was emitted for a checked question; 2 for an\n" +
        'unknown question, or when nothing was checked (the "error" result is still\n' +
        "emitted).\n\n" +
        "Deprecated: GitHub Classroom was retired in 2026. Kept, with a warning, until the\n" +
        "end of the spring 2027 term so repositories released with classroom.yml keep a\n" +
        "green workflow; new releases use dnnlab.yml.",
    )
    .argument("<question>", 'the question: "Q1", "hw2-1/Q1" or its step id "hw2-1-q1"')
    .option("--results <dir>", "the --out folder of `check --ci`", "dnnlab-results")
    .option("--lang <en|zh>", "language of the messages", "en")
    .option("--fail-under <percent>", 'report "fail" when the whole score is below this percentage')
    .action(async (name: string, opts: { results: string; lang: string; failUnder?: string }) => {
      console.error("warning: `classroom` is deprecated: GitHub Classroom was retired in 2026 and this command goes after the spring 2027 term; the check itself (`check --ci`) is unaffected.");
      const lang = parseLang(opts.lang);
      const failUnder = parseFailUnder(opts.failUnder);
      const source = await provider();
      const { classroomFromReport, findQuestion } = await import("../../grader/checker/check-ci.ts");
      const { encodeClassroomResult } = await import("../../grader/exporters/classroom.ts");
      if (!findQuestion(source.labs(), name)) {
        const ids = source.labs().flatMap((l) => l.questions.map((q) => `${l.id}/${q.id}`));
        const several = ids.filter((id) => id.toLowerCase().endsWith(`/${name.toLowerCase()}`));
        throw new UsageError(
          several.length > 1
            ? `"${name}" is in several labs; name one: ${several.join(", ")}`
            : `no question "${name}"; expected one of: ${ids.join(", ")}`,
        );
      }
      const { result, checked } = classroomFromReport(resolve(opts.results, "result.json"), source.labs(), name, {
        lang,
        cwd: process.cwd(),
        ...(failUnder !== undefined ? { failUnder } : {}),
      });
      const { appendFile } = await import("node:fs/promises");
      const { formatPoints } = await import("../../grader/result/scores.ts");
      if (process.env.GITHUB_OUTPUT) {
        await appendFile(process.env.GITHUB_OUTPUT, `result=${encodeClassroomResult(result)}\n`);
        const score = result.tests.reduce((s, t) => s + t.score, 0);
        console.log(`${name}: ${formatPoints(score)} / ${formatPoints(result.max_score)} (${result.status})`);
      } else {
        console.log(JSON.stringify(result, null, 1));
      }
      if (!checked) {
        console.error(`${name}: ${result.tests[0]?.message ?? "not checked"}`);
        process.exitCode = 2;
      }
    });
}
