import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReportMetadata } from "./metadata.ts";
import { collectEnvironment, studentDir, writeReports } from "./report.ts";
import { sampleLab } from "../fixtures/sample-results.ts";
import { SAMPLE_REPORT_MD, sampleExperiment, sampleResult } from "../fixtures/sample-report.ts";

describe("writeReports", () => {
  it("writes HTML and Markdown per language, the boundary plots once and a cost plot per language, and goes on past a student whose input breaks", async () => {
    const out = mkdtempSync(join(tmpdir(), "dnnlab-reports-"));
    const t = await writeReports({
      results: [sampleResult({ student: "2024000001" }), sampleResult({ student: "2024000002" })],
      lab: sampleLab,
      outDir: out,
      metadataFor: (s) => {
        if (s === "2024000002") throw new Error("disk on fire");
        return parseReportMetadata(SAMPLE_REPORT_MD);
      },
      experimentsFor: () => ({ initialization: sampleExperiment() }),
    });
    expect(readdirSync(join(out, "2024000001")).sort()).toEqual(["plots", "report.en.html", "report.en.md", "report.zh.html", "report.zh.md"]);
    expect(readdirSync(join(out, "2024000001", "plots")).sort()).toEqual(["initialization-cost-en.svg", "initialization-cost-zh.svg", "initialization-he.svg", "initialization-random.svg", "initialization-zeros.svg"]);
    expect(t.failed.map((f) => f.student)).toEqual(["2024000002"]);
    expect(t.failed[0].error).toContain("disk on fire");
    expect(t.perStudent).toHaveLength(2);
    expect(readFileSync(join(out, "2024000001", "report.zh.md"), "utf8")).toContain("](plots/initialization-he.svg)");
  });

  it("keeps every student inside the output folder", () => {
    expect(studentDir("../../etc")).toBe("__.._etc");
    expect(studentDir("..")).toBe("_");
    expect(studentDir("s2026001")).toBe("s2026001");
    expect(studentDir("张三-01")).toBe("张三-01");
  });

  it("describes this machine for the environment section", () => {
    const env = collectEnvironment(new Date("2026-12-15T00:00:00Z"));
    expect(env.node).toMatch(/^Node\.js v\d+/);
    expect(env.cpu).toMatch(/× \d+$/);
    expect(env.dnnlab).toMatch(/^\d+\.\d+\.\d+/);
    expect(env.generatedAt).toBe("2026-12-15T00:00:00.000Z");
    expect(existsSync("/etc/os-release") ? env.os : "n/a").not.toBe("");
  });
});
