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
import { prewarmCompiler } from "../compile/bounded.ts";

let compiler = false;
let probe = false;

/** Start the type checker's worker and its warm-up. */
export function prewarmTypeCheck(): void {
  if (compiler) return;
  compiler = true;
  prewarmCompiler();
}

/** Start the worker (if not yet) and the isolation probe: call once the check will run. */
export function prewarmCheck(): void {
  prewarmTypeCheck();
  if (probe) return;
  probe = true;
  // The probe's result is memoized in isolation.ts; a failure here is seen again, and reported, by the sandbox.
  void import("../sandbox/isolation.ts").then((m) => m.detectIsolation()).catch(() => undefined);
}
