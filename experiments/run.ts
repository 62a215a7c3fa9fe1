/**
 * Training the notebooks' models with an implementation (the solutions or a student's
 * spliced exercise module) and collecting what the table, the reports and the plots need:
 * accuracies next to the notebook's, cost curves, and decision-boundary grids.
 *
 * Unfinished code never stops an experiment: a run whose functions are missing from the
 * module, or that throws ("initializeParametersHe is not written yet", a TypeError, …), is
 * recorded as skipped with one line saying why, and the next run goes on.
 */
import { loadInitializationDataset, loadOptimizationDataset, loadRegularizationDataset } from "../lib/datasets.ts";
import { predict as libPredict, type Params } from "../lib/nn.ts";
import { Matrix } from "../lib/np/index.ts";
import { EXPERIMENT_SPECS, type ExperimentName, type ExperimentSpec, type Reference, exportsNeeded, selectRuns } from "./runs.ts";

/** One line of the accuracy table. */
export interface RunRow {
  run: string;
  label: string;
  /** Accuracies; null when skipped (test is also null where the dataset has no test set). */
  train: number | null;
  test: number | null;
  reference: Reference;
  /** Wall-clock seconds of training and evaluating (until the error, when skipped). */
  seconds: number;
  /** Why the run did not finish, in one line. */
  skipped?: string;
}

export interface CostCurve {
  run: string;
  /** A cost every `every` iterations or epochs (`unit`), starting at 0. */
  every: number;
  unit: "iteration" | "epoch";
  /** Non-finite costs (the random-init run's log 0 at iteration 0) are null, as in JSON. */
  costs: (number | null)[];
  /** With a learning-rate schedule: the rate after each recorded epoch. */
  learningRates?: number[];
  /** The notebook's printed costs, where they are a reference. */
  reference?: { every: number; costs: number[]; decimals?: number };
}

export interface DecisionBoundary {
  run: string;
  /**
   * The predicted class (0/1) on a grid over the training data's box, padded:
   * `z[i][j]` is the class at (x1[j], x2[i]) (rows follow x2, as numpy's meshgrid).
   */
  grid: { x1: number[]; x2: number[]; z: number[][] };
  /** The training points. */
  points: { x1: number[]; x2: number[]; y: number[] };
}

/** Whether a statement the notebook's lesson rests on holds for our rows (null: a run it needs was skipped). */
export interface CheckResult {
  description: string;
  ok: boolean | null;
}

export interface ExperimentResult {
  experiment: ExperimentName;
  rows: RunRow[];
  curves: CostCurve[];
  boundaries: DecisionBoundary[];
  checks: CheckResult[];
}

export type ProgressEvent =
  | { type: "start"; run: string; label: string; index: number; total: number }
  | { type: "done"; row: RunRow; index: number; total: number };

export interface RunExperimentOptions {
  /** Run ids (default: all the experiment's runs). Unknown ids throw. */
  runs?: readonly string[];
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Why a function holds its placeholder (e.g. "did not compile: …"), by function name: a run
   * stopped by "<fn> is not written yet" is then reported with this reason instead.
   */
  explain?: Readonly<Record<string, string>>;
  /** The function a thrown error came from (LoadedImpl.locate), added to the skip line as "(in fn)". */
  locate?: (err: unknown) => string | undefined;
  /** Points per side of the decision-boundary grid (default 120). */
  gridSize?: number;
}

type Data = { trainX: Matrix; trainY: Matrix; testX: Matrix | null; testY: Matrix | null };

/** A fresh copy of the experiment's data (the loaders are deterministic), so no run sees another's changes. */
function loadData(name: ExperimentName): Data {
  switch (name) {
    case "initialization":
      return loadInitializationDataset();
    case "regularization":
      return loadRegularizationDataset();
    case "optimization":
      return { ...loadOptimizationDataset(), testX: null, testY: null };
  }
}

type Fn = (...args: unknown[]) => unknown;

const isFunction = (v: unknown): v is Fn => typeof v === "function";

/** The placeholder's message names its function: "<fn> is not written yet: …". */
const NOT_WRITTEN = /([A-Za-z_$][\w$]*) is not written yet/;

/** One line saying why a run stopped, from what it threw. */
export function describeFailure(
  err: unknown,
  explain: Readonly<Record<string, string>> = {},
  locate?: (err: unknown) => string | undefined,
): string {
  const message = err instanceof Error ? err.message : String(err);
  const notWritten = NOT_WRITTEN.exec(message);
  if (notWritten) {
    const fn = notWritten[1];
    return explain[fn] ?? `${fn} is not written yet`;
  }
  const name = err instanceof Error ? err.name || "Error" : "Error";
  const firstLine = message.split("\n")[0].trim();
  const short = firstLine.length > 300 ? firstLine.slice(0, 297) + "..." : firstLine;
  let where: string | undefined;
  try {
    where = locate?.(err);
  } catch {
    where = undefined;
  }
  return `${name}: ${short || "(no message)"}${where ? ` (in ${where})` : ""}`;
}

/** The exports a run needs that the module lacks (or that are not functions). */
export function missingExports(impl: Readonly<Record<string, unknown>>, needed: readonly string[]): string[] {
  return needed.filter((name) => !isFunction(impl[name]));
}

function missingLine(missing: readonly string[]): string {
  const list = missing.join(", ");
  return missing.length === 1
    ? `${list} is missing from the implementation (no such exported function)`
    : `${list} are missing from the implementation (no such exported functions)`;
}

const finiteOrNull = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

function numberList(v: unknown): number[] | undefined {
  return Array.isArray(v) ? v.map((x) => (typeof x === "number" ? x : Number.NaN)) : undefined;
}

/** n evenly spaced values from a to b inclusive. */
function linspace(a: number, b: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? a : a + ((b - a) * i) / (n - 1)));
}

function rowOf(X: Matrix, r: number): number[] {
  return Array.from(X.data.subarray(r * X.ncols, (r + 1) * X.ncols));
}

/**
 * The predicted class on a size × size grid over the data's box widened by `padding`, with
 * the course's predict (3-layer forward, A3 > 0.5), as the notebook's plot_decision_boundary.
 */
export function decisionBoundary(
  run: string,
  parameters: Params,
  X: Matrix,
  Y: Matrix,
  padding: number,
  size = 120,
  predict: (X: Matrix, parameters: Params) => Matrix = libPredict,
): DecisionBoundary {
  const px1 = rowOf(X, 0);
  const px2 = rowOf(X, 1);
  const range = (v: number[]) => [Math.min(...v) - padding, Math.max(...v) + padding] as const;
  const [lo1, hi1] = range(px1);
  const [lo2, hi2] = range(px2);
  const x1 = linspace(lo1, hi1, size);
  const x2 = linspace(lo2, hi2, size);
  const G = new Matrix(2, size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      G.data[i * size + j] = x1[j];
      G.data[size * size + i * size + j] = x2[i];
    }
  }
  const classes = predict(G, parameters).data;
  const z = Array.from({ length: size }, (_, i) => Array.from(classes.subarray(i * size, (i + 1) * size), (c) => (c > 0 ? 1 : 0)));
  return { run, grid: { x1, x2, z }, points: { x1: px1, x2: px2, y: Array.from(Y.data) } };
}

function decideChecks(spec: ExperimentSpec, rows: readonly RunRow[]): CheckResult[] {
  return (spec.patterns ?? []).map((p) => {
    const acc: Record<string, { train: number; test: number | null }> = {};
    for (const id of p.runs) {
      const row = rows.find((r) => r.run === id);
      if (!row || row.skipped || row.train === null) return { description: p.description, ok: null };
      acc[id] = { train: row.train, test: row.test };
    }
    return { description: p.description, ok: p.holds(acc) };
  });
}

/**
 * Train the experiment's runs with `impl` (a module exporting `model`, `evaluate` and the
 * graded functions) and collect the table, cost curves and decision boundaries. Never throws
 * because of the implementation: a failing run is a row with `skipped`.
 */
export function runExperiment(name: ExperimentName, impl: Readonly<Record<string, unknown>>, opts: RunExperimentOptions = {}): ExperimentResult {
  const spec = EXPERIMENT_SPECS[name];
  const runs = selectRuns(spec, opts.runs);
  const explain = opts.explain ?? {};
  const rows: RunRow[] = [];
  const curves: CostCurve[] = [];
  const boundaries: DecisionBoundary[] = [];

  runs.forEach((run, index) => {
    const total = runs.length;
    opts.onProgress?.({ type: "start", run: run.id, label: run.label, index, total });
    const base = { run: run.id, label: run.label, reference: run.reference };
    const missing = missingExports(impl, exportsNeeded(run));
    let row: RunRow;
    if (missing.length) {
      row = { ...base, train: null, test: null, seconds: 0, skipped: missingLine(missing) };
    } else {
      const t0 = performance.now();
      try {
        const data = loadData(name);
        const options: Record<string, unknown> = { ...run.options, printCost: false };
        for (const [option, fn] of Object.entries(run.functionOptions ?? {})) options[option] = impl[fn];
        const out = (impl.model as Fn)(data.trainX, data.trainY, options) as { parameters?: unknown; costs?: unknown; learningRates?: unknown } | null;
        if (out === null || typeof out !== "object" || out.parameters === null || typeof out.parameters !== "object") {
          throw new TypeError("model did not return { parameters, costs }");
        }
        const parameters = out.parameters as Params;
        const evaluate = impl.evaluate as Fn;
        const train = evaluate(data.trainX, data.trainY, parameters);
        const test = data.testX && data.testY ? evaluate(data.testX, data.testY, parameters) : null;
        if (typeof train !== "number" || (test !== null && typeof test !== "number")) throw new TypeError("evaluate did not return a number");
        const seconds = (performance.now() - t0) / 1000;
        row = { ...base, train, test: test as number | null, seconds };
        const costs = numberList(out.costs) ?? [];
        const learningRates = numberList(out.learningRates);
        curves.push({
          run: run.id,
          every: spec.costEvery,
          unit: spec.costUnit,
          costs: costs.map(finiteOrNull),
          ...(learningRates ? { learningRates } : {}),
          ...(run.referenceCosts ? { reference: run.referenceCosts } : {}),
        });
        try {
          boundaries.push(decisionBoundary(run.id, parameters, data.trainX, data.trainY, spec.boundaryPadding, opts.gridSize));
        } catch {
          // The accuracies stand; a parameter dict the course's predict cannot read just has no plot.
        }
      } catch (err) {
        row = { ...base, train: null, test: null, seconds: (performance.now() - t0) / 1000, skipped: describeFailure(err, explain, opts.locate) };
      }
    }
    rows.push(row);
    opts.onProgress?.({ type: "done", row, index, total });
  });

  return { experiment: name, rows, curves, boundaries, checks: decideChecks(spec, rows) };
}
