/**
 * Running catalog variants in the sandbox, like any code: one bundle holds every variant
 * asked for (one file per catalog entry), one sandbox runs all the calls, then it is closed.
 * Outputs are decoded here; comparing them is match.ts's job.
 */
import { createHash } from "node:crypto";
import type { FixtureCase } from "../cases/schema.ts";
import { type SandboxLimitsInput, withSandbox } from "../sandbox/sandbox.ts";
import { type Value, decode } from "../../lib/value.ts";
import type { Mistake } from "./catalog/index.ts";
import { type VariantSources, variantSource } from "./variants.ts";

/** What a variant did on one case: a value, or the error it threw (other failures are `failed`). */
export type VariantOutcome =
  | { ok: true; value: Value }
  | { ok: false; threw: { name: string; message: string } }
  | { ok: false; failed: string };

/** A case as the runner needs it: its function and arguments (a fixture case is one). */
export type CaseCall = Pick<FixtureCase, "id" | "fn" | "args">;

/** Cache key of a (variant, case): the case id and a hash of its arguments, so a changed fixture is not confused with the old one. */
export function callKey(mistakeId: string, c: CaseCall): string {
  const h = createHash("sha256").update(JSON.stringify(c.args)).digest("hex").slice(0, 16);
  return `${mistakeId}|${c.id}|${h}`;
}

/** The bundle's file name of a variant (one per catalog entry). */
const variantFile = (m: Mistake): string => `variant-${m.id}.ts`;

export interface RunOptions extends VariantSources {
  limits?: SandboxLimitsInput;
}

/**
 * Run each (mistake, case) pair, every mistake on the cases of its function, in one
 * sandbox. Returns outcomes by callKey. Throws only when the sandbox itself cannot start.
 */
export async function runVariants(pairs: readonly { mistake: Mistake; call: CaseCall }[], opts: RunOptions = {}): Promise<Map<string, VariantOutcome>> {
  const out = new Map<string, VariantOutcome>();
  if (pairs.length === 0) return out;
  const sources: Record<string, string> = {};
  for (const { mistake } of pairs) sources[variantFile(mistake)] ??= variantSource(mistake, opts);
  await withSandbox(sources, opts.limits ?? {}, async (sandbox) => {
    for (const { mistake, call } of pairs) {
      const k = callKey(mistake.id, call);
      if (out.has(k)) continue;
      const o = await sandbox.call(variantFile(mistake), call.fn, call.args);
      if (o.ok) {
        try {
          out.set(k, { ok: true, value: decode(o.value) });
        } catch (err) {
          out.set(k, { ok: false, failed: String(err) });
        }
      } else if (o.error.kind === "threw") {
        out.set(k, { ok: false, threw: { name: o.error.name, message: o.error.message } });
      } else {
        out.set(k, { ok: false, failed: o.error.kind });
      }
    }
  });
  return out;
}
