/** Output kept for feedback: the capped head of a stream, what was dropped, and its tail. */

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

export type SandboxOutput = { stdout: string; stderr: string; stdoutDroppedBytes: number; stderrDroppedBytes: number };
