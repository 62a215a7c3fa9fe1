/**
 * What every `dnnlab check` waits for, started before anything else: the type checker's
 * worker (it loads TypeScript and parses the lib files) and the sandbox's isolation probe
 * (half a dozen short node processes, one after the other). Both used to start only when
 * first needed, after the CLI's modules had loaded and, for the probe, after the type
 * check: on the critical path of a cold check. Started here they overlap with the CLI's
 * loading and with each other. Calling this twice starts nothing twice.
 */
import { prewarmCompiler } from "../compile/bounded.ts";

let started = false;

export function prewarmCheck(): void {
  if (started) return;
  started = true;
  prewarmCompiler();
  // The probe's result is memoized in isolation.ts; a failure here is seen again, and reported, by the sandbox.
  void import("../sandbox/isolation.ts").then((m) => m.detectIsolation()).catch(() => undefined);
}
