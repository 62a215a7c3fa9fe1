/**
 * The class's similarity from its graded results: each student's filled-in regions (the
 * code results keep for reports) against the reference's and the starter's regions of the
 * lab's files, which are excluded. `out/similarity.json` is this report.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Lab } from "../labs/lab.ts";
import type { SubmissionResult } from "../result/result.ts";
import { parseRegions } from "../splice/markers.ts";
import { SOLUTIONS_DIR, exerciseFor } from "../splice/stubs.ts";
import { compareWithDolos, loadDolos } from "./dolos.ts";
import { type CodePiece, DEFAULT_DOLOS, type SimilarityOptions, type SimilarityReport, type StudentCode, compareClass } from "./similarity.ts";
import { tokenize } from "./tokens.ts";

export const pieceKey = (file: string, fn: string, index: number): string => `${file}#${fn}/${index}`;

/** Where the known code comes from (tests pass their own). */
export interface KnownSources {
  solution: (file: string) => string;
  exercise: (file: string) => string;
}

const repoSources: KnownSources = {
  solution: (file) => readFileSync(join(SOLUTIONS_DIR, file), "utf8"),
  exercise: (file) => exerciseFor(file),
};

/** The reference's and the starter's code of every region of the lab's files. */
export function knownPieces(lab: Lab, sources: KnownSources = repoSources): CodePiece[] {
  const files = [...new Set(lab.questions.map((q) => q.file))];
  return files.flatMap((file) =>
    [sources.solution(file), sources.exercise(file)].flatMap((text) =>
      parseRegions(text, file).regions.flatMap((r) => [r.body, ...(r.stubCode ? [r.stubCode] : [])].map((code) => ({ key: pieceKey(file, r.fn, r.index), code }))),
    ),
  );
}

/** What each student wrote: the regions they filled in. */
export const studentCode = (r: SubmissionResult): StudentCode => ({
  student: r.student,
  pieces: r.regions.filter((g) => g.status === "spliced" || g.status === "compile_error").map((g) => ({ key: pieceKey(g.file, g.fn, g.index), code: g.code })),
});

/** A piece's code as its normalised tokens (names, spacing and comments gone). */
const signature = (code: string): string => tokenize(code).map((t) => t.text).join(" ");

/** Each student's pieces without those that are, token for token, the reference's or the starter's. */
export function ownCode(students: readonly StudentCode[], known: readonly CodePiece[]): StudentCode[] {
  const canonical = new Set(known.map((p) => `${p.key}\n${signature(p.code)}`));
  return students.map((s) => ({ student: s.student, pieces: s.pieces.filter((p) => !canonical.has(`${p.key}\n${signature(p.code)}`)) }));
}

export type Engine = "dolos" | "winnowing";

/**
 * The class's similar pairs: with Dolos when it loads (unless `engine` says otherwise),
 * else with grader/similarity's own winnowing.
 */
export async function classSimilarity(
  results: readonly SubmissionResult[],
  lab: Lab,
  options: Partial<SimilarityOptions> = {},
  opts: { sources?: KnownSources; engine?: Engine } = {},
): Promise<SimilarityReport> {
  const known = knownPieces(lab, opts.sources);
  const own = ownCode(results.map(studentCode), known);
  const lib = opts.engine === "winnowing" ? null : await loadDolos();
  if (opts.engine === "dolos" && !lib) throw new Error("@dodona/dolos-lib could not be loaded (its tree-sitter parsers are built natively at install time)");
  if (lib) {
    try {
      return { engine: "dolos", ...(await compareWithDolos(lib, own, known, { ...DEFAULT_DOLOS, ...options }, results.length)) };
    } catch (err) {
      // Dolos loads its tree-sitter parser (a native module) on first use: if that fails, the
      // class is still compared, by the winnowing below, and the report says why.
      if (opts.engine === "dolos") throw err;
      return { ...compareClass(own, known, options), fallback: `Dolos failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}` };
    }
  }
  return compareClass(own, known, options);
}

export const toSimilarityJson = (report: SimilarityReport, lab: Lab): string =>
  `${JSON.stringify({ schema: "dnnlab.similarity/1", lab: lab.id, ...report }, null, 1)}\n`;
