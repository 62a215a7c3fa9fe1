/**
 * The wire between the parent (child.ts) and the child (runner.ts), on fd 3: a socket only
 * the parent holds the other end of. One message per line.
 *
 *   parent → child  hello    {"replyChars": n, "token": t0}
 *   child → parent  ready    t0 SP {"loadErrors": [{file, name, message, code?, stack?}]}
 *   parent → child  request  {"id": n, "token": t, "mark": m, "file", "fn", "args": Encoded[], "timeoutMs"}
 *   child → stdout and stderr: markText(m, "<") before the call, markText(m, ">") after it
 *   child → parent  reply    t SP {"ok": true, "value": Encoded}
 *                          | t SP {"ok": false, "error": {kind, name, message, code?, stack?}}
 *
 * Every byte from the child is hostile. The parent reads a line only if it starts with the
 * token of the one message it is waiting for (a fresh random value per call, sent with that
 * call's request, so a child can know at most the token of the call it is answering): any
 * other line is skipped as it streams in, without being kept. A line with the right token
 * is kept up to `maxBytes`; past that the child is stopped (reply_too_large). Its body is
 * scanned once, iteratively, for nesting depth and item count before JSON.parse, parsed
 * inside a try, and checked by an iterative walker (no recursive schema over child data);
 * any failure is bad_reply. Whatever a child forges, the worst it can do is answer its own
 * call, which it could do by returning that value.
 *
 * Both ends import this module: the child the writers (which use only built-ins captured
 * when this module is evaluated, before any student module), the parent the rest.
 */
import type { Encoded } from "../../lib/value.ts";

/** Why a call returned no value, as the child reports it (grader/sandbox/outcome.ts adds the parent's kinds). */
export const CHILD_ERROR_KINDS = ["not_written", "threw", "not_exported", "bad_return"] as const;
export type ChildErrorKind = (typeof CHILD_ERROR_KINDS)[number];

const JSONStringify = JSON.stringify;

/**
 * Deepest nesting of a value on the wire. The course's deepest honest value is 5 deep
 * (a tuple of dicts of matrices: array → dict → {$matrix} → {shape, data} → data array);
 * 64 leaves room for any honest variant and is far from any stack limit in the parent.
 */
export const MAX_DEPTH = 64;
/** Most items (array elements + object entries) in one reply; the largest honest one has ~4,500. */
export const MAX_ITEMS = 1_000_000;

// ------------------------------------------------------------------ child side: writing

/**
 * The mark the runner writes to its stdout and stderr before (`<`) and after (`>`) a call,
 * so that the parent knows which call printed what (capture.ts). `mark` comes with the
 * request: fresh and random per call.
 */
export const markText = (mark: string, side: "<" | ">"): string => `\u0001dnnlab${side}${mark}\u0001`;

export type ThrownInfo = { name: string; message: string; code?: string; stack?: string };

/** `"name":…,"message":…[,"code":…][,"stack":…]` */
export function thrownJson(info: ThrownInfo): string {
  const code = info.code === undefined ? "" : `,"code":${JSONStringify(info.code)}`;
  const stack = info.stack === undefined ? "" : `,"stack":${JSONStringify(info.stack)}`;
  return `"name":${JSONStringify(info.name)},"message":${JSONStringify(info.message)}${code}${stack}`;
}

export const valueLine = (token: string, json: string): string => `${token} {"ok":true,"value":${json}}`;

export const errorLine = (token: string, kind: ChildErrorKind, info: ThrownInfo): string =>
  `${token} {"ok":false,"error":{"kind":${JSONStringify(kind)},${thrownJson(info)}}}`;

/** The ready line; `loadErrors` are `{"file":…,<thrownJson>}` items already. */
export function readyLine(token: string, loadErrors: string[]): string {
  let items = "";
  for (let i = 0; i < loadErrors.length; i++) items += (i > 0 ? "," : "") + loadErrors[i];
  return `${token} {"loadErrors":[${items}]}`;
}

// ------------------------------------------------------------------ parent side: reading

export type LoadErrorInfo = ThrownInfo & { file: string };
export type Ready = { type: "ready"; loadErrors: LoadErrorInfo[] };
export type Reply = { type: "reply"; ok: true; value: Encoded } | { type: "reply"; ok: false; error: ThrownInfo & { kind: ChildErrorKind } };

/**
 * Nesting depth and item count of a JSON text, in one pass without recursion, or null when
 * it goes past the limits (or is not balanced). Strings are skipped with their escapes.
 */
export function jsonShape(text: string, maxDepth: number, maxItems: number): { depth: number; items: number } | null {
  let depth = 0;
  let deepest = 0;
  let items = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > maxDepth) return null;
      if (depth > deepest) deepest = depth;
      items++;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (--depth < 0) return null;
    } else if (c === 44 /* , */) {
      if (++items > maxItems) return null;
    }
  }
  return depth === 0 ? { depth: deepest, items } : null;
}

const NUM_TOKENS = new Set(["NaN", "Infinity", "-Infinity"]);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const isCount = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 0;
const onlyKeys = (o: Record<string, unknown>, allowed: readonly string[]): boolean => Object.keys(o).every((k) => allowed.includes(k));
const optString = (v: unknown): boolean => v === undefined || typeof v === "string";

/** A well-formed `{"$matrix": …}` or `{"$num": …}` (an object with either key must be exactly that). */
function isTagged(o: Record<string, unknown>): boolean {
  const keys = Object.keys(o);
  if (keys.length !== 1) return false;
  if (keys[0] === "$num") return typeof o.$num === "string" && NUM_TOKENS.has(o.$num);
  const m = o.$matrix;
  if (!isPlainObject(m) || !onlyKeys(m, ["shape", "data"])) return false;
  const { shape, data } = m;
  if (!Array.isArray(shape) || shape.length !== 2 || !isCount(shape[0]) || !isCount(shape[1]) || !Array.isArray(data)) return false;
  if (data.length !== shape[0] * shape[1]) return false;
  for (const x of data) if (!(typeof x === "number" && Number.isFinite(x)) && !(typeof x === "string" && NUM_TOKENS.has(x))) return false;
  return true;
}

/**
 * Whether a parsed value is an Encoded value (lib/value.ts), checked with an explicit
 * stack: finite numbers, strings, booleans, null, arrays, plain objects whose `$matrix` /
 * `$num` keys are exactly the tagged forms, no `__proto__` key, at most `maxDepth` deep.
 */
export function isEncoded(root: unknown, maxDepth: number = MAX_DEPTH): root is Encoded {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v === "boolean" || typeof v === "string") continue;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return false;
      continue;
    }
    if (depth > maxDepth) return false;
    if (Array.isArray(v)) {
      for (const x of v) stack.push([x, depth + 1]);
      continue;
    }
    if (!isPlainObject(v)) return false;
    if ("$matrix" in v || "$num" in v) {
      if (!isTagged(v)) return false;
      continue;
    }
    for (const k of Object.keys(v)) {
      if (k === "__proto__") return false;
      stack.push([v[k], depth + 1]);
    }
  }
  return true;
}

function thrownInfo(o: unknown, extra: readonly string[]): (ThrownInfo & Record<string, unknown>) | null {
  if (!isPlainObject(o) || !onlyKeys(o, ["name", "message", "code", "stack", ...extra])) return null;
  if (typeof o.name !== "string" || typeof o.message !== "string" || !optString(o.code) || !optString(o.stack)) return null;
  return o as ThrownInfo & Record<string, unknown>;
}

/** A parsed body as the message the parent waits for, or null. */
function asMessage(raw: unknown, want: "ready" | "reply"): Ready | Reply | null {
  if (!isPlainObject(raw)) return null;
  if (want === "ready") {
    if (!onlyKeys(raw, ["loadErrors"]) || !Array.isArray(raw.loadErrors)) return null;
    const loadErrors: LoadErrorInfo[] = [];
    for (const e of raw.loadErrors) {
      const info = thrownInfo(e, ["file"]);
      if (!info || typeof info.file !== "string") return null;
      loadErrors.push(info as LoadErrorInfo);
    }
    return { type: "ready", loadErrors };
  }
  if (raw.ok === true && onlyKeys(raw, ["ok", "value"]) && "value" in raw) {
    return isEncoded(raw.value) ? { type: "reply", ok: true, value: raw.value } : null;
  }
  if (raw.ok === false && onlyKeys(raw, ["ok", "error"])) {
    const info = thrownInfo(raw.error, ["kind"]);
    const kind = info?.kind;
    if (!info || !(CHILD_ERROR_KINDS as readonly unknown[]).includes(kind)) return null;
    return { type: "reply", ok: false, error: info as ThrownInfo & { kind: ChildErrorKind } };
  }
  return null;
}

/**
 * The body of a line that carried the right token, as a message, or null (bad_reply):
 * shape first (iterative, cheap), then JSON.parse in a try, then the iterative checks.
 */
export function parseBody(body: string, want: "ready" | "reply"): Ready | Reply | null {
  // +2: the reply object and the error/loadErrors level around the value.
  if (jsonShape(body, MAX_DEPTH + 2, MAX_ITEMS) === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return null;
  }
  try {
    return asMessage(raw, want);
  } catch {
    return null;
  }
}

/**
 * Splits the channel's byte stream into lines and keeps only the one that starts with
 * `expect` + " " (set by the waiter; null: nothing is expected and every line is skipped).
 * A skipped line is never stored; a kept one may grow to `maxBytes`, then `onOverflow`.
 * Skipped bytes are counted, so a child that floods the channel can be stopped.
 */
export class LineFramer {
  private expect: Buffer | null = null;
  /** Bytes of the current line seen so far, and whether it is being kept. */
  private lineBytes = 0;
  private keep: boolean | null = null;
  private head: Buffer[] = [];
  private parts: Buffer[] = [];
  skippedBytes = 0;
  skippedLines = 0;
  overflowed = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (body: string) => void,
    private readonly onOverflow: () => void,
  ) {}

  /** Wait for the line starting with `token` (or none). Takes effect from the next line. */
  expectToken(token: string | null): void {
    this.expect = token === null ? null : Buffer.from(`${token} `, "latin1");
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (!this.overflowed && start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.length : nl;
      this.take(chunk.subarray(start, end));
      if (nl < 0) return;
      this.endLine();
      start = nl + 1;
    }
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    this.lineBytes += piece.length;
    if (this.keep === null) {
      // Deciding: gather the first bytes until the token's length is reached.
      this.head.push(piece);
      const need = this.expect?.length ?? 0;
      const got = this.head.reduce((s, b) => s + b.length, 0);
      if (this.expect === null || got >= need) {
        const first = Buffer.concat(this.head);
        this.head = [];
        this.keep = this.expect !== null && first.subarray(0, need).equals(this.expect);
        if (this.keep) this.parts.push(first.subarray(need));
      }
    } else if (this.keep) {
      this.parts.push(piece);
    }
    if (this.keep === false) this.skippedBytes += piece.length;
    if (this.keep && this.lineBytes > this.maxBytes) {
      this.overflowed = true;
      this.parts = [];
      this.onOverflow();
    }
  }

  private endLine(): void {
    const kept = this.keep === true;
    if (this.keep !== true && this.lineBytes > 0) this.skippedLines++;
    const body = kept ? Buffer.concat(this.parts).toString("utf8") : "";
    this.lineBytes = 0;
    this.keep = null;
    this.head = [];
    this.parts = [];
    if (kept) this.onLine(body);
  }
}
