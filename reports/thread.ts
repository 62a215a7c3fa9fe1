/**
 * The reports of a graded class written in a worker thread, as results arrive: what the demo
 * does, so the lab reports (plots, HTML, Markdown, PDF) are drawn on one core while the
 * grader, whose main thread judges every sandbox's replies, keeps the other. The thread
 * writes exactly what writeClassReports (class.ts) writes: it runs it, one student at a time.
 *
 * A lab crosses by its id (the thread loads it from the repository's labs, as loadLab does
 * here), the results and the roster as plain data. The thread is started at once, so it
 * loads its modules (vega, KaTeX, handlebars) while the class is being prepared. With PDFs,
 * one Chromium prints the reports of every class.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { SubmissionResult } from "../grader/result/result.ts";
import type { RosterEntry } from "../grader/roster/roster.ts";
import type { Lang } from "../i18n/reports.ts";
import type { ClassReportTimings, ClassReports } from "./class.ts";

export interface ThreadReportsOptions {
  /** a lab of the repository (grader/labs), by id */
  lab: string;
  submissions: string;
  out: string;
  pdf?: boolean;
  langs?: readonly Lang[];
  roster?: readonly RosterEntry[];
}

export type ThreadRequest =
  | { kind: "open"; id: number; options: ThreadReportsOptions }
  | { kind: "add"; id: number; result: SubmissionResult }
  | { kind: "close"; id: number }
  /** close the browser, if one was launched: the thread may be terminated after the reply */
  | { kind: "end"; id: number };

export type ThreadReply =
  | { kind: "closed"; id: number; timings: ClassReportTimings }
  | { kind: "ended"; id: number }
  | { kind: "failed"; id: number; error: string };

/** The thread's boot code: tsx's loader (a thread does not inherit the CLI's), then thread-worker.ts. */
function workerSource(): string {
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const entry = new URL("./thread-worker.ts", import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); }).then((m) => m.serve());\n`;
}

/** One worker thread writing the reports of one or more labs. */
export class ReportsThread {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (t: ClassReportTimings) => void; reject: (e: Error) => void }>();
  private ended: (() => void) | undefined;
  private dead: Error | undefined;

  constructor() {
    this.worker = new Worker(workerSource(), { eval: true });
    this.worker.on("message", (reply: ThreadReply) => {
      if (reply.kind === "ended") return this.ended?.();
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.kind === "closed") p.resolve(reply.timings);
      else p.reject(new Error(`the reports thread failed: ${reply.error}`));
    });
    const die = (err: Error): void => {
      this.dead ??= err;
      for (const p of this.pending.values()) p.reject(this.dead);
      this.pending.clear();
      this.ended?.();
    };
    this.worker.on("error", (err) => die(err instanceof Error ? err : new Error(String(err))));
    this.worker.on("exit", (code) => die(new Error(`the reports thread exited with code ${code}`)));
  }

  /** Start a class's reports: `add` each result as it is graded, then `close`. */
  open(options: ThreadReportsOptions): ClassReports {
    const id = this.nextId++;
    const closed = new Promise<ClassReportTimings>((resolve, reject) => {
      if (this.dead) reject(this.dead);
      else this.pending.set(id, { resolve, reject });
    });
    // A failure is the caller's to see at close(); until then nothing is left unhandled.
    closed.catch(() => undefined);
    this.post({ kind: "open", id, options });
    return {
      add: (result) => this.post({ kind: "add", id, result }),
      close: () => {
        this.post({ kind: "close", id });
        return closed;
      },
    };
  }

  private post(request: ThreadRequest): void {
    if (!this.dead) this.worker.postMessage(request);
  }

  /** End the thread (after every close, or to give up): its browser first, if it launched one. */
  async terminate(): Promise<void> {
    if (!this.dead) {
      const ended = new Promise<void>((resolve) => {
        this.ended = resolve;
        setTimeout(resolve, 10_000).unref();
      });
      this.post({ kind: "end", id: -1 });
      await ended;
    }
    await this.worker.terminate();
  }
}
