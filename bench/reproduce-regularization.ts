/**
 * Reproduces the regularization notebook's training runs from the reference tables in
 * experiments/reference-regularization.ts (what is checked and the numbers: see there).
 *
 *   node bin/run-ts.js bench/reproduce-regularization.ts            # the three runs
 *   node bin/run-ts.js bench/reproduce-regularization.ts l2 --json  # some of them, as JSON lines
 */
import { RUNS, reproduce } from "../experiments/reference-regularization.ts";

function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const only = args.filter((a) => !a.startsWith("--"));
  const unknown = only.filter((id) => !RUNS.some((r) => r.id === id));
  if (unknown.length) {
    console.error(`unknown run(s): ${unknown.join(", ")}; choose from ${RUNS.map((r) => r.id).join(", ")}`);
    process.exit(2);
  }
  for (const run of only.length ? RUNS.filter((r) => only.includes(r.id)) : RUNS) {
    const r = reproduce(run);
    if (json) {
      console.log(JSON.stringify(r));
      continue;
    }
    console.log(`\n${r.label}  [${r.id}]  ${r.seconds.toFixed(2)} s`);
    console.log(`  costs at 0 / 10000 / 20000   ours ${r.costs.join(" / ")}`);
    console.log(`                               notebook (its data) ${run.notebook.costs}`);
    console.log(`  train accuracy ours ${r.train}   notebook (its data) ${run.notebook.train}`);
    console.log(`  test accuracy  ours ${r.test}   notebook (its data) ${run.notebook.test}`);
  }
}

main();
