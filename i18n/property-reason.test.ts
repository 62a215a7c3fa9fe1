import { describe, expect, it } from "vitest";
import type { PropertyReason } from "../grader/result/result.ts";
import * as en from "./en/feedback.ts";
import * as zh from "./zh/feedback.ts";
import { englishSentences } from "./zh-english.test.ts";

const reasons: PropertyReason[] = [
  { code: "wrong_shape", param: "W2", got: [3, 2], expected: [2, 3] },
  { code: "not_zeros", param: "b1" },
  { code: "std_off", param: "W1", got: 1.0123456, expected: 10 },
  { code: "std_off", param: "W2", got: 0.1, expected: Math.sqrt(2 / 64), formula: "sqrt(2/64)" },
];

describe("property failure reasons rendered per language", () => {
  it("renders each code in English with its data", () => {
    expect(reasons.map(en.propertyReason)).toEqual([
      "W2 has shape (3, 2), expected (2, 3)",
      "b1 is not all zeros",
      "W1 has standard deviation 1.0123, expected about 10",
      "W2 has standard deviation 0.1000, expected about sqrt(2/64) = 0.1768",
    ]);
  });

  it("renders each code in Chinese, with no English sentence", () => {
    const out = reasons.map(zh.propertyReason);
    expect(out).toEqual([
      "W2 的形状是 (3, 2)，应为 (2, 3)",
      "b1 不全为零",
      "W1 的标准差是 1.0123，应约为 10",
      "W2 的标准差是 0.1000，应约为 sqrt(2/64) = 0.1768",
    ]);
    expect(out.flatMap(englishSentences)).toEqual([]);
  });

  it("passes an uncoded reason through unchanged", () => {
    expect(zh.propertyReason("parameters has keys W1, b1")).toBe("parameters has keys W1, b1");
  });

  it("a failed property's issue in zh feedback quotes the Chinese reason", () => {
    const issue = { code: "property_failed" as const, fn: "initializeParametersHe", reason: reasons[3], seed: 1, counterexample: "[64, 2, 1]", numRuns: 1 };
    const text = zh.caseIssue(issue, { description: "He 初始化", hidden: false });
    expect(text).toContain("W2 的标准差是 0.1000，应约为 sqrt(2/64) = 0.1768");
  });
});
