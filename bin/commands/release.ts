/**
 * `dnnlab release`: write the student bundle (grader/release/release.ts).
 */
import type { Command } from "commander";
import { UsageError } from "../errors.ts";
import { prepareOutDir } from "../out-dir.ts";

export function registerReleaseCommand(program: Command): void {
  program
    .command("release")
    .summary("write the student bundle: exercises, visible fixtures, the checker, CI workflow")
    .description(
      "Write the student bundle into --out, a small npm project to hand out (or to\n" +
        "make GitHub Classroom's template repository from): exercises/ (the stubs),\n" +
        "lib/, fixtures/ with the hidden cases removed, the checker as one file\n" +
        "dnnlab-check.mjs (`node dnnlab-check.mjs check`), package.json and\n" +
        "package-lock.json pinning its packages, report.md, a README in English and\n" +
        "Chinese, and the GitHub workflow .github/workflows/dnnlab.yml (with\n" +
        "--classroom: classroom.yml, which reports points per question to GitHub\n" +
        "Classroom).\n\n" +
        "No solution, reference property or hidden test goes in: the checker's build\n" +
        "fails if one would, and the written bundle is searched for them (any found:\n" +
        "exit 2, with the list). A previous release in --out is replaced (its .git and\n" +
        "node_modules are kept).",
    )
    .option("--out <dir>", "where to write the bundle", "dnnlab-release")
    .option("--lab <id>", "hw2-1, regularization or all", "all")
    .option("--classroom", "ship the GitHub Classroom workflow (classroom.yml) instead of dnnlab.yml")
    .action(async (opts: { out: string; lab: string; classroom?: boolean }) => {
      const { BUILTIN_LABS } = await import("../../grader/labs/index.ts");
      const ids = opts.lab === "all" ? Object.keys(BUILTIN_LABS) : [opts.lab];
      if (!ids.every((id) => id in BUILTIN_LABS)) throw new UsageError(`--lab is one of ${[...Object.keys(BUILTIN_LABS), "all"].join(", ")}, got "${opts.lab}"`);
      const { ReleaseError, writeRelease } = await import("../../grader/release/release.ts");
      try {
        const r = await writeRelease({ out: await prepareOutDir(opts.out), labs: ids, classroom: opts.classroom ?? false });
        console.log(`wrote ${opts.out}: ${r.files.length} files, labs ${r.labs.map((l) => l.id).join(", ")}, checker ${(r.checkerBytes / 1024).toFixed(0)} KB`);
        console.log(`packages: ${Object.entries(r.dependencies).map(([n, v]) => `${n}@${v}`).join(", ")}`);
      } catch (err) {
        if (err instanceof ReleaseError) throw new UsageError(err.message);
        throw err;
      }
    });
}
