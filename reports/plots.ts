/**
 * The report's figures as SVG, from vega-lite specs rendered headlessly by vega's View
 * (`renderer: "none"`, `toSVG()`: no browser, no canvas). One cost-curve plot per
 * experiment (a line per run) and one decision-boundary plot per run.
 *
 * Decision-boundary plots carry no words (axes x₁ and x₂), so one drawing serves every
 * language; a cost plot's axis titles and legend (the runs' names) come in the report's
 * language (`PlotWords`, from i18n/<lang>/reports.json), so it is drawn once per language.
 * Captions are the report's.
 *
 * Size, measured on the Initialization data (120 × 120 grid, 300 points): one rect mark per
 * grid cell gives a 3.1 MB SVG and takes 0.35 s. Here the class-1 cells are merged into
 * runs along each row and identical runs of neighbouring rows into one rectangle, over a
 * class-0 background: a few dozen rectangles. Coordinates are rounded to 0.1 px and circles
 * written as <circle>. A boundary plot is then ≈ 25 KB, most of it the training points.
 */
import { createHash } from "node:crypto";
import * as vega from "vega";
import { type TopLevelSpec, compile } from "vega-lite";
import type { CostCurve, DecisionBoundary, ExperimentResult } from "../experiments/run.ts";
import { EXPERIMENT_SPECS } from "../experiments/runs.ts";

/** Class colours as in the notebooks' plots: 0 red, 1 blue; light for regions, dark for points. */
export const CLASS_COLORS = { region: ["#f9d3c4", "#c9e1f0"], point: ["#c0392b", "#1f5f99"] } as const;

/** One generic family: it is repeated on every text element, and fontconfig finds CJK glyphs for it. */
const FONT = "sans-serif";

const BASE_CONFIG = {
  font: FONT,
  aria: false,
  axis: { labelFontSize: 10, titleFontSize: 11, titleFontWeight: "normal", gridColor: "#e6e6e6" },
  legend: { labelFontSize: 10, titleFontSize: 11, labelLimit: 0 },
  title: { fontSize: 12, fontWeight: "bold", anchor: "middle" },
} as const;

// ------------------------------------------------------------------ pure data

/** An axis-aligned rectangle in data coordinates. */
export interface Rect {
  x: number;
  x2: number;
  y: number;
  y2: number;
}

/** Cell edges of grid centres `c` (uniform or not): halfway between neighbours, half a step past the ends. */
function edges(c: readonly number[]): number[] {
  const n = c.length;
  if (n === 1) return [c[0] - 0.5, c[0] + 0.5];
  const e = [c[0] - (c[1] - c[0]) / 2];
  for (let i = 0; i + 1 < n; i++) e.push((c[i] + c[i + 1]) / 2);
  e.push(c[n - 1] + (c[n - 1] - c[n - 2]) / 2);
  return e;
}

/**
 * The class-1 area of a decision-boundary grid as few rectangles: runs of class-1 cells in
 * each row (z[i] is the row at x2[i]), and a run with the same columns in consecutive rows
 * merged into one rectangle. The union of the rectangles is exactly the class-1 cells.
 */
export function classOneRects(grid: DecisionBoundary["grid"]): Rect[] {
  const ex = edges(grid.x1);
  const ey = edges(grid.x2);
  const done: Rect[] = [];
  /** open rectangles by "start:end" column range */
  let open = new Map<string, Rect>();
  grid.z.forEach((row, i) => {
    const next = new Map<string, Rect>();
    let j = 0;
    while (j < row.length) {
      if (row[j] > 0.5) {
        const start = j;
        while (j < row.length && row[j] > 0.5) j++;
        const key = `${start}:${j}`;
        const prev = open.get(key);
        if (prev) {
          prev.y2 = ey[i + 1];
          open.delete(key);
          next.set(key, prev);
        } else next.set(key, { x: ex[start], x2: ex[j], y: ey[i], y2: ey[i + 1] });
      } else j++;
    }
    done.push(...open.values());
    open = next;
  });
  done.push(...open.values());
  return done;
}

/** vega's circle symbol: a path of two arcs of radius r, moved into place. */
const CIRCLE_PATH = /<path transform="translate\((-?[\d.]+),(-?[\d.]+)\)" d="M([\d.]+),0A\3,\3,0,1,1,-\3,0A\3,\3,0,1,1,\3,0"/g;

/**
 * Smaller SVG, same picture: numbers in geometry attributes rounded to 0.1 px; the
 * attributes vega writes on every symbol that change nothing (opacity 1; a stroke width
 * on a path that has no stroke); and each circle symbol as a <circle> (half the bytes of
 * vega's two-arc path, the same shape).
 */
export function compactSvg(svg: string): string {
  return svg
    .replace(/ opacity="1"/g, "")
    .replace(/<path ([^>]*?)\/>/g, (tag: string) => (/ stroke="/.test(tag) ? tag : tag.replace(/ stroke-width="[\d.]+"/, "")))
    .replace(CIRCLE_PATH, '<circle cx="$1" cy="$2" r="$3"')
    .replace(/ (d|transform|points|x|y|x1|x2|y1|y2|cx|cy|r|width|height)="([^"]*)"/g, (_, name: string, value: string) => {
    const v = value.replace(/-?\d+\.\d{2,}(?:e-?\d+)?/g, (num) => {
      const r = Math.round(Number(num) * 10) / 10;
      return String(Object.is(r, -0) ? 0 : r);
    });
    return ` ${name}="${v}"`;
  });
}

/** A cost plot's words in one language: axis titles and the runs' names by run id. */
export interface PlotWords {
  iteration: string;
  epoch: string;
  cost: string;
  labels: Readonly<Record<string, string>>;
}

const labelOf = (experiment: ExperimentResult["experiment"], run: string, words: PlotWords): string =>
  words.labels[run] ?? EXPERIMENT_SPECS[experiment].runs.find((r) => r.id === run)?.label ?? run;

// ------------------------------------------------------------------ specs

/** The cost plot: one line per run, a point every `every` iterations or epochs; null costs (log 0) are gaps. */
export function costSpec(experiment: ExperimentResult["experiment"], curves: readonly CostCurve[], words: PlotWords): TopLevelSpec {
  const unit = curves[0]?.unit ?? "iteration";
  const values = curves.flatMap((c) =>
    c.costs.flatMap((cost, k) => (cost === null || !Number.isFinite(cost) ? [] : [{ run: labelOf(experiment, c.run, words), step: k * c.every, cost }])),
  );
  const runs = curves.map((c) => labelOf(experiment, c.run, words));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 520,
    height: 240,
    config: BASE_CONFIG,
    data: { values },
    mark: { type: "line", strokeWidth: 1.6, clip: true },
    encoding: {
      x: { field: "step", type: "quantitative", title: unit === "epoch" ? words.epoch : words.iteration },
      y: { field: "cost", type: "quantitative", title: words.cost, scale: { zero: true } },
      color: {
        field: "run",
        type: "nominal",
        title: null,
        sort: runs,
        scale: { scheme: runs.length > 10 ? "category20" : "tableau10" },
        legend: { orient: "bottom", direction: "horizontal", columns: runs.length > 4 ? 2 : runs.length, symbolType: "stroke" },
      },
    },
  };
}

/** A decision-boundary plot: the class-1 region over a class-0 background, and the training points. */
export function boundarySpec(b: DecisionBoundary): TopLevelSpec {
  const rects = classOneRects(b.grid).map((r) => ({ ...r, region: 1 }));
  const points = b.points.x1.map((x1, i) => ({ x1, x2: b.points.x2[i], y: b.points.y[i] > 0.5 ? 1 : 0 }));
  const xs = edges(b.grid.x1);
  const ys = edges(b.grid.x2);
  const xDomain = [xs[0], xs[xs.length - 1]];
  const yDomain = [ys[0], ys[ys.length - 1]];
  const axis = { grid: false, tickCount: 5 };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 210,
    height: 210,
    config: { ...BASE_CONFIG, view: { fill: CLASS_COLORS.region[0], stroke: "#999" } },
    layer: [
      {
        data: { values: rects },
        mark: { type: "rect", fill: CLASS_COLORS.region[1], strokeWidth: 0 },
        encoding: {
          x: { field: "x", type: "quantitative", scale: { domain: xDomain, nice: false, zero: false }, axis: { ...axis, title: "x₁" } },
          x2: { field: "x2" },
          y: { field: "y", type: "quantitative", scale: { domain: yDomain, nice: false, zero: false }, axis: { ...axis, title: "x₂" } },
          y2: { field: "y2" },
        },
      },
      {
        data: { values: points },
        mark: { type: "circle", size: 9, opacity: 1 },
        encoding: {
          x: { field: "x1", type: "quantitative" },
          y: { field: "x2", type: "quantitative" },
          color: {
            field: "y",
            type: "nominal",
            scale: { domain: [0, 1], range: [...CLASS_COLORS.point] },
            legend: null,
          },
        },
      },
    ],
  };
}

// ------------------------------------------------------------------ rendering

/**
 * The spec without its data: every inline `data: { values }` becomes a named source. Specs
 * that differ only in their data then share one compiled vega runtime: compiling and parsing
 * is half the time of a plot, and the runs of one experiment (and the same plot of every
 * student) differ only in their data.
 */
function splitData(spec: TopLevelSpec): { shape: unknown; datasets: [string, unknown[]][] } {
  const datasets: [string, unknown[]][] = [];
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === "data" && x !== null && typeof x === "object" && Array.isArray((x as { values?: unknown }).values)) {
        const name = `source_${datasets.length}`;
        datasets.push([name, (x as { values: unknown[] }).values]);
        out[k] = { name };
      } else out[k] = walk(x);
    }
    return out;
  };
  return { shape: walk(spec), datasets };
}

const runtimes = new Map<string, ReturnType<typeof vega.parse>>();
const MAX_RUNTIMES = 64;

/**
 * A spec's identity, data included: JSON, with the numbers JSON cannot tell apart (-0, NaN,
 * ±Infinity) spelt out.
 */
const specKey = (spec: TopLevelSpec): string =>
  createHash("sha256")
    .update(JSON.stringify(spec, (_, v: unknown) => (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0)) ? `\u0000${Object.is(v, -0) ? "-0" : String(v)}` : v)))
    .digest("base64");

/**
 * SVGs already drawn, by spec (data included). Rendering is a pure function of the spec, and
 * in a class most plots repeat: every student whose functions equal the reference shares its
 * runs, and a student with one bug shares the runs that bug does not touch.
 */
const drawn = new Map<string, Promise<string>>();
const MAX_DRAWN = 512;

/** SVG of a vega-lite spec, headless. */
export function renderSvg(spec: TopLevelSpec): Promise<string> {
  const key = specKey(spec);
  let svg = drawn.get(key);
  if (svg) {
    // most recently used last, so the oldest is dropped first
    drawn.delete(key);
    drawn.set(key, svg);
    return svg;
  }
  svg = draw(spec);
  svg.catch(() => drawn.delete(key));
  if (drawn.size >= MAX_DRAWN) drawn.delete(drawn.keys().next().value!);
  drawn.set(key, svg);
  return svg;
}

async function draw(spec: TopLevelSpec): Promise<string> {
  const { shape, datasets } = splitData(spec);
  const key = JSON.stringify(shape);
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = vega.parse(compile(shape as TopLevelSpec).spec);
    if (runtimes.size >= MAX_RUNTIMES) runtimes.delete(runtimes.keys().next().value!);
    runtimes.set(key, runtime);
  }
  const view = new vega.View(runtime, { renderer: "none", logLevel: vega.Warn });
  try {
    for (const [name, values] of datasets) view.data(name, values);
    return compactSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

export interface ExperimentPlots {
  experiment: ExperimentResult["experiment"];
  /** null when no run recorded a finite cost */
  cost: string | null;
  /** one per run that has a boundary, in the runs' order */
  boundaries: { run: string; label: string; svg: string }[];
}

/** Every plot of one experiment's result, the cost plot in `words`' language. */
export async function renderExperimentPlots(result: ExperimentResult, words: PlotWords): Promise<ExperimentPlots> {
  const hasCost = result.curves.some((c) => c.costs.some((x) => x !== null && Number.isFinite(x)));
  const cost = hasCost ? await renderSvg(costSpec(result.experiment, result.curves, words)) : null;
  const boundaries: ExperimentPlots["boundaries"] = [];
  for (const b of result.boundaries) {
    const label = labelOf(result.experiment, b.run, words);
    boundaries.push({ run: b.run, label, svg: await renderSvg(boundarySpec(b)) });
  }
  return { experiment: result.experiment, cost, boundaries };
}
