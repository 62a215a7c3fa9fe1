/**
 * What every `dnnlab check` waits for, started before anything else: the type checker's
 * worker (it loads TypeScript and parses the lib files) and the sandbox's isolation probe
 * (half a dozen short node processes, one after the other). Both used to start only when
 * first needed, after the CLI's modules had loaded and, for the probe, after the type
 * check: on the critical path of a cold check. Started early they overlap with the CLI's
 * loading, with each other and with the type check. Calling these twice starts nothing twice.
 *
 * The worker's warm-up never keeps the process alive (bounded.ts), so it can start before
 * the arguments are read; the probe's processes would (`check --help` waiting for them),
 * so it starts once the command knows it will check.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { prewarmCompiler } from "../compile/bounded.ts";
import { cacheDir, writeCacheFile } from "../cache.ts";
import type { ProbeStore } from "../sandbox/isolation.ts";

let compiler = false;
let probe = false;

/** Start the type checker's worker and its warm-up. */
export function prewarmTypeCheck(): void {
  if (compiler) return;
  compiler = true;
  prewarmCompiler();
}

/**
 * The probe's results in the cache folder, one file per machine state (isolation.ts's
 * probeKey): a student's second check starts no probe at all. Unreadable or malformed
 * files count as missing; isolation.ts validates what it gets.
 */
function probeFiles(): ProbeStore | undefined {
  const dir = cacheDir();
  if (dir === undefined) return undefined;
  const path = (key: string) => join(dir, `isolation-${key}.json`);
  return {
    get: (key) => {
      try {
        return JSON.parse(readFileSync(path(key), "utf8")) as unknown;
      } catch {
        return undefined;
      }
    },
    set: (key, support) => void writeCacheFile(path(key), JSON.stringify(support)),
  };
}

/**
 * Start the worker (if not yet) and the isolation probe: call once the check will run.
 * `keepProbe`: reuse a probe result kept by an earlier check on this machine (not in CI,
 * where every job starts afresh and the grade must not rest on a file from elsewhere).
 */
export function prewarmCheck(opts: { keepProbe: boolean }): void {
  prewarmTypeCheck();
  if (probe) return;
  probe = true;
  // The probe's result is memoized in isolation.ts; a failure here is seen again, and reported, by the sandbox.
  void import("../sandbox/isolation.ts")
    .then((m) => {
      const files = opts.keepProbe ? probeFiles() : undefined;
      if (files) m.keepProbesIn(files);
      return m.detectIsolation();
    })
    .catch(() => undefined);
}
