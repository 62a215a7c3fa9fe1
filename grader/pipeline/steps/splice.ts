/**
 * Steps "splice" and "compile". Only the code between the markers is taken, put into
 * pristine copies of the exercise, then type-checked; a function that does not compile
 * falls back to its placeholder and is blamed.
 * NB: splice must come before compile (only spliced code is compiled).
 */
import { compileBounded } from "../../compile/bounded.ts";
import type { CompileError } from "../../compile/errors.ts";
import type { RegionSummary } from "../../result/result.ts";
import { type SpliceResult, decodeSubmission, splice } from "../../splice/splice.ts";
import { exerciseFor } from "../../splice/stubs.ts";
import { type GradeStep, filesOf } from "../state.ts";
import { compileNote, spliceNotes } from "./notes.ts";
import { sameCode } from "./tokens.ts";

export const spliceRegions: GradeStep = {
  name: "splice",
  run(s, ctx) {
    const pristine = ctx.pristine ?? exerciseFor;
    const spliced = filesOf(ctx.lab).map((file) => {
      const bytes = s.read?.files.get(file);
      return untouchedByTokens(splice(pristine(file), bytes ? decodeSubmission(bytes) : null, file), pristine(file));
    });
    return { ...s, spliced, notes: [...s.notes, ...spliced.flatMap(spliceNotes)] };
  },
};

/**
 * A spliced region whose code tokens are the shipped ones (a comment added, lines
 * re-wrapped) is untouched: its pristine code stays, and it is not an attempt.
 */
function untouchedByTokens(s: SpliceResult, pristineText: string): SpliceResult {
  const shipped = splice(pristineText, pristineText, s.file).regions;
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
    return { ...s, compiled, notes: [...s.notes, ...compiled.errors.map(compileNote)], regions: regionSummaries(spliced, compiled.errors) };
  },
};
