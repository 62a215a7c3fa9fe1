/** Known mistakes of the Regularization assignment (W1A2). Data only. */
import type { Mistake, RegionEdit } from "./types.ts";

const file = "regularization.ts" as const;
/** The same edit in each of the three dW regions of the L2 backward (W3 in region 0, W2 in 1, W1 in 2). */
const dws = (find: string, replace: string): RegionEdit[] =>
  ["3", "2", "1"].map((n, index) => ({ index, find: find.replaceAll("W3", `W${n}`), replace: replace.replaceAll("W3", `W${n}`) }));
/** The same edit in both hidden layers' regions (layer 1 in region 0, layer 2 in region 1). */
const layers = (find: string, replace: string): RegionEdit[] =>
  ["1", "2"].map((n, index) => ({ index, find: find.replace(/([AD])1/g, `$1${n}`), replace: replace.replace(/([AD])1/g, `$1${n}`) }));

export const regularizationMistakes: Mistake[] = [
  {
    id: "l2-cost-no-half",
    file,
    fn: "computeCostWithRegularization",
    seen: "common",
    edits: [{ find: "(1 / m) * (lambd / 2)", replace: "(lambd / m)" }],
  },
  {
    id: "l2-cost-no-m",
    file,
    fn: "computeCostWithRegularization",
    seen: "common",
    edits: [{ find: "(1 / m) * (lambd / 2)", replace: "(lambd / 2)" }],
  },
  {
    id: "l2-cost-not-squared",
    file,
    fn: "computeCostWithRegularization",
    seen: "common",
    edits: ["W1", "W2", "W3"].map((w) => ({ find: `np.sum(np.square(${w}))`, replace: `np.sum(${w})` })),
  },
  {
    id: "l2-cost-missing-w3",
    file,
    fn: "computeCostWithRegularization",
    seen: "common",
    edits: [{ find: " + np.sum(np.square(W3))", replace: "" }],
  },
  {
    id: "l2-backward-term-missing",
    file,
    fn: "backwardPropagationWithRegularization",
    seen: "sample-class",
    edits: dws(".add(W3.mul(lambd / m))", ""),
  },
  {
    id: "l2-backward-half",
    file,
    fn: "backwardPropagationWithRegularization",
    seen: "common",
    edits: dws("W3.mul(lambd / m)", "W3.mul(lambd / (2 * m))"),
  },
  {
    id: "l2-backward-no-m",
    file,
    fn: "backwardPropagationWithRegularization",
    seen: "common",
    edits: dws("W3.mul(lambd / m)", "W3.mul(lambd)"),
  },
  {
    id: "l2-backward-term-subtracted",
    file,
    fn: "backwardPropagationWithRegularization",
    seen: "common",
    edits: dws(".add(W3.mul(lambd / m))", ".sub(W3.mul(lambd / m))"),
  },
  {
    id: "dropout-mask-greater",
    file,
    fn: "forwardPropagationWithDropout",
    seen: "common",
    edits: layers("D1 = D1.lt(keepProb);", "D1 = D1.gt(keepProb);"),
  },
  {
    id: "dropout-no-rescale",
    file,
    fn: "forwardPropagationWithDropout",
    seen: "common",
    edits: layers("A1 = A1.div(keepProb);", ""),
  },
  {
    id: "dropout-no-rescale-layer1",
    file,
    fn: "forwardPropagationWithDropout",
    seen: "sample-class",
    edits: [{ index: 0, find: "A1 = A1.div(keepProb);", replace: "" }],
  },
  {
    id: "dropout-mask-not-applied",
    file,
    fn: "forwardPropagationWithDropout",
    seen: "common",
    edits: layers("A1 = A1.mul(D1);", ""),
  },
  {
    id: "dropout-times-keep-prob",
    file,
    fn: "forwardPropagationWithDropout",
    seen: "common",
    edits: layers("A1 = A1.div(keepProb);", "A1 = A1.mul(keepProb);"),
  },
  {
    id: "dropout-gaussian-mask",
    file,
    fn: "forwardPropagationWithDropout",
    seen: "common",
    edits: layers("np.random.rand(A1.nrows, A1.ncols)", "np.random.randn(A1.nrows, A1.ncols)"),
  },
  {
    id: "dropout-backward-no-mask",
    file,
    fn: "backwardPropagationWithDropout",
    seen: "common",
    edits: ["2", "1"].map((n, index) => ({ index, find: `dA${n} = dA${n}.mul(D${n});`, replace: "" })),
  },
  {
    id: "dropout-backward-no-rescale",
    file,
    fn: "backwardPropagationWithDropout",
    seen: "common",
    edits: ["2", "1"].map((n, index) => ({ index, find: `dA${n} = dA${n}.div(keepProb);`, replace: "" })),
  },
  {
    id: "dropout-backward-times-keep-prob",
    file,
    fn: "backwardPropagationWithDropout",
    seen: "common",
    edits: ["2", "1"].map((n, index) => ({ index, find: `dA${n} = dA${n}.div(keepProb);`, replace: `dA${n} = dA${n}.mul(keepProb);` })),
  },
];
