/**
 * Splicing a submission (nbgrader's OverwriteCells idea): only the code between markers is
 * taken from what the student submitted and put into a copy of the pristine exercise file;
 * everything else the student changed is discarded (and noted, so feedback can say so).
 *
 * Regions are matched by (fn, index). A region whose markers are missing, duplicated,
 * renamed or out of order keeps the pristine placeholder — it throws "not written yet" at
 * run time and scores 0 — and carries the issue; the other regions are still spliced.
 */
import { readFile } from "node:fs/promises";
import {
  type MarkerIssue,
  type ParsedRegions,
  type Region,
  TOP_LEVEL,
  assertNoMarkerIssues,
  functionOfEachLine,
  isPlaceholder,
  normalizeNewlines,
  parseRegions,
  splitLines,
} from "./markers.ts";

export type UnreadableReason = "empty" | "binary" | "encoding";

/** Marker issues found in the submission, plus what only splicing can see. */
export type SpliceIssue =
  | MarkerIssue
  /** The submitted file is empty, has NUL bytes, or was not valid UTF-8 (decoded to U+FFFD). */
  | { code: "unreadable_file"; file: string; reason: UnreadableReason }
  /** The submission has no such file at all. */
  | { code: "file_missing"; file: string }
  /** `fn` has more regions than the exercise; `line` is the START of the first extra one. */
  | { code: "duplicate_region"; file: string; line: number; fn: string; expected: number; found: number }
  /** `fn` has fewer regions than the exercise (none at all when `found` is 0). */
  | { code: "region_missing"; file: string; fn: string; expected: number; found: number }
  /** A region in a place the exercise has none; its code was ignored. */
  | { code: "unexpected_region"; file: string; line: number; fn: string; index: number };

export type SpliceIssueCode = SpliceIssue["code"];

export type RegionStatus = "spliced" | "untouched" | "marker_error" | "missing";

/** What happened to one region of the pristine exercise. */
export type RegionOutcome = {
  fn: string;
  index: number;
  /** spliced: the student's code is in; untouched: still the shipped code; otherwise the placeholder stays. */
  status: RegionStatus;
  issues: SpliceIssue[];
  /** 1-based lines of this region's START and END markers in `SpliceResult.source`. */
  startLine: number;
  endLine: number;
  /** The code now between the markers (for report excerpts). */
  code: string;
};

export type SpliceResult = {
  file: string;
  /** The spliced TypeScript, LF line endings. */
  source: string;
  /** One outcome per region of the pristine file, in file order. */
  regions: RegionOutcome[];
  /** Whether the student changed anything outside the markers (whitespace and blank lines aside). */
  outsideChanged: boolean;
  /** Issues tied to no graded region (regions or broken markers where the exercise has none); their code was ignored. */
  ignored: SpliceIssue[];
};

/** What goes between one pristine region's markers. */
type Choice = { status: RegionStatus; issues: SpliceIssue[]; body: string[] };

// ---------------------------------------------------------------------------------------

function bodyLines(lines: readonly string[], r: Region): string[] {
  return lines.slice(r.startLine, r.endLine - 1);
}

/** Regions per function, counting broken attempts too (indices are contiguous from 0). */
function attemptCounts(regions: readonly Region[], issues: readonly MarkerIssue[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { fn, index } of [...regions, ...issues]) counts.set(fn, Math.max(counts.get(fn) ?? 0, index + 1));
  return counts;
}

export function unreadableReason(text: string): UnreadableReason | undefined {
  if (normalizeNewlines(text).trim() === "") return "empty";
  if (text.includes("\0")) return "binary";
  if (text.includes("\uFFFD")) return "encoding";
  return undefined;
}

/** Every region keeps the shipped code with the same status and issue (whole file unusable). */
function keepAll(shipped: readonly Region[], lines: readonly string[], status: RegionStatus, issue: SpliceIssue): Choice[] {
  return shipped.map((r) => ({ status, issues: [issue], body: bodyLines(lines, r) }));
}

/**
 * Choose each pristine region's code from the submission. When a function's region count
 * differs from the exercise, no index can be trusted, so all its regions keep the placeholder.
 */
function matchRegions(
  shipped: readonly Region[],
  pristineLines: readonly string[],
  sub: ParsedRegions,
  submittedLines: readonly string[],
  file: string,
): Choice[] {
  const pristineCounts = attemptCounts(shipped, []);
  const subCounts = attemptCounts(sub.regions, sub.issues);
  return shipped.map((p): Choice => {
    const keep = (status: RegionStatus, issues: SpliceIssue[]): Choice => ({ status, issues, body: bodyLines(pristineLines, p) });
    const expected = pristineCounts.get(p.fn)!;
    const found = subCounts.get(p.fn) ?? 0;
    const fnIssues = sub.issues.filter((i) => i.fn === p.fn);
    if (found === 0) return keep("missing", [{ code: "region_missing", file, fn: p.fn, expected, found }]);
    if (found !== expected) {
      if (fnIssues.length > 0) return keep("marker_error", fnIssues);
      if (found < expected) return keep("marker_error", [{ code: "region_missing", file, fn: p.fn, expected, found }]);
      const extra = sub.regions.find((r) => r.fn === p.fn && r.index === expected)!;
      return keep("marker_error", [{ code: "duplicate_region", file, line: extra.startLine, fn: p.fn, expected, found }]);
    }
    const own = fnIssues.filter((i) => i.index === p.index);
    if (own.length > 0) return keep("marker_error", own);
    const r = sub.regions.find((s) => s.fn === p.fn && s.index === p.index)!;
    if (isPlaceholder(r.body, p.body)) return keep("untouched", []);
    return { status: "spliced", issues: [], body: bodyLines(submittedLines, r) };
  });
}

/** Submitted regions and marker issues in functions the exercise does not mark. */
function unmatched(shipped: readonly Region[], sub: ParsedRegions, file: string): SpliceIssue[] {
  const graded = new Set(shipped.map((r) => r.fn));
  const extraRegions: SpliceIssue[] = sub.regions
    .filter((r) => !graded.has(r.fn))
    .map((r) => ({ code: "unexpected_region", file, line: r.startLine, fn: r.fn, index: r.index }));
  const extraIssues = sub.issues.filter((i) => !graded.has(i.fn));
  return [...extraRegions, ...extraIssues].sort((a, b) => lineOf(a) - lineOf(b));
}

function lineOf(issue: SpliceIssue): number {
  return "line" in issue ? issue.line : 0;
}

/**
 * The file as the student cannot change it: region bodies dropped, each line trimmed,
 * blank lines dropped — so re-indenting or an editor's trailing newline is not a change.
 */
function skeleton(lines: readonly string[], regions: readonly Region[]): string[] {
  const inBody = new Set(regions.flatMap((r) => Array.from({ length: r.endLine - r.startLine - 1 }, (_, k) => r.startLine + k)));
  return lines.filter((_, i) => !inBody.has(i)).map((l) => l.trim()).filter((l) => l !== "");
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/** The pristine file with each region's chosen code, and where each region ended up. */
function assemble(lines: readonly string[], shipped: readonly Region[], choices: readonly Choice[]) {
  const out: string[] = [];
  const regions: RegionOutcome[] = [];
  let next = 0; // 0-based index of the first pristine line not yet copied
  shipped.forEach((r, k) => {
    const { status, issues, body } = choices[k];
    out.push(...lines.slice(next, r.startLine)); // up to and including START
    const startLine = out.length;
    out.push(...body, lines[r.endLine - 1]);
    regions.push({ fn: r.fn, index: r.index, status, issues, startLine, endLine: out.length, code: body.join("\n") });
    next = r.endLine;
  });
  out.push(...lines.slice(next));
  return { source: out.join("\n"), regions };
}

/**
 * Put the submitted code between the markers of a copy of the pristine exercise.
 * `submitted` is the decoded text of the student's file, or null if the file is absent.
 * Throws only if `pristine` itself has broken markers (an instructor error).
 */
export function splice(pristine: string, submitted: string | null, file: string): SpliceResult {
  const pristineText = normalizeNewlines(pristine);
  const pristineLines = pristineText.split("\n");
  const shipped = parseRegions(pristineText, file);
  assertNoMarkerIssues(shipped.issues, file);
  const unusable = (status: RegionStatus, issue: SpliceIssue): SpliceResult => ({
    file,
    ...assemble(pristineLines, shipped.regions, keepAll(shipped.regions, pristineLines, status, issue)),
    outsideChanged: false,
    ignored: [],
  });
  if (submitted === null) return unusable("missing", { code: "file_missing", file });
  const reason = unreadableReason(submitted);
  if (reason !== undefined) return unusable("marker_error", { code: "unreadable_file", file, reason });

  const submittedText = normalizeNewlines(submitted);
  const submittedLines = submittedText.split("\n");
  const sub = parseRegions(submittedText, file);
  const choices = matchRegions(shipped.regions, pristineLines, sub, submittedLines, file);
  const outsideChanged = !sameLines(skeleton(pristineLines, shipped.regions), skeleton(submittedLines, sub.regions));
  return {
    file,
    ...assemble(pristineLines, shipped.regions, choices),
    outsideChanged,
    ignored: unmatched(shipped.regions, sub, file),
  };
}

// ---------------------------------------------------------------------------------------
// Attributing lines of the spliced source (e.g. compiler errors) to functions

export type RegionRange = { fn: string; index: number; startLine: number; endLine: number };

/** Each region's marker lines (inclusive range) in the spliced source. */
export function regionLineRanges(result: SpliceResult): RegionRange[] {
  return result.regions.map(({ fn, index, startLine, endLine }) => ({ fn, index, startLine, endLine }));
}

/**
 * Which function (and region, if inside one) a 1-based line of the spliced source belongs
 * to. Lines outside regions go to the enclosing function, or TOP_LEVEL.
 */
export function attributeLine(result: SpliceResult, line: number): { fn: string; index?: number } {
  const region = result.regions.find((r) => r.startLine <= line && line <= r.endLine);
  if (region) return { fn: region.fn, index: region.index };
  return { fn: functionOfEachLine(result.source)[line - 1] ?? TOP_LEVEL };
}

// ---------------------------------------------------------------------------------------

/** Decode a submitted file's bytes; invalid UTF-8 becomes U+FFFD, which `splice` reports. */
export function decodeSubmission(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes);
}

/** The thin I/O edge for the CLI and batch runner: read both files, then `splice`. */
export async function spliceFiles(pristinePath: string, submittedPath: string, file: string): Promise<SpliceResult> {
  const pristine = await readFile(pristinePath, "utf8");
  const submitted = await readFile(submittedPath).then(decodeSubmission, (e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return null;
    throw e;
  });
  return splice(pristine, submitted, file);
}
