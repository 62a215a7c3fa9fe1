/**
 * What the fault tests and the grading benchmarks share: running the `dnnlab` CLI as a
 * child (optionally SIGKILLing it after a delay, sampling its peak memory and its sandbox
 * children's), finding processes by their command line, a seeded random generator, and a
 * private temp dir so that every sandbox dir and process of a run can be seen.
 */
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { cpus as osCpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const CLI = join(ROOT, "bin", "dnnlab.js");

/** mulberry32: a small seeded generator of numbers in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh dir under the system temp dir, reachable by the sandbox's own uid (0755), with a tmp/ for TMPDIR. */
export function workDir(prefix: string): { dir: string; tmp: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  const tmp = join(dir, "tmp");
  mkdirSync(tmp);
  chmodSync(tmp, 0o755);
  return { dir, tmp };
}

export interface Proc {
  pid: number;
  state: string;
  cmd: string;
  /** peak resident set size, kB */
  hwmKb: number;
}

function readProc(pid: number): Proc | null {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const state = /^State:\s+(\S)/m.exec(status)?.[1] ?? "?";
    const hwmKb = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    return { pid, state, cmd, hwmKb };
  } catch {
    return null; // gone meanwhile
  }
}

/** Live processes whose command line contains `text` (zombies left out). */
export function processesMentioning(text: string): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    const p = readProc(Number(name));
    if (p && p.state !== "Z" && p.cmd.includes(text)) out.push(p);
  }
  return out;
}

/**
 * CPU seconds of a process: its own (utime + stime) and with its reaped children (+ cutime
 * + cstime), and its start time (clock ticks since boot, to tell a reused pid); 0 when gone.
 */
function cpuOf(pid: number): { own: number; all: number; start: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields 14-17 and 22 of stat(5), counted here from the state field (3)
    const own = (Number(f[11]) + Number(f[12])) / 100;
    return { own, all: own + (Number(f[13]) + Number(f[14])) / 100, start: Number(f[19]) };
  } catch {
    return { own: 0, all: 0, start: 0 };
  }
}

/** The pids of a process's direct children (all its threads'), from /proc. */
function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** RLIMIT_CPU (soft, seconds) of a process, or null when unlimited or unreadable. */
export function cpuLimitSeconds(pid: number): number | null {
  try {
    const m = /^Max cpu time\s+(\S+)/m.exec(readFileSync(`/proc/${pid}/limits`, "utf8"));
    return m && m[1] !== "unlimited" ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** peak RSS of the grader process itself (VmHWM, sampled), kB */
  parentPeakKb: number;
  /** largest peak RSS seen of any sandbox child (VmHWM, sampled), kB */
  childPeakKb: number;
  /** each sandbox child's peak RSS seen (VmHWM, sampled), kB */
  childPeaksKb: number[];
  /** sandbox children seen */
  children: number;
  /**
   * CPU seconds (user + system) of the grader and of every process under it: the grader's
   * own, plus each sandbox child's and each direct child's (esbuild, workers) own time as
   * last sampled. The sandbox children are SIGKILLed with their process group and reaped
   * inside their pid namespace, so the grader's cutime misses them; sampling can miss at
   * most the last sampleMs of each, so this is a slight underestimate.
   */
  cpuSeconds: number;
  /** CPU seconds of the grader process alone */
  parentCpuSeconds: number;
  /** CPU seconds of the sandbox children alone (sampled) */
  sandboxCpuSeconds: number;
  /** CPU seconds the kernel reports for the grader and the children it reaped (cutime; misses the sandbox children) */
  reapedCpuSeconds: number;
}

export interface CliOptions {
  /** TMPDIR for the run: its sandbox dirs go there, and its children are found by it */
  tmp: string;
  env?: Record<string, string>;
  /** SIGKILL the grader after this many ms */
  killAfterMs?: number;
  /** sample memory every this many ms (default 50) */
  sampleMs?: number;
}

/** The sum of a map's values, leaving out the keys of `except`. */
const sumOf = (m: Map<string, number>, except?: Map<string, number>): number =>
  [...m].reduce((s, [k, v]) => (except?.has(k) ? s : s + v), 0);

/** Run `node bin/dnnlab.js …args` to its end (or to its SIGKILL). */
export function runCli(args: string[], opts: CliOptions): Promise<CliRun> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, TMPDIR: opts.tmp, CI: "1", ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  let parentPeakKb = 0;
  let reapedCpuSeconds = 0;
  let parentCpuSeconds = 0;
  const peaks = new Map<number, number>();
  // last sampled own CPU of every process seen under the grader, by "pid@start"
  const sandboxCpu = new Map<string, number>();
  const otherCpu = new Map<string, number>();
  const note = (into: Map<string, number>, pid: number): void => {
    const c = cpuOf(pid);
    if (c.start) into.set(`${pid}@${c.start}`, Math.max(into.get(`${pid}@${c.start}`) ?? 0, c.own));
  };
  const sample = (): void => {
    if (child.pid !== undefined) {
      parentPeakKb = Math.max(parentPeakKb, readProc(child.pid)?.hwmKb ?? 0);
      const cpu = cpuOf(child.pid);
      reapedCpuSeconds = Math.max(reapedCpuSeconds, cpu.all);
      parentCpuSeconds = Math.max(parentCpuSeconds, cpu.own);
      for (const pid of childPids(child.pid)) note(otherCpu, pid);
    }
    for (const p of processesMentioning(`${opts.tmp}/dnnlab-sbx-`)) {
      peaks.set(p.pid, Math.max(peaks.get(p.pid) ?? 0, p.hwmKb));
      note(sandboxCpu, p.pid);
    }
  };
  const sampler = setInterval(sample, opts.sampleMs ?? 50);
  const killer = opts.killAfterMs !== undefined ? setTimeout(() => child.kill("SIGKILL"), opts.killAfterMs) : undefined;
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearInterval(sampler);
      if (killer) clearTimeout(killer);
      const childPeaksKb = [...peaks.values()];
      resolve({
        code,
        signal,
        stdout,
        stderr,
        ms: performance.now() - t0,
        parentPeakKb,
        childPeakKb: Math.max(0, ...childPeaksKb),
        childPeaksKb,
        children: peaks.size,
        cpuSeconds: parentCpuSeconds + sumOf(sandboxCpu) + sumOf(otherCpu, sandboxCpu),
        parentCpuSeconds,
        sandboxCpuSeconds: sumOf(sandboxCpu),
        reapedCpuSeconds,
      });
    });
  });
}

/** SIGKILL every process whose command line names `text`; returns how many there were. */
export function killMentioning(text: string): number {
  const procs = processesMentioning(text);
  for (const p of procs) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  return procs.length;
}

/** Replace what lies between `<!-- name:begin -->` and `<!-- name:end -->` in a Markdown file. */
export function replaceSection(path: string, name: string, body: string): void {
  const text = readFileSync(path, "utf8");
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`${path}: no ${begin} … ${end} section`);
  writeFileSync(path, `${text.slice(0, i + begin.length)}\n${body.trim()}\n${text.slice(j)}`);
}

/** p-th percentile (0–100) of numbers, nearest rank. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The machine, for the record next to every figure. */
export function machine(): { cpus: number; model: string; memGb: number; node: string; kernel: string; load: number[] } {
  const cpus = osCpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model ?? "?",
    memGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
    load: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
