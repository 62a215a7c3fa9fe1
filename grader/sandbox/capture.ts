/** Output kept for feedback: the capped head of a stream, what was dropped, and its tail; which call printed what. */
import { markText } from "./wire.ts";

/** The first `cap` bytes of a stream, the count of what was dropped, and its last few KB. */
export class CappedText {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tailBuf: Buffer = Buffer.alloc(0);
  dropped = 0;
  constructor(
    private readonly cap: number,
    private readonly tailBytes = 2048,
  ) {}

  push(chunk: Buffer | string): void {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    const room = this.cap - this.headBytes;
    if (room > 0) {
      const kept = b.subarray(0, room);
      this.head.push(kept);
      this.headBytes += kept.length;
    }
    this.dropped += Math.max(0, b.length - Math.max(room, 0));
    const tail = b.length >= this.tailBytes ? b.subarray(b.length - this.tailBytes) : Buffer.concat([this.tailBuf, b]);
    this.tailBuf = tail.length > this.tailBytes ? tail.subarray(tail.length - this.tailBytes) : tail;
  }

  text(): string {
    return Buffer.concat(this.head).toString("utf8");
  }

  tail(): string {
    return this.tailBuf.toString("utf8");
  }
}

export type SandboxOutput = {
  stdout: string;
  stderr: string;
  stdoutDroppedBytes: number;
  stderrDroppedBytes: number;
  /** Bytes kept out because they were printed during a hidden call, or after one in the same child. */
  withheldBytes: number;
};

/**
 * Which call printed what. Before a call the runner writes `begin` to its stdout and stderr,
 * after it (before the reply) `end`: both carry the call's fresh random mark, so student
 * code cannot forge the mark of a later call (it does not exist yet while it runs). Bytes
 * before the first begin belong to the child's start-up (owner 0); bytes after begin N
 * belong to call N. Marks are removed from the text. The kept bytes (the first `cap` of a
 * stream, over all children of a sandbox) are shared through `budget`.
 */
export class CallCapture {
  private owner = 0;
  private carry: Buffer = Buffer.alloc(0);
  private want: { id: number; mark: Buffer; end: Buffer; seenBegin: boolean } | null = null;
  /** Ids whose end mark has been seen. */
  private readonly ended = new Set<number>();
  private waiters: { id: number; resolve: () => void }[] = [];
  closed = false;

  constructor(
    readonly segments: { owner: number; bytes: Buffer }[],
    private readonly budget: { left: number; dropped: number },
  ) {}

  /** The marks of the call about to be sent. */
  expect(id: number, mark: string): void {
    this.want = { id, mark: Buffer.from(markText(mark, "<")), end: Buffer.from(markText(mark, ">")), seenBegin: false };
  }

  push(chunk: Buffer): void {
    let b = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = Buffer.alloc(0);
    for (;;) {
      const w = this.want;
      if (!w) break;
      const m = w.seenBegin ? w.end : w.mark;
      const at = b.indexOf(m);
      if (at < 0) {
        // Keep what could be the start of the mark for the next chunk.
        const keep = Math.min(b.length, m.length - 1);
        this.carry = Buffer.from(b.subarray(b.length - keep));
        b = b.subarray(0, b.length - keep);
        break;
      }
      this.keep(b.subarray(0, at));
      b = b.subarray(at + m.length);
      if (!w.seenBegin) {
        w.seenBegin = true;
        this.owner = w.id;
      } else {
        this.ended.add(w.id);
        this.want = null;
        this.wake();
      }
    }
    this.keep(b);
  }

  /** The stream ended (the child is gone): what was held back is output. */
  close(): void {
    this.keep(this.carry);
    this.carry = Buffer.alloc(0);
    this.closed = true;
    this.wake();
  }

  /** Resolves once call `id`'s end mark has been read (or the stream ended, or `ms` passed). */
  settled(id: number, ms: number): Promise<void> {
    if (this.closed || this.ended.has(id)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), ms);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ id, resolve: done });
    });
  }

  private wake(): void {
    const still: typeof this.waiters = [];
    for (const w of this.waiters) (this.closed || this.ended.has(w.id) ? w.resolve() : still.push(w));
    this.waiters = still;
  }

  private keep(b: Buffer): void {
    if (b.length === 0) return;
    const room = Math.max(0, this.budget.left);
    if (room > 0) {
      const kept = Buffer.from(b.subarray(0, room));
      this.segments.push({ owner: this.owner, bytes: kept });
      this.budget.left -= kept.length;
    }
    this.budget.dropped += Math.max(0, b.length - room);
  }
}
