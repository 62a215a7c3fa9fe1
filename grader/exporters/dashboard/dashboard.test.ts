import { describe, expect, it } from "vitest";
import { partial, perfect, sampleLab, sampleResults } from "../../../fixtures/sample-results.ts";
import type { SubmissionResult } from "../../result/result.ts";
import { parseRoster } from "../../roster/roster.ts";
import type { SimilarityReport } from "../../similarity/similarity.ts";
import { DEFAULT_SIMILARITY } from "../../similarity/similarity.ts";
import { diagnosisTitle, renderDiagnoses } from "../../../i18n/diagnose.ts";
import { esc, toDashboardHtml } from "./html.ts";
import { binEdges, dashboardModel, histogram } from "./model.ts";

const roster = parseRoster(
  [
    "id,name,email,section",
    "s001-alice,Alice <b>,alice@example.edu,A",
    "s002-bo,波,bo@example.edu,A",
    "s003-chen,陈,chen@example.edu,B",
    "s004-dana,Dana,dana@example.edu,B",
    "s005-eve,Eve,eve@example.edu,B",
  ].join("\n"),
);

/** The partial student's first failed case with diagnoses, as grader/diagnose adds them. */
const diagnosed = (r: SubmissionResult, student: string): SubmissionResult => {
  const i = r.cases.findIndex((c) => c.earned < c.points);
  const cases = r.cases.map((c, j) => (j === i ? { ...c, diagnoses: [{ id: "he-fan-out", source: "catalog", match: "full" }, { id: "sign-flipped", source: "detector", path: "W1" }] } : c));
  return { ...r, student, cases } as SubmissionResult;
};

const similarity: SimilarityReport = {
  engine: "winnowing",
  options: DEFAULT_SIMILARITY,
  students: 4,
  compared: 2,
  pairs: [
    {
      a: "s001-alice",
      b: "s003-chen",
      similarity: 0.95,
      shared: 20,
      ofA: 21,
      ofB: 21,
      fragments: [{ a: { key: "k", startLine: 1, endLine: 1, code: "x = a < b && c;" }, b: { key: "k", startLine: 2, endLine: 2, code: "</pre><script>alert(1)</script>" }, shared: 20 }],
    },
  ],
};

describe("histogram", () => {
  it("puts every student in exactly one bin, full marks in the last", () => {
    expect(binEdges(4)).toEqual([0, 1, 2, 3, 4]);
    expect(binEdges(30)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    const bins = histogram([0, 0.5, 1, 3.9, 4, 4], 4);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 0, 3]);
  });
});

describe("dashboardModel", () => {
  it("counts each diagnosed mistake once per student, most common first", () => {
    const m = dashboardModel([diagnosed(partial, "a"), diagnosed(partial, "b"), perfect], sampleLab);
    expect(m.mistakes.map((x) => [x.id, x.source, x.students])).toEqual([
      ["he-fan-out", "catalog", ["a", "b"]],
      ["sign-flipped", "detector", ["a", "b"]],
    ]);
  });

  it("works without diagnoses, roster or similarity", () => {
    const m = dashboardModel(sampleResults, sampleLab);
    expect(m.mistakes).toEqual([]);
    expect(m.students.map((s) => s.status)).toEqual(["graded", "graded", "late", "failed"]);
    const t = m.tests.find((x) => x.id === "he-2-4-1")!;
    expect([t.passed, t.total]).toEqual([2, 4]);
  });

  it("lists roster students with no result as missing, with their names", () => {
    const m = dashboardModel(sampleResults, sampleLab, { roster });
    expect(m.students.filter((s) => s.status === "missing").map((s) => [s.id, s.name])).toEqual([["s005-eve", "Eve"]]);
    expect(m.students.find((s) => s.id === "s002-bo")!.name).toBe("波");
  });
});

describe("toDashboardHtml", () => {
  it("names each diagnosed mistake in the page's language, from grader/diagnose's catalog", async () => {
    const model = dashboardModel([diagnosed(partial, "a"), perfect], sampleLab);
    for (const lang of ["en", "zh"] as const) {
      const html = await toDashboardHtml(model, { lang });
      const looks = diagnosisTitle({ source: "catalog", id: "he-fan-out" }, lang)!;
      expect(html).toContain(esc(looks));
      expect(html).toContain(esc(renderDiagnoses([{ id: "sign-flipped", source: "detector", path: "W1" }], lang)[0]));
    }
  });

  const build = (lang: "en" | "zh") =>
    toDashboardHtml(dashboardModel([...sampleResults], sampleLab, { roster, similarity }), { lang, now: new Date("2026-12-20T08:00:00Z"), hasReport: (s) => s === "s001-alice" });

  it("is one page that loads nothing: inline SVG charts, no external src or href", async () => {
    const html = await build("en");
    expect(html).toContain("Content-Security-Policy");
    expect((html.match(/<svg/g) ?? []).length).toBe(2);
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).not.toMatch(/href="(https?:)?\/\//);
    expect(html).toContain('href="feedback/s001-alice.en.md"');
    expect(html).toContain('href="reports/s001-alice/report.en.html"');
    expect(html).not.toContain('href="reports/s002-bo/');
  });

  it("escapes names and code from the class", async () => {
    const html = await build("en");
    expect(html).toContain("Alice &lt;b&gt;");
    expect(html).toContain("&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("shows late, failed and missing submissions and the similar pair", async () => {
    const html = await build("en");
    expect(html).toContain(`s003-chen</a></td><td>陈</td><td class="late">late</td>`);
    expect(html).toContain(`<td class="failed">failed</td><td>unreadable_submission:`);
    expect(html).toContain(`s005-eve</a></td><td>Eve</td><td class="missing">missing</td>`);
    expect(html).toContain("s001-alice and s003-chen: 95% similar");
  });

  it("speaks Chinese in zh", async () => {
    const html = await build("zh");
    expect(html).toContain('<html lang="zh-CN">');
    for (const w of ["各题得分分布", "各测试通过率", "迟交", "未提交", "相似的提交", "学号", "反馈"]) expect(html).toContain(w);
    expect(html).toContain("s001-alice 与 s003-chen：相似度 95%");
  });
});

