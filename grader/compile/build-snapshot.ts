/**
 * Build the compile snapshot (snapshot.ts) into the cache folder: run by `npm ci` (the
 * prepare script) and, detached, by a type check that found it stale. A script of its own,
 * so that no module the released checker bundles runs anything when loaded.
 *
 *   node bin/run-ts.js grader/compile/build-snapshot.ts [heap MB]     (default 1536)
 */
import { existsSync } from "node:fs";
import { DEFAULT_HEAP_MB, buildSnapshot } from "./snapshot.ts";

// Started by a run that found the snapshot stale, the folder was there (a test may have removed it since).
const dir = process.env.DNNLAB_CACHE_DIR;
if (process.env.DNNLAB_SNAPSHOT_BUILD !== "1" || dir === undefined || existsSync(dir)) {
  try {
    await buildSnapshot(Number(process.argv[2] ?? DEFAULT_HEAP_MB) || DEFAULT_HEAP_MB);
  } catch (err) {
    console.error(`dnnlab: the compile snapshot was not built (${err instanceof Error ? err.message : String(err)}); type checks start without it`);
  }
}
