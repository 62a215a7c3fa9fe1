/**
 * One child process and its channel: spawned from a SpawnPlan (isolation.ts), its stdout
 * and stderr captured (capture.ts), its fd-3 lines framed and read (wire.ts). Messages are
 * handed to the one waiter, or dropped.
 */
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { type ResultPromise, execa } from "execa";
import { CallCapture, CappedText } from "./capture.ts";
import { trackChild, untrackChild } from "./cleanup.ts";
import type { SpawnPlan } from "./isolation.ts";
import type { SandboxLimits } from "./limits.ts";
import { LineFramer, type Ready, type Reply, parseBody } from "./wire.ts";

export type ExitInfo = { exitCode: number | null; signal: string | null; spawnError?: string };

export type ChildEvent =
  | { type: "message"; message: Ready | Reply }
  | { type: "exit"; exit: ExitInfo }
  | { type: "overflow" }
  | { type: "bad_reply" }
  | { type: "timeout" };

/** Why the parent killed a child, so its death is not blamed on the student. */
export type KilledFor = "timeout" | "overflow" | "bad_reply" | "closed";

/**
 * Random bytes for tokens and marks, drawn from the CSPRNG 4 KiB at a time: one
 * randomBytes call per ~140 calls instead of two per call (each about 20 µs here, a few
 * per cent of the grader's time at ~330 calls a submission). Every byte is used once.
 */
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomHex(n: number): string {
  if (poolAt + n > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const hex = pool.toString("hex", poolAt, poolAt + n);
  poolAt += n;
  return hex;
}

/** A fresh token: the call's id (readable in logs) and 128 random bits. */
const newToken = (id: number): string => `${id}.${randomHex(16)}`;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export class Child {
  readonly pid: number | undefined;
  killedFor: KilledFor | null = null;
  exit: ExitInfo | null = null;
  readonly closed: Promise<void>;
  /** Only what `signal()` needs: whether it has been reaped. */
  private readonly proc: { pid?: number; exitCode: number | null; signalCode: NodeJS.Signals | null } | undefined;
  private readonly channel: Socket | undefined;
  private readonly stderrTail = new CappedText(0, 4096);
  private readonly framer: LineFramer;
  private waiter: { want: "ready" | "reply"; resolve: (e: ChildEvent) => void } | null = null;
  private badReply = false;
  /** Bytes of lines skipped (no or the wrong token) a child may send before it is stopped. */
  private readonly junkBudget: number;

  constructor(
    plan: SpawnPlan,
    dir: string,
    limits: SandboxLimits,
    private readonly out: { stdout: CallCapture; stderr: CallCapture },
  ) {
    this.junkBudget = 8 * limits.replyBytes;
    this.framer = new LineFramer(
      limits.replyBytes,
      (line) => this.onLine(line),
      () => {
        this.channel?.destroy();
        this.waiter?.resolve({ type: "overflow" });
      },
    );
    let proc: ResultPromise<{ stdio: ["ignore", "pipe", "pipe", "pipe"]; buffer: false; reject: false }>;
    try {
      proc = execa(plan.command, plan.args, {
        cwd: dir,
        extendEnv: false,
        env: {},
        detached: true,
        cleanup: false,
        stdio: ["ignore", "pipe", "pipe", "pipe"],
        buffer: false,
        reject: false,
      });
    } catch (e) {
      this.exit = { exitCode: null, signal: null, spawnError: String(e) };
      this.closed = Promise.resolve();
      return;
    }
    this.proc = proc;
    this.pid = proc.pid;
    if (this.pid !== undefined) trackChild(this);
    proc.stdout.on("data", (c: Buffer) => out.stdout.push(c));
    proc.stderr.on("data", (c: Buffer) => {
      out.stderr.push(c);
      this.stderrTail.push(c);
    });
    proc.stdout.on("close", () => out.stdout.close());
    proc.stderr.on("close", () => out.stderr.close());
    for (const s of [proc.stdout, proc.stderr]) s.on("error", () => {});
    this.channel = proc.stdio[3] as unknown as Socket;
    this.channel.on("error", () => {});
    this.channel.on("data", (c: Buffer) => {
      this.framer.push(c);
      if (this.framer.skippedBytes > this.junkBudget && !this.badReply) this.refuse();
    });
    this.closed = proc.then(
      (r) => this.onExit({ exitCode: r.exitCode ?? null, signal: r.signal ?? null, ...(r.failed && r.exitCode === undefined && !r.signal ? { spawnError: r.message } : {}) }),
      (e: unknown) => this.onExit({ exitCode: null, signal: null, spawnError: String(e) }),
    );
    const token = newToken(0);
    this.framer.expectToken(token);
    this.write({ replyChars: limits.replyBytes - 1024, token });
  }

  get stderr(): string {
    return this.stderrTail.tail();
  }

  /** Resolves once what call `id` printed has all been read (its end marks seen), or after `ms`. */
  async settled(id: number, ms: number): Promise<void> {
    await Promise.all([this.out.stdout.settled(id, ms), this.out.stderr.settled(id, ms)]);
  }

  /** Lines skipped so far: no token or the wrong one. */
  get skippedLines(): number {
    return this.framer.skippedLines;
  }

  private write(message: object): void {
    if (this.exit || !this.channel || this.channel.destroyed) return;
    this.channel.write(`${JSON.stringify(message)}\n`);
  }

  /** The ready message, or the child's end, a bad or oversized line, or the time limit. */
  ready(timeoutMs: number): Promise<ChildEvent> {
    return this.next("ready", timeoutMs);
  }

  /** Send one request under a fresh token and wait for the reply that carries it. */
  request(id: number, body: { file: string; fn: string; args: unknown[]; timeoutMs: number }, timeoutMs: number): Promise<ChildEvent> {
    const token = newToken(id);
    const mark = randomHex(12);
    this.framer.expectToken(token);
    this.out.stdout.expect(id, mark);
    this.out.stderr.expect(id, mark);
    this.write({ id, token, mark, ...body });
    return this.next("reply", timeoutMs);
  }

  private next(want: "ready" | "reply", timeoutMs: number): Promise<ChildEvent> {
    if (this.exit) return Promise.resolve({ type: "exit", exit: this.exit });
    if (this.framer.overflowed) return Promise.resolve({ type: "overflow" });
    if (this.badReply) return Promise.resolve({ type: "bad_reply" });
    return new Promise((resolve) => {
      const timer = setTimeout(() => done({ type: "timeout" }), timeoutMs);
      const done = (e: ChildEvent) => {
        clearTimeout(timer);
        this.waiter = null;
        // One answer per token: later lines with it are skipped.
        this.framer.expectToken(null);
        resolve(e);
      };
      this.waiter = { want, resolve: done };
    });
  }

  /** A line with the right token that is not a valid message, or a flood: stop listening. */
  private refuse(): void {
    this.badReply = true;
    this.framer.expectToken(null);
    this.channel?.destroy();
    this.waiter?.resolve({ type: "bad_reply" });
  }

  /**
   * SIGKILL to its whole process group, only while its leader (our child) is not yet
   * reaped: once it is, its pid may belong to someone else. (Without a pid namespace the
   * leader is node itself; with one, unshare --kill-child takes node down with it.)
   */
  signal(): void {
    const p = this.proc;
    if (!p || p.pid === undefined || p.exitCode !== null || p.signalCode !== null) return;
    try {
      process.kill(-p.pid, "SIGKILL");
    } catch {
      // ESRCH: already gone.
    }
  }

  /** Kill it and wait (bounded) until it is reaped. */
  async kill(why: KilledFor | null): Promise<void> {
    if (why) this.killedFor ??= why;
    this.signal();
    await Promise.race([this.closed, sleep(5_000)]);
  }

  private onExit(exit: ExitInfo): void {
    this.exit = exit;
    untrackChild(this);
    this.waiter?.resolve({ type: "exit", exit });
  }

  private onLine(body: string): void {
    if (!this.waiter) return;
    const message = parseBody(body, this.waiter.want);
    if (message) this.waiter.resolve({ type: "message", message });
    else this.refuse();
  }
}
