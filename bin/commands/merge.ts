/**
 * `dnnlab merge`: put the results of several `grade --shard` runs together into one gradebook.
 */
import type { Command } from "commander";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../errors.ts";
import { loadLabOrExplain } from "../repo-labs.ts";
import { type InstructorFlags, addInstructorOptions, publishOptionsFrom } from "./instructor-options.ts";

export function registerMergeCommand(program: Command): void {
  const merge = program
    .command("merge")
    .summary("merge the results of several `grade --shard` runs into one gradebook")
    .description(
      "Read <out>/results of each shard folder, check that no student was graded twice with different\n" +
        "results, and write the gradebook and every other output into --out.",
    )
    .argument("<shard-dirs...>", "the --out folders of the shard runs")
    .option("--lab <id|file>", "built-in lab or lab JSON file", "hw2-1")
    .option("--out <dir>", "where the merged gradebook goes", "dnnlab-results")
    .option("--expect <n>", "fail (exit 2) unless exactly n students were merged");
  addInstructorOptions(merge, { variants: false })
    .action(async (dirs: string[], opts: InstructorFlags & { lab: string; out: string; expect?: string }) => {
      for (const d of dirs) if (!existsSync(d)) throw new UsageError(`${d}: no such folder`);
      const { lab } = await loadLabOrExplain(opts.lab);
      const publishOptions = await publishOptionsFrom(opts);
      const { mergeResults, resultPath } = await import("../../grader/pipeline/batch.ts");
      const { OutputError, ensureDir, writeAtomic } = await import("../../grader/pipeline/write.ts");
      let results;
      try {
        results = await mergeResults(dirs.map((d) => resolve(d)), lab.id);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (results.length === 0) {
        // Nothing of this lab: the wrong folders, or the other lab's shards.
        const { readResults } = await import("../../grader/pipeline/batch.ts");
        const others = new Set<string>();
        for (const d of dirs) for (const r of await readResults(resolve(d)).catch(() => [])) others.add(r.lab);
        throw new UsageError(
          others.size
            ? `no ${lab.id} results in ${dirs.join(", ")}: they hold results of lab ${[...others].join(", ")} (give --lab ${[...others][0]})`
            : `no results in ${dirs.join(", ")}: give the --out folders of \`dnnlab grade --shard\` runs`,
        );
      }
      if (opts.expect !== undefined && results.length !== Number(opts.expect)) {
        throw new UsageError(`merged ${results.length} students, expected ${opts.expect}: a shard is missing or incomplete`);
      }
      const out = resolve(opts.out);
      const { publish } = await import("../../grader/exporters/publish.ts");
      let written;
      try {
        await ensureDir(resolve(out, "results"));
        for (const r of results) await writeAtomic(resultPath(out, r.student), `${JSON.stringify(r, null, 1)}\n`);
        written = await publish(results, lab, out, process.env, publishOptions);
      } catch (err) {
        if (err instanceof OutputError) throw new UsageError(err.message);
        throw err;
      }
      console.log(`merged ${results.length} students from ${dirs.length} folders; gradebook: ${written.gradebook}; dashboard: ${written.dashboard}`);
    });
}
