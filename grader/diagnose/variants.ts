/**
 * Variants of the reference: the solution's region bodies with one catalog entry's edits
 * applied, filled into the pristine exercise and spliced exactly as a student's file is,
 * so a variant runs through the same splice → bundle → sandbox path as student code.
 * Pure apart from reading solutions/ (once per file).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseRegions, splitLines } from "../splice/markers.ts";
import { splice } from "../splice/splice.ts";
import { SOLUTIONS_DIR, exerciseFor } from "../splice/stubs.ts";
import type { Mistake } from "./catalog/index.ts";

/** A catalog entry that cannot be applied: an instructor error, never a student's. */
export class CatalogError extends Error {
  override name = "CatalogError";
}

const STUB_OPEN = "/* ### STUB CODE ###";

const key = (fn: string, index: number): string => `${fn}#${index}`;

/** Region bodies of a solution text by "fn#index", each without its STUB CODE block. */
export function referenceBodies(solutionText: string, file: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of parseRegions(solutionText, file).regions) {
    const lines = splitLines(r.body);
    const stub = lines.findIndex((l) => l.trim().startsWith(STUB_OPEN));
    out.set(key(r.fn, r.index), (stub >= 0 ? lines.slice(0, stub) : lines).join("\n"));
  }
  return out;
}

/** How many times `needle` occurs in `text` (non-overlapping). */
function occurrences(text: string, needle: string): number {
  if (needle === "") return Infinity;
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** `replace` in place of `find`, later lines of `replace` indented like the line `find` is on. */
function replaceIndented(text: string, find: string, replace: string): string {
  const at = text.indexOf(find);
  const indent = /[ \t]*$/.exec(text.slice(0, at))![0];
  return text.slice(0, at) + replace.replaceAll("\n", `\n${indent}`) + text.slice(at + find.length);
}

/** The bodies with the entry's edits applied in order; throws CatalogError when an edit does not match exactly once. */
export function applyMistake(bodies: ReadonlyMap<string, string>, m: Mistake): Map<string, string> {
  const out = new Map(bodies);
  if (m.edits.length === 0) throw new CatalogError(`${m.id}: no edits`);
  m.edits.forEach((e, k) => {
    const region = key(m.fn, e.index ?? 0);
    const body = out.get(region);
    if (body === undefined) throw new CatalogError(`${m.id}: edit ${k}: ${m.file} has no region ${region}`);
    const n = occurrences(body, e.find);
    if (n !== 1) throw new CatalogError(`${m.id}: edit ${k}: ${JSON.stringify(e.find)} occurs ${n === Infinity ? "everywhere (empty)" : n} times in ${region}, not once`);
    const next = replaceIndented(body, e.find, e.replace);
    if (next === body) throw new CatalogError(`${m.id}: edit ${k} changes nothing`);
    out.set(region, next);
  });
  return out;
}

/** The exercise text with each region's body replaced by `bodies` (regions not in `bodies` keep what the exercise ships). */
export function fillRegions(exerciseText: string, file: string, bodies: ReadonlyMap<string, string>): string {
  const lines = splitLines(exerciseText);
  for (const r of [...parseRegions(exerciseText, file).regions].reverse()) {
    const body = bodies.get(key(r.fn, r.index));
    if (body !== undefined) lines.splice(r.startLine, r.endLine - r.startLine - 1, ...splitLines(body));
  }
  return lines.join("\n");
}

export interface VariantSources {
  /** pristine exercise text by file (default: generated from solutions/, as grading does) */
  pristine?: (file: string) => string;
  /** solution text by file (default: solutions/<file>) */
  solution?: (file: string) => string;
}

const solutionCache = new Map<string, string>();
const readSolution = (file: string): string => {
  let text = solutionCache.get(file);
  if (text === undefined) solutionCache.set(file, (text = readFileSync(join(SOLUTIONS_DIR, file), "utf8")));
  return text;
};

/** The reference file as a student who made mistake `m` (and nothing else) would hand it in, spliced. */
export function variantSource(m: Mistake, src: VariantSources = {}): string {
  const solution = (src.solution ?? readSolution)(m.file);
  const pristine = (src.pristine ?? exerciseFor)(m.file);
  const submitted = fillRegions(pristine, m.file, applyMistake(referenceBodies(solution, m.file), m));
  return splice(pristine, submitted, m.file).source;
}

/** The reference itself, spliced the same way (for checks that a variant differs from it). */
export function referenceSource(file: string, src: VariantSources = {}): string {
  const solution = (src.solution ?? readSolution)(file);
  const pristine = (src.pristine ?? exerciseFor)(file);
  return splice(pristine, fillRegions(pristine, file, referenceBodies(solution, file)), file).source;
}

/**
 * The line a student with this mistake most likely has: the whole line the first edit
 * writes (or, for an edit that deletes code, the reference line it leaves out).
 */
export function likelyLine(m: Mistake, src: VariantSources = {}): { kind: "wrote" | "missing"; code: string } {
  const bodies = referenceBodies((src.solution ?? readSolution)(m.file), m.file);
  const k = Math.max(0, m.edits.findIndex((x) => x.replace.trim() !== ""));
  const e = m.edits[k]!;
  const region = key(m.fn, e.index ?? 0);
  // The region just before and just after edit k (the earlier edits applied).
  const before = k === 0 ? (bodies.get(region) ?? "") : (applyMistake(bodies, { ...m, edits: m.edits.slice(0, k) }).get(region) ?? "");
  const at = before.indexOf(e.find);
  const after = replaceIndented(before, e.find, e.replace);
  const lineAt = (text: string, pos: number): string => {
    const start = text.lastIndexOf("\n", pos - 1) + 1;
    const end = text.indexOf("\n", pos);
    return text.slice(start, end < 0 ? undefined : end).trim();
  };
  if (e.replace.trim() === "" && lineAt(before, at) === e.find.trim()) return { kind: "missing", code: e.find.trim() };
  // The line the replacement starts on (its first non-blank line when it starts with a line break).
  const lead = e.replace.length - e.replace.trimStart().length;
  return { kind: "wrote", code: lineAt(after, at + lead) };
}
