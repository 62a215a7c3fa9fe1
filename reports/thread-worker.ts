/**
 * The worker-thread side of thread.ts: a ClassReports (class.ts) per opened class, fed the
 * results the main thread posts, closed on request.
 */
import { parentPort } from "node:worker_threads";
import { loadFixtures, loadLab } from "../grader/labs/index.ts";
import { type ClassReports, openClassReports } from "./class.ts";
import { PdfPrinter } from "./render.ts";
import type { ThreadReply, ThreadRequest } from "./thread.ts";

/** Serve requests until the parent terminates the thread. */
export function serve(): void {
  const port = parentPort;
  if (!port) throw new Error("reports/thread-worker.ts must run in a worker thread");
  let fixtures: ReturnType<typeof loadFixtures> | undefined;
  let printer: Promise<PdfPrinter> | undefined;
  // Messages of one class are handled in order: each waits for the one before it.
  const classes = new Map<number, Promise<ClassReports>>();
  const reply = (r: ThreadReply): void => port.postMessage(r);
  const fail = (id: number, err: unknown): void => reply({ kind: "failed", id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  port.on("message", (req: ThreadRequest) => {
    if (req.kind === "open") {
      const { lab: labId, ...rest } = req.options;
      const opened = Promise.resolve().then(async () => {
        const lab = loadLab(labId, (fixtures ??= loadFixtures()));
        return openClassReports({ ...rest, lab, ...(rest.pdf ? { printer: await (printer ??= PdfPrinter.launch()) } : {}) });
      });
      opened.catch(() => undefined);
      classes.set(req.id, opened);
      return;
    }
    if (req.kind === "end") {
      const closing = printer ? printer.then((p) => p.close()) : Promise.resolve();
      void closing.catch(() => undefined).then(() => reply({ kind: "ended", id: req.id }));
      return;
    }
    const reports = classes.get(req.id);
    if (!reports) return fail(req.id, new Error(`no class ${req.id} is open`));
    if (req.kind === "add") {
      void reports.then((r) => r.add(req.result)).catch(() => undefined);
      return;
    }
    classes.delete(req.id);
    reports.then((r) => r.close()).then((timings) => reply({ kind: "closed", id: req.id, timings }), (err: unknown) => fail(req.id, err));
  });
}
