/**
 * The notebooks' training runs, per experiment: what `dnnlab experiment <name>` trains, with
 * which model options, which graded functions each run needs, and the numbers the notebook
 * printed (the reference shown next to ours).
 *
 * Data only: nothing here trains anything (see run.ts). The Optimization and Regularization
 * runs are the tables of experiments/reference-optimization.ts and experiments/reference-regularization.ts
 * (one source for the notebooks' numbers), turned into plain data: a learning-rate schedule is
 * named (`functionOptions: { decay: "updateLr" }`) so that the implementation being run supplies
 * its own `updateLr`, not the solution's.
 */
import { RUNS as OPTIMIZATION_BENCH_RUNS } from "./reference-optimization.ts";
import { RUNS as REGULARIZATION_BENCH_RUNS } from "./reference-regularization.ts";
import { scheduleLrDecay, updateLr } from "../solutions/optimization.ts";

export const EXPERIMENTS = ["initialization", "optimization", "regularization"] as const;
export type ExperimentName = (typeof EXPERIMENTS)[number];

export const isExperimentName = (s: string): s is ExperimentName => (EXPERIMENTS as readonly string[]).includes(s);

/** The notebook's accuracies; null where the notebook has none (Optimization has no test set). */
export interface Reference {
  train: number | null;
  test: number | null;
}

export interface RunSpec {
  /** Short id, used by `--runs` and as `run` in the results. */
  id: string;
  label: string;
  /** The model options (JSON data); `printCost: false` is added when run. */
  options: Readonly<Record<string, unknown>>;
  /** Options that are functions of the implementation: option name → export name (e.g. decay → "updateLr"). */
  functionOptions?: Readonly<Record<string, string>>;
  /**
   * The notebook's printed accuracies. A number's printed precision is its shortest decimal
   * form (0.83 → 2 decimals, 0.9933333333333333 → 16): ours "matches" when equal at it.
   */
  reference: Reference;
  /** The graded functions this run calls (besides `model` and `evaluate`, which every run needs). */
  needs: readonly string[];
  /**
   * The notebook's printed costs, every `every` iterations/epochs (absent where they are not
   * reproducible); `decimals` when it printed a fixed number of them ("%f": 6), else each
   * cost's shortest decimal form is its precision.
   */
  referenceCosts?: { every: number; costs: number[]; decimals?: number };
}

/** A statement about the rows the notebook's lesson rests on (e.g. "L2 generalises better"). */
export interface PatternCheck {
  description: string;
  /** Run ids it reads; the check is not decided (null) when one of them was skipped. */
  runs: readonly string[];
  holds: (acc: Readonly<Record<string, { train: number; test: number | null }>>) => boolean;
}

export interface ExperimentSpec {
  name: ExperimentName;
  /** The assignment file: solutions/<file>, exercises/<file>. */
  file: string;
  title: string;
  /** How the reference relates to our numbers: "exact" (same data, should match) or "pattern" (other data). */
  referenceKind: "exact" | "pattern";
  /** Shown under the table and written to the JSON file. */
  note?: string;
  /** Whether the dataset has a test set (Optimization's has none). */
  hasTest: boolean;
  /** The model records a cost every `costEvery` of these. */
  costEvery: number;
  costUnit: "iteration" | "epoch";
  /** Decision-boundary grids cover the training data's box widened by this much on each side. */
  boundaryPadding: number;
  runs: readonly RunSpec[];
  patterns?: readonly PatternCheck[];
}

const MODEL_EXPORTS = ["model", "evaluate"] as const;
/** Exports every run needs, whatever the experiment. */
export const ALWAYS_NEEDED: readonly string[] = MODEL_EXPORTS;

// ------------------------------------------------------------------ Initialization (COURSE-FACTS §1.3)

const HE_COSTS_2017 = [
  0.8830537463419761, 0.6879825919728063, 0.6751286264523371, 0.6526117768893807, 0.6082958970572938,
  0.5304944491717495, 0.4138645817071794, 0.3117803464844441, 0.23696215330322562, 0.18597287209206836,
  0.1501555628037182, 0.12325079292273548, 0.09917746546525937, 0.0845705595402428, 0.07357895962677366,
];

const INITIALIZATION: ExperimentSpec = {
  name: "initialization",
  file: "initialization.ts",
  title: "Initialization: layers [2, 10, 5, 1], lr 0.01, 15000 iterations of gradient descent on make_circles",
  referenceKind: "exact",
  hasTest: true,
  costEvery: 1000,
  costUnit: "iteration",
  boundaryPadding: 0.5,
  runs: [
    {
      id: "zeros",
      label: "zeros",
      options: { initialization: "zeros" },
      reference: { train: 0.5, test: 0.5 },
      needs: ["initializeParametersZeros"],
      referenceCosts: { every: 1000, costs: Array.from({ length: 15 }, () => 0.6931471805599453) },
    },
    {
      // The saturated run is chaotic: its costs depend on the floating-point environment
      // (the 2017 and 2021 notebooks print different ones), so only the accuracies are a reference.
      id: "random",
      label: "random × 10",
      options: { initialization: "random" },
      reference: { train: 0.83, test: 0.86 },
      needs: ["initializeParametersRandom"],
    },
    {
      id: "he",
      label: "He",
      options: { initialization: "he" },
      reference: { train: 0.9933333333333333, test: 0.96 },
      needs: ["initializeParametersHe"],
      referenceCosts: { every: 1000, costs: HE_COSTS_2017 },
    },
  ],
};

// ------------------------------------------------------------------ Optimization (COURSE-FACTS §4.3)

/** The schedule functions of the bench table, by identity, to the export that plays their part. */
const DECAY_EXPORTS = new Map<unknown, string>([
  [updateLr, "updateLr"],
  [scheduleLrDecay, "scheduleLrDecay"],
]);

const OPTIMIZER_NEEDS: Record<string, readonly string[]> = {
  gd: ["randomMiniBatches", "updateParametersWithGd"],
  momentum: ["randomMiniBatches", "initializeVelocity", "updateParametersWithMomentum"],
  adam: ["randomMiniBatches", "initializeAdam", "updateParametersWithAdam"],
};

function optimizationRun(bench: (typeof OPTIMIZATION_BENCH_RUNS)[number]): RunSpec {
  const { decay, ...options } = bench.options;
  const optimizer = options.optimizer ?? "gd";
  const decayName = decay === undefined ? undefined : (DECAY_EXPORTS.get(decay) ?? decay.name);
  return {
    id: bench.id,
    label: bench.label,
    options,
    ...(decayName ? { functionOptions: { decay: decayName } } : {}),
    reference: { train: bench.accuracy, test: null },
    needs: [...OPTIMIZER_NEEDS[optimizer], ...(decayName ? [decayName] : [])],
    referenceCosts: { every: 1000, costs: bench.costs.map(Number), decimals: 6 },
  };
}

const OPTIMIZATION: ExperimentSpec = {
  name: "optimization",
  file: "optimization.ts",
  title:
    "Optimization: layers [2, 5, 2, 1], mini-batches of 64 on make_moons (300 points, no test set); " +
    "2021 settings (5000 epochs, epoch-average cost, learning-rate decay) and 2017 (10000 epochs, last mini-batch's cost)",
  referenceKind: "exact",
  hasTest: false,
  costEvery: 100,
  costUnit: "epoch",
  boundaryPadding: 0.5,
  runs: OPTIMIZATION_BENCH_RUNS.map(optimizationRun),
};

// ------------------------------------------------------------------ Regularization (COURSE-FACTS §3.3)

const REGULARIZATION_NEEDS: Record<string, readonly string[]> = {
  none: [],
  l2: ["computeCostWithRegularization", "backwardPropagationWithRegularization"],
  dropout: ["forwardPropagationWithDropout", "backwardPropagationWithDropout"],
};

const REGULARIZATION: ExperimentSpec = {
  name: "regularization",
  file: "regularization.ts",
  title: "Regularization: layers [2, 20, 3, 1], lr 0.3, 30000 iterations of gradient descent on the synthetic 2-D dataset",
  referenceKind: "pattern",
  note:
    "The notebook's numbers are on its own data (datasets/data.mat), which cannot be shipped; this kit trains on a " +
    "synthetic stand-in (lib/datasets.ts loadRegularizationDataset), so the reference is shown for the pattern only: " +
    "the plain model fits the training set best, L2 and dropout do better on the test set.",
  hasTest: true,
  costEvery: 1000,
  costUnit: "iteration",
  boundaryPadding: 0.1,
  runs: REGULARIZATION_BENCH_RUNS.map(
    (bench): RunSpec => ({
      id: bench.id,
      label: bench.label,
      options: { ...bench.options },
      reference: { train: bench.notebook.train, test: bench.notebook.test },
      needs: REGULARIZATION_NEEDS[bench.id] ?? [],
    }),
  ),
  patterns: [
    {
      description: "no regularisation has the highest train accuracy",
      runs: ["none", "l2", "dropout"],
      holds: (a) => a.none.train > a.l2.train && a.none.train > a.dropout.train,
    },
    {
      description: "L2 (λ = 0.7) beats no regularisation on the test set",
      runs: ["none", "l2"],
      holds: (a) => (a.l2.test ?? -1) > (a.none.test ?? Infinity),
    },
    {
      description: "dropout (keep_prob 0.86) beats no regularisation on the test set",
      runs: ["none", "dropout"],
      holds: (a) => (a.dropout.test ?? -1) > (a.none.test ?? Infinity),
    },
  ],
};

export const EXPERIMENT_SPECS: Readonly<Record<ExperimentName, ExperimentSpec>> = {
  initialization: INITIALIZATION,
  optimization: OPTIMIZATION,
  regularization: REGULARIZATION,
};

/** The runs of `name` with these ids (all when `ids` is absent or empty); throws naming the unknown ones. */
export function selectRuns(spec: ExperimentSpec, ids?: readonly string[]): RunSpec[] {
  if (!ids || ids.length === 0) return [...spec.runs];
  const unknown = ids.filter((id) => !spec.runs.some((r) => r.id === id));
  if (unknown.length) {
    throw new Error(
      `unknown run${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")} for ${spec.name}; ` +
        `choose from ${spec.runs.map((r) => r.id).join(", ")}`,
    );
  }
  return spec.runs.filter((r) => ids.includes(r.id));
}

/** Every export a run needs: model, evaluate, its graded functions and its function options. */
export function exportsNeeded(run: RunSpec): string[] {
  return [...new Set([...ALWAYS_NEEDED, ...run.needs, ...Object.values(run.functionOptions ?? {})])];
}
