/** The generic detectors on hand-made outputs: pure, no sandbox. */
import { describe, expect, it } from "vitest";
import { np } from "../../lib/np/index.ts";
import type { Value } from "../../lib/value.ts";
import { detect, scalesOf } from "./detectors.ts";
import { type Diagnosis, DiagnosisSchema } from "./diagnosis.ts";
import { Diagnoser } from "./diagnose.ts";
import type { FixtureCase } from "../cases/schema.ts";
import { diagnosisTitle, renderDiagnoses } from "../../i18n/diagnose.ts";
import { summarizeDiagnoses } from "./summary.ts";

const tol = { rtol: 1e-7, atol: 1e-9 };
const W = np.array([
  [0.5, -1.25, 2],
  [3, 0.75, -0.1],
]);
const X = np.array([
  [1, 2, 3, 4, 5],
  [0, 1, 0, 1, 0],
]); // m = 5

describe("generic detectors", () => {
  it("find a constant factor named by the case: m, 1/m, 2, keep_prob, λ", () => {
    expect(detect("backwardPropagationN", [X], { dW1: W }, { dW1: W.mul(5) }, tol)).toEqual([{ id: "constant-factor", path: 'result["dW1"]', factor: "m" }]);
    expect(detect("backwardPropagationN", [X], { dW1: W }, { dW1: W.mul(1 / 5) }, tol)).toEqual([{ id: "constant-factor", path: 'result["dW1"]', factor: "1/m" }]);
    expect(detect("backwardPropagationN", [X], { dW1: W }, { dW1: W.mul(2) }, tol)).toEqual([{ id: "constant-factor", path: 'result["dW1"]', factor: "2" }]);
    expect(detect("backwardPropagationWithDropout", [X, X, [], 0.8], { dA1: W }, { dA1: W.mul(0.8) }, tol)).toEqual([
      { id: "constant-factor", path: 'result["dA1"]', factor: "keep_prob" },
    ]);
    expect(detect("forwardPropagationWithDropout", [X, {}], [W, W], [W.mul(2), W], tol)).toEqual([{ id: "constant-factor", path: "result[0]", factor: "2" }]);
    expect(detect("computeCostWithRegularization", [X, X, {}, 0.7], 1.5, 1.5 * 0.7, tol)).toEqual([{ id: "constant-factor", path: "result", factor: "lambda" }]);
  });

  it("reads keep_prob's default (0.5) when the argument is left out", () => {
    expect(scalesOf("forwardPropagationWithDropout", [X, {}])).toEqual({ m: 5, keepProb: 0.5 });
    expect(scalesOf("updateLr", [0.5, 2, 1])).toEqual({});
  });

  it("find a flipped sign and a transposed matrix", () => {
    expect(detect("backwardPropagationN", [X], { dW1: W }, { dW1: W.neg() }, tol)).toEqual([{ id: "sign-flipped", path: 'result["dW1"]' }]);
    expect(detect("backwardPropagationN", [X], { dW1: W }, { dW1: W.T }, tol)).toEqual([{ id: "transposed", path: 'result["dW1"]' }]);
    const S = np.array([
      [1, 2],
      [3, 4],
    ]);
    expect(detect("backwardPropagationN", [X], S, S.T, tol)).toEqual([{ id: "transposed", path: "result" }]);
  });

  it("find NaN where a scalar argument is 0, and only then", () => {
    expect(detect("backwardPropagation", [2, 0], 2, NaN, tol)).toEqual([{ id: "nan-at-zero", path: "result", arg: 1 }]);
    expect(detect("backwardPropagation", [2, 3], 2, NaN, tol)).toEqual([]);
  });

  it("find a list of mini-batches where only the last one is wrong or missing", () => {
    const b = (k: number): Value => [X.mul(k), np.array([[k, k, k, k, k]])];
    const expected = [b(1), b(2), b(3)];
    expect(detect("randomMiniBatches", [X], expected, [b(1), b(2)], tol)).toEqual([{ id: "last-batch-only", missing: true }]);
    expect(detect("randomMiniBatches", [X], expected, [b(1), b(2), b(4)], tol)).toEqual([{ id: "last-batch-only", missing: false }]);
    expect(detect("randomMiniBatches", [X], expected, [b(1), b(5), b(4)], tol).some((d) => d.id === "last-batch-only")).toBe(false);
  });

  it("say nothing about a difference no detector knows, or an output that is right", () => {
    const other = W.add(np.array([[0, 0.3, 0], [0, 0, 0]]));
    expect(detect("backwardPropagationN", [X], { dW1: W }, { dW1: other }, tol)).toEqual([]);
    expect(detect("backwardPropagationN", [X], { dW1: W }, { dW1: W }, tol)).toEqual([]);
  });

  it("carry no number of the case: only names of factors, paths and argument positions", () => {
    const ds = detect("backwardPropagationN", [X], { dW1: W, db1: W }, { dW1: W.mul(5), db1: W.T }, tol);
    expect(ds).toHaveLength(2);
    for (const d of ds) {
      const parsed = DiagnosisSchema.parse({ source: "detector", ...d });
      expect(JSON.stringify(parsed)).not.toMatch(/\b5\b|0\.5|1\.25/);
    }
  });
});

describe("the diagnose step's detectors on hidden cases", () => {
  const theta0 = (hidden: boolean): FixtureCase => ({
    id: "b0",
    fn: "backwardPropagation",
    description: "dJ/dθ at θ = 0",
    args: [2, 0],
    expected: 2,
    rtol: 1e-12,
    atol: 0,
    hidden,
    reproduces: "test",
  });
  const nan = { ok: true as const, value: { $num: "NaN" as const } };

  it("say which argument was 0 on a public case, and not on a hidden one", async () => {
    const d = new Diagnoser({ catalog: [] });
    expect((await d.diagnose([{ fixture: theta0(false), outcome: nan }])).get("b0")).toEqual([
      { source: "detector", id: "nan-at-zero", path: "result", arg: 1 },
    ]);
    const hidden = (await d.diagnose([{ fixture: theta0(true), outcome: nan }])).get("b0")!;
    expect(hidden).toEqual([{ source: "detector", id: "nan-at-zero", path: "result" }]);
    expect(renderDiagnoses(hidden, "en").join()).not.toMatch(/argument|0 /);
    expect(d.stats.sandboxes).toBe(0);
  });
});

describe("rendering and counting diagnoses", () => {
  it("renders a catalog diagnosis with its look, likely line and hint in English and in Chinese", () => {
    const d = [
      {
        source: "catalog" as const,
        id: "momentum-no-one-minus-beta",
        match: "full" as const,
        line: { kind: "wrote" as const, code: 'v["dW" + l] = v["dW" + l].mul(beta).add(grads["dW" + l]);' },
      },
    ];
    const enText = renderDiagnoses(d, "en");
    expect(enText[0]).toMatch(/^Likely mistake: The velocity is β·v \+ dW/);
    expect(enText[1]).toBe('The line probably looks like `v["dW" + l] = v["dW" + l].mul(beta).add(grads["dW" + l]);`.');
    expect(enText[2]).toMatch(/^What to change: /);
    const zhText = renderDiagnoses(d, "zh");
    expect(zhText[0]).toMatch(/^可能的错误：速度算成了/);
    expect(zhText[2]).toMatch(/^如何修改：/);
  });

  it("renders aliases as alternatives and detectors as what the numbers show; skips unknown ids", () => {
    const lines = renderDiagnoses(
      [
        { source: "catalog", id: "check-1d-eps-precedence", match: "full" },
        { source: "catalog", id: "check-1d-norm-of-sum", match: "full" },
        { source: "catalog", id: "no-such-entry", match: "full" },
      ],
      "en",
    );
    expect(lines.filter((l) => l.startsWith("Or: "))).toHaveLength(1);
    expect(renderDiagnoses([{ source: "detector", id: "constant-factor", path: 'result["db1"]', factor: "1/keep_prob" }], "zh")[0]).toBe(
      "从数值上看：`result[\"db1\"]` 等于期望值乘以 1/keep_prob：检查是否漏掉或多乘了一个因子。",
    );
  });

  it("names a diagnosis in one line for tables, in both languages", () => {
    expect(diagnosisTitle({ source: "catalog", id: "schedule-no-floor" }, "en")).toBe("The rate decays a little every epoch instead of in steps.");
    expect(diagnosisTitle({ source: "detector", id: "transposed" }, "zh")).toBe("矩阵转置了");
    expect(diagnosisTitle({ source: "catalog", id: "no-such-entry" }, "en")).toBeUndefined();
  });

  it("counts diagnoses per class: students and cases per mistake", () => {
    const d = (id: string) => ({ source: "catalog" as const, id, match: "full" as const });
    const q = "Q1";
    const sign: Diagnosis = { source: "detector", id: "sign-flipped", path: "result" };
    const s = summarizeDiagnoses(
      [
        { student: "a", cases: [{ id: "c1", fn: "f", question: q, diagnoses: [d("x")] }, { id: "c2", fn: "f", question: q, diagnoses: [d("x")] }] },
        { student: "b", cases: [{ id: "c1", fn: "f", question: q, diagnoses: [d("x"), d("y")] }, { id: "c3", fn: "g", question: q }] },
        { student: "c", cases: [{ id: "c4", fn: "g", question: q, diagnoses: [sign] }] },
        { student: "d", cases: [{ id: "c1", fn: "f", question: q }] },
      ],
      "hw",
    );
    expect(s.counts).toEqual([
      { id: "x", source: "catalog", fn: "f", students: 2, cases: 3, who: ["a", "b"] },
      { id: "sign-flipped", source: "detector", fn: "g", students: 1, cases: 1, who: ["c"] },
      { id: "y", source: "catalog", fn: "f", students: 1, cases: 1, who: ["b"] },
    ]);
    expect(s).toMatchObject({ graded: 4, diagnosed: 3, students: { b: { c1: ["x", "y"] } } });
  });
});
