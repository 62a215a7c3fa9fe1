import { describe, expect, it } from "vitest";
import { perfect, sampleLab, sampleResults } from "../../fixtures/sample-results.ts";
import { finalScore } from "../result/result.ts";
import { parseRoster } from "../roster/roster.ts";
import { toCanvasCsv } from "./canvas.ts";
import { toGradebookCsv } from "./gradebook.ts";
import { toMoodleCsv } from "./moodle.ts";

const roster = parseRoster(
  ["id,name,email,section", "s001-alice,林悦,lin@example.edu,智能 24-1", "s002-bo,周明,zhou@example.edu,智能 24-1", "s005-eve,王芳,wang@example.edu,智能 24-2"].join("\n"),
);

describe("gradebook for a Chinese-locale spreadsheet", () => {
  it("starts with a BOM, names each question in the header and has a name column", () => {
    const csv = toGradebookCsv(sampleResults, sampleLab, { bom: true, titles: "zh", roster });
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const [header, ...rows] = csv.slice(1).trim().split("\n");
    expect(header).toBe("student,name,Q1 参数初始化,Q2 梯度检验,Q3 优化算法,total,raw_total,possible,late_penalty,minutes_late,submitted_at,time_source,status,failure");
    expect(rows[0].startsWith("s001-alice,林悦,")).toBe(true);
    expect(rows.find((r) => r.startsWith("s005-eve"))).toMatch(/^s005-eve,王芳,0,0,0,0,0,\d+,0,0,,none,missing,$/);
  });

  it("is as before without the options", () => {
    expect(toGradebookCsv(sampleResults, sampleLab).split("\n")[0]).toBe("student,Q1,Q2,Q3,total,raw_total,possible,late_penalty,minutes_late,submitted_at,time_source,status,failure");
  });
});

describe("toCanvasCsv", () => {
  it("identifies students by SIS User ID with their section, blank for a missing one", () => {
    const lines = toCanvasCsv(sampleResults, sampleLab, roster).trim().split("\n");
    expect(lines[0]).toBe(`Student,ID,SIS User ID,SIS Login ID,Section,"hw-demo ${sampleLab.title.en}"`);
    expect(lines).toContain(`林悦,,s001-alice,,智能 24-1,${finalScore(perfect)}`);
    expect(lines).toContain("王芳,,s005-eve,,智能 24-2,");
    expect(lines).toHaveLength(1 + 5);
  });
});

describe("toMoodleCsv", () => {
  it("carries both the ID number and the email so either can identify the user", () => {
    const lines = toMoodleCsv(sampleResults, sampleLab, roster).trim().split("\n");
    expect(lines[0].startsWith("ID number,Email address,Full name,Section,")).toBe(true);
    expect(lines).toContain(`s001-alice,lin@example.edu,林悦,智能 24-1,${finalScore(perfect)}`);
    expect(lines).toContain("s005-eve,wang@example.edu,王芳,智能 24-2,");
  });
});
