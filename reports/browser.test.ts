/**
 * The reports as a person sees them: opened in the real Chromium (Debian's, driven by
 * playwright-core) and printed to PDF, then read back with pdftotext. Skipped, saying why,
 * where Chromium or poppler-utils is not installed (apt-get install chromium poppler-utils
 * fonts-wqy-microhei, or set DNNLAB_CHROMIUM).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseReportMetadata } from "./metadata.ts";
import { CHROMIUM_ARGS, chromiumPath } from "./render.ts";
import { type ReportTimings, writeReports } from "./report.ts";
import { sampleLab } from "../fixtures/sample-results.ts";
import { SAMPLE_REPORT_MD, SAMPLE_STUDENT, sampleExperiment, sampleResult } from "../fixtures/sample-report.ts";

const CHROMIUM = chromiumPath();
const hasPdftotext = (() => {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
const chromiumMissing = existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set DNNLAB_CHROMIUM)`;
const pdftextMissing = hasPdftotext ? null : "no pdftotext (apt-get install poppler-utils)";
if (chromiumMissing) console.warn(`reports/browser.test.ts: skipping the browser tests: ${chromiumMissing}`);
else if (pdftextMissing) console.warn(`reports/browser.test.ts: skipping the PDF text test: ${pdftextMissing}`);

const OUT = mkdtempSync(join(tmpdir(), "dnnlab-report-browser-"));
const dir = join(OUT, SAMPLE_STUDENT);

describe.skipIf(chromiumMissing !== null)(`reports in the real Chromium${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ""}`, () => {
  let timings: ReportTimings;
  let browser: import("playwright-core").Browser;

  beforeAll(async () => {
    timings = await writeReports({
      results: [sampleResult()],
      lab: sampleLab,
      outDir: OUT,
      pdf: { executablePath: CHROMIUM },
      metadataFor: () => parseReportMetadata(SAMPLE_REPORT_MD, { student: SAMPLE_STUDENT }),
      experimentsFor: () => ({ initialization: sampleExperiment() }),
    });
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("writes HTML, Markdown and PDF in both languages, and the boundary plots once, a cost plot per language", () => {
    const names = timings.files[SAMPLE_STUDENT].map((f) => f.slice(dir.length + 1)).sort();
    expect(names).toEqual([
      "plots/initialization-cost-en.svg",
      "plots/initialization-cost-zh.svg",
      "plots/initialization-he.svg",
      "plots/initialization-random.svg",
      "plots/initialization-zeros.svg",
      "report.en.html",
      "report.en.md",
      "report.en.pdf",
      "report.zh.html",
      "report.zh.md",
      "report.zh.pdf",
    ]);
  });

  for (const lang of ["zh", "en"] as const) {
    it(`${lang}: the formulas are typeset by KaTeX with its own fonts, the plots are drawn, and nothing is fetched`, async () => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const requests: string[] = [];
      page.on("request", (r) => {
        if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url());
      });
      await page.goto(pathToFileURL(join(dir, `report.${lang}.html`)).href);
      await page.evaluate(async () => {
        await document.fonts.ready;
      });
      const seen = await page.evaluate(() => {
        const text = document.body.innerText;
        const formulas = [...document.querySelectorAll(".formula .katex-display")].map((e) => e.getBoundingClientRect());
        const plots = [...document.querySelectorAll("figure.plot svg")].map((s) => {
          const r = s.getBoundingClientRect();
          return { w: r.width, h: r.height, marks: s.querySelectorAll("circle, path").length };
        });
        // Every glyph KaTeX sets must come from a KaTeX face that the page embeds and has loaded.
        const faces = new Set([...document.fonts].filter((f) => f.status === "loaded").map((f) => `${f.family.replace(/"/g, "")}|${f.style}|${f.weight}`));
        const unembedded = new Set<string>();
        for (const el of document.querySelectorAll(".katex *")) {
          if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim())) continue;
          const cs = getComputedStyle(el);
          const family = cs.fontFamily.split(",")[0].replace(/"/g, "").trim();
          const key = `${family}|${cs.fontStyle}|${cs.fontWeight === "700" || cs.fontWeight === "bold" ? "700" : "400"}`;
          if (!faces.has(key)) unembedded.add(`${key} (${el.textContent})`);
        }
        return {
          katex: document.querySelectorAll(".katex").length,
          errors: document.querySelectorAll(".katex-error").length,
          rawTex: /\\(frac|sqrt|beta|lVert|operatorname|begin)\b|\$\$/.test(text),
          formulas: formulas.map((r) => [Math.round(r.width), Math.round(r.height)]),
          plots,
          unembedded: [...unembedded],
          h2: [...document.querySelectorAll("h2")].map((h) => h.textContent),
        };
      });
      expect(seen.katex).toBeGreaterThan(10);
      expect(seen.errors).toBe(0);
      expect(seen.rawTex).toBe(false);
      for (const [w, h] of seen.formulas) {
        expect(w).toBeGreaterThan(50);
        expect(h).toBeGreaterThan(15);
      }
      expect(seen.unembedded).toEqual([]);
      expect(seen.plots).toHaveLength(4);
      for (const p of seen.plots) {
        expect(p.w).toBeGreaterThan(150);
        expect(p.h).toBeGreaterThan(150);
        expect(p.marks).toBeGreaterThan(3);
      }
      expect(seen.h2).toContain(lang === "zh" ? "实验原理和方法" : "Principles and methods");
      expect(requests).toEqual([]);

      const shot = join(OUT, `report.${lang}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
      await page.close();
    });
  }

  it.skipIf(pdftextMissing !== null)(`the PDFs hold the Chinese headings and the student's text${pdftextMissing ? ` (skipped: ${pdftextMissing})` : ""}`, () => {
    const text = (lang: string) => execFileSync("pdftotext", ["-enc", "UTF-8", join(dir, `report.${lang}.pdf`), "-"], { encoding: "utf8" });
    const zh = text("zh");
    for (const heading of ["实验题目", "学号", "实验目的", "实验软件和硬件环境", "实验原理和方法", "实验步骤", "结论分析与体会", "自拟问答题"]) {
      expect(zh).toContain(heading);
    }
    expect(zh).toContain("林小雨");
    expect(zh).toContain("为什么梯度检验要用相对差值");
    const en = text("en");
    expect(en).toContain("Conclusions and reflections");
    expect(en).toContain("Principles and methods");
    expect(readFileSync(join(dir, "report.zh.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
  });
});
