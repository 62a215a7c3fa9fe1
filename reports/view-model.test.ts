import { describe, expect, it } from "vitest";
import { stringsFor } from "../i18n/reports.ts";
import { parseReportMetadata } from "./metadata.ts";
import { renderExperimentPlots } from "./plots.ts";
import { renderHtml, renderMarkdown, templateNameFor, tidyMarkdown } from "./render.ts";
import { sampleLab } from "../fixtures/sample-results.ts";
import { SAMPLE_REPORT_MD, SAMPLE_STUDENT, sampleExperiment, sampleResult } from "../fixtures/sample-report.ts";
import { type ViewModelInput, buildViewModel, dateIn, experimentsOf, groupedFeedback, percent, plotWords } from "./view-model.ts";

/** The sample lab without its Optimization question. */
const withoutOptimization = { ...sampleLab, questions: sampleLab.questions.filter((q) => q.assignment !== "optimization") };

const ENV = { node: "Node.js v20.20.2", os: "Debian GNU/Linux 12", cpu: "Test CPU × 2", memory: "8.0 GiB", dnnlab: "0.1.0", generatedAt: "2026-12-15T02:00:00.000Z" };

function input(over: Partial<ViewModelInput> = {}): ViewModelInput {
  return {
    result: sampleResult(),
    lab: sampleLab,
    metadata: parseReportMetadata(SAMPLE_REPORT_MD, { student: SAMPLE_STUDENT }),
    experiments: {},
    plots: {},
    env: ENV,
    lang: "zh",
    ...over,
  };
}

describe("formatting decisions", () => {
  it("shows accuracies as percentages with at most two decimals", () => {
    expect([percent(0.9933333333333333), percent(0.5), percent(0.83), percent(null)]).toEqual(["99.33%", "50%", "83%", null]);
  });

  it("dates a time in the lab's time zone", () => {
    expect(dateIn("2026-12-10T17:30:00.000Z", "2026-12-14T23:59:00+08:00")).toBe("2026-12-11");
    expect(dateIn("2026-12-10T17:30:00.000Z", "2026-12-14T23:59:00-05:00")).toBe("2026-12-10");
  });

  it("shows the experiments of the lab's assignments, and any extra ones given", () => {
    expect(experimentsOf(sampleLab)).toEqual(["initialization", "optimization"]);
    expect(experimentsOf(withoutOptimization)).toEqual(["initialization"]);
    expect(experimentsOf(withoutOptimization, ["regularization"])).toEqual(["initialization", "regularization"]);
  });
});

describe("buildViewModel", () => {
  it("fills the header table from report.md, and the date from the submission", () => {
    const v = buildViewModel(input());
    expect(v.header.rows.map((r) => r.cells.map((c) => [c.label, c.value, c.problem]))).toEqual([
      [
        ["实验题目", "初始化、梯度检验与优化", null],
        ["学号", SAMPLE_STUDENT, null],
      ],
      [
        ["日期", "2026-12-10", null],
        ["班级", "智能 24-1", null],
      ],
      [
        ["姓名", "林小雨", null],
        ["Email", "lin.xiaoyu@example.edu", null],
      ],
    ]);
    expect(v.problems).toEqual([]);
  });

  it("scores each question and the total", () => {
    const v = buildViewModel(input({ lang: "en" }));
    expect(v.score.questions).toEqual([
      { name: "Q1 Initialization", score: "4 / 10" },
      { name: "Q2 Gradient Checking", score: "0 / 10" },
      { name: "Q3 Optimization", score: "10 / 10" },
    ]);
    expect(v.score.total).toBe("14 / 30");
    expect(v.score.late).toBeNull();
  });

  it("gives each test its result and the grader's feedback in the report's language", () => {
    const [q1, q2] = buildViewModel(input({ lang: "en" })).steps;
    expect(q1.cases.map((c) => [c.status, c.statusText, c.points])).toEqual([
      ["fail", "failed", "0 / 4"],
      ["pass", "passed", "3 / 3"],
      ["partial", "partly", "1 / 3"],
    ]);
    expect(q1.cases[1].feedback).toBeNull();
    expect(q1.cases[0].feedback?.text).toContain('`result["W1"]` differs at [0, 0]: expected 1.460409, got 2.5295026');
    expect(q1.cases[0].feedback?.html).toContain("<code>result[&quot;W1&quot;]</code>");
    expect(q1.cases[0].feedback?.text).toContain("Hint: Scale by np.sqrt(2 / layersDims[l - 1])");
    expect(q1.feedback).toHaveLength(2);
    expect(q2.cases[1].feedback?.text).toMatch(/^gradientCheckN is not written yet/);
    const zh = buildViewModel(input()).steps[0].cases[0].feedback?.text;
    expect(zh).toContain("不一致");
  });

  it("shows each region's code without the function's indentation, and says when it is still the stub", () => {
    const [q1, q2] = buildViewModel(input()).steps;
    expect(q1.regions).toHaveLength(1);
    expect(q1.regions[0]).toMatchObject({ fn: "initializeParametersHe", status: "已完成", tone: "ok", part: "", fence: "```" });
    expect(q1.regions[0].code.startsWith('parameters["W" + l]')).toBe(true);
    expect(q2.regions[0]).toMatchObject({ fn: "gradientCheckN", status: "未完成（仍是占位代码）", tone: "problem", empty: true });
  });

  it("says how to run an experiment that has no results", () => {
    const [e] = buildViewModel(input({ lang: "en" })).experiments;
    expect(e.available).toBe(false);
    expect(e.notRun.text).toBe("No results for this experiment. Run `dnnlab experiment initialization --impl <your folder>` and generate the report again.");
    expect(e.notRun.html).toContain("<code>dnnlab experiment initialization --impl &lt;your folder&gt;</code>");
  });

  it("puts the student's accuracies next to the notebook's, with a match mark", async () => {
    const experiment = sampleExperiment();
    const plots = { initialization: await renderExperimentPlots(experiment, plotWords("zh", "initialization")) };
    const [e] = buildViewModel(input({ experiments: { initialization: experiment }, plots })).experiments;
    expect(e.rows.map((r) => [r.label, r.train, r.test, r.refTrain, r.refTest, r.match])).toEqual([
      ["全零", "50%", "50%", "50%", "50%", "✓"],
      ["随机 × 10", "83%", "86%", "83%", "86%", "✓"],
      ["He", "96.33%", "94%", "99.33%", "96%", "✗"],
    ]);
    expect(e.hasTest).toBe(true);
    expect(e.cost?.href).toBe("plots/initialization-cost-zh.svg");
    expect(e.cost?.caption).toBe("训练过程中的代价，每条曲线对应一次实验（每 1000 次迭代记录一次）。");
    expect(e.boundaries.map((b) => b.caption)).toEqual(["全零 — 训练集 50%，测试集 50%", "随机 × 10 — 训练集 83%，测试集 86%", "He — 训练集 96.33%，测试集 94%"]);
  });

  it("names runs, and a run that stopped at an unwritten function, in the report's language", () => {
    const experiment = sampleExperiment();
    experiment.rows[0] = { ...experiment.rows[0]!, skipped: "initializeParametersZeros is not written yet: write your code between START CODE HERE and END CODE HERE" };
    experiment.rows[1] = { ...experiment.rows[1]!, skipped: "ValueError: multiply: operands could not be broadcast together with shapes (1,0) (1,44)" };
    const words = (lang: "zh" | "en") => buildViewModel(input({ lang, experiments: { initialization: experiment } })).experiments[0]!.skipped;
    expect(words("zh")).toEqual([
      { label: "全零", reason: "initializeParametersZeros 还没有写" },
      { label: "随机 × 10", reason: "ValueError: multiply: operands could not be broadcast together with shapes (1,0) (1,44)" },
    ]);
    expect(words("en")[0]).toEqual({ label: "zeros", reason: "initializeParametersZeros is not written yet" });
  });

  it("renders the student's Markdown and formulas, and never their HTML", () => {
    const metadata = parseReportMetadata(SAMPLE_REPORT_MD.replace("He 初始化收敛最快。", 'He 初始化收敛最快。<script>alert("x")</script>'));
    const v = buildViewModel(input({ metadata }));
    expect(v.conclusions.html).toContain('<span class="katex">');
    expect(v.conclusions.html).toContain("<li>");
    expect(v.conclusions.html).toContain("&lt;script&gt;");
    expect(v.conclusions.html).not.toContain("<script>");
    expect(v.qa.items.map((q) => q.heading)).toEqual(["问题 1", "问题 2"]);
  });

  it("lists the principles of the lab's assignments for a lab without its own template", () => {
    const v = buildViewModel(input());
    expect(v.principleList.map((p) => p.id)).toEqual(["symmetry", "he", "twoSided", "relativeDifference", "miniBatch", "momentum", "adam", "lrDecay"]);
    const twoQuestions = buildViewModel(input({ lab: withoutOptimization }));
    expect(twoQuestions.principleList.map((p) => p.id)).toEqual(["symmetry", "he", "twoSided", "relativeDifference"]);
    expect(v.principles.adam.formulas[0].html).toContain('class="katex-display"');
    expect(templateNameFor({ id: "hw2-1" })).toBe("hw2-1");
    expect(templateNameFor({ id: "my-own-lab" })).toBe("generic");
  });
});

describe("rendered reports", () => {
  it("Markdown has the sections in order, formulas as $$…$$, plots as linked files", async () => {
    const experiment = sampleExperiment();
    const plots = { initialization: await renderExperimentPlots(experiment, plotWords("zh", "initialization")) };
    const md = renderMarkdown(buildViewModel(input({ experiments: { initialization: experiment }, plots })), "hw2-1");
    const headings = md.split("\n").filter((l) => /^## /.test(l));
    expect(headings).toEqual([
      "## 成绩",
      "## 实验目的",
      "## 实验软件和硬件环境",
      "## 实验原理和方法",
      "## 实验步骤",
      "## 实验结果",
      "## 结论分析与体会",
      "## 自拟问答题",
    ]);
    expect(md).toContain("$$\nW^{[l]} = \\operatorname{randn}");
    expect(md).toContain("![训练过程中的代价，每条曲线对应一次实验（每 1000 次迭代记录一次）。](plots/initialization-cost-zh.svg)");
    expect(md).toContain("![He — 训练集 96.33%，测试集 94%](plots/initialization-he.svg)");
    expect(md).toContain("| **学号** | 2024000123 |");
    expect(md).not.toMatch(/\n\n\n/);
  });

  it("HTML is one file: styles, KaTeX fonts and plots inline, nothing fetched", async () => {
    const experiment = sampleExperiment();
    const plots = { initialization: await renderExperimentPlots(experiment, plotWords("en", "initialization")) };
    const html = renderHtml(buildViewModel(input({ lang: "en", experiments: { initialization: experiment }, plots })), "hw2-1");
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain("src:url(data:font/woff2;base64,");
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/url\((?!data:|#)/);
    expect(html).not.toContain("<script");
  });

  it("tidies Markdown blank lines but never inside code", () => {
    expect(tidyMarkdown("\n\na\n\n\n\nb\n```\nx\n\n\n\ny\n```\n\n\n")).toBe("a\n\nb\n```\nx\n\n\n\ny\n```\n");
  });
});

describe("questions that share a file", () => {
  it("show each region under the question whose tests call its function", () => {
    const lab = structuredClone(sampleLab);
    lab.questions[1] = { ...lab.questions[1], assignment: "initialization", file: "initialization.ts" };
    const base = sampleResult();
    const result = sampleResult({
      cases: base.cases.map((c) => (c.question === "Q2" ? { ...c, fn: "initializeParametersZeros" } : c)),
      regions: [
        { file: "initialization.ts", fn: "initializeParametersZeros", index: 0, status: "spliced", code: "a" },
        { file: "initialization.ts", fn: "initializeParametersHe", index: 0, status: "spliced", code: "b" },
        { file: "initialization.ts", fn: "helperNobodyTests", index: 0, status: "spliced", code: "c" },
      ],
    });
    const [q1, q2] = buildViewModel(input({ lab, result })).steps;
    expect(q1.regions.map((r) => r.fn)).toEqual(["initializeParametersHe", "helperNobodyTests"]);
    expect(q2.regions.map((r) => r.fn)).toEqual(["initializeParametersZeros"]);
  });
});

describe("every template", () => {
  it("renders in both languages and both formats, with and without experiment results (strict: no unknown field)", async () => {
    const experiment = sampleExperiment();
    const plotsIn = (lang: "zh" | "en") => renderExperimentPlots(experiment, plotWords(lang, "initialization"));
    const plotsByLang = { zh: { initialization: await plotsIn("zh") }, en: { initialization: await plotsIn("en") } };
    for (const template of ["hw2-1", "regularization", "generic"]) {
      for (const lang of ["zh", "en"] as const) {
        for (const withData of [false, true]) {
          const v = buildViewModel(input({ lang, ...(withData ? { experiments: { initialization: experiment }, plots: plotsByLang[lang] } : {}) }));
          const html = renderHtml(v, template);
          const md = renderMarkdown(v, template);
          expect(html, `${template} ${lang}`).toContain(v.t.sections.principles);
          expect(md, `${template} ${lang}`).toContain(`## ${v.t.sections.qa}`);
          expect(html).not.toMatch(/\{\{|\}\}/);
        }
      }
    }
  });
});

describe("groupedFeedback: the same sentence said once", () => {
  const base = { kind: "fixture" as const, question: "Q1", hidden: false, points: 2, earned: 0 };
  const notWritten = (id: string, fn = "initializeParametersHe") => ({
    ...base,
    id,
    fn,
    description: `case ${id}`,
    hint: `hint ${id}`,
    issue: { code: "not_written" as const, fn, detail: `${fn} is not written yet` },
  });

  it("gives an untouched function one sentence, after its last test, without the hints", () => {
    for (const lang of ["en", "zh"] as const) {
      const texts = groupedFeedback([notWritten("a"), notWritten("b"), notWritten("c"), notWritten("d", "initializeParametersZeros")], lang, stringsFor(lang));
      expect(texts.slice(0, 2)).toEqual(["", ""]);
      expect(texts[2]).toContain("`initializeParametersHe`");
      expect(texts[2]).toContain("3");
      expect(texts[2]).not.toContain("hint");
      // a lone case keeps its own feedback, hint included
      expect(texts[3]).toContain("case d");
      expect(texts[3]).toContain("hint d");
    }
  });

  it("leaves other feedback per case", () => {
    const threw = (id: string) => ({ ...base, id, fn: "f", description: `case ${id}`, issue: { code: "threw" as const, fn: "f", name: "TypeError", message: "x is undefined" } });
    const texts = groupedFeedback([threw("a"), threw("b")], "en", stringsFor("en"));
    expect(texts[0]).toContain("case a");
    expect(texts[1]).toContain("case b");
  });
});
