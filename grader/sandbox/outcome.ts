/**
 * What the sandbox reports for one call: the value, or why there is none, as codes and
 * data (words are rendered late, from i18n/{en,zh}/sandbox.ts). The one `CallOutcome`
 * type: the judge and the pipeline import it from here.
 */
import { z } from "zod";
import type { Encoded } from "../../lib/value.ts";

/** Errors the child reports for a call it answered. */
// Defined with the wire, which the child bundles: importing them from here would bundle zod
// (about 600 kB with its locales) into every child, parsed at every start.
export { CHILD_ERROR_KINDS, type ChildErrorKind } from "./wire.ts";
import type { ChildErrorKind } from "./wire.ts";

/**
 * Why a child stopped without a (valid) answer:
 *   exited / signal     it ended on its own (process.exit, a fatal signal)
 *   out_of_memory       its stderr says V8 or the allocator ran out of memory
 *   reply_too_large     a line on its channel grew past the reply limit; it was stopped
 *   bad_reply           a line carrying the current call's token was not a valid reply
 *                       (malformed, nested too deep, too many elements); it was stopped
 *   spawn_failed        it could not be started
 *   closed              the sandbox was closed before it answered
 */
export const CRASH_REASONS = ["exited", "signal", "out_of_memory", "reply_too_large", "bad_reply", "spawn_failed", "closed"] as const;
export type CrashReason = (typeof CRASH_REASONS)[number];

/** A crash as data: results carry this, the feedback renders it per language. */
export const CrashSchema = z.strictObject({
  reason: z.enum(CRASH_REASONS),
  during: z.enum(["startup", "call"]),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  /** The end of the child's stderr; empty when the call was hidden (it could print the hidden inputs). */
  stderrTail: z.string(),
  /** The limits in force, for "it ran out of memory (heap … MB, data … MB)". */
  heapMb: z.number(),
  dataBytes: z.number().nullable(),
  replyBytes: z.number(),
  /** spawn_failed: the system's own error text (not ours to translate). */
  spawnError: z.string().optional(),
});
export type Crash = z.infer<typeof CrashSchema>;

export type CallError =
  /** The function ran and threw, was missing, still a placeholder, or returned something that is not data. */
  | { kind: ChildErrorKind; name: string; message: string; code?: string; stack?: string }
  /** No answer in time; the child's process group was killed and the next call gets a fresh one. */
  | { kind: "timeout"; limitMs: number; scope: "call" | "startup" | "submission" }
  /** The child died (or had to be killed) without a valid answer; the next call gets a fresh one. */
  | ({ kind: "crashed" } & Crash);

/** How the child was confined; in every outcome, so a result never hides an unconfined run. */
export type Isolation = {
  /** Node's permission model (fs reads only in the bundle dir, no writes, no child_process/workers). */
  permissionModel: boolean;
  /** "none": own empty network namespace (connect → ENETUNREACH). */
  network: "none" | "unrestricted";
  /**
   * Whom the child can signal: "own-user" (a uid no other process has) or "own-namespace"
   * (its own pid namespace): only itself; "shared": any process of our user, us included.
   */
  processes: "own-user" | "own-namespace" | "shared";
  /** "unprivileged": a uid of its own, not ours. */
  user: "unprivileged" | "same-as-parent";
  /** RLIMIT_DATA in bytes, null when prlimit is not available. */
  rlimitData: number | null;
  /** RLIMIT_CPU in seconds, null when prlimit is not available. */
  rlimitCpuSeconds: number | null;
  /**
   * "private-mount": bubblewrap's mount namespace (only node, its libraries and the bundle,
   * read-only; private /tmp, /run, /dev/shm; no host socket file reachable); "host": the
   * host's filesystem, reads limited by the permission model only.
   */
  filesystem: "private-mount" | "host";
  /** RLIMIT_FSIZE in bytes, null when prlimit is not available. */
  rlimitFsize: number | null;
  /** The child is killed when its grader dies, even by SIGKILL (bwrap --die-with-parent or setpriv --pdeathsig). */
  diesWithParent: boolean;
};

/** What one call produced: the value, or the error. The judge needs only this. */
export type CallOutcome = { ok: true; value: Encoded } | { ok: false; error: CallError };

/** What the sandbox adds to each outcome. */
export interface CallReport {
  /** Wall time of the call in the parent, start-up of a fresh child included. */
  ms: number;
  isolation: Isolation;
  /** The call's id: `Sandbox.outputOf(callId)` is what it printed. */
  callId: number;
}

/** A call's outcome as the sandbox returns it. */
export type SandboxOutcome = CallOutcome & CallReport;

/** A file whose top-level code threw when the child loaded it (or that does not compile). */
export type LoadError = { file: string; name: string; message: string; code?: string; stack?: string };
