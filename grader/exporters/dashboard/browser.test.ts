/**
 * The dashboard as a teacher opens it: from file:// in the real Chromium (Debian's, driven
 * by playwright-core), offline. No console error, and the student table sorts on a click.
 * Skipped, saying why, where Chromium is not installed (apt-get install chromium, or set
 * DNNLAB_CHROMIUM).
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submissionFiles } from "../../../fixtures/submissions/materialize.ts";
import { SAMPLE_CLASS } from "../../../fixtures/submissions/sample-class.ts";
import { partial, sampleLab, sampleResults } from "../../../fixtures/sample-results.ts";
import type { SubmissionResult } from "../../result/result.ts";
import { parseRoster } from "../../roster/roster.ts";
import { classSimilarity } from "../../similarity/class.ts";
import { parseRegions } from "../../splice/markers.ts";
import { toDashboardHtml } from "./html.ts";
import { dashboardModel } from "./model.ts";

const CHROMIUM = process.env.DNNLAB_CHROMIUM || "/usr/bin/chromium";
const missing = existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set DNNLAB_CHROMIUM)`;
if (missing) console.warn(`dashboard browser test skipped: ${missing}`);

// 40 students with scores in no particular order, so a sort has something to do; one with a
// diagnosed mistake; and the sample class's copied pair and independent Adam, whose regions
// hold their real code (optimization.ts), so the similarity section is the real one.
const results: SubmissionResult[] = Array.from({ length: 40 }, (_, i) => {
  const r = sampleResults[i % sampleResults.length];
  return { ...r, student: `s${String((i * 17) % 40).padStart(3, "0")}` };
});
const failedCase = partial.cases.findIndex((c) => c.earned < c.points);
results.push({ ...partial, student: "s041", cases: partial.cases.map((c, i) => (i === failedCase ? { ...c, diagnoses: [{ id: "adam-eps-outside-division", source: "catalog" as const, match: "full" as const }] } : c)) });
for (const id of ["s2026060", "s2026061", "s2026062"]) {
  const text = submissionFiles(SAMPLE_CLASS.find((s) => s.id === id)!)["optimization.ts"];
  const regions = parseRegions(text, "optimization.ts").regions.map((r) => ({ file: "optimization.ts", fn: r.fn, index: r.index, status: "spliced" as const, code: r.body }));
  results.push({ ...sampleResults[2], student: id, regions });
}
const roster = parseRoster(["id,name,email,section", "s999,缺交,absent@example.edu,B"].join("\n"));

describe.skipIf(missing !== null)(`dashboard in the real Chromium${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let browser: import("playwright-core").Browser;
  const dir = mkdtempSync(join(tmpdir(), "dnnlab-dashboard-"));

  beforeAll(async () => {
    const similarity = await classSimilarity(results, sampleLab);
    const model = dashboardModel(results, sampleLab, { roster, similarity });
    for (const lang of ["en", "zh"] as const) {
      writeFileSync(join(dir, lang === "en" ? "index.html" : "index.zh.html"), await toDashboardHtml(model, { lang, otherHref: lang === "en" ? "index.zh.html" : "index.html" }));
    }
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const file of ["index.html", "index.zh.html"]) {
    it(`${file} opens from disk offline with no console error and sorts the table on click`, async () => {
      const context = await browser.newContext({ offline: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(join(dir, file)).href);
      expect(await page.locator("svg").count()).toBe(2);

      const column = (n: number) => page.$$eval(`#students tbody tr td:nth-child(${n})`, (tds) => tds.map((td) => td.getAttribute("data-v") ?? td.textContent ?? ""));
      const ids = await column(1);
      expect(ids.length).toBe(45);

      // What the page shows: the copied pair's code side by side, the diagnosed mistake, late and missing.
      const pair = page.locator("#pair-s2026060--s2026061");
      expect(await pair.count()).toBe(1);
      expect(await page.locator(".pair").count()).toBe(1);
      const sides = await pair.locator(".frag").first().locator("pre").allTextContents();
      expect(sides).toHaveLength(2);
      const code = await pair.locator(".frag pre").allTextContents();
      const [left, right] = [code.filter((_, i) => i % 2 === 0).join("\n"), code.filter((_, i) => i % 2 === 1).join("\n")];
      expect(left).toContain("const key");
      expect(left).not.toContain("const name");
      expect(right).toContain("const name");
      expect(right).toContain("// same update for weights and biases");
      expect(await page.locator("td", { hasText: "adam-eps-outside-division" }).count()).toBe(1);
      expect(await page.locator("td.late").count()).toBeGreaterThan(1);
      expect(await page.locator("td.missing").count()).toBe(2); // the problems table and the student table
      const total = 4 + sampleLab.questions.length; // student, name, section, questions…, total
      await page.click(`#students thead th:nth-child(${total})`);
      const asc = (await column(total)).map(Number);
      expect(asc).toEqual([...asc].sort((a, b) => a - b));
      await page.click(`#students thead th:nth-child(${total})`);
      const desc = (await column(total)).map(Number);
      expect(desc).toEqual([...asc].sort((a, b) => b - a));
      await page.click("#students thead th:nth-child(1)");
      expect(await column(1)).toEqual([...ids].sort((a, b) => a.localeCompare(b, "en", { numeric: true })));
      expect(await page.getAttribute("#students thead th:nth-child(1)", "aria-sort")).toBe("ascending");
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
