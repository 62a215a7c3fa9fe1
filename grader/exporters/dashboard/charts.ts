/**
 * The dashboard's two figures as SVG, rendered when the page is built (vega-lite compiled
 * to vega, vega's View with `renderer: "none"` and `toSVG()`: no browser, no canvas, no
 * network), so the page shows them from file:// with no script. The histograms are binned
 * here (model.ts), so the chart's size does not grow with the class. Words (axis titles)
 * are passed in by the caller in the page's language.
 */
import * as vega from "vega";
import { type TopLevelSpec, compile } from "vega-lite";
import type { QuestionDistribution, TestPassRate } from "./model.ts";

const CONFIG = {
  font: "sans-serif",
  aria: false,
  axis: { labelFontSize: 10, titleFontSize: 11, titleFontWeight: "normal", gridColor: "#e6e6e6" },
  header: { labelFontSize: 11, titleFontSize: 11 },
  view: { stroke: null },
} as const;

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none", logLevel: vega.Warn });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface DistributionWords {
  points: string;
  students: string;
  title: (q: QuestionDistribution) => string;
}

/** One small histogram per question, side by side. */
export function distributionSpec(questions: readonly QuestionDistribution[], words: DistributionWords): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: CONFIG,
    hconcat: questions.map((q) => ({
      title: { text: words.title(q), fontSize: 12 },
      width: 200,
      height: 140,
      data: { values: q.bins.map((b) => ({ from: b.from, to: b.to, count: b.count })) },
      mark: { type: "bar", color: "#3f7fbf", binSpacing: 1 },
      encoding: {
        x: { field: "from", type: "quantitative", title: words.points, scale: { domain: [0, q.possible] } },
        x2: { field: "to" },
        y: { field: "count", type: "quantitative", title: words.students, axis: { tickMinStep: 1 } },
        // Explicit base: with x and x2 both set, vega-lite would otherwise draw each bin as a line at its count.
        y2: { datum: 0 },
      },
    })),
  } as TopLevelSpec;
}

export interface PassRateWords {
  passRate: string;
  label: (t: TestPassRate) => string;
}

/** One bar per test: the share of the class that passed it, coloured by question. */
export function passRateSpec(tests: readonly TestPassRate[], words: PassRateWords): TopLevelSpec {
  const values = tests.map((t, i) => ({ order: i, label: words.label(t), question: t.question, rate: t.total ? t.passed / t.total : 0 }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    config: CONFIG,
    width: 320,
    height: { step: 13 },
    data: { values },
    mark: { type: "bar" },
    encoding: {
      y: { field: "label", type: "nominal", sort: { field: "order" }, title: null, axis: { labelLimit: 420, labelFontSize: 9 } },
      x: { field: "rate", type: "quantitative", title: words.passRate, scale: { domain: [0, 1] }, axis: { format: "%" } },
      color: { field: "question", type: "nominal", legend: null },
    },
  } as TopLevelSpec;
}
