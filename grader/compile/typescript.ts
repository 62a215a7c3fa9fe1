/**
 * TypeScript for the grader, loaded once per thread with V8's code cache. typescript.js
 * is 9 MB of CommonJS: compiling it costs ~0.15 s of CPU at every start, and the
 * functions a type check runs are compiled lazily on top of that, a good part of a cold
 * check. V8 can serialize what it compiled (`Script.createCachedData`, taken after the
 * first check so the checker's functions are in it) and take it back in the next process,
 * which then skips those compilations. Node ≥ 22.1 does the same for any module
 * (`module.enableCompileCache`), Node 20 does not, so this loads typescript.js itself
 * through `vm.Script`, as Node's CommonJS loader would, on every Node.
 *
 * The cache (grader/cache.ts) is keyed by the file's path, size and mtime and by Node's version;
 * V8 checks it again (source length, its own version and flags) and ignores a cache it
 * cannot use, which is then written afresh. Without a cache folder nothing is written.
 */
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import type TS from "typescript";
import { ROOT } from "../root.ts";
import { cacheDir, sha1, writeCacheFile } from "../cache.ts";

type Loaded = { ts: typeof TS; script: Script; cachePath: string | undefined; stale: boolean; fromCache: boolean };

let loaded: Loaded | undefined;

function load(): Loaded {
  // From the root, not from this module: the compile worker runs as a bundle kept in the cache folder.
  const file = createRequire(join(ROOT, "package.json")).resolve("typescript");
  const source = readFileSync(file, "utf8");
  const dir = cacheDir();
  let cachePath: string | undefined;
  let cachedData: Buffer | undefined;
  if (dir !== undefined) {
    const { size, mtimeMs } = statSync(file);
    cachePath = join(dir, `typescript-${sha1([file, size, mtimeMs, process.version, process.arch].join("\0")).slice(0, 16)}.v8cache`);
    try {
      cachedData = readFileSync(cachePath);
    } catch {
      cachedData = undefined;
    }
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as typeof TS };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  const fromCache = cachedData !== undefined && script.cachedDataRejected !== true;
  return { ts: module.exports, script, cachePath, stale: !fromCache, fromCache };
}

/** This thread's TypeScript (loaded on first use). */
export function typescript(): typeof TS {
  loaded ??= load();
  return loaded.ts;
}

/** Whether this thread's TypeScript was compiled from the code cache (false before it is loaded). */
export function typeScriptFromCodeCache(): boolean {
  return loaded?.fromCache ?? false;
}

/**
 * Write the code cache if there was none (or V8 refused it): call after a type check, so
 * the checker's lazily compiled functions are in it. Cheap when there is nothing to do.
 */
export function saveTypeScriptCodeCache(): void {
  if (!loaded?.stale || loaded.cachePath === undefined) return;
  loaded.stale = false;
  writeCacheFile(loaded.cachePath, loaded.script.createCachedData());
}
