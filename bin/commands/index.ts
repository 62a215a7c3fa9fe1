/**
 * The dnnlab subcommands, one file per command, each registering its options and --help text
 * and calling a library function. Kept apart from cli.ts so tests can build the program
 * without running it.
 */
import type { Command } from "commander";
import { repoCheckProvider } from "../repo-labs.ts";
import { registerCheckCommands } from "./check.ts";
import { registerDemoCommand } from "./demo.ts";
import { registerExperimentCommand } from "./experiment.ts";
import { registerFixturesCommand } from "./fixtures.ts";
import { registerGradeCommand } from "./grade.ts";
import { registerMergeCommand } from "./merge.ts";
import { registerReleaseCommand } from "./release.ts";
import { registerReportCommand } from "./report.ts";
import { registerStubsCommand } from "./stubs.ts";

/** In the order of the top-level --help (unchanged from before the split). */
export function registerCommands(program: Command): void {
  registerDemoCommand(program);
  registerGradeCommand(program);
  registerMergeCommand(program);
  registerCheckCommands(program, repoCheckProvider);
  registerReportCommand(program);
  registerStubsCommand(program);
  registerReleaseCommand(program);
  registerFixturesCommand(program);
  registerExperimentCommand(program);
}
