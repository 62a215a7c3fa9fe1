/**
 * The compile process's program, run once by `node --build-snapshot` (snapshot.ts): it loads
 * TypeScript and warms the compiler (lib files parsed and bound, lib/ checked), and V8
 * keeps that heap in the snapshot. Every start from the snapshot resumes here, serving the
 * same requests as the worker thread (worker.ts) over stdin and stdout.
 */
import { startupSnapshot } from "node:v8";
import { warmUp } from "./compile.ts";
import { readFrames, writeFrame } from "./frames.ts";
import { handle } from "./worker.ts";
import type { WorkerReply, WorkerRequest } from "./bounded.ts";

warmUp();

startupSnapshot.setDeserializeMainFunction(() => {
  readFrames(process.stdin, (req) => writeFrame(process.stdout, handle(req as WorkerRequest)));
  writeFrame(process.stdout, { id: -1, kind: "ready" } satisfies WorkerReply);
});
