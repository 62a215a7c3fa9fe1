/**
 * `dnnlab check --watch`: time from saving a file to its new result (issue 14.1, target
 * 0.5 s). Checks a copy of a full submission, then saves one file `n` times, alternating
 * the solution and a version with one edited region, and times each save until its
 * result is reported. Run: node bin/run-ts.js bench/watch.ts [file=regularization.ts] [n=10]
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoCheckSource } from "../grader/pipeline/check.ts";
import { type WatchEvent, watchFolder } from "../grader/pipeline/watch.ts";
import { ROOT, solutionFiles } from "../grader/splice/stubs.ts";

const file = process.argv[2] ?? "regularization.ts";
const n = Number(process.argv[3] ?? 10);
const debounceMs = 100;
const dir = mkdtempSync(join(tmpdir(), "dnnlab-watch-bench-"));
for (const f of solutionFiles()) copyFileSync(join(ROOT, "solutions", f), join(dir, f));
const solution = readFileSync(join(ROOT, "solutions", file), "utf8");
// A different but equally correct file: a comment added before every END marker.
const edited = solution.replaceAll("// ### END CODE HERE ###", "// edited\n    // ### END CODE HERE ###");

let next: ((e: WatchEvent) => void) | undefined;
const abort = new AbortController();
const t0 = performance.now();
let initial = 0;
const watching = watchFolder(dir, repoCheckSource(), { lang: "en", json: false, color: false, debounceMs, signal: abort.signal }, (e) => {
  if (e.kind === "initial") initial = performance.now() - t0;
  next?.(e);
});
await new Promise<WatchEvent>((r) => (next = r));

const times: number[] = [];
for (let i = 0; i < n; i++) {
  const got = new Promise<WatchEvent>((r) => (next = r));
  const t = performance.now();
  writeFileSync(join(dir, file), i % 2 ? solution : edited);
  const e = await got;
  times.push(performance.now() - t);
  if (e.kind !== "rechecked" || e.earned !== e.possible) throw new Error(`unexpected result after save ${i}: ${JSON.stringify({ kind: e.kind, earned: "earned" in e ? e.earned : undefined })}`);
}
abort.abort();
await watching;
rmSync(dir, { recursive: true, force: true });
times.sort((a, b) => a - b);
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
console.log(`initial check of ${solutionFiles().length} files: ${fmt(initial)}`);
console.log(`save ${file} -> result, ${n} saves (debounce ${debounceMs} ms included): median ${fmt(times[n >> 1]!)}, min ${fmt(times[0]!)}, max ${fmt(times[n - 1]!)}`);
process.exit(0);
