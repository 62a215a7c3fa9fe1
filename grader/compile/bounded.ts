/**
 * Splice and compile under a time and memory bound (issue 13.5): one submission can make
 * the TypeScript parser overflow its stack (30,000 nested parentheses) or the checker
 * exhaust the heap (type-level permutation unions). Both steps run apart from the grader,
 * under a heap cap and a wall-clock timeout: in a process started from the compile snapshot
 * (snapshot.ts) when it is current, else in a worker thread with `resourceLimits`. A failure
 * costs that submission only (`{ ok: false, reason }`), the process or thread is replaced
 * and the batch goes on. The process has V8's default stack (the thread 4 MB): a nesting
 * that deep overflows either way.
 *
 * Either is kept warm across submissions: its compiler host holds the parsed lib files
 * (the snapshot's already does), so only the first submission pays for them. It is unref'd
 * while idle, so it never keeps a finished CLI alive.
 *
 * Where the grader is not running from its TypeScript sources (the released checker is
 * one esbuild bundle, which has no worker entry), the steps run in-process, unbounded:
 * the student's checker only ever compiles that student's own code.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { spawn } from "node:child_process";
import { Worker } from "node:worker_threads";
import type { CompileOptions } from "./compile.ts";
import type { CompileResult } from "./errors.ts";
import { type MarkerIssue, MarkerIssuesError } from "../splice/markers.ts";
import { readFrames, writeFrame } from "./frames.ts";
import { DEFAULT_HEAP_MB, snapshotBlob, snapshotFlags } from "./snapshot.ts";
import { workerBundle } from "./worker-bundle.ts";
import type { SpliceResult } from "../splice/splice.ts";

export type FileJob = { file: string; pristine: string; submitted: string | null };

export type FailureReason = "timeout" | "out_of_memory" | "stack_overflow" | "crashed";

export type Failure = { ok: false; reason: FailureReason; detail: string };

export type BoundedOutcome = { ok: true; spliced: SpliceResult[]; compiled: CompileResult } | Failure;

export type WorkerRequest =
  | { id: number; kind: "warm" }
  /** Splice `files`, or take `spliced` as already spliced, then compile. */
  | { id: number; kind: "job"; files?: FileJob[]; spliced?: SpliceResult[]; options: CompileOptions };

export type WorkerReply =
  | { id: number; kind: "ready" | "warm" }
  | { id: number; kind: "done"; spliced: SpliceResult[]; compiled: CompileResult }
  | { id: number; kind: "pristine_broken"; file: string; issues: MarkerIssue[] }
  | { id: number; kind: "failed"; reason: FailureReason; detail: string };

export type Bounds = {
  /** "thread" or "snapshot" (tests); by default the snapshot's process when it is current, else the thread. */
  transport?: "thread" | "snapshot" | "auto";
  /** Wall clock per submission, from when its job reaches the thread. Default 60 s. */
  timeoutMs?: number;
  /** V8 old-generation cap of the thread or process. Default 1536 MB (the checker over lib/ takes ~250 MB). */
  maxHeapMb?: number;
};

const DEFAULTS = { timeoutMs: 60_000, maxHeapMb: DEFAULT_HEAP_MB, transport: "auto" as const };

/** Running from .ts sources (tsx or vitest) rather than from the released bundle. */
const FROM_SOURCES = import.meta.url.endsWith(".ts");

/**
 * The thread's boot code when the worker is not bundled yet (worker-bundle.ts): tsx's
 * loader (the thread does not inherit the CLI's), then worker.ts.
 */
function workerSource(): string {
  // tsx's ESM API: its package exports map "import" to the .mjs next to the .cjs that require finds.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const entry = new URL("./worker.ts", import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); }).then((m) => m.serve());\n`;
}

type Pending = { id: number; request: WorkerRequest; resolve: (r: WorkerReply) => void; reject: (e: unknown) => void };

/** What CompileWorker needs of its thread or process. */
interface Channel {
  postMessage(request: WorkerRequest): void;
  terminate(): Promise<unknown>;
  ref(): void;
  unref(): void;
  on(event: "message", f: (reply: WorkerReply) => void): void;
  on(event: "error" | "exit", f: (e: unknown) => void): void;
}

/**
 * The compiler in a process started from the snapshot (snapshot.ts): the same requests and
 * replies as the thread, framed on its stdin/stdout. Its heap is capped by V8's flags as the
 * thread's is by resourceLimits; a heap that runs out ends the process, seen as
 * ERR_WORKER_OUT_OF_MEMORY like the thread's, and a timeout kills it.
 */
function snapshotProcess(blob: string, maxHeapMb: number): Channel {
  const child = spawn(process.execPath, [...snapshotFlags(maxHeapMb), "--snapshot-blob", blob], {
    env: {},
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const streams = [child.stdin, child.stdout, child.stderr] as unknown as { ref(): void; unref(): void }[];
  const handlers: { message: ((r: WorkerReply) => void)[]; error: ((e: unknown) => void)[]; exit: ((e: unknown) => void)[] } = { message: [], error: [], exit: [] };
  readFrames(child.stdout, (m) => handlers.message.forEach((f) => f(m as WorkerReply)));
  child.on("error", (e) => handlers.error.forEach((f) => f(e)));
  child.on("close", (code, signal) => {
    const oom = /heap out of memory|Allocation failed/.test(stderr);
    const err = Object.assign(new Error(`compile process exited with ${code ?? signal}${oom ? ": JavaScript heap out of memory" : ""}`), oom ? { code: "ERR_WORKER_OUT_OF_MEMORY" } : {});
    handlers.exit.forEach((f) => f(err));
  });
  child.stdin.on("error", () => undefined); // a write after the process died: its exit tells why
  return {
    postMessage: (request) => writeFrame(child.stdin, request),
    terminate: async () => child.kill("SIGKILL"),
    ref: () => {
      child.ref();
      streams.forEach((s) => s.ref());
    },
    unref: () => {
      child.unref();
      streams.forEach((s) => s.unref());
    },
    on: (event: "message" | "error" | "exit", f: (x: never) => void) => handlers[event].push(f as never),
  };
}

/**
 * One warm compiler (a snapshot process or a worker thread) serving jobs one at a time,
 * replaced after any failure.
 */
export class CompileWorker {
  private readonly bounds: Required<Bounds>;
  private worker: Channel | undefined;
  /** Where the compiler runs: a thread, or a process started from the snapshot (set when it starts). */
  transport: "thread" | "snapshot" | undefined;
  private ready: Promise<void> | undefined;
  private queue: Pending[] = [];
  private current: (Pending & { timer: NodeJS.Timeout | undefined; started: boolean }) | undefined;
  private nextId = 0;
  /** Exits of the thread seen so far (a test can tell a restart happened). */
  restarts = 0;

  constructor(bounds: Bounds = {}) {
    this.bounds = { ...DEFAULTS, ...bounds };
  }

  private start(): void {
    const resourceLimits = { maxOldGenerationSizeMb: this.bounds.maxHeapMb, maxYoungGenerationSizeMb: 48, stackSizeMb: 4 };
    const blob = this.bounds.transport === "thread" ? undefined : snapshotBlob(this.bounds.maxHeapMb);
    if (this.bounds.transport === "snapshot" && blob === undefined) throw new Error("compile worker: no current snapshot (node bin/run-ts.js grader/compile/build-snapshot.ts)");
    const bundle = blob === undefined ? workerBundle() : undefined;
    const w: Channel =
      blob !== undefined
        ? snapshotProcess(blob, this.bounds.maxHeapMb)
        : bundle
          ? new Worker(bundle, { resourceLimits })
          : new Worker(workerSource(), { eval: true, resourceLimits });
    this.transport = blob !== undefined ? "snapshot" : "thread";
    this.worker = w;
    let markReady: () => void;
    this.ready = new Promise((r) => (markReady = r));
    w.on("message", (reply: WorkerReply) => {
      if (reply.kind === "ready") return markReady();
      const cur = this.current;
      if (!cur || cur.id !== reply.id) return;
      clearTimeout(cur.timer);
      this.current = undefined;
      cur.resolve(reply);
      this.pump();
    });
    w.on("error", (err) => this.died(w, err));
    // A thread's exit gives its code; the process's, an Error saying how it ended.
    w.on("exit", (e) => this.died(w, e instanceof Error ? e : new Error(`compile worker exited with code ${String(e)}`)));
  }

  /** The thread ended (out of memory, terminated on timeout, crashed): fail its job, start afresh on demand. */
  private died(w: Channel, err: unknown, reason?: FailureReason): void {
    if (this.worker !== w) return;
    this.worker = undefined;
    this.ready = undefined;
    this.restarts++;
    const cur = this.current;
    this.current = undefined;
    if (cur) {
      clearTimeout(cur.timer);
      const code = (err as { code?: string }).code;
      const why: FailureReason = reason ?? (code === "ERR_WORKER_OUT_OF_MEMORY" ? "out_of_memory" : "crashed");
      cur.resolve({ id: cur.id, kind: "failed", reason: why, detail: err instanceof Error ? err.message : String(err) });
    }
    void w.terminate();
    this.pump();
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) {
      this.holdOpen();
      return;
    }
    if (!this.worker) this.start();
    const w = this.worker!;
    const next = this.queue.shift()!;
    const cur = { ...next, timer: undefined as NodeJS.Timeout | undefined, started: false };
    this.current = cur;
    this.holdOpen();
    void this.ready!.then(() => {
      if (this.current !== cur || this.worker !== w) return;
      cur.started = true;
      cur.timer = setTimeout(() => this.died(w, new Error(`no result within ${this.bounds.timeoutMs} ms`), "timeout"), this.bounds.timeoutMs);
      // A warm-up alone never keeps the process alive (`check --help` exits at once).
      if (cur.request.kind === "warm") cur.timer.unref();
      w.postMessage(cur.request);
    });
  }

  /** The thread keeps the process alive while a job (not a warm-up) is running or waiting. */
  private holdOpen(): void {
    const job = (p: Pending | undefined) => p !== undefined && p.request.kind !== "warm";
    if (job(this.current) || this.queue.some(job)) this.worker?.ref();
    else this.worker?.unref();
  }

  private send(request: Omit<Extract<WorkerRequest, { kind: "job" }>, "id"> | { kind: "warm" }): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.queue.push({ id, request: { ...request, id } as WorkerRequest, resolve, reject });
      this.pump();
    });
  }

  /** Parse lib files ahead of the first job (e.g. while the CLI reads its inputs). */
  async warm(): Promise<void> {
    await this.send({ kind: "warm" });
  }

  /** Splice every file and compile the submission, within the bounds. Throws only for a broken pristine file. */
  run(files: FileJob[], options: CompileOptions = {}): Promise<BoundedOutcome> {
    return this.job({ kind: "job", files, options });
  }

  /** Compile an already spliced submission, within the bounds. */
  async compile(spliced: SpliceResult[], options: CompileOptions = {}): Promise<{ ok: true; compiled: CompileResult } | Failure> {
    const out = await this.job({ kind: "job", spliced, options });
    return out.ok ? { ok: true, compiled: out.compiled } : out;
  }

  private async job(request: Omit<Extract<WorkerRequest, { kind: "job" }>, "id">): Promise<BoundedOutcome> {
    const reply = await this.send(request);
    switch (reply.kind) {
      case "done":
        return { ok: true, spliced: reply.spliced, compiled: reply.compiled };
      case "failed":
        return { ok: false, reason: reply.reason, detail: reply.detail };
      case "pristine_broken":
        throw new MarkerIssuesError(reply.file, reply.issues);
      default:
        throw new Error(`compile worker: unexpected reply ${reply.kind}`);
    }
  }

  /** End the thread (tests, or a long-lived process that is done grading). */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }
}

/** In-process, unbounded: for the released checker (see the module comment). */
async function runInProcess(files: FileJob[], options: CompileOptions): Promise<BoundedOutcome> {
  const { splice } = await import("../splice/splice.ts");
  const { compileSubmission } = await import("./compile.ts");
  const spliced = files.map((f) => splice(f.pristine, f.submitted, f.file));
  try {
    return { ok: true, spliced, compiled: compileSubmission(spliced, options) };
  } catch (e) {
    return { ok: false, reason: e instanceof RangeError ? "stack_overflow" : "crashed", detail: e instanceof Error ? e.message : String(e) };
  }
}

let shared: CompileWorker | undefined;

/** The process-wide warm worker. */
export function compileWorker(): CompileWorker {
  shared ??= new CompileWorker();
  return shared;
}

/** Splice and compile one submission in the shared bounded worker (in-process when bundled). */
export function spliceAndCompile(files: FileJob[], options: CompileOptions = {}): Promise<BoundedOutcome> {
  return FROM_SOURCES ? compileWorker().run(files, options) : runInProcess(files, options);
}

/** Compile one spliced submission in the shared bounded worker (in-process when bundled). */
export async function compileBounded(spliced: SpliceResult[], options: CompileOptions = {}): Promise<{ ok: true; compiled: CompileResult } | Failure> {
  if (FROM_SOURCES) return compileWorker().compile(spliced, options);
  const { compileSubmission } = await import("./compile.ts");
  try {
    return { ok: true, compiled: compileSubmission(spliced, options) };
  } catch (e) {
    return { ok: false, reason: e instanceof RangeError ? "stack_overflow" : "crashed", detail: e instanceof Error ? e.message : String(e) };
  }
}

/** Start warming the shared worker's compiler now; harmless to skip. */
export function prewarmCompiler(): void {
  if (FROM_SOURCES) void compileWorker().warm();
}
