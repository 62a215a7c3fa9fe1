/**
 * `dnnlab fixtures`: regenerate fixtures/<assignment>.json from the recipes (grader/cases/generate.ts).
 */
import type { Command } from "commander";
import { ASSIGNMENTS, type Assignment } from "../../grader/cases/assignments.ts";
import { UsageError } from "../errors.ts";

function parseAssignments(list: string[]): Assignment[] {
  if (list.length === 0) return [...ASSIGNMENTS];
  for (const a of list) {
    if (!(ASSIGNMENTS as readonly string[]).includes(a)) {
      throw new UsageError(`unknown assignment "${a}"; expected one of: ${ASSIGNMENTS.join(", ")}`);
    }
  }
  return list as Assignment[];
}

export function registerFixturesCommand(program: Command): void {
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
      const { buildFixtureFile, fixturePath, serialize, writeFixtures } = await import("../../grader/cases/generate.ts");
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
