import Handlebars from "handlebars";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { type MetadataIssue, emptyMetadata, parseReportMetadata, renderMetadataIssue } from "./metadata.ts";
import { renderHtml, renderMarkdown } from "./render.ts";
import { sampleLab } from "../fixtures/sample-results.ts";
import { SAMPLE_REPORT_MD, SAMPLE_STUDENT, sampleResult } from "../fixtures/sample-report.ts";
import { buildViewModel } from "./view-model.ts";

const TEMPLATE = readFileSync(new URL("./report.md.template", import.meta.url), "utf8");
const ENV = { node: "Node.js v20", os: "Debian", cpu: "test CPU × 2", memory: "8 GiB", dnnlab: "0.1.0", generatedAt: "2026-12-15T02:00:00.000Z" };

const both = (issues: readonly MetadataIssue[]) => issues.map((i) => [renderMetadataIssue(i, "en"), renderMetadataIssue(i, "zh")]);
const withFront = (front: string, body = "## Conclusions\n\nmine\n\n## Q&A\n\n### q?\n\nanswer\n") => `---\n${front}\n---\n${body}`;

describe("parseReportMetadata", () => {
  it("reads a complete report.md without any issue", () => {
    const m = parseReportMetadata(SAMPLE_REPORT_MD, { student: SAMPLE_STUDENT });
    expect(m.issues).toEqual([]);
    expect(m.fields).toEqual({ studentId: SAMPLE_STUDENT, name: "林小雨", class: "智能 24-1", email: "lin.xiaoyu@example.edu", date: null });
    expect(m.conclusions).toMatch(/^全零初始化/);
    expect(m.qa.map((q) => q.question)).toEqual(["为什么梯度检验要用相对差值？", "梯度检验可以在训练时一直开着吗？"]);
  });

  it("reads the shipped template, and says its example text is still there", () => {
    const m = parseReportMetadata(TEMPLATE);
    expect(m.fields.studentId).toBe("2024000123");
    expect(m.issues).toEqual([
      { code: "section_example", section: "conclusions" },
      { code: "section_example", section: "qa" },
    ]);
  });

  it("names each missing field and how to fix it, in both languages", () => {
    const m = parseReportMetadata(withFront('studentId: "2024000123"'));
    expect(m.fields).toMatchObject({ studentId: "2024000123", name: null, class: null, email: null });
    expect(both(m.issues)).toMatchInlineSnapshot(`
      [
        [
          "report.md: the field name (姓名) is missing. Add a line to the front matter: your name as on the class list, e.g. name: "Zhang San".",
          "report.md：缺少字段 name（姓名）。请在 front matter 中添加一行：与花名册一致的姓名，例如 name: "张三"。",
        ],
        [
          "report.md: the field class (班级) is missing. Add a line to the front matter: your class, e.g. class: "AI 2024-1".",
          "report.md：缺少字段 class（班级）。请在 front matter 中添加一行：所在班级，例如 class: "智能 2024-1"。",
        ],
        [
          "report.md: the field email is missing. Add a line to the front matter: an address like email: "someone@example.edu".",
          "report.md：缺少字段 email（邮箱）。请在 front matter 中添加一行：形如 email: "someone@example.edu" 的邮箱地址。",
        ],
      ]
    `);
  });

  it("names a malformed field with its value and the expected form, and keeps the good fields", () => {
    const m = parseReportMetadata(withFront('studentId: "20-24"\nname: 王五\nclass: "AI 1"\nemail: wangwu@\ndate: 12/10/2026'));
    expect(m.fields).toEqual({ studentId: null, name: "王五", class: "AI 1", email: null, date: null });
    expect(both(m.issues)).toMatchInlineSnapshot(`
      [
        [
          "report.md: the field studentId (学号) has the value “20-24”, which is not valid. Expected letters and digits only, 4 to 32 characters, e.g. studentId: "2024000123".",
          "report.md：字段 studentId（学号）的值“20-24”无效。正确的写法：只能包含字母和数字，长度 4 到 32，例如 studentId: "2024000123"。",
        ],
        [
          "report.md: the field email has the value “wangwu@”, which is not valid. Expected an address like email: "someone@example.edu".",
          "report.md：字段 email（邮箱）的值“wangwu@”无效。正确的写法：形如 email: "someone@example.edu" 的邮箱地址。",
        ],
        [
          "report.md: the field date (日期) has the value “12/10/2026”, which is not valid. Expected a date written YYYY-MM-DD, e.g. date: "2026-12-10"; or leave it out to use the submission date.",
          "report.md：字段 date（日期）的值“12/10/2026”无效。正确的写法：格式为 YYYY-MM-DD 的日期，例如 date: "2026-12-10"；也可以不写，此时使用提交日期。",
        ],
      ]
    `);
  });

  it("reads an unquoted numeric student ID with every digit", () => {
    const m = parseReportMetadata(withFront("studentId: 20240001234567890123\nname: a\nclass: b\nemail: a@b.cn"));
    expect(m.fields.studentId).toBe("20240001234567890123");
    expect(m.issues).toEqual([]);
  });

  it("says where the YAML is broken, and that the front matter or the file is missing", () => {
    expect(both(parseReportMetadata("---\nname: [a\n---\n## 结论\nx\n## 问答\n### q\na\n").issues)).toMatchInlineSnapshot(`
      [
        [
          "The front matter of report.md is not valid YAML (line 2): Flow sequence in block collection must be sufficiently indented and end with a ]. Write one field per line as key: "value".",
          "report.md 的 front matter 不是有效的 YAML（第 2 行）：Flow sequence in block collection must be sufficiently indented and end with a ]。请每行写一个字段，形如 key: "value"。",
        ],
      ]
    `);
    expect(both(parseReportMetadata("## 结论分析与体会\n\nx\n\n## 问答\n\n### q\n\na").issues)).toMatchInlineSnapshot(`
      [
        [
          "report.md does not start with a front matter block: its first line must be ---, followed by the fields (studentId, name, class, email) and another --- line.",
          "report.md 没有以 front matter 开头：第一行必须是 ---，接着写各字段（studentId、name、class、email），再以一行 --- 结束。",
        ],
      ]
    `);
    expect(both(emptyMetadata().issues)).toMatchInlineSnapshot(`
      [
        [
          "There is no report.md next to your exercises: copy report.md.template to report.md and fill it in.",
          "练习文件旁边没有 report.md：请把 report.md.template 复制为 report.md 并填写。",
        ],
      ]
    `);
  });

  it("warns about unknown fields, unknown sections, an ID that is not the submission's, and answers left out", () => {
    const m = parseReportMetadata(
      withFront('studentId: "2024000999"\nname: a\nclass: b\nemail: a@b.cn\nemial: x', "## 结论\n\nok\n\n## Notes\n\nx\n\n## 问答\n\n### first?\n\n### second?\n\nyes\n"),
      { student: "2024000123" },
    );
    expect(both(m.issues)).toMatchInlineSnapshot(`
      [
        [
          "report.md: the front matter has a field “emial” that dnnlab does not know; it is ignored. Known fields: studentId, name, class, email, date.",
          "report.md：front matter 中的字段“emial”不是 dnnlab 认识的字段，已忽略。可用的字段：studentId、name、class、email、date。",
        ],
        [
          "report.md: studentId is “2024000999” but the submission is filed under “2024000123”. Check that you wrote your own student ID.",
          "report.md：studentId 写的是“2024000999”，但提交文件夹的名字是“2024000123”。请检查是否填写了你自己的学号。",
        ],
        [
          "report.md: the heading “## Notes” is not one of the report's sections; its text is not used. Use “## 结论分析与体会 / Conclusions” and “## 问答 / Q&A”.",
          "report.md：标题“## Notes”不是报告中的部分，其内容不会被使用。请使用“## 结论分析与体会 / Conclusions”和“## 问答 / Q&A”。",
        ],
        [
          "report.md: question 1 (“first?”) has no answer. Write the answer below its ### heading.",
          "report.md：第 1 题（“first?”）没有回答。请在该题的 ### 标题下写出回答。",
        ],
      ]
    `);
  });

  it("understands questions written as 问：/答： lines, and keeps unstructured Q&A text", () => {
    const lines = parseReportMetadata(withFront("name: a", "## 结论\n\nok\n\n## 问答\n\n**问：为什么？**\n\n答：因为。\n\nQ2: and this?\nA: that.\n"));
    expect(lines.qa).toEqual([
      { question: "为什么？", answer: "因为。" },
      { question: "and this?", answer: "that." },
    ]);
    const free = parseReportMetadata(withFront("name: a", "## 结论\n\nok\n\n## 问答\n\nI had no questions.\n"));
    expect(free.qa).toEqual([{ question: "", answer: "I had no questions." }]);
    expect(free.issues.map((i) => i.code)).toContain("qa_format");
  });

  it("ignores headings inside code blocks and drops HTML comments", () => {
    const m = parseReportMetadata(withFront("name: a", "## 结论\n\n<!-- note -->\n```\n## not a heading\n```\n\n## 问答\n\n### q\n\na\n"));
    expect(m.conclusions).toBe("```\n## not a heading\n```");
    expect(m.issues.filter((i) => i.code === "unknown_section")).toEqual([]);
  });
});

describe("a report with broken metadata", () => {
  it("still renders, with the fields marked and the problems listed", () => {
    const metadata = parseReportMetadata(withFront('studentId: "2024000123"\nemail: nope', ""));
    for (const lang of ["zh", "en"] as const) {
      const view = buildViewModel({ result: sampleResult(), lab: sampleLab, metadata, experiments: {}, plots: {}, env: ENV, lang });
      const html = renderHtml(view, "hw2-1");
      const md = renderMarkdown(view, "hw2-1");
      const flag = lang === "zh" ? "未填写" : "missing";
      expect(html).toContain(`<span class="flag">${flag}</span>`);
      expect(html).toContain(`<span class="flag">${lang === "zh" ? "格式有误" : "invalid"}</span>`);
      expect(md).toContain(`⚠ **${flag}**`);
      for (const i of metadata.issues) expect(html).toContain(Handlebars.escapeExpression(renderMetadataIssue(i, lang)));
      expect(html).toContain(lang === "zh" ? "学生尚未填写此部分" : "The student has not written this part yet");
    }
  });
});
