/**
 * English words for the sandbox's crash codes (grader/sandbox/outcome.ts): why the
 * process running the student's code stopped without an answer. Same cases as
 * `../zh/sandbox.ts`.
 */
import type { Crash } from "../../grader/sandbox/outcome.ts";

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);
/** V8 dies of these signals (no message) when RLIMIT_DATA refuses it memory mid-compile or mid-GC. */
export const MEMORY_SIGNALS: readonly string[] = ["SIGSEGV", "SIGTRAP", "SIGABRT", "SIGBUS"];

/** What happened, as a clause. */
function what(c: Crash): string {
  switch (c.reason) {
    case "reply_too_large":
      return `it sent an answer larger than ${c.replyBytes} bytes and was stopped`;
    case "bad_reply":
      return "it sent an answer that is not a valid reply (malformed, nested too deeply or too many items) and was stopped";
    case "closed":
      return "the sandbox was closed before it answered";
    case "spawn_failed":
      return `the sandbox could not start: ${c.spawnError ?? "unknown error"}`;
    case "out_of_memory":
      return `it ran out of memory (limits: heap ${c.heapMb} MB${c.dataBytes ? `, data ${mb(c.dataBytes)} MB` : ""})`;
    case "signal": {
      const likelyMemory = c.dataBytes !== null && c.signal !== null && MEMORY_SIGNALS.includes(c.signal);
      return `it was killed by ${c.signal}${likelyMemory ? ` (most likely the memory limit: data ${mb(c.dataBytes!)} MB)` : ""}`;
    }
    case "exited":
      return `it exited with code ${c.exitCode}`;
    default: {
      const unhandled: never = c.reason;
      return unhandled;
    }
  }
}

/** One sentence: when the sandboxed process stopped, and why. */
export function crash(c: Crash): string {
  const when = c.during === "startup" ? "while loading the submission" : "before answering";
  return `The sandboxed process stopped ${when}: ${what(c)}.`;
}
