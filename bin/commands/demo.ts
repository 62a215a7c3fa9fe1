/**
 * `dnnlab demo`: the README's main command. Builds the bundled sample class (fictional
 * students), grades it for both labs, writes the gradebooks and every student's reports,
 * and prints where everything is.
 */
import type { Command } from "commander";
import { UsageError } from "../errors.ts";
import { parseCallTimeout } from "../options.ts";
import { prepareOutDir } from "../out-dir.ts";

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .summary("grade the bundled sample class and write its gradebooks and reports")
    .description(
      "Build the sample class (fictional students: a perfect one, untouched stubs, known bugs, a correct\n" +
        "variant, a late one, and a battery of hostile ones: infinite loops, memory and fork bombs,\n" +
        "process.exit, signals to the grader, patched globals, Proxies, fake output, reads, writes and\n" +
        "sockets outside the sandbox, broken markers) into <out>/submissions, grade it for the labs hw2-1\n" +
        "and regularization into <out>/<lab>/, and write\n" +
        "each student's lab report (zh and en) into <out>/<lab>/reports/.",
    )
    .option("--out <dir>", "where everything goes", "dnnlab-demo")
    .option("--pdf", "also print every report to PDF with headless Chromium")
    .option("--no-reports", "grade only; skip the lab reports")
    // The sample class's honest calls take milliseconds; its three infinite loops each spend the
    // limit on every call (9 calls): 1 s instead of 2 s is 9 CPU-s less, the same gradebook.
    .option("--call-timeout <ms>", "time limit of one call into student code (`grade` defaults to 5000)", "1000")
    .action(async (opts: { out: string; pdf?: boolean; reports: boolean; callTimeout: string }) => {
      const callTimeoutMs = parseCallTimeout(opts.callTimeout);
      if (opts.pdf && opts.reports) {
        // Said before anything is graded (the PDFs are printed while grading goes on).
        const missing = (await import("../../reports/render.ts")).chromiumMissing();
        if (missing) throw new UsageError(missing.message);
      }
      const out = await prepareOutDir(opts.out);
      const { runDemo } = await import("../demo.ts");
      await runDemo({ out, pdf: opts.pdf ?? false, reports: opts.reports, callTimeoutMs });
    });
}
