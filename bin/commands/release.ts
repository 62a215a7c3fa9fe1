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
      const { BUILTIN_LABS } = await import("../../grader/labs/index.ts");
      const ids = opts.lab === "all" ? Object.keys(BUILTIN_LABS) : [opts.lab];
      if (!ids.every((id) => id in BUILTIN_LABS)) throw new UsageError(`--lab is one of ${[...Object.keys(BUILTIN_LABS), "all"].join(", ")}, got "${opts.lab}"`);
      const { ReleaseError, writeRelease } = await import("../../grader/release/release.ts");
      try {
        const r = await writeRelease({ out: await prepareOutDir(opts.out), labs: ids });
        console.log(`wrote ${opts.out}: ${r.files.length} files, labs ${r.labs.map((l) => l.id).join(", ")}, checker ${(r.checkerBytes / 1024).toFixed(0)} KB`);
        console.log(`packages: ${Object.entries(r.dependencies).map(([n, v]) => `${n}@${v}`).join(", ")}`);
      } catch (err) {
        if (err instanceof ReleaseError) throw new UsageError(err.message);
        throw err;
      }
    });
}
