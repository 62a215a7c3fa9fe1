/**
 * The property run counts (issue 14: fewer runs, fewer sandbox calls) keep their power:
 * every variant of the diagnose catalog (a known mistake applied to the reference) fails
 * exactly the properties at the current counts that it fails with max(3×, 30) runs,
 * and the reference itself passes them all. The variants run in-process here, through the
 * same encode/decode the sandbox's wire uses.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { decode, encode } from "../../../lib/value.ts";
import type { Assignment } from "../../cases/schema.ts";
import { CATALOG } from "../../diagnose/catalog/index.ts";
import { referenceSource, variantSource } from "../../diagnose/variants.ts";
import { ROOT } from "../../root.ts";
import { PROPERTIES } from "./index.ts";
import { type RawCall, runProperty } from "./run.ts";
import type { PropertySpec } from "./types.ts";

const dir = mkdtempSync(join(tmpdir(), "dnnlab-power-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let loaded = 0;
/** Import a spliced source as a module (its `../lib/` imports pointed at this checkout's lib/). */
async function load(source: string): Promise<Record<string, (...args: unknown[]) => unknown>> {
  const path = join(dir, `variant-${loaded++}.ts`);
  writeFileSync(path, source.replaceAll('from "../lib/', `from "${join(ROOT, "lib")}/`));
  return import(pathToFileURL(path).href);
}

const callWith = (mod: Record<string, (...args: unknown[]) => unknown>): RawCall => async (fn, args) => {
  try {
    return { ok: true, value: encode(await mod[fn]!(...args.map(decode))) };
  } catch (e) {
    return { ok: false, error: { kind: "threw", name: String((e as Error)?.name), message: String((e as Error)?.message) } };
  }
};

const ASSIGNMENT: Record<string, Assignment> = {
  "initialization.ts": "initialization",
  "gradient-checking.ts": "gradient-checking",
  "optimization.ts": "optimization",
  "regularization.ts": "regularization",
};

/** The ids of the properties a call fails, at each property's run count (`more`: at least 3× it, and at least 30 runs). */
const failedIds = async (props: readonly PropertySpec[], call: RawCall, more = false): Promise<string[]> => {
  const out: string[] = [];
  for (const p of props) {
    const numRuns = more ? Math.max(3 * p.numRuns, 30) : p.numRuns;
    const r = await runProperty({ ...p, numRuns }, call, { question: "Q", points: 1 });
    if (r.earned === 0) out.push(p.id);
  }
  return out;
};

describe.each(Object.keys(ASSIGNMENT))("%s", (file) => {
  const props = PROPERTIES[ASSIGNMENT[file]!];

  it("the reference passes every property", async () => {
    expect(await failedIds(props, callWith(await load(referenceSource(file))))).toEqual([]);
  });

  it.each(CATALOG.filter((m) => m.file === file).map((m) => [m.id, m] as const))("%s fails the same properties as with max(3×, 30) runs", async (_id, m) => {
    const call = callWith(await load(variantSource(m)));
    const now = await failedIds(props, call);
    expect(now).toEqual(await failedIds(props, call, true));
  });
});

describe("the catalog", () => {
  it("is caught by the properties at all: most entries fail at least one", async () => {
    let caught = 0;
    for (const m of CATALOG) {
      const now = await failedIds(PROPERTIES[ASSIGNMENT[m.file]!], callWith(await load(variantSource(m))));
      if (now.length > 0) caught++;
    }
    // Entries no property sees (key names, shapes of state dicts) are the fixtures' to catch.
    expect(caught).toBeGreaterThan(CATALOG.length / 2);
  });
});
