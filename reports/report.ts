/**
 * Writing the lab reports of a class: for each student, `<outDir>/<student>/report.<lang>.html`
 * (self-contained), `.md` (with its plots in `plots/`), and `.pdf` when asked, in every
 * language asked. The edge of the reports module: it reads the environment and writes files;
 * everything it shows is decided by view-model.ts.
 *
 * Cost, for a class: plots are rendered once per student (both languages use them) and a
 * plot drawn for one student is reused for the next whose data are the same (plots.ts), KaTeX
 * output is cached across students (the formulas are the same), and one Chromium prints
 * every PDF, `pdfConcurrency` pages at a time, while Node renders the next student.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import type { ExperimentResult } from "../experiments/run.ts";
import type { ExperimentName } from "../experiments/runs.ts";
import type { Lab } from "../grader/labs/lab.ts";
import type { SubmissionResult } from "../grader/result/result.ts";
import { LANGS, type Lang } from "../i18n/reports.ts";
import type { ReportMetadata } from "./metadata.ts";
import { type ExperimentPlots, renderExperimentPlots } from "./plots.ts";
import { PdfPrinter, renderHtml, renderMarkdown, templateNameFor } from "./render.ts";
import { type ReportEnv, buildViewModel, costPlotName, experimentsOf, plotHref, plotWords } from "./view-model.ts";

type MaybePromise<T> = T | Promise<T>;
export type ExperimentsByName = Partial<Record<ExperimentName, ExperimentResult>>;

export interface WriteReportsOptions {
  results: readonly SubmissionResult[];
  lab: Lab;
  outDir: string;
  /** default: both, Chinese first */
  langs?: readonly Lang[];
  /** also print PDFs (needs Chromium); an object sets the browser path and how many pages print at once */
  pdf?: boolean | { executablePath?: string; concurrency?: number };
  /** print the PDFs with this browser (the caller launched it and closes it) instead of launching one */
  printer?: PdfPrinter;
  /** default: both */
  formats?: readonly ("html" | "md")[];
  /** the student's report.md, parsed (metadata.ts readReportMetadata); `emptyMetadata()` when there is none */
  metadataFor: (student: string) => MaybePromise<ReportMetadata>;
  /** the student's `dnnlab experiment` results; none: every experiment shows "not run" */
  experimentsFor?: (student: string) => MaybePromise<ExperimentsByName>;
  /** default: this machine (collectEnvironment) */
  env?: ReportEnv;
  /** called after each student's files are written */
  onProgress?: (p: { student: string; done: number; total: number; ms: number }) => void;
}

export interface ReportTimings {
  students: number;
  /** files written, per student */
  files: Record<string, string[]>;
  /** wall-clock time of the whole call */
  totalMs: number;
  browserLaunchMs: number;
  /** summed over students (phases overlap when PDFs print while the next student renders) */
  plotsMs: number;
  htmlMs: number;
  markdownMs: number;
  pdfMs: number;
  perStudent: { student: string; ms: number }[];
  /** students whose report could not be written, and why (the others are written regardless) */
  failed: { student: string; error: string }[];
}

/** The machine's description for the report's environment section (Node, OS, CPU, memory, dnnlab). */
export function collectEnvironment(now: Date = new Date()): ReportEnv {
  let distro = "";
  try {
    distro = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? "";
  } catch {
    distro = "";
  }
  const kernel = `${os.type()} ${os.release()} (${os.arch()})`;
  const cpus = os.cpus();
  const model = cpus[0]?.model?.replace(/\s+/g, " ").trim() ?? "";
  const count = os.availableParallelism?.() ?? cpus.length;
  let version = "";
  try {
    version = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
  } catch {
    version = "";
  }
  return {
    node: `Node.js ${process.version} (V8 ${process.versions.v8})`,
    os: distro ? `${distro}, ${kernel}` : kernel,
    cpu: model ? `${model} × ${count}` : `${count} × ${os.arch()}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    dnnlab: version,
    generatedAt: now.toISOString(),
  };
}

/** A folder name for a student ID that cannot leave `outDir`. */
export const studentDir = (student: string): string => student.replace(/[^\p{L}\p{N}._-]+/gu, "_").replace(/^\.+/, "_") || "_";

type PlotsByName = Partial<Record<ExperimentName, ExperimentPlots>>;

/** Render every plot of a student's experiments (the ones the lab shows), cost plots in `lang`. */
async function plotsFor(lab: Lab, experiments: ExperimentsByName, lang: Lang): Promise<PlotsByName> {
  const out: PlotsByName = {};
  for (const name of experimentsOf(lab, Object.keys(experiments))) {
    const result = experiments[name];
    if (result) out[name] = await renderExperimentPlots(result, plotWords(lang, name));
  }
  return out;
}

interface StudentContext {
  opts: WriteReportsOptions;
  langs: readonly Lang[];
  formats: ReadonlySet<string>;
  env: ReportEnv;
  template: string;
  printer: PdfPrinter | undefined;
  timings: ReportTimings;
}

/** One student's reports: plots once, then per language the view model, HTML, Markdown and PDF. */
async function writeStudent(result: SubmissionResult, c: StudentContext): Promise<void> {
  const { opts, timings } = c;
  const dir = join(opts.outDir, studentDir(result.student));
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const [metadata, experiments] = await Promise.all([
    opts.metadataFor(result.student),
    opts.experimentsFor ? opts.experimentsFor(result.student) : ({} as ExperimentsByName),
  ]);

  let t = performance.now();
  // Boundary plots are the same drawing in every language (renderSvg draws each spec once).
  const plotsByLang = new Map<Lang, PlotsByName>();
  for (const lang of c.langs) plotsByLang.set(lang, await plotsFor(opts.lab, experiments, lang));
  timings.plotsMs += performance.now() - t;

  if (c.formats.has("md")) {
    // The Markdown reports link plot files: the boundaries shared, a cost plot per language.
    const files = new Map<string, string>();
    for (const [lang, plots] of plotsByLang) {
      for (const p of Object.values(plots)) {
        if (p.cost) files.set(plotHref(p.experiment, costPlotName(lang)), p.cost);
        for (const b of p.boundaries) files.set(plotHref(p.experiment, b.run), b.svg);
      }
    }
    if (files.size) await mkdir(join(dir, "plots"), { recursive: true });
    for (const [href, svg] of files) {
      await writeFile(join(dir, href), svg);
      written.push(join(dir, href));
    }
  }

  for (const lang of c.langs) {
    const view = buildViewModel({ result, lab: opts.lab, metadata, experiments, plots: plotsByLang.get(lang) ?? {}, env: c.env, lang });
    let html = "";
    if (c.formats.has("html") || c.printer) {
      t = performance.now();
      html = renderHtml(view, c.template);
      timings.htmlMs += performance.now() - t;
    }
    if (c.formats.has("html")) {
      const file = join(dir, `report.${lang}.html`);
      await writeFile(file, html);
      written.push(file);
    }
    if (c.formats.has("md")) {
      t = performance.now();
      const md = renderMarkdown(view, c.template);
      timings.markdownMs += performance.now() - t;
      const file = join(dir, `report.${lang}.md`);
      await writeFile(file, md);
      written.push(file);
    }
    if (c.printer) {
      t = performance.now();
      const pdf = await c.printer.print(html, `${view.labTitle} — ${result.student}`);
      timings.pdfMs += performance.now() - t;
      const file = join(dir, `report.${lang}.pdf`);
      await writeFile(file, pdf);
      written.push(file);
    }
  }
  timings.files[result.student] = written;
}

/**
 * Reports written as results arrive (the demo hands each student over the moment they are
 * graded): `add` queues a result, `close` waits for every queued report, closes the browser
 * and returns the timings. One browser for all PDFs (closed by `close`, also after a failed
 * student). A student whose report fails is listed in `failed`; the others are written.
 */
export class ReportWriter {
  private readonly queue: SubmissionResult[] = [];
  private running = 0;
  private done = 0;
  private added = 0;
  private readonly limit: number;
  private idle: (() => void) | undefined;
  private closed = false;

  private constructor(
    private readonly context: StudentContext,
    private readonly t0: number,
    private readonly expected: number | undefined,
  ) {
    // With PDFs, a few students are in flight so Chromium prints while Node renders; without, one at a time.
    this.limit = context.printer ? context.printer.concurrency + 1 : 1;
  }

  static async open(opts: Omit<WriteReportsOptions, "results">, expected?: number): Promise<ReportWriter> {
    const t0 = performance.now();
    const timings: ReportTimings = {
      students: 0,
      files: {},
      totalMs: 0,
      browserLaunchMs: 0,
      plotsMs: 0,
      htmlMs: 0,
      markdownMs: 0,
      pdfMs: 0,
      perStudent: [],
      failed: [],
    };
    let printer = opts.printer;
    if (opts.pdf && !printer) {
      const t = performance.now();
      printer = await PdfPrinter.launch(typeof opts.pdf === "object" ? opts.pdf : {});
      timings.browserLaunchMs = performance.now() - t;
    }
    const context: StudentContext = {
      opts: { ...opts, results: [] },
      langs: opts.langs ?? LANGS,
      formats: new Set(opts.formats ?? ["html", "md"]),
      env: opts.env ?? collectEnvironment(),
      template: templateNameFor(opts.lab),
      printer,
      timings,
    };
    return new ReportWriter(context, t0, expected);
  }

  /** Queue one student's reports. */
  add(result: SubmissionResult): void {
    if (this.closed) throw new Error("ReportWriter: add after close");
    this.added++;
    this.queue.push(result);
    this.pump();
  }

  private pump(): void {
    while (this.running < this.limit && this.queue.length) {
      const result = this.queue.shift()!;
      this.running++;
      void this.write(result).finally(() => {
        this.running--;
        this.pump();
        if (this.running === 0 && !this.queue.length) this.idle?.();
      });
    }
  }

  private async write(result: SubmissionResult): Promise<void> {
    const { timings, opts } = this.context;
    const ts = performance.now();
    try {
      await writeStudent(result, this.context);
    } catch (err) {
      // One student's broken input (or a crashed page) must not cost the class its reports.
      timings.failed.push({ student: result.student, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
    const ms = performance.now() - ts;
    timings.perStudent.push({ student: result.student, ms });
    opts.onProgress?.({ student: result.student, done: ++this.done, total: this.expected ?? this.added, ms });
  }

  /** Wait for every report queued, close the browser, and say what was written and where the time went. */
  async close(): Promise<ReportTimings> {
    this.closed = true;
    try {
      if (this.running || this.queue.length) await new Promise<void>((resolve) => (this.idle = resolve));
    } finally {
      if (!this.context.opts.printer) await this.context.printer?.close();
    }
    const { timings } = this.context;
    timings.students = this.added;
    timings.totalMs = performance.now() - this.t0;
    return timings;
  }
}

/**
 * Write the reports of every result (a ReportWriter given them all at once). Returns what was
 * written and where the time went.
 */
export async function writeReports(opts: WriteReportsOptions): Promise<ReportTimings> {
  const writer = await ReportWriter.open(opts, opts.results.length);
  for (const result of opts.results) writer.add(result);
  return writer.close();
}
