/**
 * Child process groups and bundle dirs alive right now. If the parent exits, or is stopped
 * by SIGINT/SIGTERM/SIGHUP, without closing its sandboxes, they are killed and removed on
 * the way out. A SIGKILLed parent cannot clean up: then the child dies with it (bwrap's
 * --die-with-parent, or setpriv --pdeathsig), and the next grader removes the stale dirs
 * (`removeStaleDirs`).
 */
import { readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Something that can be killed on the way out. */
export interface Killable {
  signal(): void;
}

const live = { children: new Set<Killable>(), dirs: new Set<string>() };
let hooksInstalled = false;

function cleanUpNow(): void {
  for (const c of live.children) c.signal();
  for (const d of live.dirs) {
    try {
      rmSync(d, { recursive: true, force: true });
    } catch {
      // Nothing more can be done on the way out.
    }
  }
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.once("exit", cleanUpNow);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      cleanUpNow();
      // Keep the signal's meaning: with nobody else listening, die of it as if we were not here.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    });
  }
}

/** Prefix of every bundle dir: `dnnlab-sbx-<grader pid>-<random>`. */
export const DIR_PREFIX = "dnnlab-sbx-";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const swept = new Set<string>();

/**
 * Remove the bundle dirs of graders that are gone (a SIGKILLed grader cannot remove its
 * own), once per process. A dir whose grader pid is alive is kept: another grader, or a
 * shard, may be using it.
 */
export function removeStaleDirs(dir: string = tmpdir()): string[] {
  if (swept.has(dir)) return [];
  swept.add(dir);
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = /^dnnlab-sbx-(\d+)-/.exec(name);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    const path = join(dir, name);
    try {
      if (!statSync(path).isDirectory()) continue;
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Someone else's, or gone meanwhile.
    }
  }
  return removed;
}

export function trackChild(c: Killable): void {
  installHooks();
  live.children.add(c);
}
export function untrackChild(c: Killable): void {
  live.children.delete(c);
}
export function trackDir(dir: string): void {
  installHooks();
  live.dirs.add(dir);
}
export function untrackDir(dir: string): void {
  live.dirs.delete(dir);
}
