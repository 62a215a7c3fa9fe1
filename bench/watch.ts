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
import { DEFAULT_DEBOUNCE_MS, type WatchEvent, watchFolder } from "../grader/pipeline/watch.ts";
import { ROOT, solutionFiles } from "../grader/splice/stubs.ts";

const file = process.argv[2] ?? "regularization.ts";
const n = Number(process.argv[3] ?? 10);
const debounceMs = DEFAULT_DEBOUNCE_MS;
const dir = mkdtempSync(join(tmpdir(), "dnnlab-watch-bench-"));
for (const f of solutionFiles()) copyFileSync(join(ROOT, "solutions", f), join(dir, f));
const solution = readFileSync(join(ROOT, "solutions", file), "utf8");
// A different but equally correct file: a comment added before every END marker.
const edited = solution.replaceAll("// ### END CODE HERE ###", "// edited\n    // ### END CODE HERE ###");

/** CPU ms of this process and its reaped children (the sandbox children), from /proc/self/stat. */
function treeCpuMs(): number {
  const f = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  const ticks = [11, 12, 13, 14].reduce((t, i) => t + Number(f[i]), 0); // utime stime cutime cstime
  return (ticks * 1000) / 100; // USER_HZ
}

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
const cpu: number[] = [];
for (let i = 0; i < n; i++) {
  const got = new Promise<WatchEvent>((r) => (next = r));
  await new Promise((r) => setTimeout(r, 300)); // let the previous child be reaped
  const c = treeCpuMs();
  const t = performance.now();
  writeFileSync(join(dir, file), i % 2 ? solution : edited);
  const e = await got;
  times.push(performance.now() - t);
  await new Promise((r) => setTimeout(r, 300));
  cpu.push(treeCpuMs() - c);
  if (e.kind !== "rechecked" || e.earned !== e.possible) throw new Error(`unexpected result after save ${i}: ${JSON.stringify({ kind: e.kind, earned: "earned" in e ? e.earned : undefined })}`);
}
abort.abort();
await watching;
rmSync(dir, { recursive: true, force: true });
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
console.log(`initial check of ${solutionFiles().length} files: ${fmt(initial)}`);
console.log(`save ${file} -> result, ${n} saves (debounce ${debounceMs} ms included): median ${fmt(times[n >> 1]!)}, min ${fmt(times[0]!)}, max ${fmt(times[n - 1]!)}`);
console.log(`CPU per save (grader, worker and sandbox child): median ${fmt(cpu[n >> 1]!)}, min ${fmt(cpu[0]!)}, max ${fmt(cpu[n - 1]!)}`);
process.exit(0);
