/**
 * Trains the Regularization notebook's three models (COURSE-FACTS §3.3: no
 * regularisation, L2 with λ = 0.7, dropout with keep_prob 0.86; layers [2, 20, 3, 1],
 * lr 0.3, 30000 iterations) with solutions/regularization.ts on lib/datasets.ts's
 * 2-D data set, and prints the costs at 0 / 10000 / 20000 and the train and test
 * accuracies next to the notebook's.
 *
 *   node bin/run-ts.js bench/reproduce-regularization.ts            # the three runs
 *   node bin/run-ts.js bench/reproduce-regularization.ts l2 --json  # some of them, as JSON lines
 *
 * The notebook's data (datasets/data.mat) cannot be shipped, and our data set is a
 * synthetic stand-in: the notebook's numbers are shown for orientation only, and this
 * script does not fail when they differ. What should carry over is the pattern: the
 * plain model fits the training set best, the regularised ones generalise better.
 */
import { loadRegularizationDataset } from "../lib/datasets.ts";
import { type ModelOptions, evaluate, model } from "../solutions/regularization.ts";

interface Run {
  id: string;
  label: string;
  options: ModelOptions;
  /** On the notebook's own data (data.mat), for orientation. */
  notebook: { costs: string; train: number; test: number };
}

export const RUNS: Run[] = [
  {
    id: "none",
    label: "no regularisation",
    options: {},
    notebook: { costs: "0.6557412523481002 / 0.16329987525724207 / 0.1385164242324198", train: 0.9478672985781991, test: 0.915 },
  },
  {
    id: "l2",
    label: "L2, λ = 0.7",
    options: { lambd: 0.7 },
    notebook: { costs: "0.6974484493131264 / 0.2684918873282239 / 0.26809163371273004", train: 0.9383886255924171, test: 0.93 },
  },
  {
    id: "dropout",
    label: "dropout, keep_prob = 0.86",
    options: { keepProb: 0.86 },
    notebook: { costs: "0.6543912405149825 / 0.06101698657490559 / 0.060582435798513114", train: 0.9289099526066351, test: 0.95 },
  },
];

export interface RunResult {
  id: string;
  label: string;
  seconds: number;
  /** Costs at iterations 0, 10000, 20000 (what the notebook prints). */
  costs: number[];
  train: number;
  test: number;
}

export function reproduce(run: Run): RunResult {
  const { trainX, trainY, testX, testY } = loadRegularizationDataset();
  const t0 = performance.now();
  const out = model(trainX, trainY, { ...run.options, printCost: false });
  const seconds = (performance.now() - t0) / 1000;
  return {
    id: run.id,
    label: run.label,
    seconds,
    costs: out.costs.filter((_, i) => i % 10 === 0),
    train: evaluate(trainX, trainY, out.parameters),
    test: evaluate(testX, testY, out.parameters),
  };
}

