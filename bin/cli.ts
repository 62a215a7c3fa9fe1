/**
 * The dnnlab command line. Thin: parse arguments, call the libraries, set the exit code.
 * Each command's --help says what it does, what it reads and what it writes.
 *
 * Exit status: 0 when the command did its job; 1 for a failed check the command
 * exists to report (e.g. `stubs --check` finding exercises/ out of date); 2 for a
 * usage or infrastructure error, with a message saying what to fix.
 */
import { Command } from "commander";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { registerCommands } from "./commands/index.ts";
import { runProgram } from "./run-program.ts";

const pkg = JSON.parse(readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8")) as { version: string };

const program = new Command("dnnlab")
  .version(pkg.version)
  .description(
    "Auto-graded coursework kit for 'Improving Deep Neural Networks' (Initialization,\n" +
      "Gradient Checking, Optimization, Regularization) in TypeScript.\n\n" +
      "Students: fill in exercises/ between the START/END CODE HERE markers, then `dnnlab check`.\n" +
      "Instructors: `dnnlab release`, `dnnlab grade <submissions>`, `dnnlab report <submissions>`.",
  )
  .showHelpAfterError("(run with --help for usage)");

registerCommands(program);

await runProgram(program, "dnnlab");
