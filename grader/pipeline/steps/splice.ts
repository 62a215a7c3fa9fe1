/**
 * Steps "splice" and "compile". Only the code between the markers is taken, put into
 * pristine copies of the exercise, then type-checked; a function that does not compile
 * falls back to its placeholder and is blamed.
 * NB: splice must come before compile (only spliced code is compiled).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compileBounded } from "../../compile/bounded.ts";
import type { CompileError } from "../../compile/errors.ts";
import type { RegionSummary } from "../../result/result.ts";
import { type SpliceResult, decodeSubmission, splice } from "../../splice/splice.ts";
import { SOLUTIONS_DIR, exerciseFor } from "../../splice/stubs.ts";
import { type GradeStep, filesOf } from "../state.ts";
import { studentLine } from "./causes.ts";
import { compileNote, spliceNotes } from "./notes.ts";
import { sameCode } from "./tokens.ts";

/**
 * The pristine exercise of a file and its shipped regions, generated once per solution
 * text (not twice per file per submission: about 7 ms of a submission's grading). Keyed by
 * the solution's text, so an edited solutions/ file is picked up by a long-running process.
 */
const pristineCache = new Map<string, { text: string; shipped: SpliceResult["regions"] }>();
function pristineOf(file: string, pristine: ((file: string) => string) | undefined): { text: string; shipped: SpliceResult["regions"] } {
  const given = pristine ? pristine(file) : undefined;
  const solution = given === undefined ? readFileSync(join(SOLUTIONS_DIR, file), "utf8") : "";
  const key = given === undefined ? `solution:${file}\n${solution}` : `given:${file}\n${given}`;
  let hit = pristineCache.get(key);
  if (!hit) {
    const t = given ?? exerciseFor(file, solution);
    hit = { text: t, shipped: splice(t, t, file).regions };
    if (pristineCache.size > 64) pristineCache.clear();
    pristineCache.set(key, hit);
  }
  return hit;
}

export const spliceRegions: GradeStep = {
  name: "splice",
  run(s, ctx) {
    const spliced = filesOf(ctx.lab).map((file) => {
      const bytes = s.read?.files.get(file);
      const p = pristineOf(file, ctx.pristine);
      return untouchedByTokens(splice(p.text, bytes ? decodeSubmission(bytes) : null, file), p.shipped);
    });
    return { ...s, spliced, notes: [...s.notes, ...spliced.flatMap(spliceNotes)] };
  },
};

/**
 * A spliced region whose code tokens are the shipped ones (a comment added, lines
 * re-wrapped) is untouched: its pristine code stays, and it is not an attempt.
 */
function untouchedByTokens(s: SpliceResult, shipped: SpliceResult["regions"]): SpliceResult {
  const regions = s.regions.map((r) => {
    if (r.status !== "spliced") return r;
    const p = shipped.find((x) => x.fn === r.fn && x.index === r.index);
    return p && sameCode(r.code, p.code) ? { ...r, status: "untouched" as const } : r;
  });
  return regions.some((r, i) => r !== s.regions[i]) ? { ...s, regions } : s;
}

function regionSummaries(spliced: readonly SpliceResult[], errors: readonly CompileError[]): RegionSummary[] {
  return spliced.flatMap((s) =>
    s.regions.map((r) => {
      const broken = errors.some((e) => e.file === s.file && e.fn === r.fn && (e.index === undefined || e.index === r.index));
      return { file: s.file, fn: r.fn, index: r.index, status: broken ? "compile_error" : r.status, code: r.code };
    }),
  );
}

export const compile: GradeStep = {
  name: "compile",
  async run(s) {
    const spliced = s.spliced ?? [];
    // In a bounded worker: a compiler crash or a heap bomb fails this student only.
    const bounded = await compileBounded(spliced);
    if (!bounded.ok) return { ...s, failure: { code: "compile_failed", message: `${bounded.reason}: ${bounded.detail}` } };
    const compiled = bounded.compiled;
    // A note names the line in the student's own file, as a case's cause does (causes.ts).
    const notes = compiled.errors.map((e) => compileNote({ ...e, line: studentLine(s, e.file, e.line) }));
    return { ...s, compiled, notes: [...s.notes, ...notes], regions: regionSummaries(spliced, compiled.errors) };
  },
};
