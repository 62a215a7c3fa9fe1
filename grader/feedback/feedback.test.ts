import { describe, expect, it } from "vitest";
import { failed, late, partial, perfect, sampleLab } from "../../fixtures/sample-results.ts";
import { renderCaseFeedback, renderFeedback, renderTerminal } from "./feedback.ts";

describe("renderFeedback", () => {
  it("lists each failing case with its message and hint, the passing ones briefly, then the notes", () => {
    expect(renderFeedback(partial, sampleLab, "en")).toMatchInlineSnapshot(`
      "# Initialization, Gradient Checking and Optimization — feedback for s002-bo

      **Total: 15.83 / 30**

      | Question | Points |
      |---|---:|
      | Q1 Initialization | 3.5 / 10 |
      | Q2 Gradient Checking | 10 / 10 |
      | Q3 Optimization | 2.33 / 10 |
      | **Total** | **15.83 / 30** |

      ## Q1 Initialization — 3.5 / 10

      ### To fix

      - ✗ **He initialization, layers [2, 4, 1]** — 2 / 4

        initializeParametersHe, case "He initialization, layers [2, 4, 1]": \`result["W1"]\` differs at [0, 1]: expected 1.7640523, got 1.2473675 (max abs error 0.918, max rel error 0.293; 8 of 8 entries differ). 2 of 4 outputs are right.

        Hint: Scale by np.sqrt(2 / layersDims[l - 1]).

      - ✗ **He initialization, a deeper network** — 1.5 / 3 · hidden

        initializeParametersHe, case "He initialization, a deeper network": \`result["W2"]\`: values differ, first at [1, 0] (12 of 20 entries differ); hidden cases do not show their values. 3 of 6 outputs are right.

      - ✗ **He: the std of W_l is close to sqrt(2 / n_{l-1})** — 0 / 3

        initializeParametersHe breaks the property "He: the std of W_l is close to sqrt(2 / n_{l-1})": std(W1) is 0.71, expected about 1.41 (= sqrt(2 / 1)). Counterexample, found on run 2: the inputs [1,5,3].

      ## Q2 Gradient Checking — 10 / 10

      Every case passes.

      - ✓ N-dimensional backward pass, notebook case
      - ✓ gradient check separates correct from buggy gradients

      ## Q3 Optimization — 2.33 / 10

      ### To fix

      - ✗ **Adam update with epsilon = 1e-2** — 2.33 / 7

        updateParametersWithAdam, case "Adam update with epsilon = 1e-2": \`result[1]["dW1"]\` has shape (3, 2) where (2, 3) was expected. 1 of 3 outputs is right.

      - ✗ **mini-batches when m is not a multiple of the batch size** — 0 / 3

        randomMiniBatches did not finish within 10 s in "mini-batches when m is not a multiple of the batch size"; look for a loop that never ends or runs far more often than needed.

      ## Notes on your files

      - optimization.ts:88:5 in updateParametersWithAdam: Cannot find name 'vCorected'. — this function scores 0 until it compiles

      ## Changes outside the markers

      - initialization.ts: changes outside the START/END CODE HERE markers were ignored; only the code between them is graded.

      <details><summary>What your code printed (the end of it)</summary>

      \`\`\`text
      cost after iteration 0: 0.6931
      \`\`\`

      </details>
      "
    `);
  });

  it("shows the late penalty and the total before it, in Chinese too", () => {
    expect(renderFeedback(late, sampleLab, "zh")).toMatchInlineSnapshot(`
      "# 初始化、梯度检验与优化 —— s003-chen 的评分反馈

      **总分：20.8 / 30**（迟交扣分前为 26）

      迟交扣分：−5.2 分（在截止时间后 1 天 9 小时 6 分钟提交；扣除所得 26 分的 20%）。

      | 题目 | 得分 |
      |---|---:|
      | Q1 参数初始化 | 10 / 10 |
      | Q2 梯度检验 | 6 / 10 |
      | Q3 优化算法 | 10 / 10 |
      | **总分** | **20.8 / 30** |

      ## Q1 参数初始化 — 10 / 10

      所有用例均已通过。

      - ✓ 层大小 [2, 4, 1] 的 He 初始化（notebook 中的单元格）
      - ✓ 更深网络的 He 初始化（隐藏的层大小） · 隐藏
      - ✓ He 初始化：形状正确、偏置为零，每个 W_l 的标准差缩放为 sqrt(2 / n_{l-1})

      ## Q2 梯度检验 — 6 / 10

      ### 需要修改

      - ✗ **N 维：梯度正确时检验值很小（< 1e-5），有一个梯度错误时很大（> 1e-3）** — 0 / 4

        gradientCheckN 在用例“N 维：梯度正确时检验值很小（< 1e-5），有一个梯度错误时很大（> 1e-3）”中抛出了 TypeError："Cannot read properties of undefined (reading 'shape')"；请找到抛出异常的那一行并修正。

      ### 已通过

      - ✓ 修正两处预埋错误后的 3 层反向传播

      ## Q3 优化算法 — 10 / 10

      所有用例均已通过。

      - ✓ Adam update with epsilon = 1e-2
      - ✓ mini-batches when m is not a multiple of the batch size
      "
    `);
  });

  it("says why a submission could not be graded instead of listing its cases", () => {
    const page = renderFeedback(failed, sampleLab, "en");
    expect(page).toContain("> Your submission could not be graded (unreadable_submission)");
    expect(page).toContain("| Q1 Initialization | 0 / 10 |");
    expect(page).not.toContain("## Q1");
  });

  it("never shows a hidden case's values", () => {
    const page = renderFeedback(partial, sampleLab, "en");
    expect(page).toContain("He initialization, a deeper network** — 1.5 / 3 · hidden");
    const hidden = page.split("\n").find((l) => l.includes("a deeper network\":"))!;
    expect(hidden).toContain("values differ, first at [1, 0] (12 of 20 entries differ)");
    expect(hidden).not.toMatch(/0\.31|0\.29|expected \d|got \d/); // the errors and values the data still has
  });
});

describe("renderFeedback, printed output", () => {
  it("fences what the code printed so that backticks in it cannot close the block", () => {
    const page = renderFeedback({ ...perfect, output: "look: ```js\nx\n```" }, sampleLab, "en");
    expect(page).toContain("````text\nlook: ```js\nx\n```\n````");
    expect(renderFeedback(perfect, sampleLab, "en")).not.toContain("<details>");
  });
});

describe("renderCaseFeedback", () => {
  it("is empty for a passing case, and leaves the hint out when the case could not be graded", () => {
    expect(renderCaseFeedback(perfect.cases[0], "en")).toBe("");
    expect(renderCaseFeedback(failed.cases[0], "en")).not.toContain("Hint");
    expect(renderCaseFeedback(partial.cases[0], "en").split("\n")).toHaveLength(2);
  });
});

describe("renderTerminal", () => {
  it("prints ✓/✗ per case, the score per question and the total, without colour unless asked", () => {
    const text = renderTerminal(partial, sampleLab, "en", { color: false });
    expect(text).not.toContain("\x1b[");
    expect(text).toMatchInlineSnapshot(`
      "hw-demo · s002-bo
      Q1 Initialization     3.5 / 10
        ✗ He initialization, layers [2, 4, 1] (2 / 4)
            initializeParametersHe, case "He initialization, layers [2, 4, 1]": \`result["W1"]\` differs at [0, 1]: expected 1.7640523, got 1.2473675 (max abs error 0.918, max rel error 0.293; 8 of 8 entries differ). 2 of 4 outputs are right.
            Hint: Scale by np.sqrt(2 / layersDims[l - 1]).
        ✗ He initialization, a deeper network (hidden) (1.5 / 3)
            initializeParametersHe, case "He initialization, a deeper network": \`result["W2"]\`: values differ, first at [1, 0] (12 of 20 entries differ); hidden cases do not show their values. 3 of 6 outputs are right.
        ✗ He: the std of W_l is close to sqrt(2 / n_{l-1}) (0 / 3)
            initializeParametersHe breaks the property "He: the std of W_l is close to sqrt(2 / n_{l-1})": std(W1) is 0.71, expected about 1.41 (= sqrt(2 / 1)). Counterexample, found on run 2: the inputs [1,5,3].
      Q2 Gradient Checking  10 / 10
        ✓ N-dimensional backward pass, notebook case
        ✓ gradient check separates correct from buggy gradients
      Q3 Optimization       2.33 / 10
        ✗ Adam update with epsilon = 1e-2 (2.33 / 7)
            updateParametersWithAdam, case "Adam update with epsilon = 1e-2": \`result[1]["dW1"]\` has shape (3, 2) where (2, 3) was expected. 1 of 3 outputs is right.
        ✗ mini-batches when m is not a multiple of the batch size (0 / 3)
            randomMiniBatches did not finish within 10 s in "mini-batches when m is not a multiple of the batch size"; look for a loop that never ends or runs far more often than needed.
      ! optimization.ts:88:5 in updateParametersWithAdam: Cannot find name 'vCorected'. — this function scores 0 until it compiles
      ! initialization.ts: changes outside the START/END CODE HERE markers were ignored; only the code between them is graded.
      Total: 15.83 / 30
      "
    `);
  });

  it("colours when asked: green for full marks, yellow for partial, red for none", () => {
    const text = renderTerminal(partial, sampleLab, "en", { color: true });
    expect(text).toContain("\x1b[32m10 / 10\x1b[0m");
    expect(text).toContain("\x1b[33m3.5 / 10\x1b[0m");
    expect(text).toContain("\x1b[31m✗\x1b[0m He: the std");
  });

  it("aligns Chinese titles by their width on screen", () => {
    const lines = renderTerminal(failed, sampleLab, "zh", { color: false }).split("\n").filter((l) => l.startsWith("Q"));
    expect(lines).toMatchInlineSnapshot(`
      [
        "Q1 参数初始化  0 / 10",
        "Q2 梯度检验    0 / 10",
        "Q3 优化算法    0 / 10",
      ]
    `);
  });

  it("shows the late line and the total after the penalty", () => {
    const text = renderTerminal(late, sampleLab, "en", { color: false });
    expect(text).toContain("Late penalty: −5.2 points");
    expect(text.trimEnd().split("\n").at(-1)).toBe("Total: 20.8 / 30");
  });
});
