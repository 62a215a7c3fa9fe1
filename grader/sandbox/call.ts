/**
 * How a graded function is called, the same way when fixtures are generated and
 * when a submission is graded: fresh decoded arguments, and the global generator
 * reset to a fixed seed first, so a function that forgets its own np.random.seed(…)
 * gives a reproducible (wrong) answer instead of a random one.
 */
import { np } from "../../lib/np/index.ts";

/** The global np.random seed set before every graded call. Not one the notebooks use. */
export const CALL_SEED = 2024;

export type Module = Record<string, unknown>;

export function callGraded(module: Module, fn: string, args: unknown[]): unknown {
  const f = module[fn];
  if (typeof f !== "function") throw new Error(`${fn} is not exported by the module`);
  np.random.seed(CALL_SEED);
  return (f as (...a: unknown[]) => unknown)(...args);
}
