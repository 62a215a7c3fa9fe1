/**
 * The compile process's wire (snapshot.ts): each message one frame, a 4-byte big-endian
 * length and the message in V8's serialization (what a worker thread's postMessage uses,
 * so both carry the same values). Between the grader and its own process only: the
 * student's code is data inside the messages, never the framing.
 */
import type { Readable, Writable } from "node:stream";
import { deserialize, serialize } from "node:v8";

/** Write one message. */
export function writeFrame(out: Writable, message: unknown): void {
  const body = serialize(message);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  out.write(Buffer.concat([head, body]));
}

/** Call `onMessage` for every whole frame that arrives on `input`. */
export function readFrames(input: Readable, onMessage: (message: unknown) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  input.on("data", (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 4) {
      const size = pending.readUInt32BE(0);
      if (pending.length < 4 + size) break;
      const body = pending.subarray(4, 4 + size);
      pending = pending.subarray(4 + size);
      onMessage(deserialize(body));
    }
  });
}
