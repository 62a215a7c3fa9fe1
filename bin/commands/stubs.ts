/**
 * `dnnlab stubs`: regenerate exercises/ from solutions/ (grader/splice/stubs.ts).
 */
import type { Command } from "commander";

export function registerStubsCommand(program: Command): void {
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
      const { staleExercises, writeExercises } = await import("../../grader/splice/stubs.ts");
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
}
