/**
 * Where dnnlab keeps what it derives once and reuses on every later run: the compile
 * worker as one plain .mjs (compile/worker-bundle.ts), V8's code cache of typescript.js
 * (compile/typescript.ts), the compile snapshot (compile/snapshot.ts), the sandbox's
 * constant part's code cache (sandbox/base-bundle.ts), `check`'s isolation probe
 * (pipeline/check-warm.ts) and the CLI bundle (bin/cli-bundle.ts).
 * `node_modules/.cache/dnnlab/` of the checkout (or of the student bundle): the same trust
 * as the packages beside it, never a world-writable folder, since what is cached there
 * runs in the grader. Every entry is keyed by what it was made from and rebuilt when that
 * changed; deleting the folder only costs one slower run. `DNNLAB_CACHE_DIR` moves it,
 * `DNNLAB_CACHE_DIR=off` turns caching off (the first run of a fresh clone, for a benchmark).
 */
import { createHash } from "node:crypto";
import { closeSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./root.ts";

let dir: string | null | undefined;

/** The cache folder, created; undefined when caching is off or the folder cannot be made. */
export function cacheDir(): string | undefined {
  if (dir === undefined) {
    const wanted = process.env.DNNLAB_CACHE_DIR;
    const path = wanted === "off" ? null : (wanted ?? join(ROOT, "node_modules", ".cache", "dnnlab"));
    try {
      if (path !== null) mkdirSync(path, { recursive: true, mode: 0o755 });
      dir = path;
    } catch {
      dir = null;
    }
  }
  return dir ?? undefined;
}

export const sha1 = (data: string | Uint8Array): string => createHash("sha1").update(data).digest("hex");

/**
 * Write a cache file whole or not at all (a temp file renamed over it), so a concurrent
 * run (vitest's workers, a batch) never reads half of one. Failing to write is not an error.
 */
export function writeCacheFile(path: string, data: string | Uint8Array): boolean {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}

/** A build lock younger than this is a build under way; an older one was left by a killed build. */
export const LOCK_STALE_MS = 120_000;

/** A build holds `lock`: it is there and younger than LOCK_STALE_MS (an older one was left by a killed build). */
export function lockHeld(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs < LOCK_STALE_MS;
  } catch {
    return false;
  }
}

/**
 * Take a build's lock (a file created exclusively), so that of several processes finding a
 * cache entry stale only one rebuilds it; a lock left by a killed build is taken over.
 */
export function takeLock(lock: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(lock, "wx"));
      return true;
    } catch {
      try {
        if (lockHeld(lock)) return false;
        rmSync(lock, { force: true });
      } catch {
        // gone meanwhile: try again
      }
    }
  }
  return false;
}
