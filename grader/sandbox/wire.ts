/**
 * The wire between the parent (child.ts) and the child (runner.ts): one JSON object per
 * line on fd 3, a socket only the parent holds the other end of.
 *
 *   parent → child  hello    {nonce, replyChars}
 *   child → parent  ready    {nonce, type: "ready", loadErrors: [{file, name, message, code?, stack?}]}
 *   parent → child  request  {nonce, id, file, fn, args: Encoded[], timeoutMs}
 *   child → parent  reply    {nonce, id, ok: true, value: Encoded}
 *                          | {nonce, id, ok: false, error: {kind, name, message, code?, stack?}}
 *
 * Both ends import this module: the child the writers (which use only built-ins captured
 * when this module is evaluated, before any student module), the parent the framing and
 * the readers.
 */
import { z } from "zod";
import { EncodedSchema } from "../../lib/value.ts";
import { CHILD_ERROR_KINDS, type ChildErrorKind } from "./outcome.ts";

const JSONStringify = JSON.stringify;

// ------------------------------------------------------------------ child side: writing

export type ThrownInfo = { name: string; message: string; code?: string; stack?: string };

/** `"name":…,"message":…[,"code":…][,"stack":…]` */
export function thrownJson(info: ThrownInfo): string {
  const code = info.code === undefined ? "" : `,"code":${JSONStringify(info.code)}`;
  const stack = info.stack === undefined ? "" : `,"stack":${JSONStringify(info.stack)}`;
  return `"name":${JSONStringify(info.name)},"message":${JSONStringify(info.message)}${code}${stack}`;
}

const head = (nonce: string, id: number): string => `{"nonce":${JSONStringify(nonce)},"id":${id},`;

export const valueLine = (nonce: string, id: number, json: string): string => `${head(nonce, id)}"ok":true,"value":${json}}`;

export const errorLine = (nonce: string, id: number, kind: ChildErrorKind, info: ThrownInfo): string =>
  `${head(nonce, id)}"ok":false,"error":{"kind":${JSONStringify(kind)},${thrownJson(info)}}}`;

/** The ready line; `loadErrors` are `{"file":…,<thrownJson>}` items already. */
export function readyLine(nonce: string, loadErrors: string[]): string {
  let items = "";
  for (let i = 0; i < loadErrors.length; i++) items += (i > 0 ? "," : "") + loadErrors[i];
  return `{"nonce":${JSONStringify(nonce)},"type":"ready","loadErrors":[${items}]}`;
}

// ------------------------------------------------------------------ parent side: reading

const ThrownSchema = { name: z.string(), message: z.string(), code: z.string().optional(), stack: z.string().optional() };
const ReadySchema = z.strictObject({
  nonce: z.string(),
  type: z.literal("ready"),
  loadErrors: z.array(z.strictObject({ file: z.string(), ...ThrownSchema })),
});
const ReplySchema = z.discriminatedUnion("ok", [
  z.strictObject({ nonce: z.string(), id: z.number().int(), ok: z.literal(true), value: EncodedSchema }),
  z.strictObject({ nonce: z.string(), id: z.number().int(), ok: z.literal(false), error: z.strictObject({ kind: z.enum(CHILD_ERROR_KINDS), ...ThrownSchema }) }),
]);
export type Ready = z.infer<typeof ReadySchema>;
export type Reply = z.infer<typeof ReplySchema>;

/**
 * EncodedSchema also accepts `{"$matrix": <malformed>}` or `{"$num": "foo"}`, as a dict
 * (its z.record branch), and decode() would then read them as a matrix or a number.
 * An object with either key must be exactly the tagged form. (The child never sends a
 * dict with those keys: sealed-value.ts refuses them as bad_return.)
 */
const NUM_TOKENS = ["NaN", "Infinity", "-Infinity"] as const;
const TaggedSchema = z.union([
  z.strictObject({ $num: z.enum(NUM_TOKENS) }),
  z
    .strictObject({
      $matrix: z.strictObject({
        shape: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
        data: z.array(z.union([z.number(), z.enum(NUM_TOKENS)])),
      }),
    })
    .refine((m) => m.$matrix.shape[0] * m.$matrix.shape[1] === m.$matrix.data.length),
]);
function strictlyEncoded(v: unknown): boolean {
  if (v === null || typeof v !== "object") return true;
  if (Array.isArray(v)) return v.every(strictlyEncoded);
  if ("$matrix" in v || "$num" in v) return TaggedSchema.safeParse(v).success;
  return Object.values(v).every(strictlyEncoded);
}

/** A line from the child as a message of this session, or null. */
export function parseLine(line: string, nonce: string): Ready | Reply | null {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null || (raw as { nonce?: unknown }).nonce !== nonce) return null;
  if ("type" in raw) {
    const r = ReadySchema.safeParse(raw);
    return r.success ? r.data : null;
  }
  const r = ReplySchema.safeParse(raw);
  if (!r.success) return null;
  if (r.data.ok && !strictlyEncoded(r.data.value)) return null;
  return r.data;
}

/**
 * Splits a byte stream into lines of at most `maxBytes`; `onOverflow` once a line grows
 * past it (and nothing more is read).
 */
export class LineFramer {
  private parts: Buffer[] = [];
  private partBytes = 0;
  overflowed = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onOverflow: () => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.overflowed) return;
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const piece = chunk.subarray(start, nl < 0 ? chunk.length : nl);
      if (this.partBytes + piece.length > this.maxBytes) {
        this.overflowed = true;
        this.parts = [];
        this.onOverflow();
        return;
      }
      if (nl < 0) {
        if (piece.length > 0) {
          this.parts.push(piece);
          this.partBytes += piece.length;
        }
        return;
      }
      const line = this.parts.length > 0 ? Buffer.concat([...this.parts, piece]).toString("utf8") : piece.toString("utf8");
      this.parts = [];
      this.partBytes = 0;
      this.onLine(line);
      start = nl + 1;
    }
  }
}
