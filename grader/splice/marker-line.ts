/**
 * Whether one line of a submission is a marker, by a hand-written scanner: each character
 * is looked at a bounded number of times, so a hostile line (a marker followed by 100,000
 * spaces and a dot) costs what its length costs. The regex this replaces had adjacent
 * `\s*` / `#*` quantifiers and backtracked for minutes on such a line (issue 13.4).
 *
 * Accepted:   `// ### START CODE HERE ###` with an optional hint after whitespace, and
 *             `// ### END CODE HERE ###`, exactly (after trimming the line).
 * Marker-like (reported as renamed): any comment leader (`//…`, `/*…`, `#…`, `*…`) or none,
 *             any number of `#`, any ASCII case, BEGIN for START, optional "of" / "your",
 *             optional `*∕` closers and one optional "(hint)" — and nothing else on the line,
 *             so prose that mentions a marker is not one.
 */

export const START_MARKER = "// ### START CODE HERE ###";
export const END_MARKER = "// ### END CODE HERE ###";

export type MarkerKind = "start" | "end";
export type LineMarker = { kind: MarkerKind; hint?: string; renamed?: { found: string; expected: string } };

/** What `\s` matches in a JS regex (and what `trim` removes): one code unit. */
function isSpace(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Characters a regex `.` does not match. */
function hasLineTerminator(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

/** A cursor over one line; every method moves forward only. */
class Cursor {
  i = 0;
  constructor(readonly text: string) {}
  skip(pred: (ch: string) => boolean): void {
    while (this.i < this.text.length && pred(this.text[this.i])) this.i++;
  }
  skipSpaces(): void {
    this.skip(isSpace);
  }
  /** Consume `word` (lower-case ASCII) in any ASCII case, if it is next. */
  word(word: string): boolean {
    if (this.i + word.length > this.text.length) return false;
    for (let k = 0; k < word.length; k++) {
      const c = this.text.charCodeAt(this.i + k);
      const lower = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
      if (lower !== word.charCodeAt(k)) return false;
    }
    this.i += word.length;
    return true;
  }
  literal(s: string): boolean {
    if (!this.text.startsWith(s, this.i)) return false;
    this.i += s.length;
    return true;
  }
  rest(): string {
    return this.text.slice(this.i);
  }
}

/** "(x)" -> "x"; empty -> undefined. */
function unwrapHint(text: string): string | undefined {
  let hint = text.trim();
  if (hint.length >= 2 && hint.startsWith("(") && hint.endsWith(")") && !hasLineTerminator(hint)) hint = hint.slice(1, -1).trim();
  return hint === "" ? undefined : hint;
}

/** The hint of an accepted START line, or null when `text` is not one. */
function acceptedStart(text: string): { hint?: string } | null {
  if (!text.startsWith(START_MARKER)) return null;
  const rest = text.slice(START_MARKER.length);
  if (rest === "") return {};
  if (!isSpace(rest[0])) return null;
  const after = rest.trimStart();
  if (hasLineTerminator(after)) return null;
  const hint = unwrapHint(after);
  return hint === undefined ? {} : { hint };
}

/** The optional comment leader: `//+`, `/*+`, `#+` or `*+`. */
function skipLeader(c: Cursor): void {
  if (c.literal("//")) c.skip((ch) => ch === "/");
  else if (c.literal("/*")) c.skip((ch) => ch === "*");
  else if (c.text[c.i] === "#") c.skip((ch) => ch === "#");
  else if (c.text[c.i] === "*") c.skip((ch) => ch === "*");
}

/**
 * The tail after "code here ###": optional `*∕`, optional "(hint)", optional `*∕`, spaces
 * between. Returns the hint with its parentheses, "" for none, or null if anything else follows.
 */
function tail(rest: string): string | null {
  let m = rest;
  if (m.startsWith("*/")) m = m.slice(2).trimStart();
  if (m.endsWith("*/")) m = m.slice(0, -2).trimEnd();
  if (m === "") return "";
  if (m.length >= 2 && m.startsWith("(") && m.endsWith(")") && !hasLineTerminator(m)) return m;
  return null;
}

/** A line that looks like a marker but is not spelled as one: its kind and "(hint)". */
function markerLike(text: string): { kind: MarkerKind; hint: string } | null {
  const c = new Cursor(text);
  skipLeader(c);
  c.skipSpaces();
  c.skip((ch) => ch === "#");
  c.skipSpaces();
  let kind: MarkerKind;
  if (c.word("start") || c.word("begin")) kind = "start";
  else if (c.word("end")) kind = "end";
  else return null;
  c.skipSpaces();
  // "of" and "your" need a space after them; "code" does not start with "o" or "y", so
  // taking them when they are there is the only way the line can match.
  const optional = (w: string) => {
    const at = c.i;
    if (c.word(w) && isSpace(c.text[c.i])) c.skipSpaces();
    else c.i = at;
  };
  optional("of");
  optional("your");
  if (!c.word("code")) return null;
  c.skipSpaces();
  if (!c.word("here")) return null;
  c.skipSpaces();
  c.skip((ch) => ch === "#");
  c.skipSpaces();
  const hint = tail(c.rest());
  return hint === null ? null : { kind, hint };
}

/** A marker (accepted or renamed) on this line, or undefined for an ordinary line. */
export function classifyLine(line: string): LineMarker | undefined {
  const text = line.trim();
  const start = acceptedStart(text);
  if (start) return { kind: "start", ...start };
  if (text === END_MARKER) return { kind: "end" };
  const like = markerLike(text);
  if (!like) return undefined;
  const expected = like.kind === "end" ? END_MARKER : like.hint ? `${START_MARKER} ${like.hint}` : START_MARKER;
  return { kind: like.kind, renamed: { found: text, expected } };
}
