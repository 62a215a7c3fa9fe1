/**
 * The dnnlab subcommands, each registered with its --help text. Kept apart from
 * cli.ts so tests can build the program without running it.
 */
import type { Command } from "commander";
import { ASSIGNMENTS, type Assignment } from "../fixtures/schema.ts";
import { UsageError } from "./errors.ts";

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
      const { staleExercises, writeExercises } = await import("../grader/stubs.ts");
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
    .command("fixtures")
    .summary("regenerate fixtures/<assignment>.json from the recipes (--check: verify only)")
    .description(
      "Regenerate fixtures/<assignment>.json: run every recipe in fixtures/recipes/ against solutions/\n" +
        "and record the expected outputs. With --check, write nothing and fail when a file is stale.",
    )
    .argument("[assignments...]", `which assignments (default: all of ${ASSIGNMENTS.join(", ")})`)
    .option("--check", "compare instead of writing; exit 1 when a fixture file is out of date")
    .action(async (names: string[], opts: { check?: boolean }) => {
      const { buildFixtureFile, fixturePath, serialize, writeFixtures } = await import("../fixtures/generate.ts");
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
}
