/**
 * Similarity across a class: which pairs of students wrote the same code in their regions.
 *
 * Only what a student wrote is compared: the code of each region they filled in (untouched
 * regions are the starter). Any k-gram that also occurs in the reference solution or in the
 * starter code is dropped first, so two students who both wrote the canonical answer share
 * nothing; so is a k-gram that more than `maxShare` of the class wrote (an idiom, not a copy).
 * Tokens are normalised (grader/similarity/tokens.ts): renamed variables, moved comments and
 * changed spacing do not hide a copy.
 *
 * A pair's similarity is Dolos's: the share of both students' fingerprints that the other
 * also has, 2·|shared| / (|A| + |B|). A pair is reported when it reaches `threshold` and
 * shares at least `minShared` fingerprints (one common one-line mistake is not a copy).
 * Its fragments are the shared runs, as line ranges of each student's region, to show
 * side by side. Pure: code in, pairs out.
 */
import { type Token, tokenize } from "./tokens.ts";
import { kgramHashes, winnow } from "./winnow.ts";

/** One region's code, keyed by where it is ("optimization.ts#updateParametersWithAdam/0"). */
export interface CodePiece {
  key: string;
  code: string;
}

export interface StudentCode {
  student: string;
  pieces: CodePiece[];
}

export interface SimilarityOptions {
  /** tokens per k-gram (a shared run shorter than this is never seen) */
  k: number;
  /** winnowing window (a shared run of k + w − 1 tokens is always seen) */
  w: number;
  /** report pairs at or above this similarity (0..1) */
  threshold: number;
  /** …that share at least this many fingerprints */
  minShared: number;
  /** fingerprints that more than this share of the class has are idioms, ignored (classes of 10 or more) */
  maxShare: number;
}

/** Defaults for this module's winnowing (its tokens are finer than Dolos's syntax-tree nodes, so k is smaller). */
export const DEFAULT_SIMILARITY: SimilarityOptions = { k: 10, w: 4, threshold: 0.6, minShared: 6, maxShare: 0.2 };
/**
 * Dolos's own k-gram and window sizes (23, 17). The threshold, measured on the sample class:
 * the renamed, re-commented, re-spaced copy is 0.99 similar, an independent Adam 0.08, and two
 * different pieces of code sharing only a try/catch loop skeleton 0.56; so 0.6.
 */
export const DEFAULT_DOLOS: SimilarityOptions = { k: 23, w: 17, threshold: 0.6, minShared: 6, maxShare: 0.2 };

export interface FragmentSide {
  key: string;
  /** 1-based lines of the region's code, inclusive */
  startLine: number;
  endLine: number;
  code: string;
}

export interface Fragment {
  a: FragmentSide;
  b: FragmentSide;
  /** fingerprints in this fragment */
  shared: number;
}

export interface SimilarPair {
  a: string;
  b: string;
  similarity: number;
  shared: number;
  /** fingerprints each student has after excluding reference, starter and idioms */
  ofA: number;
  ofB: number;
  fragments: Fragment[];
}

export interface SimilarityReport {
  /** what compared the code: Dolos, or this module's winnowing when Dolos cannot be loaded */
  engine?: "dolos" | "winnowing";
  /** why the winnowing ran although Dolos was loaded */
  fallback?: string;
  options: SimilarityOptions;
  students: number;
  /** students with any code of their own left after the exclusions */
  compared: number;
  pairs: SimilarPair[];
}

/** Region code longer than this is cut (hostile input is bounded before it is scanned). */
export const MAX_PIECE_CHARS = 64_000;

interface Located {
  piece: number;
  start: number;
}

interface Prepared {
  student: string;
  pieces: { key: string; lines: string[]; tokens: Token[] }[];
  /** hash → where it occurs in this student's code */
  prints: Map<number, Located[]>;
}

function prepare(s: StudentCode, known: ReadonlySet<number>, o: SimilarityOptions): Prepared {
  const pieces = s.pieces.map((p) => {
    const code = p.code.slice(0, MAX_PIECE_CHARS);
    return { key: p.key, lines: code.split("\n"), tokens: tokenize(code) };
  });
  const prints = new Map<number, Located[]>();
  pieces.forEach((p, piece) => {
    for (const f of winnow(p.tokens, o.k, o.w)) {
      if (known.has(f.hash)) continue;
      const at = prints.get(f.hash);
      if (at) at.push({ piece, start: f.start });
      else prints.set(f.hash, [{ piece, start: f.start }]);
    }
  });
  return { student: s.student, pieces, prints };
}

/** Every k-gram of the reference and the starter: code nobody gets flagged for writing. */
export function knownHashes(pieces: readonly CodePiece[], k: number): Set<number> {
  const known = new Set<number>();
  for (const p of pieces) for (const h of kgramHashes(tokenize(p.code.slice(0, MAX_PIECE_CHARS)), k)) known.add(h);
  return known;
}

function side(p: Prepared, piece: number, from: number, to: number): FragmentSide {
  const { key, tokens, lines } = p.pieces[piece];
  const startLine = tokens[from].line;
  const endLine = tokens[Math.min(to, tokens.length - 1)].line;
  return { key, startLine: startLine + 1, endLine: endLine + 1, code: lines.slice(startLine, endLine + 1).join("\n") };
}

/** Shared runs of A and B: matches in the same pair of pieces whose positions advance together. */
function fragments(a: Prepared, b: Prepared, shared: readonly number[], k: number, w: number): Fragment[] {
  const matches: { pa: number; sa: number; pb: number; sb: number }[] = [];
  for (const h of shared) {
    const la = a.prints.get(h)!;
    const lb = b.prints.get(h)!;
    // The first occurrence on each side is enough to place a fragment.
    matches.push({ pa: la[0].piece, sa: la[0].start, pb: lb[0].piece, sb: lb[0].start });
  }
  matches.sort((x, y) => x.pa - y.pa || x.sa - y.sa);
  const gap = k + w;
  const out: Fragment[] = [];
  let cur: { pa: number; pb: number; a0: number; a1: number; b0: number; b1: number; n: number } | undefined;
  const flush = (): void => {
    if (cur) out.push({ a: side(a, cur.pa, cur.a0, cur.a1 + k - 1), b: side(b, cur.pb, cur.b0, cur.b1 + k - 1), shared: cur.n });
  };
  for (const m of matches) {
    if (cur && m.pa === cur.pa && m.pb === cur.pb && m.sa - cur.a1 <= gap && Math.abs(m.sb - cur.b1) <= gap) {
      cur.a1 = Math.max(cur.a1, m.sa);
      cur.b0 = Math.min(cur.b0, m.sb);
      cur.b1 = Math.max(cur.b1, m.sb);
      cur.n++;
    } else {
      flush();
      cur = { pa: m.pa, pb: m.pb, a0: m.sa, a1: m.sa, b0: m.sb, b1: m.sb, n: 1 };
    }
  }
  flush();
  return out.sort((x, y) => y.shared - x.shared);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Compare every pair of students. `exclude` is the reference's and the starter's code of the
 * same regions. Pairs come sorted by similarity, highest first.
 */
export function compareClass(students: readonly StudentCode[], exclude: readonly CodePiece[], options: Partial<SimilarityOptions> = {}): SimilarityReport {
  const o = { ...DEFAULT_SIMILARITY, ...options };
  const known = knownHashes(exclude, o.k);
  const prepared = students.map((s) => prepare(s, known, o));

  // hash → students that have it; idioms (too many students) are dropped from everyone.
  const owners = new Map<number, number[]>();
  prepared.forEach((p, i) => {
    for (const h of p.prints.keys()) {
      const list = owners.get(h);
      if (list) list.push(i);
      else owners.set(h, [i]);
    }
  });
  const cap = prepared.length >= 10 ? Math.max(2, Math.floor(o.maxShare * prepared.length)) : Infinity;
  const idioms = new Set<number>();
  for (const [h, list] of owners) if (list.length > cap) idioms.add(h);
  const sizes = prepared.map((p) => [...p.prints.keys()].filter((h) => !idioms.has(h)).length);

  // Count shared fingerprints per pair from the inverted index (never all n² pairs of code).
  const sharedBy = new Map<number, number[]>();
  const n = prepared.length;
  for (const [h, list] of owners) {
    if (list.length < 2 || idioms.has(h)) continue;
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const id = list[x] * n + list[y];
        const hs = sharedBy.get(id);
        if (hs) hs.push(h);
        else sharedBy.set(id, [h]);
      }
    }
  }
  const pairs: SimilarPair[] = [];
  for (const [id, hs] of sharedBy) {
    const i = Math.floor(id / n);
    const j = id % n;
    const similarity = (2 * hs.length) / (sizes[i] + sizes[j]);
    if (similarity < o.threshold || hs.length < o.minShared) continue;
    const [a, b] = [prepared[i], prepared[j]];
    pairs.push({
      a: a.student,
      b: b.student,
      similarity: round3(similarity),
      shared: hs.length,
      ofA: sizes[i],
      ofB: sizes[j],
      fragments: fragments(a, b, hs, o.k, o.w),
    });
  }
  pairs.sort((x, y) => y.similarity - x.similarity || y.shared - x.shared || x.a.localeCompare(y.a) || x.b.localeCompare(y.b));
  return { engine: "winnowing", options: o, students: students.length, compared: sizes.filter((s) => s > 0).length, pairs };
}
