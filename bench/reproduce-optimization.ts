/**
 * Reproduces the optimization notebook's training runs from the reference tables in
 * experiments/reference-optimization.ts (what is checked and the numbers: see there).
 *
 *   node bin/run-ts.js bench/reproduce-optimization.ts                 # all 10 runs (about a minute)
 *   node bin/run-ts.js bench/reproduce-optimization.ts gd-2021 adam-2017   # some of them
 *   node bin/run-ts.js bench/reproduce-optimization.ts --json         # one JSON line per run
 */
import { RUNS, reproduce } from "../experiments/reference-optimization.ts";

function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const only = args.filter((a) => !a.startsWith("--"));
  const unknown = only.filter((id) => !RUNS.some((r) => r.id === id));
  if (unknown.length) {
    console.error(`unknown run(s): ${unknown.join(", ")}; choose from ${RUNS.map((r) => r.id).join(", ")}`);
    process.exit(2);
  }
  const runs = only.length ? RUNS.filter((r) => only.includes(r.id)) : RUNS;
  let failed = 0;
  let total = 0;
  for (const run of runs) {
    const r = reproduce(run);
    total += r.seconds;
    if (r.mismatches.length) failed++;
    if (json) {
      console.log(JSON.stringify(r));
      continue;
    }
    const ok = (what: string): string => (r.mismatches.includes(what) ? "✗" : "✔");
    console.log(`\n${r.label}  [${r.id}]  ${r.seconds.toFixed(2)} s`);
    console.log(`  costs    ours      ${r.costs.join(" ")}`);
    console.log(`           notebook  ${run.costs.join(" ")}  ${ok("costs")}`);
    if (run.learningRates) {
      console.log(`  lr       ours      ${r.learningRates?.join(" ")}`);
      console.log(`           notebook  ${run.learningRates.join(" ")}  ${ok("learning rates")}`);
    }
    console.log(`  accuracy ours ${r.accuracy}  notebook ${run.accuracy}  ${ok("accuracy")}`);
  }
  if (!json) console.log(`\n${runs.length - failed}/${runs.length} runs match the notebooks; ${total.toFixed(1)} s of training`);
  process.exitCode = failed ? 1 : 0;
}

main();
