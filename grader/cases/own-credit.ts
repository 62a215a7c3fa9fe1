/**
 * Own-code credit (DESIGN.md Decisions): which output parts of each fixture case the
 * student's regions determine. Computed when fixtures are generated, in this process
 * (the reference and the starter are trusted code): the case is run on the "null"
 * implementations of its function — the shipped starter, and the reference with every
 * region of that function zero-filled or comment-only (null-fills.ts) — and every part
 * one of them already gets right is left out of the case's credit. The judge then grades
 * only `creditParts`; when none is left, the case is all or nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Value, decode } from "../../lib/value.ts";
import { compareParts } from "../judge/compare.ts";
import { type Module, callGraded } from "../sandbox/call.ts";
import { ROOT } from "../root.ts";
import { type NullFill, fillRegions, regionFunctions } from "./null-fills.ts";
import type { Assignment } from "./schema.ts";

const FILLS: readonly NullFill[] = ["zeros", "comment"];

/** Part paths each null implementation gets right, per case; loaded once per assignment. */
export interface NullModules {
  /** graded functions of the assignment (those with marked regions) */
  fns: ReadonlySet<string>;
  /** the modules to try for `fn`: the starter, then its fills */
  modulesFor: (fn: string) => Module[];
  dispose: () => void;
}

/** Relative imports of a solution file, made absolute so the text can run from a temporary folder. */
const absoluteImports = (text: string): string => text.replace(/(from\s+)"\.\.\//g, `$1"${ROOT}/`);

export async function loadNullModules(assignment: Assignment): Promise<NullModules> {
  const file = `${assignment}.ts`;
  const solution = readFileSync(join(ROOT, "solutions", file), "utf8");
  const fns = regionFunctions(solution, file);
  const dir = mkdtempSync(join(tmpdir(), "dnnlab-null-"));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  const starter = (await import(join(ROOT, "exercises", file))) as Module;
  const byFn = new Map<string, Module[]>();
  for (const fn of fns) {
    const mods: Module[] = [starter];
    for (const fill of FILLS) {
      const path = join(dir, `${assignment}.${fn}.${fill}.ts`);
      writeFileSync(path, absoluteImports(fillRegions(solution, file, fn, fill)));
      mods.push((await import(path)) as Module);
    }
    byFn.set(fn, mods);
  }
  return { fns: new Set(fns), modulesFor: (fn) => byFn.get(fn) ?? [], dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The parts of a case's output that earn credit: those no null implementation gets right.
 * Undefined for a function without regions (nothing to compare against).
 */
export function creditPartsOf(nulls: NullModules, c: { fn: string; args: unknown[]; expected: Value; rtol: number; atol: number }): string[] | undefined {
  if (!nulls.fns.has(c.fn)) return undefined;
  const tol = { rtol: c.rtol, atol: c.atol };
  const all = compareParts(c.expected, c.expected, tol).map((p) => p.path);
  const nullRight = new Set<string>();
  for (const mod of nulls.modulesFor(c.fn)) {
    let got: Value;
    try {
      got = callGraded(mod, c.fn, c.args.map((a) => decode(a as never))) as Value;
    } catch {
      continue; // a null that throws gets nothing right
    }
    for (const p of compareParts(got, c.expected, tol)) if (p.ok) nullRight.add(p.path);
  }
  return all.filter((p) => !nullRight.has(p));
}
