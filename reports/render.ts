/**
 * A report view model → HTML (one self-contained file: CSS, KaTeX fonts and SVG plots
 * inlined), Markdown (formulas as $$…$$, plots as SVG files next to it) and PDF (the HTML
 * printed by headless Chromium).
 *
 * Templates: `templates/<lab>.hbs` (or generic.hbs) says what a lab's report holds, in
 * format-neutral partials; `templates/partials/html/` and `partials/md/` say how each part
 * looks. So each lab has one template for both languages and both formats.
 */
import Handlebars from "handlebars";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Lab } from "../grader/labs/lab.ts";
import { katexCss } from "./katex.ts";
import type { ReportView } from "./view-model.ts";

export type Format = "html" | "md";

const TEMPLATES = fileURLToPath(new URL("./templates/", import.meta.url));

/** The template a lab uses: its own when there is one, else the generic one. */
export function templateNameFor(lab: Pick<Lab, "id">): string {
  return existsSync(join(TEMPLATES, `${lab.id}.hbs`)) ? lab.id : "generic";
}

/** Text safe in one Markdown table cell. */
const mdCell = (s: unknown): string => String(s ?? "").replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
/** A multi-line text under a Markdown list item: each line break kept (two spaces), continuation lines indented. */
const mdIndent = (s: unknown): string => String(s ?? "").replace(/\r?\n/g, "  \n  ");

interface Env {
  hb: typeof Handlebars;
  page: Handlebars.TemplateDelegate;
  labs: Map<string, Handlebars.TemplateDelegate>;
}
const envs = new Map<Format, Env>();

function env(format: Format): Env {
  let e = envs.get(format);
  if (e) return e;
  const hb = Handlebars.create();
  const dir = join(TEMPLATES, "partials", format);
  // Markdown is not HTML: nothing is entity-escaped there; cells and list items have their own helpers.
  const options: CompileOptions = format === "md" ? { noEscape: true, strict: true } : { strict: true };
  for (const file of readdirSync(dir)) {
    if (file.endsWith(".hbs") && file !== "page.hbs") hb.registerPartial(basename(file, ".hbs"), hb.compile(readFileSync(join(dir, file), "utf8"), options));
  }
  hb.registerHelper("cell", mdCell);
  hb.registerHelper("indent", mdIndent);
  e = { hb, page: hb.compile(readFileSync(join(dir, "page.hbs"), "utf8"), options), labs: new Map() };
  envs.set(format, e);
  return e;
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

function labTemplate(format: Format, name: string): Handlebars.TemplateDelegate {
  const e = env(format);
  let t = e.labs.get(name);
  if (!t) {
    const source = readFileSync(join(TEMPLATES, `${name}.hbs`), "utf8");
    // strict: a misspelt field in a template is an error, not an empty string in 200 reports.
    // (assumeObjects keeps `{{#if cost}}` on a null value legal.)
    t = e.hb.compile(source, format === "md" ? { noEscape: true, strict: true } : { strict: true });
    e.labs.set(name, t);
  }
  return t;
}

let reportCss: string | undefined;
const ownCss = (): string => (reportCss ??= readFileSync(join(TEMPLATES, "report.css"), "utf8"));

export interface HtmlOptions {
  /** "subset" (default): inline the KaTeX fonts the page uses; "none": use the browser's fonts */
  fonts?: "subset" | "none";
}

/** The report as one self-contained HTML file. */
export function renderHtml(view: ReportView, template: string, opts: HtmlOptions = {}): string {
  const body = labTemplate("html", template)(view);
  const css = `${ownCss()}\n${katexCss(opts.fonts === "none" ? "none" : body)}`;
  return env("html").page({ ...view, body, css });
}

/** Collapse runs of blank lines outside code fences (partials end with their own blank line). */
export function tidyMarkdown(md: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  let blank = 0;
  for (const line of md.split("\n")) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null) {
      if (!line.trim()) {
        if (++blank > 1 || out.length === 0) continue;
      } else blank = 0;
      if (f) fence = f[1];
      out.push(line.trim() ? line.replace(/\s+$/, "") : "");
    } else {
      out.push(line);
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && !line.trim().slice(f[1].length).trim()) fence = null;
    }
  }
  while (out.length && !out[out.length - 1]) out.pop();
  return `${out.join("\n")}\n`;
}

/** The report as Markdown; its plots are `view.experiments[].cost.href` / `boundaries[].href`, written by the caller. */
export function renderMarkdown(view: ReportView, template: string): string {
  const body = labTemplate("md", template)(view);
  return tidyMarkdown(env("md").page({ ...view, body }));
}

// ------------------------------------------------------------------ PDF

/** Where Chromium is looked for: $DNNLAB_CHROMIUM, else Debian's package. */
export const chromiumPath = (): string => process.env.DNNLAB_CHROMIUM || "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export class ChromiumMissingError extends Error {
  override name = "ChromiumMissingError";
}

/** Why PDFs cannot be printed here (no Chromium at `executablePath`), or null. */
export function chromiumMissing(executablePath = chromiumPath()): ChromiumMissingError | null {
  return existsSync(executablePath)
    ? null
    : new ChromiumMissingError(
        `PDF reports need Chromium, and there is none at ${executablePath}: install it (Debian: apt-get install chromium fonts-noto-cjk) ` +
          "or set DNNLAB_CHROMIUM to its path; HTML and Markdown reports need nothing.",
      );
}

/**
 * One headless Chromium for many PDFs: launching takes ~0.5 s, a page is cheap. Pages are
 * kept in a small pool and reused, so `concurrency` PDFs print at once.
 */
export class PdfPrinter {
  private idle: Page[] = [];
  private waiting: ((p: Page) => void)[] = [];
  private created = 0;

  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    readonly concurrency: number,
  ) {}

  static async launch(opts: { executablePath?: string; concurrency?: number } = {}): Promise<PdfPrinter> {
    const executablePath = opts.executablePath ?? chromiumPath();
    const missing = chromiumMissing(executablePath);
    if (missing) throw missing;
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    // No network: a report is self-contained, and nothing in it may fetch anything.
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    // Printing is CPU-bound in Chromium: about one page per core (measured: 2 pages on 2 cores ≈ 1.0 s per report, 3 pages ≈ 2 s).
    return new PdfPrinter(browser, context, Math.max(1, opts.concurrency ?? Math.min(4, availableParallelism())));
  }

  private async acquire(): Promise<Page> {
    const page = this.idle.pop();
    if (page) return page;
    if (this.created < this.concurrency) {
      this.created++;
      return this.context.newPage();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(page: Page): void {
    const next = this.waiting.shift();
    if (next) next(page);
    else this.idle.push(page);
  }

  /** Print one self-contained HTML page to an A4 PDF with page numbers. */
  async print(html: string, footer = ""): Promise<Buffer> {
    const page = await this.acquire();
    try {
      await page.setContent(html, { waitUntil: "load" });
      // Inlined fonts decode asynchronously; print only once every face is ready.
      await page.evaluate(async () => {
        await document.fonts.ready;
      });
      const esc = footer.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
      return await page.pdf({
        format: "A4",
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate:
          `<div style="font-size:7.5px;width:100%;padding:0 14mm;color:#777;display:flex;justify-content:space-between;font-family:sans-serif">` +
          `<span>${esc}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
      });
    } finally {
      this.release(page);
    }
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
    await this.browser.close();
  }
}
