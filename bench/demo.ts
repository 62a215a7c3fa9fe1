/**
 * How long the README's main command takes: `node bin/dnnlab.js demo` in a fresh output
 * folder, timed from outside (wall clock, and CPU of everything it started), with the load
 * average before and after (the machine may be shared: CPU time is the figure to compare).
 *
 *   node bin/run-ts.js bench/demo.ts [--runs 3] [--pdf] [--keep <dir>]
 *
 * (--keep: write the demo into <dir>/dnnlab-demo and leave it there, to compare trees.)
 *
 * CPU of the whole tree needs a cgroup: the sandbox's children run under bubblewrap in a pid
 * namespace, and their time never reaches the grader's rusage. Where this process may create
 * one (root, cgroup v1 cpuacct), the demo runs in a fresh cpuacct group and its usage is read
 * at the end; elsewhere only the rusage of reaped children is shown, and said to be partial.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, rmdirSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { ROOT } from "../grader/root.ts";

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const runs = Number(arg("--runs") ?? 1);
const pdf = process.argv.includes("--pdf");
const keep = arg("--keep");

const CPUACCT = "/sys/fs/cgroup/cpuacct";
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(" ");

/** A fresh cpuacct group, or null where none can be made. */
function cgroup(): string | null {
  if (!existsSync(join(CPUACCT, "cpuacct.usage"))) return null;
  const dir = join(CPUACCT, `dnnlab-bench-demo-${process.pid}`);
  try {
    mkdirSync(dir);
    return dir;
  } catch {
    return null;
  }
}

/** CPU seconds of reaped children (utime + stime of /proc/self/stat, clock ticks of 1/100 s). */
function childrenCpu(): number {
  const f = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(f[13]) + Number(f[14])) / 100;
}

async function once(i: number): Promise<void> {
  const out = keep ?? mkdtempSync(join(tmpdir(), "dnnlab-bench-demo-"));
  const cg = cgroup();
  const before = { load: load(), children: childrenCpu() };
  const args = [join(ROOT, "bin", "dnnlab.js"), "demo", "--out", join(out, "dnnlab-demo"), ...(pdf ? ["--pdf"] : [])];
  // The child joins the group before it execs node, so everything it starts is counted.
  const script = cg ? `echo $$ > ${cg}/cgroup.procs && exec "$0" "$@"` : `exec "$0" "$@"`;
  const t0 = performance.now();
  let stdout = "";
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn("sh", ["-c", script, process.execPath, ...args], { cwd: out, stdio: ["ignore", "pipe", "ignore"] });
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.on("exit", (c) => resolve(c));
  });
  const wall = (performance.now() - t0) / 1000;
  let cpu: string;
  if (cg) {
    const usage = Number(readFileSync(join(cg, "cpuacct.usage"), "utf8")) / 1e9;
    const stat = readFileSync(join(cg, "cpuacct.stat"), "utf8");
    const user = Number(/user (\d+)/.exec(stat)?.[1] ?? 0) / 100;
    const sys = Number(/system (\d+)/.exec(stat)?.[1] ?? 0) / 100;
    cpu = `${usage.toFixed(1)} CPU-s (user ${user.toFixed(1)}, sys ${sys.toFixed(1)}; cgroup, sandbox children included)`;
    for (let k = 0; k < 50; k++) {
      try {
        rmdirSync(cg);
        break;
      } catch {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); // a process of the group is still exiting
      }
    }
  } else cpu = `${(childrenCpu() - before.children).toFixed(1)} CPU-s (rusage of reaped children only: the sandbox's children under bubblewrap are not counted)`;
  const lines = stdout.split("\n").filter((l) => /graded \d+ in|^done in/.test(l));
  console.log(`run ${i + 1}: exit ${code}, wall ${wall.toFixed(1)} s, ${cpu}, load ${before.load} → ${load()}`);
  for (const l of lines) console.log(`  ${l.replace(/ → .*/, "")}`);
  if (!keep) rmSync(out, { recursive: true, force: true });
}

console.log(`node bin/dnnlab.js demo${pdf ? " --pdf" : ""}, ${runs} run(s), ${new Date().toISOString()}, Node ${process.version}`);
for (let i = 0; i < runs; i++) await once(i);
