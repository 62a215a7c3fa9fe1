/**
 * Marked regions of an assignment source: the code a student writes lives between
 *
 *     // ### START CODE HERE ### (≈ 2 lines)
 *     ...
 *     // ### END CODE HERE ###
 *
 * `parseRegions` finds them with a line scan (nbgrader's ClearSolutions idea): only whole
 * lines are markers, so a string or comment that merely mentions a marker inside a line
 * never opens or closes a region. Problems are returned as data (`MarkerIssue`) and
 * rendered late, per language, by `renderMarkerIssue` in i18n/splice.ts.
 *
 * `generateStub` turns a solution into the exercise a student receives; `isPlaceholder`
 * tells whether a submitted region still holds what was shipped ("not attempted").
 */
import { END_MARKER, type LineMarker, START_MARKER, classifyLine } from "./marker-line.ts";

export type Lang = "en" | "zh";

/** The `fn` of a marker that is not inside any function. */
export const TOP_LEVEL = "<top level>";

export { START_MARKER, END_MARKER, classifyLine };
const STUB_OPEN = "/* ### STUB CODE ###";
const STUB_CLOSE = "### END STUB CODE ### */";

/** One well-formed marked region. Lines are 1-based and point at the marker lines. */
export type Region = {
  fn: string;
  /** Position among the regions of `fn` (0 for its first region). */
  index: number;
  startLine: number;
  endLine: number;
  /** Leading whitespace of the START marker; placeholders are indented the same. */
  indent: string;
  /** The text after the START marker without its parentheses, e.g. "≈ 2 lines". */
  hint?: string;
  /** Lines strictly between the markers, joined with "\n". */
  body: string;
  /** The content of a `STUB CODE` block, re-indented to the marker: what the exercise ships. */
  stubCode?: string;
};

/** Where an issue is: the line of the offending marker and the region attempt it breaks. */
type IssueAt = { file: string; line: number; fn: string; index: number };

export type MarkerIssue =
  /** `line` is the START that never got its END. */
  | (IssueAt & { code: "missing_end" })
  /** `line` is the END with no START open above it. */
  | (IssueAt & { code: "missing_start" })
  /** `line` is the inner START; `outerLine` the START it opened inside. */
  | (IssueAt & { code: "nested_start"; outerLine: number })
  /** `line` is the END; `startLine` the START found after it. */
  | (IssueAt & { code: "end_before_start"; startLine: number })
  /** A line that looks like a marker but is not spelled exactly as one. */
  | (IssueAt & { code: "renamed_marker"; kind: "start" | "end"; found: string; expected: string })
  /** `line` is the `/* ### STUB CODE ###` line whose closing line is missing. */
  | (IssueAt & { code: "stub_block_unclosed" });

export type MarkerIssueCode = MarkerIssue["code"];

export type ParsedRegions = { regions: Region[]; issues: MarkerIssue[] };

// ---------------------------------------------------------------------------------------
// Lines

/** Drop a byte-order mark and turn CRLF / CR into LF, so every later step sees "\n" only. */
export function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

export function splitLines(text: string): string[] {
  return normalizeNewlines(text).split("\n");
}

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Visual width of an indent, tabs to stops of 4, so tab- and space-indented code compare. */
export function indentWidth(indent: string): number {
  let width = 0;
  for (const ch of indent) width = ch === "\t" ? width + 4 - (width % 4) : width + 1;
  return width;
}

// ---------------------------------------------------------------------------------------
// Which function a line belongs to

type Declaration = { name: string; width: number; exported: boolean };

// No two adjacent quantifiers can match the same character (`function\s*(?:\*\s*)?name`,
// not `function\s*\*?\s*name`, which backtracks quadratically over a long run of spaces).
// ARROW_DECL has the same property: each `\s` run is followed by a token that is not a space.
const FUNCTION_DECL = /^(export\s+)?(?:default\s+)?(?:async\s+)?function\s*(?:\*\s*)?([A-Za-z_$][\w$]*)/;
const ARROW_DECL =
  /^(export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]*)?=\s*(?:async\s+)?(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>|<)/;

function declarationOn(line: string): Declaration | undefined {
  const text = line.trim();
  const m = FUNCTION_DECL.exec(text) ?? ARROW_DECL.exec(text);
  if (!m) return undefined;
  return { name: m[2], width: indentWidth(leadingWhitespace(line)), exported: m[1] !== undefined };
}

/**
 * The function enclosing a line of the given indent: the nearest declaration above it that
 * is indented less (a sibling helper at the same indent is not an enclosure).
 */
function enclosingName(declarations: readonly Declaration[], width: number): string {
  for (let i = declarations.length - 1; i >= 0; i--) {
    if (declarations[i].width < width) return declarations[i].name;
  }
  return TOP_LEVEL;
}

/** A marker as found by the scan, with its 1-based line and enclosing function. */
type Marker = LineMarker & { line: number; indent: string; fn: string };

type LineFacts = {
  line: number;
  text: string;
  marker?: LineMarker;
  declaration?: Declaration;
  /** The function enclosing a line of this indent width at this point of the file. */
  enclosing: (width: number) => string;
};

/**
 * Walk the lines, keeping the declarations seen so far. Declarations written inside an
 * open region are ignored unless exported (a student's helper `const f = (` at column 0
 * must not capture the next region), but an `export function` always counts, so a region
 * that lost its END does not swallow the next graded function.
 */
function* walkLines(lines: readonly string[]): Generator<LineFacts> {
  const declarations: Declaration[] = [];
  let open = false;
  for (const [i, text] of lines.entries()) {
    const marker = classifyLine(text);
    const declaration = marker ? undefined : declarationOn(text);
    yield { line: i + 1, text, marker, declaration, enclosing: (width) => enclosingName(declarations, width) };
    if (marker) open = marker.kind === "start";
    if (declaration && (!open || declaration.exported)) declarations.push(declaration);
  }
}

function scanMarkers(lines: readonly string[]): Marker[] {
  const markers: Marker[] = [];
  for (const { line, text, marker, enclosing } of walkLines(lines)) {
    if (!marker) continue;
    const indent = leadingWhitespace(text);
    markers.push({ ...marker, line, indent, fn: enclosing(indentWidth(indent)) });
  }
  return markers;
}

/**
 * The function each line of a text belongs to (index 0 is line 1), by the same rule as
 * markers; a declaration line belongs to itself, a blank line to the function above it.
 */
export function functionOfEachLine(text: string): string[] {
  return Array.from(walkLines(splitLines(text)), ({ text: line, declaration, enclosing }) =>
    declaration ? declaration.name : enclosing(line.trim() === "" ? Infinity : indentWidth(leadingWhitespace(line))),
  );
}

// ---------------------------------------------------------------------------------------
// Pairing markers into region attempts

/** What a run of markers amounts to; each attempt is one region the author meant to write. */
type Attempt =
  | { kind: "pair"; start: Marker; end: Marker }
  | { kind: "lone_start"; start: Marker }
  | { kind: "lone_end"; end: Marker }
  | { kind: "nested"; markers: Marker[] }
  | { kind: "reversed"; end: Marker; start: Marker };

/**
 * Index just past a balanced START…END group of one function beginning at `from`, or -1 if
 * it never closes there (then the first START just lost its END).
 */
function balancedGroupEnd(markers: readonly Marker[], from: number): number {
  let depth = 0;
  for (let j = from; j < markers.length && markers[j].fn === markers[from].fn; j++) {
    depth += markers[j].kind === "start" ? 1 : -1;
    if (depth === 0) return j + 1;
  }
  return -1;
}

/**
 * START then END of the same function is a region. START then START is nesting when the
 * group closes (S S E E), otherwise the first START lost its END (S S E). An END whose
 * function differs from its START's means both lost their partner.
 */
function pairMarkers(markers: readonly Marker[]): Attempt[] {
  const attempts: Attempt[] = [];
  let i = 0;
  while (i < markers.length) {
    const m = markers[i];
    const next = markers[i + 1];
    if (m.kind === "end") {
      attempts.push({ kind: "lone_end", end: m });
      i += 1;
    } else if (next?.kind === "end" && next.fn === m.fn) {
      attempts.push({ kind: "pair", start: m, end: next });
      i += 2;
    } else if (next?.kind === "start" && balancedGroupEnd(markers, i) > 0) {
      const stop = balancedGroupEnd(markers, i);
      attempts.push({ kind: "nested", markers: markers.slice(i, stop) });
      i = stop;
    } else {
      attempts.push({ kind: "lone_start", start: m });
      i += 1;
    }
  }
  return mergeReversed(attempts);
}

/** A lone END directly followed by a lone START of the same function: the two were swapped. */
function mergeReversed(attempts: readonly Attempt[]): Attempt[] {
  const out: Attempt[] = [];
  for (const a of attempts) {
    const prev = out[out.length - 1];
    if (a.kind === "lone_start" && prev?.kind === "lone_end" && prev.end.fn === a.start.fn) {
      out[out.length - 1] = { kind: "reversed", end: prev.end, start: a.start };
    } else {
      out.push(a);
    }
  }
  return out;
}

function attemptMarkers(a: Attempt): Marker[] {
  switch (a.kind) {
    case "pair":
      return [a.start, a.end];
    case "lone_start":
      return [a.start];
    case "lone_end":
      return [a.end];
    case "nested":
      return a.markers;
    case "reversed":
      return [a.end, a.start];
  }
}

function attemptFn(a: Attempt): string {
  return attemptMarkers(a)[0].fn;
}

// ---------------------------------------------------------------------------------------
// Attempts to regions and issues

function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== "").map(leadingWhitespace);
  let common = indents[0] ?? "";
  for (const ind of indents) while (!ind.startsWith(common)) common = common.slice(0, -1);
  return lines.map((l) => (l.trim() === "" ? "" : l.slice(common.length)));
}

type StubBlock = { stubCode?: string; unclosedAt?: number };

/** The first `STUB CODE` block among a region's body lines (`firstLine` is the 1-based line of body[0]). */
function findStubBlock(body: readonly string[], firstLine: number, indent: string): StubBlock {
  const open = body.findIndex((l) => l.trim() === STUB_OPEN);
  if (open < 0) return {};
  const close = body.findIndex((l, k) => k > open && l.trim() === STUB_CLOSE);
  if (close < 0) return { unclosedAt: firstLine + open };
  const code = dedent(body.slice(open + 1, close)).map((l) => (l === "" ? "" : indent + l));
  return { stubCode: code.join("\n") };
}

/** Every issue of an attempt carries the attempt's fn and index, so splicing can group them. */
function attemptIssues(a: Attempt, file: string, index: number): MarkerIssue[] {
  const at = (m: Marker) => ({ file, line: m.line, fn: attemptFn(a), index });
  const renamed = attemptMarkers(a).flatMap((m): MarkerIssue[] =>
    m.renamed ? [{ code: "renamed_marker", ...at(m), kind: m.kind, ...m.renamed }] : [],
  );
  switch (a.kind) {
    case "pair":
      return renamed;
    case "lone_start":
      return [...renamed, { code: "missing_end", ...at(a.start) }];
    case "lone_end":
      return [...renamed, { code: "missing_start", ...at(a.end) }];
    case "nested":
      return [...renamed, { code: "nested_start", ...at(a.markers[1]), outerLine: a.markers[0].line }];
    case "reversed":
      return [...renamed, { code: "end_before_start", ...at(a.end), startLine: a.start.line }];
  }
}

/** Parse every marked region of a TypeScript source. Never throws; problems come back as issues. */
export function parseRegions(text: string, file: string): ParsedRegions {
  const lines = splitLines(text);
  const regions: Region[] = [];
  const issues: MarkerIssue[] = [];
  const nextIndex = new Map<string, number>();
  for (const a of pairMarkers(scanMarkers(lines))) {
    const fn = attemptFn(a);
    const index = nextIndex.get(fn) ?? 0;
    nextIndex.set(fn, index + 1);
    const found = attemptIssues(a, file, index);
    issues.push(...found);
    if (a.kind !== "pair" || found.length > 0) continue;
    const body = lines.slice(a.start.line, a.end.line - 1);
    const stub = findStubBlock(body, a.start.line + 1, a.start.indent);
    if (stub.unclosedAt !== undefined) {
      issues.push({ code: "stub_block_unclosed", file, line: stub.unclosedAt, fn, index });
    }
    regions.push({
      fn,
      index,
      startLine: a.start.line,
      endLine: a.end.line,
      indent: a.start.indent,
      ...(a.start.hint === undefined ? {} : { hint: a.start.hint }),
      body: body.join("\n"),
      ...(stub.stubCode === undefined ? {} : { stubCode: stub.stubCode }),
    });
  }
  issues.sort((x, y) => x.line - y.line);
  return { regions, issues };
}

// ---------------------------------------------------------------------------------------
// Exercise generation

/** The line a region holds in the exercise: it type-checks and fails loudly, naming the function. */
export function placeholderLine(fn: string, indent: string): string {
  return `${indent}throw new Error("${fn} is not written yet: write your code between START CODE HERE and END CODE HERE");`;
}

const PLACEHOLDER_SQUASHED =
  /^thrownewError\("[^"]*isnotwrittenyet:writeyourcodebetweenSTARTCODEHEREandENDCODEHERE"\);?$/;

function squash(code: string): string {
  return code.replace(/\s+/g, "");
}

/**
 * Whether a submitted region still holds what the exercise shipped: the placeholder, or
 * (for a region that ships its own stub code) that code. Whitespace does not count.
 */
export function isPlaceholder(body: string, shipped?: string): boolean {
  const code = squash(body);
  return PLACEHOLDER_SQUASHED.test(code) || (shipped !== undefined && code === squash(shipped));
}

/**
 * An instructor error: a solution with broken markers must never yield an exercise. The
 * issues travel with the error as data (`MarkerIssuesError.issues`); the message names
 * them by code and line only, since core modules hold no sentences of any language.
 */
export class MarkerIssuesError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly MarkerIssue[],
  ) {
    const list = issues.map((i) => `  - ${i.file}:${i.line} ${i.code} (${i.fn})`).join("\n");
    super(`${file}: cannot use this file, its markers are broken (${issues.length}):\n${list}`);
    this.name = "MarkerIssuesError";
  }
}

export function assertNoMarkerIssues(issues: readonly MarkerIssue[], file: string): void {
  if (issues.length > 0) throw new MarkerIssuesError(file, issues);
}

/**
 * The exercise for a solution: each region's content becomes its stub code or one
 * placeholder line; everything else, markers and hints included, is kept verbatim.
 * Output uses LF line endings.
 */
export function generateStub(solutionText: string, file: string): string {
  const lines = splitLines(solutionText);
  const { regions, issues } = parseRegions(solutionText, file);
  assertNoMarkerIssues(issues, file);
  const out: string[] = [];
  let next = 0; // 0-based index of the first line not yet copied
  for (const r of regions) {
    out.push(...lines.slice(next, r.startLine));
    if (r.stubCode === undefined) out.push(placeholderLine(r.fn, r.indent));
    else if (r.stubCode !== "") out.push(...r.stubCode.split("\n"));
    next = r.endLine - 1;
  }
  out.push(...lines.slice(next));
  return out.join("\n");
}
