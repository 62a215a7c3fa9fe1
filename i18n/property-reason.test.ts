import { describe, expect, it } from "vitest";
import { type PropertyReason, PropertyReasonSchema } from "../grader/result/result.ts";
import * as en from "./en/feedback.ts";
import * as zh from "./zh/feedback.ts";
import { englishSentences, englishWords } from "./zh-english.test.ts";

const reasons: PropertyReason[] = [
  { code: "wrong_shape", param: "W2", got: [3, 2], expected: [2, 3] },
  { code: "not_zeros", param: "b1" },
  { code: "std_off", param: "W1", got: 1.0123456, expected: 10 },
  { code: "std_off", param: "W2", got: 0.1, expected: Math.sqrt(2 / 64), formula: "sqrt(2/64)" },
];

/** One of every other code, as the checks in grader/judge/properties/ build them. */
const more: PropertyReason[] = [
  { code: "wrong_keys", what: "parameters", got: ["W1", "b1"], expected: ["W1", "W2", "b1", "b2"] },
  { code: "wrong_type", what: "result", expected: "list", length: 5, got: "tuple of 3" },
  { code: "wrong_type", what: "cost", expected: "number", got: "Matrix (1,1)" },
  { code: "mismatch", mismatch: { code: "shape_mismatch", path: 'cache["A1"]', expected: [20, 200], got: [200, 20] }, advice: "divide_by_keep_prob" },
  { code: "batch_count", got: 3, expected: 4, m: 148, size: 64 },
  { code: "wrong_value", call: "updateLr(0.5, 3, 1)", got: "dict with keys (none)", expected: 0.125 },
  { code: "cost_off", lambd: 0.7, got: 1.2, expected: 1.25, plain: 0.9 },
  { code: "cost_off", lambd: 0, got: null, expected: 0.9, plain: 0.9 },
  { code: "check_too_large", call: "gradientCheck(2, 4)", got: 0.5, limit: 1e-6 },
  { code: "check_too_large", got: 0.01, limit: 1e-5 },
  { code: "check_too_small", key: "dW2", offBy: 0.1, got: 1e-8, limit: 1e-3 },
  { code: "keep_fraction", param: "D1", got: 0.5, expected: 0.8 },
  { code: "mask_not_binary", param: "D2" },
  { code: "check_threw", name: "RangeError", message: "矩阵太大" },
];

describe("property failure reasons rendered per language", () => {
  it("the examples cover every code of the schema", () => {
    const codes = PropertyReasonSchema.options.map((o) => o.shape.code.value).sort();
    expect([...new Set([...reasons, ...more].map((r) => r.code))].sort()).toEqual(codes);
  });

  it("every code in Chinese holds no English sentence or prose word, and every code in English its data", () => {
    for (const r of more) {
      const zhText = zh.propertyReason(r);
      expect([...englishSentences(zhText), ...englishWords(zhText)], r.code).toEqual([]);
      expect(zhText).not.toBe(en.propertyReason(r));
    }
    expect(more.map((r) => en.propertyReason(r))).toMatchInlineSnapshot(`
      [
        "\`parameters\` has keys [W1, b1], expected [W1, W2, b1, b2]",
        "\`result\` is tuple of 3, expected a list of 5",
        "\`cost\` is Matrix (1,1), expected a number",
        "\`cache["A1"]\` has shape (200, 20) where (20, 200) was expected — the units kept must be divided by keep_prob",
        "3 mini-batches for m = 148, size 64; expected 4",
        "updateLr(0.5, 3, 1) = dict with keys (none), expected 0.125",
        "the cost is 1.2 for λ = 0.7, expected 1.25 (plain cost 0.9)",
        "at λ = 0 the cost is NaN or ±Infinity, expected the plain cost 0.9",
        "gradientCheck(2, 4) = 0.5, expected a value below 1e-6",
        "with correct gradients the difference is 0.01, expected below 1e-5",
        "with dW2 off by 0.1 the difference is 1e-8, expected above 1e-3",
        "D1 keeps 0.500 of the units, expected about keep_prob = 0.800",
        "D2 should hold only 0s and 1s",
        "checking what it returned raised RangeError: 矩阵太大",
      ]
    `);
    expect(more.map((r) => zh.propertyReason(r))).toMatchInlineSnapshot(`
      [
        "\`parameters\` 的键是 [W1, b1]，应为 [W1, W2, b1, b2]",
        "\`result\` 是含 3 项的列表，应为含 5 项的列表",
        "代价是 1×1 的矩阵，应为数字",
        "\`cache["A1"]\` 的形状是 (200, 20)，应为 (20, 200)——保留下来的单元必须除以 keep_prob",
        "m = 148、批大小为 64 时得到 3 个 mini-batch，应为 4 个",
        "updateLr(0.5, 3, 1) = 空字典，应为 0.125",
        "λ = 0.7 时代价为 1.2，应为 1.25（不含正则项的代价为 0.9）",
        "λ = 0 时代价为 NaN 或 ±Infinity，应等于不含正则项的代价 0.9",
        "gradientCheck(2, 4) = 0.5，应小于 1e-6",
        "梯度正确时差值为 0.01，应小于 1e-5",
        "把 dW2 的每个元素加上 0.1 后差值为 1e-8，应大于 1e-3",
        "D1 保留了 0.500 的单元，应约为 keep_prob = 0.800",
        "D2 应只含 0 和 1",
        "检查返回值时抛出了 RangeError：矩阵太大",
      ]
    `);
  });

  it("renders each code in English with its data", () => {
    expect(reasons.map((r) => en.propertyReason(r))).toEqual([
      "W2 has shape (3, 2), expected (2, 3)",
      "b1 is not all zeros",
      "W1 has standard deviation 1.0123, expected about 10",
      "W2 has standard deviation 0.1000, expected about sqrt(2/64) = 0.1768",
    ]);
  });

  it("renders each code in Chinese, with no English sentence", () => {
    const out = reasons.map((r) => zh.propertyReason(r));
    expect(out).toEqual([
      "W2 的形状是 (3, 2)，应为 (2, 3)",
      "b1 不全为零",
      "W1 的标准差是 1.0123，应约为 10",
      "W2 的标准差是 0.1000，应约为 sqrt(2/64) = 0.1768",
    ]);
    expect(out.flatMap(englishSentences)).toEqual([]);
  });

  it("a hidden property's mismatch says where, not the values, as a hidden case's does", () => {
    const reason: PropertyReason = {
      code: "mismatch",
      mismatch: { code: "value_mismatch", path: 'v["dW1"]', at: [0, 1], expected: 0.123456, got: 0.654321, maxAbsErr: 0.53, maxRelErr: 4.3, count: 3, total: 6 },
    };
    const issue = { code: "property_failed" as const, fn: "updateParametersWithMomentum", reason, seed: 1, counterexample: "(hidden)", numRuns: 1 };
    for (const m of [en, zh]) {
      const hidden = m.caseIssue(issue, { description: "β = 0", hidden: true });
      expect(hidden).toContain("[0, 1]");
      expect(hidden).not.toMatch(/0\.123456|0\.654321/);
      expect(m.caseIssue(issue, { description: "β = 0", hidden: false })).toContain("0.654321");
    }
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
