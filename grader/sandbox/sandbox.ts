/**
 * The sandbox: a student's functions run in a child process that only computes; this
 * parent judges. DESIGN.md "Grading: Sandbox computes, parent judges".
 *
 *   bundleSubmission(sources)  spliced TS → one JS file (bundle.ts)
 *   startSandbox(bundle)       a Sandbox: call(file, fn, args) → outcome, close()
 *   withSandbox(sources, …)    both, with the process and the temp dir gone afterwards
 *
 * The child is confined by everything that works on this machine (isolation.ts), detected
 * once and reported in every outcome (`isolation`), never silently left out. What it
 * writes to stdout/stderr is kept (capped) for feedback only (capture.ts); answers travel
 * on a socket of their own (fd 3, wire.ts) and are checked before they are believed.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BASE_CACHE_FILE, baseCache } from "./base-bundle.ts";
import { type Bundle, type BundleOptions, bundleSubmission } from "./bundle.ts";
import { CallCapture, type SandboxOutput } from "./capture.ts";
import { Child, type KilledFor } from "./child.ts";
import { type IsolationSupport, type SpawnPlan, childNode, childV8Flags, detectIsolation, isolationOf, planSpawn } from "./isolation.ts";
import { type SandboxLimits, type SandboxLimitsInput, SandboxLimitsSchema } from "./limits.ts";
import { StackMapper } from "./stack-map.ts";
import type { Encoded } from "../../lib/value.ts";
import type { CallError, CallOutcome, CrashReason, Isolation, LoadError, SandboxOutcome } from "./outcome.ts";

export type { Bundle, BundleCompileError, BundleOptions } from "./bundle.ts";
export { bundleSubmission } from "./bundle.ts";
export type { SandboxOutput } from "./capture.ts";
export { detectIsolation } from "./isolation.ts";
export type { IsolationSupport } from "./isolation.ts";
export { SandboxLimitsSchema } from "./limits.ts";
export type { SandboxLimits, SandboxLimitsInput } from "./limits.ts";
export type * from "./outcome.ts";
export { CHILD_ERROR_KINDS, CRASH_REASONS, CrashSchema } from "./outcome.ts";

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}… (truncated)` : s);

/** V8 dies this way (no message) when RLIMIT_DATA refuses it memory mid-compile or mid-GC. */
const OOM_TEXT = /heap out of memory|Array buffer allocation failed|allocation failed|Cannot allocate memory|bad_alloc/i;

/**
 * Runs calls one at a time in a child, restarting it after a timeout or a crash.
 * `call` never returns a success the child did not send for that call's id and nonce.
 */
export class Sandbox {
  private child: Child | null = null;
  private usedMs = 0;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private isClosed = false;
  private startupFailures = 0;
  private stickyStartupError: CallError | null = null;
  private lastLoadErrors: LoadError[] = [];
  /** What children printed, by owner (0: a child's start-up; N: call N), capped per stream. */
  private readonly printed = {
    stdout: { segments: [] as { owner: number; bytes: Buffer }[], budget: { left: 0, dropped: 0 } },
    stderr: { segments: [] as { owner: number; bytes: Buffer }[], budget: { left: 0, dropped: 0 } },
  };
  /** Calls whose output is withheld: hidden ones, and every later one in the same child (it may have kept the inputs). */
  private readonly withheld = new Set<number>();
  /** The current child has run a hidden call. */
  private tainted = false;
  /** Children started so far (1 + restarts). */
  starts = 0;
  /** Lines skipped by children that are gone. */
  private skippedBefore = 0;
  /** Bundle positions in the stacks children send → spliced-source positions. */
  private readonly stacks: StackMapper;

  constructor(
    readonly bundle: Bundle,
    readonly limits: SandboxLimits,
    readonly isolation: Isolation,
    private readonly plan: SpawnPlan,
  ) {
    this.stacks = new StackMapper(bundle.entry, bundle.sourceMap, bundle.base ? [bundle.base] : []);
    this.printed.stdout.budget.left = limits.outputBytes;
    this.printed.stderr.budget.left = limits.outputBytes;
  }

  /** Files whose top-level code threw when the current (or last) child loaded them. */
  get loadErrors(): readonly LoadError[] {
    return this.lastLoadErrors;
  }

  /** Lines from children that were skipped: no token, or not the token of the call being answered. */
  get droppedMessages(): number {
    return this.skippedBefore + (this.child?.skippedLines ?? 0);
  }

  /** pid of the current child's process group leader, if one is running. */
  get pid(): number | undefined {
    return this.child?.exit ? undefined : this.child?.pid;
  }

  /**
   * What the children printed, capped, over all restarts; for feedback only. Output of a
   * hidden call, or of any call after a hidden one in the same child, is left out (counted
   * in `withheldBytes`): printing the arguments must not reveal a hidden case.
   */
  output(): SandboxOutput {
    let withheldBytes = 0;
    const text = (stream: "stdout" | "stderr"): string => {
      const kept: Buffer[] = [];
      for (const s of this.printed[stream].segments) {
        if (this.withheld.has(s.owner)) withheldBytes += s.bytes.length;
        else kept.push(s.bytes);
      }
      return Buffer.concat(kept).toString("utf8");
    };
    return {
      stdout: text("stdout"),
      stderr: text("stderr"),
      stdoutDroppedBytes: this.printed.stdout.budget.dropped,
      stderrDroppedBytes: this.printed.stderr.budget.dropped,
      withheldBytes,
    };
  }

  /** What call `id` (an outcome's `callId`) printed, capped; hidden or not, the caller decides what to show. */
  outputOf(id: number): { stdout: string; stderr: string; withheld: boolean } {
    const text = (stream: "stdout" | "stderr") =>
      Buffer.concat(this.printed[stream].segments.filter((s) => s.owner === id).map((s) => s.bytes)).toString("utf8");
    return { stdout: text("stdout"), stderr: text("stderr"), withheld: this.withheld.has(id) };
  }

  /**
   * Call `fn` exported by `file` with encoded arguments; calls run one at a time, in order.
   * `hidden`: the call's inputs are a hidden case: what it (and every later call in the
   * same child) prints stays out of `output()`, and a crash keeps no stderr.
   */
  call(file: string, fn: string, args: Encoded[], timeoutMs: number = this.limits.callTimeoutMs, opts: { hidden?: boolean } = {}): Promise<SandboxOutcome> {
    if (this.isClosed) return Promise.reject(new Error("Sandbox.call: the sandbox is closed"));
    const run = this.queue.then(() => this.callNow(file, fn, args, timeoutMs, opts.hidden ?? false));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Kill the child's process group and remove the bundle dir. Safe to call twice. */
  async close(): Promise<void> {
    this.isClosed = true;
    const child = this.child;
    this.child = null;
    if (child) await child.kill("closed");
    await this.bundle.dispose();
  }

  private async callNow(file: string, fn: string, args: Encoded[], timeoutMs: number, hidden: boolean): Promise<SandboxOutcome> {
    const t0 = performance.now();
    const id = this.nextId++;
    const done = (r: CallOutcome): SandboxOutcome => ({
      ...r,
      ms: performance.now() - t0,
      isolation: this.isolation,
      callId: id,
    });
    const fail = (error: CallError) => done({ ok: false, error });
    const submissionTimeout: CallError = { kind: "timeout", limitMs: this.limits.wallTimeMs, scope: "submission" };

    if (this.isClosed) return fail(this.crash({ killedFor: "closed", exit: null, stderr: "" }, "call"));
    if (this.stickyStartupError) return fail(this.stickyStartupError);
    if (this.remaining() <= 0) return fail(submissionTimeout);

    let child = this.child;
    if (!child) {
      const started = await this.start();
      if (!started.ok) return fail(started.error);
      child = started.child;
    }
    if (this.remaining() <= 0) return fail(submissionTimeout);

    if (hidden) this.tainted = true;
    if (this.tainted) this.withheld.add(id);
    const limit = Math.min(timeoutMs, this.remaining());
    const t = performance.now();
    const ev = await child.request(id, { file, fn, args, timeoutMs: limit }, limit);
    // What it printed is in the pipes before its reply: read it all (bounded) before answering.
    if (ev.type === "message") await child.settled(id, 250);
    this.usedMs += performance.now() - t;

    switch (ev.type) {
      case "message": {
        const m = ev.message;
        if (m.type !== "reply") return fail(this.crash(child, "call"));
        if (m.ok) return done({ ok: true, value: m.value });
        const { kind, name, message, code, stack } = m.error;
        return fail({
          kind,
          name: cut(name, 200),
          message: cut(message, 8_000),
          ...(code !== undefined ? { code: cut(code, 200) } : {}),
          ...(stack !== undefined ? { stack: cut(this.stacks.mapText(cut(stack, 16_000)), 16_000) } : {}),
        });
      }
      case "timeout":
        await this.discard(child, "timeout");
        return fail(limit < timeoutMs ? submissionTimeout : { kind: "timeout", limitMs: timeoutMs, scope: "call" });
      case "overflow":
      case "bad_reply":
        await this.discard(child, ev.type);
        return fail(this.crash(child, "call"));
      case "exit":
        await this.discard(child, null);
        return fail(this.crash(child, "call"));
    }
  }

  private remaining(): number {
    return this.limits.wallTimeMs - this.usedMs;
  }

  /** A fresh child, ready (its modules loaded); failing twice in a row fails every later call the same way. */
  private async start(): Promise<{ ok: true; child: Child } | { ok: false; error: CallError }> {
    const t = performance.now();
    const capture = (stream: "stdout" | "stderr") => new CallCapture(this.printed[stream].segments, this.printed[stream].budget);
    const child = new Child(this.plan, this.bundle.dir, this.limits, { stdout: capture("stdout"), stderr: capture("stderr") });
    this.tainted = false;
    this.child = child;
    this.starts++;
    const limit = Math.min(this.limits.startupTimeoutMs, this.remaining());
    const ev = await child.ready(limit);
    this.usedMs += performance.now() - t;
    if (ev.type === "message" && ev.message.type === "ready") {
      this.startupFailures = 0;
      this.lastLoadErrors = ev.message.loadErrors.map((e) => ({
        ...e,
        message: cut(e.message, 8_000),
        ...(e.stack !== undefined ? { stack: cut(this.stacks.mapText(cut(e.stack, 16_000)), 16_000) } : {}),
      }));
      return { ok: true, child };
    }
    let error: CallError;
    if (ev.type === "timeout") {
      await this.discard(child, "timeout");
      error =
        limit < this.limits.startupTimeoutMs
          ? { kind: "timeout", limitMs: this.limits.wallTimeMs, scope: "submission" }
          : { kind: "timeout", limitMs: this.limits.startupTimeoutMs, scope: "startup" };
    } else {
      await this.discard(child, ev.type === "overflow" || ev.type === "bad_reply" ? ev.type : null);
      error = this.crash(child, "startup");
    }
    // Loading is deterministic: a submission that cannot start twice in a row is not retried.
    if (++this.startupFailures >= 2) this.stickyStartupError = error;
    return { ok: false, error };
  }

  private async discard(child: Child, why: KilledFor | null): Promise<void> {
    if (this.child === child) {
      this.child = null;
      this.skippedBefore += child.skippedLines;
    }
    await child.kill(why);
  }

  /** Why a child ended without an answer, as data (i18n/{en,zh}/sandbox.ts put it in words). */
  private crash(child: Pick<Child, "killedFor" | "exit" | "stderr">, during: "startup" | "call"): CallError {
    const exit = child.exit;
    // After a hidden call this child's stderr may hold the hidden inputs.
    const stderrTail = this.tainted ? "" : this.stacks.mapText(child.stderr);
    const signal = exit?.signal ?? null;
    let reason: CrashReason;
    if (child.killedFor === "overflow") reason = "reply_too_large";
    else if (child.killedFor === "bad_reply") reason = "bad_reply";
    else if (child.killedFor === "closed" && this.isClosed) reason = "closed";
    else if (exit?.spawnError) reason = "spawn_failed";
    else if (OOM_TEXT.test(stderrTail)) reason = "out_of_memory";
    else if (signal) reason = "signal";
    else reason = "exited";
    return {
      kind: "crashed",
      reason,
      during,
      exitCode: exit?.exitCode ?? null,
      signal,
      stderrTail,
      heapMb: this.limits.heapMb,
      dataBytes: this.isolation.rlimitData,
      replyBytes: this.limits.replyBytes,
      ...(reason === "spawn_failed" && exit?.spawnError ? { spawnError: cut(exit.spawnError, 2_000) } : {}),
    };
  }
}

/** RLIMIT_CPU: twice the submission's wall time and some, so it only ends a child nobody is watching. */
const cpuSecondsOf = (l: SandboxLimits): number => Math.ceil(l.wallTimeMs / 1000) * 2 + 10;

/** Start a sandbox for a bundle: probes what can confine the child, prepares the dir; the child starts on the first call. */
export async function startSandbox(bundle: Bundle, limits: SandboxLimitsInput = {}): Promise<Sandbox> {
  const l = SandboxLimitsSchema.parse(limits);
  const support = await detectIsolation();
  if (bundle.base) {
    // Made by a trusted helper (never a child), for this node and these flags; none: a normal compile.
    const cache = await baseCache(bundle.base.bundle, childNode(), childV8Flags(support, l.heapMb));
    if (cache) await writeFile(join(bundle.dir, BASE_CACHE_FILE), cache, { mode: 0o600 });
  }
  const { plan, isolation } = await planSpawn(support, { dir: bundle.dir, entry: bundle.entry, heapMb: l.heapMb, dataBytes: l.dataBytes, cpuSeconds: cpuSecondsOf(l) });
  return new Sandbox(bundle, l, isolation, plan);
}

/**
 * Bundle `sources`, run `fn` with a sandbox over them, and close it whatever happens:
 * no child process and no temp dir outlives this call, even when `fn` throws.
 */
export async function withSandbox<T>(
  sources: Record<string, string>,
  limits: SandboxLimitsInput,
  fn: (sandbox: Sandbox, bundle: Bundle) => Promise<T>,
  opts: BundleOptions = {},
): Promise<T> {
  const bundle = await bundleSubmission(sources, opts);
  let sandbox: Sandbox | undefined;
  try {
    sandbox = await startSandbox(bundle, limits);
    return await fn(sandbox, bundle);
  } finally {
    await sandbox?.close();
    await bundle.dispose();
  }
}

/** The layers a sandbox started now, with these limits, would run under; and why bubblewrap is not among them. */
export async function isolationHere(limits: SandboxLimitsInput = {}): Promise<{ isolation: Isolation; bwrapMissing: IsolationSupport["bwrapMissing"] }> {
  const l = SandboxLimitsSchema.parse(limits);
  const support = await detectIsolation();
  return { isolation: isolationOf(support, { dataBytes: l.dataBytes, cpuSeconds: cpuSecondsOf(l) }), bwrapMissing: support.bwrapMissing };
}
