/**
 * Fictional inputs for the report tests and the docs screenshots: a small lab, a graded
 * result with a passing, a failing, a partly passing and an unwritten case, a report.md,
 * and a synthetic Initialization experiment (small grid, no training). No real student.
 */
import type { ExperimentResult } from "../experiments/run.ts";
import { EXPERIMENT_SPECS } from "../experiments/runs.ts";
import type { Lab } from "../grader/labs/lab.ts";
import type { SubmissionResult } from "../grader/result/result.ts";

export const SAMPLE_STUDENT = "2024000123";

export function sampleLab(): Lab {
  return {
    id: "hw2-1",
    title: { en: "Improving Deep Neural Networks: Initialization and Gradient Checking", zh: "改善深层神经网络：初始化与梯度检验" },
    deadline: "2026-12-14T23:59:00+08:00",
    latePolicy: { kind: "none" },
    questions: [
      {
        id: "Q1",
        title: { en: "Initialization", zh: "参数初始化" },
        assignment: "initialization",
        file: "initialization.ts",
        points: 10,
        tests: [
          { kind: "fixture", id: "he-2-4-1", points: 4 },
          { kind: "fixture", id: "he-3-1-2", points: 3 },
          { kind: "property", id: "he-scale", points: 3 },
        ],
      },
      {
        id: "Q2",
        title: { en: "Gradient Checking", zh: "梯度检验" },
        assignment: "gradient-checking",
        file: "gradient-checking.ts",
        points: 10,
        tests: [{ kind: "fixture", id: "forward-1d", points: 10 }],
      },
    ],
  };
}

export function sampleResult(overrides: Partial<SubmissionResult> = {}): SubmissionResult {
  return {
    schema: "dnnlab.result/1",
    student: SAMPLE_STUDENT,
    lab: "hw2-1",
    submittedAt: "2026-12-10T04:30:00.000Z",
    gradedAt: "2026-12-15T02:00:00.000Z",
    durationMs: 1234,
    cases: [
      {
        id: "he-2-4-1",
        kind: "fixture",
        question: "Q1",
        fn: "initializeParametersHe",
        description: "He initialisation for layers [2, 4, 1]",
        hidden: false,
        points: 4,
        earned: 4,
      },
      {
        id: "he-3-1-2",
        kind: "fixture",
        question: "Q1",
        fn: "initializeParametersHe",
        description: "He initialisation for layers [3, 1, 2]",
        hidden: false,
        points: 3,
        earned: 0,
        hint: "Scale by sqrt(2 / n_{l-1}): the fan-in is the previous layer's size.",
        issue: {
          code: "mismatch",
          fn: "initializeParametersHe",
          mismatch: {
            code: "value_mismatch",
            path: 'result["W1"]',
            at: [0, 0],
            expected: 1.4604090331058333,
            got: 2.5295026451718416,
            maxAbsErr: 1.0690936120660084,
            maxRelErr: 0.7320508075688774,
            count: 3,
            total: 3,
          },
          partsOk: 2,
          partsTotal: 4,
        },
      },
      {
        id: "he-scale",
        kind: "property",
        question: "Q1",
        fn: "initializeParametersHe",
        description: "He: each W_l has standard deviation sqrt(2 / n_{l-1})",
        hidden: true,
        points: 3,
        earned: 1,
        issue: {
          code: "property_failed",
          fn: "initializeParametersHe",
          reason: "W2 has standard deviation 0.19, expected about 0.22",
          seed: 103,
          counterexample: "[30,40,53]",
          numRuns: 1,
        },
      },
      {
        id: "forward-1d",
        kind: "fixture",
        question: "Q2",
        fn: "forwardPropagation",
        description: "J = θ·x at x = 2, θ = 4",
        hidden: false,
        points: 10,
        earned: 0,
        issue: { code: "not_written", fn: "forwardPropagation" },
      },
    ],
    regions: [
      {
        file: "initialization.ts",
        fn: "initializeParametersHe",
        index: 0,
        status: "spliced",
        code: '    parameters["W" + l] = np.random.randn(layersDims[l], layersDims[l - 1]).mul(Math.sqrt(2 / layersDims[l]));\n    parameters["b" + l] = np.zeros([layersDims[l], 1]);',
      },
      { file: "gradient-checking.ts", fn: "forwardPropagation", index: 0, status: "untouched", code: "" },
    ],
    notes: [],
    late: { minutesLate: 0, penaltyPercent: 0, penaltyPoints: 0 },
    isolation: null,
    ...overrides,
  };
}

/** A complete report.md of a fictional student. */
export const SAMPLE_REPORT_MD = `---
studentId: "${SAMPLE_STUDENT}"
name: "林小雨"
class: "智能 24-1"
email: "lin.xiaoyu@example.edu"
---

## 结论分析与体会 / Conclusions

全零初始化时代价一直停在 $\\ln 2 \\approx 0.693$，说明每层的神经元始终相同。He 初始化收敛最快。

- 权重过大时 sigmoid 会饱和，开始的代价很大；
- 我的 \`initializeParametersHe\` 用错了 fan-in，改正后测试通过。

$$\\sigma^2 = \\frac{2}{n^{[l-1]}}$$

## 问答 / Q&A

### 为什么梯度检验要用相对差值？

因为梯度本身的大小差别很大，只看 $\\lVert g - g^{\\text{approx}} \\rVert$ 无法设定统一的阈值。

### 梯度检验可以在训练时一直开着吗？

不行：每个参数都要两次前向传播，太慢，只在调试时使用。
`;

/** Two noisy circles and a disc-shaped class-1 region: a synthetic Initialization result (no training). */
export function sampleExperiment(): ExperimentResult {
  const spec = EXPERIMENT_SPECS.initialization;
  const n = 40;
  const lin = (i: number): number => -1.5 + (3 * i) / (n - 1);
  const x1 = Array.from({ length: n }, (_, i) => lin(i));
  const x2 = x1.slice();
  const disc = (r: number) => x2.map((b) => x1.map((a) => (a * a + b * b < r * r ? 1 : 0)));
  const m = 80;
  const points = { x1: [] as number[], x2: [] as number[], y: [] as number[] };
  for (let k = 0; k < m; k++) {
    const angle = (2 * Math.PI * k) / m;
    const r = k % 2 ? 0.55 : 1;
    points.x1.push(r * Math.cos(angle) + 0.05 * Math.sin(7 * k));
    points.x2.push(r * Math.sin(angle) + 0.05 * Math.cos(5 * k));
    points.y.push(k % 2);
  }
  const costs = (start: number, end: number): number[] => Array.from({ length: 15 }, (_, i) => end + (start - end) * Math.exp(-i / 3));
  return {
    experiment: "initialization",
    rows: [
      { run: "zeros", label: "zeros", train: 0.5, test: 0.5, reference: spec.runs[0].reference, seconds: 1.9 },
      { run: "random", label: "random × 10", train: 0.83, test: 0.86, reference: spec.runs[1].reference, seconds: 2.1 },
      { run: "he", label: "He", train: 0.9633333333333334, test: 0.94, reference: spec.runs[2].reference, seconds: 2.0 },
    ],
    curves: [
      { run: "zeros", every: 1000, unit: "iteration", costs: Array.from({ length: 15 }, () => 0.6931471805599453) },
      { run: "random", every: 1000, unit: "iteration", costs: [null, ...costs(0.62, 0.38).slice(1)] },
      { run: "he", every: 1000, unit: "iteration", costs: costs(0.88, 0.08) },
    ],
    boundaries: [
      { run: "zeros", grid: { x1, x2, z: disc(0) }, points },
      { run: "random", grid: { x1, x2, z: disc(0.9) }, points },
      { run: "he", grid: { x1, x2, z: disc(0.78) }, points },
    ],
    checks: [],
  };
}
