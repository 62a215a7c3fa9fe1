/**
 * Initialization (W1A1) cases: COURSE-FACTS §1.2 and hidden ones with other layer sizes.
 * The graded functions seed the generator themselves, so the inputs are just layer sizes.
 */
import { np } from "../../../lib/np/index.ts";
import type { Value } from "../../../lib/value.ts";
import type { Recipe } from "./types.ts";

const key = (k: string) => (out: Value) => (out as Record<string, Value>)[k];
const print8 = { rtol: 0, atol: 1e-8 }; // the notebook prints 8 decimals

export const recipes: Recipe[] = [
  {
    id: "zeros-3-2-1",
    fn: "initializeParametersZeros",
    description: "zeros for layers [3, 2, 1]: every W and b is 0 with the right shape",
    hidden: false,
    rtol: 0,
    atol: 0,
    hint: "W_l has shape (n_l, n_{l-1}) and b_l has shape (n_l, 1); use np.zeros([rows, cols]).",
    reproduces: "COURSE-FACTS §1.2 zeros([3,2,1]): W1 0 (2×3), b1 0 (2×1), W2 0 (1×2), b2 0 (1×1)",
    args: () => [[3, 2, 1]],
    notebook: [
      { what: "W1 = zeros (2,3)", pick: key("W1"), value: np.zeros([2, 3]), ...print8 },
      { what: "b1 = zeros (2,1)", pick: key("b1"), value: np.zeros([2, 1]), ...print8 },
      { what: "W2 = zeros (1,2)", pick: key("W2"), value: np.zeros([1, 2]), ...print8 },
      { what: "b2 = zeros (1,1)", pick: key("b2"), value: np.zeros([1, 1]), ...print8 },
    ],
  },
  {
    id: "zeros-deep-hidden",
    fn: "initializeParametersZeros",
    description: "zeros for a deeper network (hidden layer sizes)",
    hidden: true,
    rtol: 0,
    atol: 0,
    hint: "Loop over every layer l = 1..L, not a fixed number of layers.",
    reproduces: "hidden case (no notebook value): layers [4, 7, 3, 5, 1]",
    args: () => [[4, 7, 3, 5, 1]],
  },
  {
    id: "random-3-2-1",
    fn: "initializeParametersRandom",
    description: "random ×10 for layers [3, 2, 1] (seeded with 3)",
    hidden: false,
    rtol: 1e-7,
    atol: 1e-9,
    hint: "Draw W_l with np.random.randn(n_l, n_{l-1}) and multiply by 10; biases are zeros. Draw layer by layer, W only.",
    reproduces: "COURSE-FACTS §1.2 random([3,2,1]): W1 = [[17.88628473, 4.36509851, 0.96497468], [-18.63492703, -2.77388203, -3.54758979]], W2 = [[-0.82741481, -6.27000677]]",
    args: () => [[3, 2, 1]],
    notebook: [
      {
        what: "W1 (printed 17.88628473 …)",
        pick: key("W1"),
        value: np.array([
          [17.886284734303185, 4.365098505119894, 0.9649746807200863],
          [-18.634927033644907, -2.7738820251439904, -3.5475897926898674],
        ]),
        rtol: 0,
        atol: 0,
      },
      { what: "b1 = 0", pick: key("b1"), value: np.zeros([2, 1]), ...print8 },
      { what: "W2", pick: key("W2"), value: np.array([[-0.8274148148245977, -6.270006768238473]]), rtol: 0, atol: 0 },
      { what: "b2 = 0", pick: key("b2"), value: np.zeros([1, 1]), ...print8 },
    ],
  },
  {
    id: "random-deep-hidden",
    fn: "initializeParametersRandom",
    description: "random ×10 for a deeper network (hidden layer sizes)",
    hidden: true,
    rtol: 1e-7,
    atol: 1e-9,
    reproduces: "hidden case (no notebook value): layers [5, 4, 3, 2]",
    args: () => [[5, 4, 3, 2]],
  },
  {
    id: "he-2-4-1",
    fn: "initializeParametersHe",
    description: "He initialisation for layers [2, 4, 1] (the notebook cell)",
    hidden: false,
    rtol: 1e-7,
    atol: 1e-9,
    hint: "Scale randn(n_l, n_{l-1}) by sqrt(2 / n_{l-1}): the fan-in is the PREVIOUS layer's size.",
    reproduces: "COURSE-FACTS §1.2 he([2,4,1]): W1 = [[1.78862847, 0.43650985], …], W2 = [[-0.03098412, -0.33744411, -0.92904268, 0.62552248]]",
    args: () => [[2, 4, 1]],
    notebook: [
      {
        what: "W1",
        pick: key("W1"),
        value: np.array([
          [1.7886284734303186, 0.43650985051198943],
          [0.09649746807200862, -1.8634927033644908],
          [-0.27738820251439905, -0.35475897926898675],
          [-0.08274148148245977, -0.6270006768238473],
        ]),
        rtol: 0,
        atol: 0,
      },
      {
        what: "W2",
        pick: key("W2"),
        value: np.array([[-0.030984124422056857, -0.33744410537169206, -0.9290426766647434, 0.6255224840406426]]),
        rtol: 0,
        atol: 0,
      },
      { what: "b1 = 0", pick: key("b1"), value: np.zeros([4, 1]), ...print8 },
      { what: "b2 = 0", pick: key("b2"), value: np.zeros([1, 1]), ...print8 },
    ],
  },
  {
    id: "he-3-1-2",
    fn: "initializeParametersHe",
    description: "He initialisation for layers [3, 1, 2] (the 2021 test)",
    hidden: false,
    rtol: 1e-7,
    atol: 1e-9,
    hint: "Scale randn(n_l, n_{l-1}) by sqrt(2 / n_{l-1}).",
    reproduces: "COURSE-FACTS §1.2 he([3,1,2]): W1 = [[1.46040903, 0.3564088, 0.07878985]], W2 = [[-2.63537665], [-0.39228616]]",
    args: () => [[3, 1, 2]],
    notebook: [
      { what: "W1", pick: key("W1"), value: np.array([[1.4604090331058333, 0.35640880048431217, 0.07878985274897744]]), rtol: 0, atol: 0 },
      { what: "W2", pick: key("W2"), value: np.array([[-2.635376654481366], [-0.3922861580381578]]), rtol: 0, atol: 0 },
      { what: "b1 = [[0]]", pick: key("b1"), value: np.zeros([1, 1]), ...print8 },
      { what: "b2 = zeros(2,1)", pick: key("b2"), value: np.zeros([2, 1]), ...print8 },
    ],
  },
  {
    id: "he-deep-hidden",
    fn: "initializeParametersHe",
    description: "He initialisation for a deeper network (hidden layer sizes)",
    hidden: true,
    rtol: 1e-7,
    atol: 1e-9,
    hint: "Use each layer's own fan-in n_{l-1}, for every layer.",
    reproduces: "hidden case (no notebook value): layers [7, 5, 4, 1]",
    args: () => [[7, 5, 4, 1]],
  },
];
