/**
 * The worker-thread side of bounded compiling (see bounded.ts): splice and type-check one
 * submission per message, keeping the compiler's caches warm between messages. Anything a
 * student's code makes the compiler throw (a RangeError from 30,000 nested parentheses)
 * is caught and sent back as that submission's failure; running out of heap or time ends
 * the thread, which the parent sees and restarts.
 */
import { parentPort } from "node:worker_threads";
import { compileSubmission, warmUp } from "./compile.ts";
import { MarkerIssuesError } from "../splice/markers.ts";
import { splice } from "../splice/splice.ts";
import type { WorkerReply, WorkerRequest } from "./bounded.ts";

/** One request, answered: what the thread (or the snapshot process) sends back. */
export function handle(req: WorkerRequest): WorkerReply {
  if (req.kind === "warm") {
    warmUp();
    return { id: req.id, kind: "warm" };
  }
  try {
    const spliced = req.spliced ?? (req.files ?? []).map((f) => splice(f.pristine, f.submitted, f.file));
    return { id: req.id, kind: "done", spliced, compiled: compileSubmission(spliced, req.options) };
  } catch (e) {
    if (e instanceof MarkerIssuesError) return { id: req.id, kind: "pristine_broken", file: e.file, issues: [...e.issues] };
    const reason = e instanceof RangeError ? "stack_overflow" : "crashed";
    return { id: req.id, kind: "failed", reason, detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

/** Serve requests until the parent terminates the thread. */
export function serve(): void {
  const port = parentPort;
  if (!port) throw new Error("grader/compile/worker.ts must run in a worker thread");
  port.on("message", (req: WorkerRequest) => port.postMessage(handle(req)));
  port.postMessage({ id: -1, kind: "ready" } satisfies WorkerReply);
}
