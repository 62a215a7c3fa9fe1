import { describe, expect, it } from "vitest";
import { type CaseIssue, CaseIssueSchema } from "../grader/result/result.ts";
import * as en from "./en/feedback.ts";
import type { CaseContext } from "./en/feedback.ts";
import * as zh from "./zh/feedback.ts";

const visible: CaseContext = { description: "He initialization, layers [2, 4, 1]", hidden: false };
const hidden: CaseContext = { description: "He initialization, a deeper network", hidden: true };

/** The same issue in both languages, so one snapshot pins both. */
const both = (issue: CaseIssue, c: CaseContext = visible) => ({ en: en.caseIssue(issue, c), zh: zh.caseIssue(issue, c) });

const fn = "initializeParametersHe";
const mismatch = (m: Extract<CaseIssue, { code: "mismatch" }>["mismatch"], partsOk = 0, partsTotal = 1): CaseIssue => ({
  code: "mismatch",
  fn,
  mismatch: m,
  partsOk,
  partsTotal,
});

describe("caseIssue", () => {
  it("has a message for every issue code (the list below covers them all)", () => {
    const codes = CaseIssueSchema.options.map((o) => o.shape.code.value).sort();
    expect(codes).toEqual(
      [
        "bad_return",
        "crashed",
        "does_not_compile",
        "file_missing",
        "infrastructure",
        "marker_error",
        "mismatch",
        "not_exported",
        "not_written",
        "property_failed",
        "threw",
        "timeout",
      ].sort(),
    );
  });

  it("not_written: names the function and where to write", () => {
    expect(both({ code: "not_written", fn }))
      .toMatchInlineSnapshot(`
        {
          "en": "initializeParametersHe is not written yet, so "He initialization, layers [2, 4, 1]" scored 0; write your code between its START CODE HERE and END CODE HERE markers.",
          "zh": "initializeParametersHe 还没有写，因此用例“He initialization, layers [2, 4, 1]”计 0 分；请在它的 START CODE HERE 和 END CODE HERE 标记之间写入代码。",
        }
      `);
  });

  it("not_written in a function it calls names that function", () => {
    expect(both({ code: "not_written", fn: "gradientCheck", missing: "forwardPropagation" })).toMatchInlineSnapshot(`
      {
        "en": "gradientCheck calls forwardPropagation, which is not written yet, so "He initialization, layers [2, 4, 1]" scored 0; write forwardPropagation first.",
        "zh": "gradientCheck 调用了还没有写的 forwardPropagation，因此用例“He initialization, layers [2, 4, 1]”计 0 分；请先写好 forwardPropagation。",
      }
    `);
  });

  it("does_not_compile: the compiler error with its file:line in the student's file", () => {
    expect(both({ code: "does_not_compile", fn, file: "initialization.ts", line: 76, column: 9, message: "Cannot find name 'layerDims'.\n  more" })).toMatchInlineSnapshot(`
      {
        "en": "initializeParametersHe does not compile, so "He initialization, layers [2, 4, 1]" scored 0: initialization.ts:76:9: Cannot find name 'layerDims'. Fix that line and check again.",
        "zh": "initializeParametersHe 无法通过编译，因此用例“He initialization, layers [2, 4, 1]”计 0 分：initialization.ts:76:9：Cannot find name 'layerDims'。请修正该行后再检查一次。",
      }
    `);
  });

  it("file_missing and marker_error say so", () => {
    expect(both({ code: "file_missing", fn, file: "initialization.ts" })).toMatchInlineSnapshot(`
      {
        "en": "initialization.ts is not in your submission, so initializeParametersHe could not be graded and "He initialization, layers [2, 4, 1]" scored 0; hand in initialization.ts with your code in it.",
        "zh": "你的提交中没有 initialization.ts，因此无法评测 initializeParametersHe，用例“He initialization, layers [2, 4, 1]”计 0 分；请提交写有代码的 initialization.ts。",
      }
    `);
    expect(both({ code: "marker_error", fn, file: "initialization.ts", line: 74 })).toMatchInlineSnapshot(`
      {
        "en": "initializeParametersHe's START/END CODE HERE markers are broken (initialization.ts:74), so its code was not graded and "He initialization, layers [2, 4, 1]" scored 0; restore the markers as in the released exercise.",
        "zh": "initializeParametersHe 的 START/END CODE HERE 标记已损坏（initialization.ts:74），其代码未被评测，用例“He initialization, layers [2, 4, 1]”计 0 分；请按发布的练习恢复这些标记。",
      }
    `);
  });

  it("not_exported", () => {
    expect(both({ code: "not_exported", fn })).toMatchInlineSnapshot(`
      {
        "en": "initializeParametersHe is not exported from your file, so "He initialization, layers [2, 4, 1]" could not call it; keep its export declaration as in the released exercise.",
        "zh": "initializeParametersHe 没有从你的文件中导出，用例“He initialization, layers [2, 4, 1]”无法调用它；请保留发布的练习中该函数的 export 声明。",
      }
    `);
  });

  it("threw: the error's name and message (first line only)", () => {
    expect(both({ code: "threw", fn, name: "TypeError", message: "Cannot read properties of undefined (reading 'shape')\n    at he (initialization.ts:41)" }))
      .toMatchInlineSnapshot(`
        {
          "en": "initializeParametersHe threw TypeError in "He initialization, layers [2, 4, 1]": "Cannot read properties of undefined (reading 'shape')"; find the line that throws and fix it.",
          "zh": "initializeParametersHe 在用例“He initialization, layers [2, 4, 1]”中抛出了 TypeError："Cannot read properties of undefined (reading 'shape')"；请找到抛出异常的那一行并修正。",
        }
      `);
  });

  it("threw in a hidden case: the name and file:line, no message", () => {
    expect(both({ code: "threw", fn, name: "RangeError", message: "", redacted: true, at: { file: "initialization.ts", line: 42 } })).toEqual({
      en: 'initializeParametersHe threw RangeError in "He initialization, layers [2, 4, 1]" at initialization.ts:42 (a hidden case, so its message is not shown); fix that line.',
      zh: "initializeParametersHe 在用例“He initialization, layers [2, 4, 1]”中于 initialization.ts:42 抛出了 RangeError（隐藏用例，不显示错误信息）；请修正该行。",
    });
    expect(both({ code: "threw", fn, name: "Error", message: "", redacted: true }).en).toContain("(a hidden case, so its message is not shown); find the line that throws");
  });

  it("timeout: the limit in seconds, or in milliseconds below one second", () => {
    expect([both({ code: "timeout", fn, limitMs: 10_000 }), both({ code: "timeout", fn, limitMs: 500 })]).toMatchInlineSnapshot(`
      [
        {
          "en": "initializeParametersHe did not finish within 10 s in "He initialization, layers [2, 4, 1]"; look for a loop that never ends or runs far more often than needed.",
          "zh": "initializeParametersHe 在用例“He initialization, layers [2, 4, 1]”中没有在 10 秒内结束；请检查是否有不会结束的循环，或循环次数远超所需。",
        },
        {
          "en": "initializeParametersHe did not finish within 500 ms in "He initialization, layers [2, 4, 1]"; look for a loop that never ends or runs far more often than needed.",
          "zh": "initializeParametersHe 在用例“He initialization, layers [2, 4, 1]”中没有在 500 毫秒内结束；请检查是否有不会结束的循环，或循环次数远超所需。",
        },
      ]
    `);
  });

  it("crashed: the sandbox's first line, not its stderr tail", () => {
    const crash = { reason: "out_of_memory", during: "call", exitCode: null, signal: "SIGABRT", stderrTail: "FATAL ERROR: heap out of memory", heapMb: 256, dataBytes: 256 * 2 ** 20, replyBytes: 4 * 2 ** 20 } as const;
    expect(both({ code: "crashed", fn, ...crash })).toMatchInlineSnapshot(`
      {
        "en": "initializeParametersHe stopped the test process in "He initialization, layers [2, 4, 1]": The sandboxed process stopped before answering: it ran out of memory (limits: heap 256 MB, data 256 MB); look for runaway memory use, endless recursion or a call to process.exit.",
        "zh": "initializeParametersHe 在用例“He initialization, layers [2, 4, 1]”中使测试进程停止：沙箱进程在给出结果之前停止：内存不足（上限：堆 256 MB，数据 256 MB）；请检查是否占用了过多内存、无限递归或调用了 process.exit。",
      }
    `);
  });

  it("bad_return", () => {
    expect(both({ code: "bad_return", fn, message: "a function cannot be sent back from the sandbox" })).toMatchInlineSnapshot(`
      {
        "en": "initializeParametersHe returned something that cannot be checked in "He initialization, layers [2, 4, 1]": a function cannot be sent back from the sandbox. Return what its doc comment describes (matrices, numbers, and arrays or objects of them).",
        "zh": "initializeParametersHe 在用例“He initialization, layers [2, 4, 1]”中返回了无法检查的值：a function cannot be sent back from the sandbox。请按函数注释返回（矩阵、数字，或由它们组成的数组或对象）。",
      }
    `);
  });

  it("mismatch, shape: spelled out as got where expected", () => {
    expect(both(mismatch({ code: "shape_mismatch", path: 'result["W1"]', expected: [2, 3], got: [3, 2] }, 1, 2))).toMatchInlineSnapshot(`
      {
        "en": "initializeParametersHe, case "He initialization, layers [2, 4, 1]": \`result["W1"]\` has shape (3, 2) where (2, 3) was expected. 1 of 2 outputs is right.",
        "zh": "initializeParametersHe，用例“He initialization, layers [2, 4, 1]”：\`result["W1"]\` 的形状是 (3, 2)，应为 (2, 3)。2 个输出中有 1 个正确。",
      }
    `);
  });

  it("mismatch, values in a matrix: first differing entry, expected vs got, max errors, how many differ", () => {
    const m = { code: "value_mismatch", path: 'result["W1"]', at: [0, 1], expected: 1.764052345967664, got: 1.2473675, maxAbsErr: 0.9175638, maxRelErr: 0.2928932, count: 8, total: 8 } as const;
    expect(both(mismatch({ ...m, at: [0, 1] }, 2, 4))).toMatchInlineSnapshot(`
      {
        "en": "initializeParametersHe, case "He initialization, layers [2, 4, 1]": \`result["W1"]\` differs at [0, 1]: expected 1.7640523, got 1.2473675 (max abs error 0.918, max rel error 0.293; 8 of 8 entries differ). 2 of 4 outputs are right.",
        "zh": "initializeParametersHe，用例“He initialization, layers [2, 4, 1]”：\`result["W1"]\` 在 [0, 1] 处不一致：应为 1.7640523，实际为 1.2473675（最大绝对误差 0.918，最大相对误差 0.293；8 个元素中有 8 个不同）。4 个输出中有 2 个正确。",
      }
    `);
  });

  it("mismatch, a scalar: no position, no count; NaN (stored as null) is named", () => {
    const scalar = mismatch({ code: "value_mismatch", path: "result", expected: 0.6931472, got: 0.6931, maxAbsErr: 4.72e-5, maxRelErr: 6.81e-5, count: 1, total: 1 });
    const nan = mismatch({ code: "value_mismatch", path: "result", expected: 2.5, got: null, maxAbsErr: null, maxRelErr: null, count: 1, total: 1 });
    expect([both(scalar), both(nan)]).toMatchInlineSnapshot(`
      [
        {
          "en": "initializeParametersHe, case "He initialization, layers [2, 4, 1]": \`result\` differs: expected 0.6931472, got 0.6931 (abs error 0.0000472, rel error 0.0000681).",
          "zh": "initializeParametersHe，用例“He initialization, layers [2, 4, 1]”：\`result\` 不一致：应为 0.6931472，实际为 0.6931（绝对误差 0.0000472，相对误差 0.0000681）。",
        },
        {
          "en": "initializeParametersHe, case "He initialization, layers [2, 4, 1]": \`result\` differs: expected 2.5, got NaN or ±Infinity.",
          "zh": "initializeParametersHe，用例“He initialization, layers [2, 4, 1]”：\`result\` 不一致：应为 2.5，实际为 NaN 或 ±Infinity。",
        },
      ]
    `);
  });

  it("mismatch on a hidden case: where and how many, never the values or the errors", () => {
    const m = mismatch(
      { code: "value_mismatch", path: 'result["W2"]', at: [1, 0], expected: null, got: null, maxAbsErr: 0.31, maxRelErr: 0.29, count: 12, total: 20 },
      3,
      6,
    );
    const scalar = mismatch({ code: "value_mismatch", path: "result", expected: null, got: null, maxAbsErr: 0.1, maxRelErr: 0.2, count: 1, total: 1 });
    const messages = [both(m, hidden), both(scalar, hidden)];
    expect(messages).toMatchInlineSnapshot(`
      [
        {
          "en": "initializeParametersHe, case "He initialization, a deeper network": \`result["W2"]\`: values differ, first at [1, 0] (12 of 20 entries differ); hidden cases do not show their values. 3 of 6 outputs are right.",
          "zh": "initializeParametersHe，用例“He initialization, a deeper network”：\`result["W2"]\` 的数值不一致（20 个元素中有 12 个不同，第一个不同的元素在 [1, 0]）；隐藏用例不显示具体数值。6 个输出中有 3 个正确。",
        },
        {
          "en": "initializeParametersHe, case "He initialization, a deeper network": \`result\`: the value differs; hidden cases do not show their values.",
          "zh": "initializeParametersHe，用例“He initialization, a deeper network”：\`result\` 的数值不一致；隐藏用例不显示具体数值。",
        },
      ]
    `);
    for (const msg of messages.flatMap((x) => [x.en, x.zh])) expect(msg).not.toMatch(/0\.31|0\.29|0\.1\b|0\.2\b/);
  });

  it("mismatch, type, length and missing key", () => {
    expect([
      both(mismatch({ code: "type_mismatch", path: "result[0]", expected: "Matrix (2,3)", got: "number" })),
      both(mismatch({ code: "length_mismatch", path: "result", expected: 5, got: 3 })),
      both(mismatch({ code: "missing_key", path: "result", key: "b2" })),
    ]).toMatchInlineSnapshot(`
      [
        {
          "en": "initializeParametersHe, case "He initialization, layers [2, 4, 1]": \`result[0]\`: expected Matrix (2,3), got number.",
          "zh": "initializeParametersHe，用例“He initialization, layers [2, 4, 1]”：\`result[0]\`：应为 2×3 的矩阵，实际为数字。",
        },
        {
          "en": "initializeParametersHe, case "He initialization, layers [2, 4, 1]": \`result\` has 3 items where 5 were expected.",
          "zh": "initializeParametersHe，用例“He initialization, layers [2, 4, 1]”：\`result\` 有 3 项，应为 5 项。",
        },
        {
          "en": "initializeParametersHe, case "He initialization, layers [2, 4, 1]": \`result\` has no key "b2".",
          "zh": "initializeParametersHe，用例“He initialization, layers [2, 4, 1]”：\`result\` 缺少键 "b2"。",
        },
      ]
    `);
  });

  it("property_failed: the reason and the counterexample in words, never the replay line (instructors only)", () => {
    const issue: CaseIssue = {
      code: "property_failed",
      fn,
      reason: "std(W1) is 0.71, expected about 1.41 (= sqrt(2 / 1))",
      seed: 1234,
      path: "0:1",
      counterexample: "[1,5,3]",
      numRuns: 2,
    };
    const { path: _path, ...noPath } = issue;
    const property = { description: "He: the std of W_l is close to sqrt(2 / n_{l-1})", hidden: false };
    expect([both(issue, property), both(noPath as CaseIssue, property)]).toMatchInlineSnapshot(`
      [
        {
          "en": "initializeParametersHe breaks the property "He: the std of W_l is close to sqrt(2 / n_{l-1})": std(W1) is 0.71, expected about 1.41 (= sqrt(2 / 1)). Counterexample, found on run 2: the inputs [1,5,3].",
          "zh": "initializeParametersHe 不满足性质“He: the std of W_l is close to sqrt(2 / n_{l-1})”：std(W1) is 0.71, expected about 1.41 (= sqrt(2 / 1))。在第 2 次运行时发现反例：输入为 [1,5,3]。",
        },
        {
          "en": "initializeParametersHe breaks the property "He: the std of W_l is close to sqrt(2 / n_{l-1})": std(W1) is 0.71, expected about 1.41 (= sqrt(2 / 1)). Counterexample, found on run 2: the inputs [1,5,3].",
          "zh": "initializeParametersHe 不满足性质“He: the std of W_l is close to sqrt(2 / n_{l-1})”：std(W1) is 0.71, expected about 1.41 (= sqrt(2 / 1))。在第 2 次运行时发现反例：输入为 [1,5,3]。",
        },
      ]
    `);
  });

  it("property_failed on a hidden property: the reason, no inputs", () => {
    const issue: CaseIssue = { code: "property_failed", fn, reason: "b2 is not all zeros", seed: 77, counterexample: "(hidden)", numRuns: 5 };
    expect(both(issue, { description: "He: biases are zero for any layer sizes", hidden: true })).toMatchInlineSnapshot(`
      {
        "en": "initializeParametersHe breaks the property "He: biases are zero for any layer sizes": b2 is not all zeros. Found on run 5; hidden checks do not show their inputs.",
        "zh": "initializeParametersHe 不满足性质“He: biases are zero for any layer sizes”：b2 is not all zeros。在第 5 次运行时发现；隐藏的检查不显示输入。",
      }
    `);
  });

  it("infrastructure", () => {
    expect(both({ code: "infrastructure", fn, detail: "esbuild could not start: spawn ENOENT" })).toMatchInlineSnapshot(`
      {
        "en": ""He initialization, layers [2, 4, 1]" could not be graded: esbuild could not start: spawn ENOENT. If that does not point to a problem with your submission, tell your instructor.",
        "zh": "用例“He initialization, layers [2, 4, 1]”无法评分：esbuild could not start: spawn ENOENT。如果这看起来不是你的提交的问题，请告知老师。",
      }
    `);
  });
});

describe("submission-level messages", () => {
  it("hint", () => {
    expect([en.hint("Scale by np.sqrt(2 / layersDims[l - 1])."), zh.hint("Scale by np.sqrt(2 / layersDims[l - 1]).")]).toMatchInlineSnapshot(`
      [
        "Hint: Scale by np.sqrt(2 / layersDims[l - 1]).",
        "提示：Scale by np.sqrt(2 / layersDims[l - 1]).",
      ]
    `);
  });

  it("failure: the whole submission could not be graded", () => {
    const fl = { code: "unreadable_submission", message: "s004.zip: end of central directory record signature not found." };
    expect([en.failure(fl), zh.failure(fl)]).toMatchInlineSnapshot(`
      [
        "Your submission could not be graded (unreadable_submission): s004.zip: end of central directory record signature not found. Every question scores 0; fix the submission and hand it in again, or tell your instructor if it looks right to you.",
        "你的提交无法评分（unreadable_submission）：s004.zip: end of central directory record signature not found。所有题目计 0 分；请修正后重新提交，如果你认为提交没有问题，请告知老师。",
      ]
    `);
  });

  it("late: nothing when on time, a grace note, or the penalty with how late", () => {
    const lines = (l: { minutesLate: number; penaltyPercent: number }, penalty: string, raw: string) => [en.late(l, penalty, raw), zh.late(l, penalty, raw)];
    expect([
      lines({ minutesLate: 0, penaltyPercent: 0 }, "0", "30"),
      lines({ minutesLate: 7.5, penaltyPercent: 0 }, "0", "30"),
      lines({ minutesLate: 1986, penaltyPercent: 20 }, "5.2", "26"),
    ]).toMatchInlineSnapshot(`
      [
        [
          undefined,
          undefined,
        ],
        [
          "Submitted 8 min after the deadline; no late penalty applies (grace period or no late policy).",
          "在截止时间后 8 分钟提交；不扣迟交分（在宽限期内或没有迟交规定）。",
        ],
        [
          "Late penalty: −5.2 points (submitted 1 day 9 h 6 min after the deadline; 20% of the 26 points earned).",
          "迟交扣分：−5.2 分（在截止时间后 1 天 9 小时 6 分钟提交；扣除所得 26 分的 20%）。",
        ],
      ]
    `);
  });

  it("zh has the same labels as en", () => {
    expect(Object.keys(zh.labels).sort()).toEqual(Object.keys(en.labels).sort());
  });
});
