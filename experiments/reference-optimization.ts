/**
 * Reproduces the Optimization notebook's training runs (COURSE-FACTS §4.3) with
 * solutions/optimization.ts on the two-moons data, and checks every printed cost
 * ("%f", 6 decimals), every printed learning rate and the final train accuracy
 * against the notebooks' outputs.
 *
 *   node bin/run-ts.js bench/reproduce-optimization.ts                 # all 10 runs (about a minute)
 *   node bin/run-ts.js bench/reproduce-optimization.ts gd-2021 adam-2017   # some of them
 *   node bin/run-ts.js bench/reproduce-optimization.ts --json         # one JSON line per run
 *
 * Exit status 1 if any run differs from the notebook. Times depend on the machine;
 * they are here to compare with numpy's, not as a test.
 */
import { loadOptimizationDataset } from "../lib/datasets.ts";
import {
  type ModelOptions,
  evaluate,
  model,
  scheduleLrDecay,
  updateLr,
} from "../solutions/optimization.ts";

interface Run {
  id: string;
  label: string;
  options: ModelOptions;
  /** The notebook's printed costs at epochs 0, 1000, 2000, … ("%f"). */
  costs: string[];
  /** With decay: the printed "learning rate after epoch" values ("%f"). */
  learningRates?: string[];
  accuracy: number;
}

const v2021 = { version: 2021, numEpochs: 5000 } as const;
const v2017 = { version: 2017, numEpochs: 10000 } as const;
const lrSchedule = ["0.100000", "0.050000", "0.033333", "0.025000", "0.020000"];

export const RUNS: Run[] = [
  {
    id: "gd-2021",
    label: "2021 gd",
    options: { ...v2021, optimizer: "gd" },
    costs: ["0.702405", "0.668101", "0.635288", "0.600491", "0.573367"],
    accuracy: 0.7166666666666667,
  },
  {
    id: "momentum-2021",
    label: "2021 momentum",
    options: { ...v2021, optimizer: "momentum", beta: 0.9 },
    costs: ["0.702413", "0.668167", "0.635388", "0.600591", "0.573444"],
    accuracy: 0.7166666666666667,
  },
  {
    id: "adam-2021",
    label: "2021 adam",
    options: { ...v2021, optimizer: "adam" },
    costs: ["0.702166", "0.167845", "0.141316", "0.138788", "0.136066"],
    accuracy: 0.9433333333333334,
  },
  {
    id: "gd-update-lr",
    label: "2021 gd + updateLr, lr0 0.1",
    options: { ...v2021, optimizer: "gd", learningRate: 0.1, decay: updateLr },
    costs: ["0.701091", "0.661884", "0.658620", "0.656765", "0.655486"],
    learningRates: ["0.100000", "0.000100", "0.000050", "0.000033", "0.000025"],
    accuracy: 0.6533333333333333,
  },
  {
    id: "gd-schedule",
    label: "2021 gd + scheduleLrDecay, lr0 0.1",
    options: { ...v2021, optimizer: "gd", learningRate: 0.1, decay: scheduleLrDecay },
    costs: ["0.701091", "0.127161", "0.120304", "0.117033", "0.117512"],
    learningRates: lrSchedule,
    accuracy: 0.9433333333333334,
  },
  {
    id: "momentum-schedule",
    label: "2021 momentum + scheduleLrDecay, lr0 0.1",
    options: { ...v2021, optimizer: "momentum", beta: 0.9, learningRate: 0.1, decay: scheduleLrDecay },
    costs: ["0.702226", "0.128974", "0.125965", "0.123375", "0.123218"],
    learningRates: lrSchedule,
    accuracy: 0.9533333333333334,
  },
  {
    id: "adam-schedule",
    label: "2021 adam + scheduleLrDecay, lr0 0.01",
    options: { ...v2021, optimizer: "adam", learningRate: 0.01, decay: scheduleLrDecay },
    costs: ["0.699346", "0.130074", "0.129826", "0.129282", "0.128361"],
    learningRates: ["0.010000", "0.005000", "0.003333", "0.002500", "0.002000"],
    accuracy: 0.94,
  },
  {
    id: "gd-2017",
    label: "2017 gd (last mini-batch's mean cost)",
    options: { ...v2017, optimizer: "gd" },
    costs: ["0.690736", "0.685273", "0.647072", "0.619525", "0.576584", "0.607243", "0.529403", "0.460768", "0.465586", "0.464518"],
    accuracy: 0.7966666666666666,
  },
  {
    id: "momentum-2017",
    label: "2017 momentum (last mini-batch's mean cost)",
    options: { ...v2017, optimizer: "momentum", beta: 0.9 },
    costs: ["0.690741", "0.685341", "0.647145", "0.619594", "0.576665", "0.607324", "0.529476", "0.460936", "0.465780", "0.464740"],
    accuracy: 0.7966666666666666,
  },
  {
    id: "adam-2017",
    label: "2017 adam (last mini-batch's mean cost)",
    options: { ...v2017, optimizer: "adam" },
    costs: ["0.690552", "0.185567", "0.150852", "0.074454", "0.125936", "0.104235", "0.100552", "0.031601", "0.111709", "0.197648"],
    accuracy: 0.94,
  },
];

/** Python's "%f". */
const pf = (x: number): string => x.toFixed(6);

export interface RunResult {
  id: string;
  label: string;
  seconds: number;
  costs: string[];
  learningRates?: string[];
  accuracy: number;
  /** Which of costs / learning rates / accuracy differ from the notebook (empty: all match). */
  mismatches: string[];
}

export function reproduce(run: Run): RunResult {
  const { trainX, trainY } = loadOptimizationDataset();
  const t0 = performance.now();
  const out = model(trainX, trainY, { ...run.options, printCost: false });
  const seconds = (performance.now() - t0) / 1000;
  // costs are recorded every 100 epochs; the notebook prints every 1000th epoch
  const costs = out.costs.filter((_, i) => i % 10 === 0).map(pf);
  const learningRates = out.learningRates?.filter((_, i) => i % 10 === 0).map(pf);
  const accuracy = evaluate(trainX, trainY, out.parameters);
  const mismatches: string[] = [];
  if (costs.join(" ") !== run.costs.join(" ")) mismatches.push("costs");
  if (run.learningRates && learningRates?.join(" ") !== run.learningRates.join(" ")) mismatches.push("learning rates");
  if (accuracy !== run.accuracy) mismatches.push("accuracy");
  return { id: run.id, label: run.label, seconds, costs, learningRates, accuracy, mismatches };
}

