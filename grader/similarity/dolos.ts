/**
 * Similarity with Dolos (@dodona/dolos-lib, Ghent University's plagiarism detector behind
 * Dodona): it parses each file with tree-sitter's TypeScript grammar and fingerprints the
 * syntax tree's node types (winnowing), so names, literals' spelling, spacing and comments
 * do not count; `analyze(files, name, ignoredFile)` drops every fingerprint of the ignored
 * file, here the reference's and the starter's regions.
 *
 * Each student is one file: the regions they wrote that are not, token for token, the
 * reference or the starter (tokens.ts; a region left as the canonical answer is nobody's
 * own code). A line map turns Dolos's fragments back into region keys and lines.
 *
 * Dolos needs a native build (tree-sitter, by node-gyp at install time). When it cannot be
 * loaded, `loadDolos` returns null and the class is compared by similarity.ts instead.
 */
import { type CodePiece, type FragmentSide, MAX_PIECE_CHARS, type SimilarityOptions, type SimilarityReport, type SimilarPair, type StudentCode } from "./similarity.ts";

type DolosLib = typeof import("@dodona/dolos-lib");

export async function loadDolos(): Promise<DolosLib | null> {
  try {
    return await import("@dodona/dolos-lib");
  } catch {
    return null;
  }
}

interface Joined {
  student: string;
  text: string;
  /** [first row, last row] of each piece in `text` (0-based), with its key and lines */
  spans: { key: string; from: number; to: number; lines: string[] }[];
}

function join(s: StudentCode): Joined {
  const spans: Joined["spans"] = [];
  const parts: string[] = [];
  let row = 0;
  for (const p of s.pieces) {
    const code = p.code.slice(0, MAX_PIECE_CHARS);
    const lines = code.split("\n");
    spans.push({ key: p.key, from: row, to: row + lines.length - 1, lines });
    parts.push(code);
    row += lines.length;
  }
  return { student: s.student, text: parts.join("\n"), spans };
}

/** The piece and its lines that rows [from, to] of a joined file fall in (clipped to the piece of `from`). */
function sideOf(j: Joined, from: number, to: number): FragmentSide {
  const span = j.spans.find((s) => from >= s.from && from <= s.to) ?? j.spans[j.spans.length - 1];
  const a = from - span.from;
  const b = Math.min(to, span.to) - span.from;
  return { key: span.key, startLine: a + 1, endLine: b + 1, code: span.lines.slice(a, b + 1).join("\n") };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** `own` are the students' own pieces (known code already left out); `known` is the ignored file's code. */
export async function compareWithDolos(lib: DolosLib, own: readonly StudentCode[], known: readonly CodePiece[], o: SimilarityOptions, total: number): Promise<SimilarityReport> {
  const joined = own.filter((s) => s.pieces.length > 0).map(join);
  const base = { options: o, students: total, compared: joined.length };
  if (joined.length < 2) return { ...base, pairs: [] };
  const files = joined.map((j) => new lib.File(j.student, j.text));
  const ignored = new lib.File("reference-and-starter", known.map((p) => p.code.slice(0, MAX_PIECE_CHARS)).join("\n"));
  const dolos = new lib.Dolos({
    language: "typescript",
    kgramLength: o.k,
    kgramsInWindow: o.w,
    ...(joined.length >= 10 ? { maxFingerprintPercentage: o.maxShare } : {}),
  });
  const report = await dolos.analyze(files, "class", ignored);
  const byName = new Map(joined.map((j) => [j.student, j]));
  const pairs: SimilarPair[] = [];
  for (const p of report.allPairs()) {
    if (p.similarity < o.threshold || p.overlap < o.minShared) continue;
    const [left, right] = [byName.get(p.leftFile.path)!, byName.get(p.rightFile.path)!];
    // Dolos's fragments are runs of k-grams; merge those of the same two regions into one span each.
    const spans = new Map<string, { a0: number; a1: number; b0: number; b1: number; n: number }>();
    for (const f of p.buildFragments()) {
      const a = sideOf(left, f.leftSelection.startRow, f.leftSelection.endRow);
      const b = sideOf(right, f.rightSelection.startRow, f.rightSelection.endRow);
      const key = `${a.key}\n${b.key}`;
      const s = spans.get(key);
      const [sa, sb] = [f.leftSelection, f.rightSelection];
      if (s) Object.assign(s, { a0: Math.min(s.a0, sa.startRow), a1: Math.max(s.a1, sa.endRow), b0: Math.min(s.b0, sb.startRow), b1: Math.max(s.b1, sb.endRow), n: s.n + f.pairs.length });
      else spans.set(key, { a0: sa.startRow, a1: sa.endRow, b0: sb.startRow, b1: sb.endRow, n: f.pairs.length });
    }
    const all = [...spans.values()].map((s) => ({ a: sideOf(left, s.a0, s.a1), b: sideOf(right, s.b0, s.b1), shared: s.n }));
    // Matches between the same region on both sides are the copy; a match across regions
    // (two loops of the same shape in different functions) is shown only when there is nothing else.
    const same = all.filter((f) => f.a.key === f.b.key);
    const fragments = (same.length ? same : all).sort((x, y) => y.shared - x.shared);
    const [a, b] = left.student < right.student ? [left, right] : [right, left];
    const flip = a !== left;
    pairs.push({
      a: a.student,
      b: b.student,
      similarity: round3(p.similarity),
      shared: p.overlap,
      ofA: flip ? p.rightTotal : p.leftTotal,
      ofB: flip ? p.leftTotal : p.rightTotal,
      fragments: flip ? fragments.map((f) => ({ a: f.b, b: f.a, shared: f.shared })) : fragments,
    });
  }
  pairs.sort((x, y) => y.similarity - x.similarity || y.shared - x.shared || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  return { ...base, pairs };
}
