/**
 * The released checker, `node dnnlab-check.mjs <command>`: the student commands of
 * bin/commands/check.ts over the labs and exercises the release embedded
 * (grader/release-config.ts) and the visible fixtures shipped beside it. grader/release.ts
 * bundles this file, with everything it imports, into the one file dnnlab-check.mjs.
 */
import { Command } from "commander";
import { existsSync } from "node:fs";
import { type CheckProvider, registerCheckCommands } from "./commands/check.ts";
import { UsageError } from "./errors.ts";
import { runProgram } from "./run-program.ts";
import { fixturePath, readFixtureFile } from "../grader/cases/files.ts";
import type { FixtureFile } from "../grader/cases/schema.ts";
import { checkFolder } from "../grader/pipeline/check-folder.ts";
import { releaseConfig } from "../grader/release/config.ts";

const config = await releaseConfig();

async function provider(): Promise<CheckProvider> {
  const assignments = [...new Set(config.labs.flatMap((l) => l.questions.map((q) => q.assignment)))];
  const fixtures = new Map<string, FixtureFile>(assignments.filter((a) => existsSync(fixturePath(a))).map((a) => [a, readFixtureFile(a)]));
  const pristine = (file: string): string => {
    const text = config.exercises[file];
    if (text === undefined) throw new Error(`no exercise ${file} in this release`);
    return text;
  };
  return {
    labs: () => config.labs,
    pristine,
    check: (dir, opts) => {
      const labs = opts.lab === undefined ? config.labs : config.labs.filter((l) => l.id === opts.lab);
      if (labs.length === 0) throw new UsageError(`no lab "${opts.lab}"; this release has: ${config.labs.map((l) => l.id).join(", ")}`);
      return checkFolder(dir, { labs, explicit: opts.lab !== undefined, fixtures, pristine }, opts);
    },
  };
}

const program = new Command("dnnlab-check")
  .version(config.version)
  .description(
    "Check your exercises for 'Improving Deep Neural Networks' against the visible tests.\n\n" +
      "Write your code between the START CODE HERE / END CODE HERE markers in exercises/, then run\n" +
      "`node dnnlab-check.mjs check` (or `npm run check`). The instructor grades with hidden tests too.",
  )
  .showHelpAfterError("(run with --help for usage)");

registerCheckCommands(program, provider);

await runProgram(program, "dnnlab-check");
