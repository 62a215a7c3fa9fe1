/**
 * English words for the sandbox's crash codes (grader/sandbox/outcome.ts): why the
 * process running the student's code stopped without an answer. Same cases as
 * `../zh/sandbox.ts`.
 */
import type { Crash, Isolation } from "../../grader/sandbox/outcome.ts";

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

/** The confinement layers in force, and what is missing with what to do about it: for `grade` to print. */
export function layers(iso: Isolation, bwrapMissing: "not_installed" | "does_not_run" | null): string {
  const on: string[] = [];
  const off: string[] = [];
  (iso.permissionModel ? on : off).push("Node permission model");
  if (iso.filesystem === "private-mount") on.push("private filesystem (bubblewrap: only the bundle, read-only; private /tmp, /run, /dev/shm)");
  else
    off.push(
      `private filesystem: bubblewrap ${bwrapMissing === "does_not_run" ? "is installed but cannot create namespaces here" : "is not installed (Debian: apt-get install bubblewrap)"}, so the child sees the host's files (reads still limited by the permission model) and unix sockets on disk`,
    );
  (iso.network === "none" ? on : off).push("no network");
  if (iso.processes !== "shared") on.push(iso.processes === "own-namespace" ? "own pid namespace" : "own uid");
  else off.push("process isolation (the child may signal the grader's processes)");
  if (iso.user === "unprivileged") on.push("unprivileged uid");
  if (iso.rlimitData !== null) on.push(`memory cap ${mb(iso.rlimitData)} MiB`);
  else off.push("memory cap (prlimit missing)");
  if (iso.rlimitCpuSeconds !== null) on.push(`CPU ${iso.rlimitCpuSeconds} s`);
  if (iso.rlimitFsize !== null) on.push(`files ≤ ${mb(iso.rlimitFsize)} MiB`);
  (iso.diesWithParent ? on : off).push("dies with the grader");
  return `sandbox layers: ${on.join(", ")}${off.length ? `\nNOT active: ${off.join("; ")}` : ""}`;
}
