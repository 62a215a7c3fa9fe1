/**
 * The dnnlab subcommands, each registered with its --help text. Kept apart from
 * cli.ts so tests can build the program without running it.
 */
import type { Command } from "commander";
import { ASSIGNMENTS, type Assignment } from "../grader/cases/schema.ts";
import { UsageError } from "./errors.ts";
import { registerDemoCommand } from "./demo-command.ts";
import { registerGradeCommands } from "./grade-commands.ts";
import { registerReportCommand } from "./report-command.ts";

function parseAssignments(list: string[]): Assignment[] {
  if (list.length === 0) return [...ASSIGNMENTS];
  for (const a of list) {
    if (!(ASSIGNMENTS as readonly string[]).includes(a)) {
      throw new UsageError(`unknown assignment "${a}"; expected one of: ${ASSIGNMENTS.join(", ")}`);
    }
  }
  return list as Assignment[];
}

export function registerCommands(program: Command): void {
  registerDemoCommand(program);
  registerGradeCommands(program);
  registerReportCommand(program);
  program
    .command("stubs")
    .summary("regenerate exercises/ from solutions/ (--check: verify only)")
    .description(
      "Regenerate exercises/ from solutions/: every START/END CODE HERE region becomes a placeholder\n" +
        "that type-checks and throws '<function> is not written yet' (or the region's own STUB CODE).\n" +
        "With --check, write nothing and exit 1 listing the files that are out of date.",
    )
    .option("--check", "compare instead of writing; exit 1 when exercises/ is out of date")
    .action(async (opts: { check?: boolean }) => {
      const { staleExercises, writeExercises } = await import("../grader/splice/stubs.ts");
      if (opts.check) {
        const stale = staleExercises();
        if (stale.length) {
          console.error(`exercises/ is out of date for: ${stale.join(", ")} (run \`dnnlab stubs\`)`);
          process.exitCode = 1;
        } else console.log("exercises/ is up to date");
        return;
      }
      for (const path of writeExercises()) console.log(`wrote ${path}`);
    });

  program
    .command("release")
    .summary("write the student bundle: exercises, visible fixtures, the checker, CI workflow")
    .description(
      "Write the student bundle into --out, a small npm project to hand out (or to\n" +
        "make the course's template repository from): exercises/ (the stubs),\n" +
        "lib/, fixtures/ with the hidden cases removed, the checker as one file\n" +
        "dnnlab-check.mjs (`node dnnlab-check.mjs check`), package.json and\n" +
        "package-lock.json pinning its packages, report.md, a README in English and\n" +
        "Chinese, and the GitHub workflow .github/workflows/dnnlab.yml.\n" +
        "GitHub Classroom was retired in 2026: --classroom (classroom.yml) is refused;\n" +
        "bundles released before keep their checker's `classroom` command for the\n" +
        "spring 2027 term.\n\n" +
        "No solution, reference property or hidden test goes in: the checker's build\n" +
        "fails if one would, and the written bundle is searched for them (any found:\n" +
        "exit 2, with the list). A previous release in --out is replaced (its .git and\n" +
        "node_modules are kept).",
    )
    .option("--out <dir>", "where to write the bundle", "dnnlab-release")
    .option("--lab <id>", "hw2-1, regularization or all", "all")
    .option("--classroom", "retired with GitHub Classroom in 2026 (refused, with what to use instead)")
    .action(async (opts: { out: string; lab: string; classroom?: boolean }) => {
      if (opts.classroom) {
        throw new UsageError(
          "--classroom: GitHub Classroom was retired in 2026, so nothing reads classroom.yml's results any more. " +
            "Release without it: dnnlab.yml checks every push and shows the points per question in the job summary, " +
            "the annotations and dnnlab-results/ (collect grades with `dnnlab grade`, see ci/workflows/grade-class.yml).",
        );
      }
      const { BUILTIN_LABS } = await import("../grader/labs/index.ts");
      const ids = opts.lab === "all" ? Object.keys(BUILTIN_LABS) : [opts.lab];
      if (!ids.every((id) => id in BUILTIN_LABS)) throw new UsageError(`--lab is one of ${[...Object.keys(BUILTIN_LABS), "all"].join(", ")}, got "${opts.lab}"`);
      const { ReleaseError, writeRelease } = await import("../grader/release/release.ts");
      const { resolve } = await import("node:path");
      try {
        const r = await writeRelease({ out: resolve(opts.out), labs: ids });
        console.log(`wrote ${opts.out}: ${r.files.length} files, labs ${r.labs.map((l) => l.id).join(", ")}, checker ${(r.checkerBytes / 1024).toFixed(0)} KB`);
        console.log(`packages: ${Object.entries(r.dependencies).map(([n, v]) => `${n}@${v}`).join(", ")}`);
      } catch (err) {
        if (err instanceof ReleaseError) throw new UsageError(err.message);
        throw err;
      }
    });

  program
    .command("fixtures")
    .summary("regenerate fixtures/<assignment>.json from the recipes (--check: verify only)")
    .description(
      "Regenerate fixtures/<assignment>.json: run every recipe in grader/cases/recipes/ against solutions/\n" +
        "and record the expected outputs. With --check, write nothing and fail when a file is stale.",
    )
    .argument("[assignments...]", `which assignments (default: all of ${ASSIGNMENTS.join(", ")})`)
    .option("--check", "compare instead of writing; exit 1 when a fixture file is out of date")
    .action(async (names: string[], opts: { check?: boolean }) => {
      const { buildFixtureFile, fixturePath, serialize, writeFixtures } = await import("../grader/cases/generate.ts");
      const { readFileSync, existsSync } = await import("node:fs");
      const assignments = parseAssignments(names);
      if (opts.check) {
        const stale: string[] = [];
        for (const a of assignments) {
          const want = serialize(await buildFixtureFile(a));
          const path = fixturePath(a);
          if (!existsSync(path) || readFileSync(path, "utf8") !== want) stale.push(path);
        }
        if (stale.length) {
          console.error(`out of date (run \`dnnlab fixtures\`):\n  ${stale.join("\n  ")}`);
          process.exitCode = 1;
        } else console.log(`fixtures up to date (${assignments.length} assignments)`);
        return;
      }
      for (const path of await writeFixtures(assignments)) console.log(`wrote ${path}`);
    });

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
      const { EXPERIMENTS, EXPERIMENT_SPECS, isExperimentName, selectRuns } = await import("../experiments/runs.ts");
      if (!isExperimentName(name)) throw new UsageError(`unknown experiment "${name}"; expected one of: ${EXPERIMENTS.join(", ")}`);
      const spec = EXPERIMENT_SPECS[name];
      const runIds = opts.runs?.split(",").map((r) => r.trim()).filter(Boolean);
      try {
        selectRuns(spec, runIds);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const { ImplLoadError, loadImpl } = await import("../experiments/load.ts");
      const { runExperiment } = await import("../experiments/run.ts");
      const { checkFailures, experimentFile, formatTable, jsonRows } = await import("../experiments/format.ts");
      const { mkdirSync, writeFileSync } = await import("node:fs");
      const { join } = await import("node:path");

      let impl;
      try {
        impl = await loadImpl(name, opts.impl);
      } catch (err) {
        if (err instanceof ImplLoadError) throw new UsageError(err.message);
        throw err;
      }
      for (const note of impl.notes) console.error(`note: ${note}`);
      // With --json, stdout is the table only: what the code being run prints goes to stderr.
      const { log, info } = console;
      if (opts.json) console.log = console.info = console.error;
      let result;
      try {
        result = runExperiment(name, impl.module, {
          runs: runIds,
          explain: impl.explain,
          locate: impl.locate,
          onProgress: (e) => {
            if (opts.json) return;
            if (e.type === "start") process.stderr.write(`[${e.index + 1}/${e.total}] ${e.label} … `);
            else process.stderr.write(e.row.skipped ? "skipped\n" : `${e.row.seconds.toFixed(1)} s\n`);
          },
        });
      } finally {
        Object.assign(console, { log, info });
      }

      mkdirSync(opts.out, { recursive: true });
      const file = join(opts.out, `${name}.json`);
      writeFileSync(file, JSON.stringify(experimentFile(result, impl.source)) + "\n");
      if (opts.json) console.log(JSON.stringify(jsonRows(result), null, 2));
      else console.log(`\n${formatTable(result)}`);
      console.error(`wrote ${file}`);

      if (opts.check) {
        const failures = checkFailures(result, spec);
        for (const f of failures) console.error(`check failed: ${f}`);
        if (failures.length) process.exitCode = 1;
      }
    });
}
