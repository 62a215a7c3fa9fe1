/**
 * `dnnlab experiment`: train a notebook's models and compare with the notebook's numbers
 * (experiments/job.ts runExperimentJob, which the demo reuses).
 */
import type { Command } from "commander";
import { UsageError } from "../errors.ts";
import { prepareOutDir } from "../out-dir.ts";

export function registerExperimentCommand(program: Command): void {
  program
    .command("experiment")
    .summary("train a notebook's models and compare with the notebook's numbers")
    .description(
      "Train a notebook's models with an implementation and print the accuracies\n" +
        "next to the notebook's; write <out>/<experiment>.json (table, cost curves,\n" +
        "decision boundaries) for the reports.",
    )
    .addHelpText(
      "after",
      [
        "",
        "Experiments and their runs (times on a 2-core machine):",
        "  initialization  zeros, random, he (about 5 s each)",
        "  optimization    2021 settings (5000 epochs, epoch-average cost): gd-2021, momentum-2021, adam-2021,",
        "                  and with learning-rate decay gd-update-lr, gd-schedule, momentum-schedule, adam-schedule;",
        "                  2017 settings (10000 epochs, last mini-batch's cost): gd-2017, momentum-2017, adam-2017.",
        "                  No test set, so test is n/a. About 45 s in all.",
        "  regularization  none, l2, dropout (about 50 s in all), on the kit's synthetic stand-in for the notebook's",
        "                  data.mat: the notebook's numbers are shown for the pattern (L2 and dropout generalise",
        "                  better) only, and the pattern is checked.",
        "",
        "The table: match is ✓ when our accuracies equal the notebook's at its printed precision, ≈ within 0.01,",
        "✗ further off; costs compares the costs the notebook printed the same way.",
        "",
        '--impl takes "solutions" (the reference; the default), a folder holding <experiment>.ts or',
        "exercises/<experiment>.ts, or the .ts file itself. As in grading, only the code between the START/END",
        "CODE HERE markers is used; a run that needs a function which is not written yet or does not compile is",
        "skipped with a line saying so, and the other runs go on.",
        "Note: --impl runs that code in this process, with your rights and no time limit (Ctrl-C stops it): it is",
        "for running your own code. Untrusted submissions go through `dnnlab grade`, which runs them in its sandbox.",
        "",
        "Exit status: 0 when the runs were done (skipped ones included); with --check, 1 when a run was skipped,",
        "its accuracies or costs differ from the notebook's, or the notebook's pattern does not hold; 2 for a",
        "usage error (unknown experiment or run, --impl path not found).",
        "",
        "Examples:",
        "  dnnlab experiment initialization                 # the reference solutions",
        "  dnnlab experiment optimization --impl . --runs adam-2021,adam-schedule",
        "  dnnlab experiment regularization --impl exercises --json",
      ].join("\n"),
    )
    .argument("<experiment>", "initialization, optimization or regularization")
    .option("--impl <solutions|path>", "the implementation to train with", "solutions")
    .option("--runs <ids>", "comma-separated run ids (default: all of the experiment's runs)")
    .option("--json", "print the table as JSON: [{run, train, test, reference: {train, test}, seconds, skipped?}]")
    .option("--out <dir>", "where to write <experiment>.json", "dnnlab-experiments")
    .option("--check", "exit 1 unless every run finished and agrees with the notebook (or its pattern)")
    .action(async (name: string, opts: { impl: string; runs?: string; json?: boolean; out: string; check?: boolean }) => {
      const { ExperimentArgumentError, parseExperiment, runExperimentJob } = await import("../../experiments/job.ts");
      const runs = opts.runs?.split(",").map((r) => r.trim()).filter(Boolean);
      try {
        parseExperiment(name, runs);
        await prepareOutDir(opts.out);
        const { failures } = await runExperimentJob(
          { experiment: name, impl: opts.impl, ...(runs ? { runs } : {}), out: opts.out, json: opts.json ?? false, check: opts.check ?? false },
          { stdout: process.stdout, stderr: process.stderr },
        );
        if (failures.length) process.exitCode = 1;
      } catch (err) {
        if (err instanceof ExperimentArgumentError) throw new UsageError(err.message);
        throw err;
      }
    });
}
