/**
 * Optimization recipes for the update rules: gradient descent, momentum and Adam
 * (with the large-ε case that catches ε inside the square root), and the notebook's values
 * they reproduce.
 */
import { type Matrix, np } from "../../../../lib/np/index.ts";
import type { NotebookValue, Recipe } from "../types.ts";
import { NOTEBOOK_MOMENTUM_V, adamCase, gdCase, gdCase2024, hiddenParamsAndGrads, hiddenState, paramsCase, zerosLikeKeys } from "./cases.ts";
import { dictValues, exact, path, print8, row0, sci9, tol } from "./pick.ts";

const NOTEBOOK_GD = {
  W1: [
    [1.63535156, -0.62320365, -0.53718766],
    [-1.07799357, 0.85639907, -2.29470142],
  ],
  b1: [[1.74604067], [-0.75184921]],
  W2: [
    [0.32171798, -0.25467393, 1.46902454],
    [-2.05617317, -0.31554548, -0.3756023],
    [1.1404819, -1.09976462, -0.1612551],
  ],
  b2: [[-0.88020257], [0.02561572], [0.57539477]],
};

const NOTEBOOK_MOMENTUM_PARAMS = {
  W1: [
    [1.62544598, -0.61290114, -0.52907334],
    [-1.07347112, 0.86450677, -2.30085497],
  ],
  b1: [[1.74493465], [-0.76027113]],
  W2: [
    [0.31930698, -0.24990073, 1.4627996],
    [-2.05974396, -0.32173003, -0.38320915],
    [1.13444069, -1.0998786, -0.1713109],
  ],
  b2: [[-0.87809283], [0.04055394], [0.58207317]],
};

const NOTEBOOK_ADAM_2017_PARAMS = {
  W1: [
    [1.63178673, -0.61919778, -0.53561312],
    [-1.08040999, 0.85796626, -2.29409733],
  ],
  b1: [[1.75225313], [-0.75376553]],
  W2: [
    [0.32648046, -0.25681174, 1.46954931],
    [-2.05269934, -0.31497584, -0.37661299],
    [1.14121081, -1.09244991, -0.16498684],
  ],
  b2: [[-0.88529979], [0.03477238], [0.57537385]],
};

const NOTEBOOK_ADAM_2017_S = {
  dW1: [
    [0.00121136, 0.00131039, 0.00081287],
    [0.0002525, 0.00081154, 0.00046748],
  ],
  db1: [[1.51020075e-5], [8.75664434e-4]],
  dW2: [
    [7.17640232e-5, 2.81276921e-4, 4.78394595e-4],
    [1.57413361e-4, 4.7220632e-4, 7.14372576e-4],
    [4.50571368e-4, 1.60392066e-7, 1.24838242e-3],
  ],
  db2: [[5.49507194e-5], [2.75494327e-3], [5.50629536e-4]],
};

const NOTEBOOK_ADAM_2021_PARAMS = {
  W1: [
    [1.63942428, -0.6268425, -0.54320974],
    [-1.08782943, 0.85036983, -2.2865723],
  ],
  W2: [
    [0.33356139, -0.26425199, 1.47707772],
    [-2.04538458, -0.30744933, -0.36903141],
    [1.14873036, -1.09256871, -0.15734651],
  ],
  b1: [[1.75854357], [-0.74616067]],
  b2: [[-0.89228024], [0.02707193], [0.56782561]],
};

/** Row 0 of each v and s: all the 2021 test compares. s.dW2 is printed in scientific notation. */
const NOTEBOOK_ADAM_2021_V_ROW0: Record<string, number[]> = {
  dW1: [-0.22012384, 0.22894474, 0.18031814],
  dW2: [-0.05357762, 0.10607109, -0.13833215],
  db1: [-0.02457805],
  db2: [0.04688314],
};
const NOTEBOOK_ADAM_2021_S_ROW0: Record<string, number[]> = {
  dW1: [0.13567261, 0.14676395, 0.09104097],
  dW2: [8.0375706e-3, 3.15030152e-2, 5.35801947e-2],
  db1: [0.00169142],
  db2: [0.00615448],
};

function adam2021Values(): NotebookValue[] {
  const out: NotebookValue[] = dictValues("parameters.", [0], NOTEBOOK_ADAM_2021_PARAMS, print8);
  const sTol = (k: string) => (k === "dW2" ? sci9 : print8);
  const vBias = 1 - 0.8 ** 2;
  const sBias = 1 - 0.888 ** 2;
  for (const [k, r] of Object.entries(NOTEBOOK_ADAM_2021_V_ROW0)) {
    out.push({ what: `v.${k} row 0`, pick: row0(path(1, k)), value: np.array([r]), ...print8 });
    // The test checks v_corrected = v / (1 − β1^t); from the 8-decimal v that is good to 1e-8 / 0.36.
    out.push({
      what: `vCorrected.${k} row 0 = v.${k} row 0 / (1 − 0.8²)`,
      pick: row0(path(3, k)),
      value: np.array([r]).div(vBias),
      rtol: 0,
      atol: 1e-8 / vBias,
    });
  }
  for (const [k, r] of Object.entries(NOTEBOOK_ADAM_2021_S_ROW0)) {
    out.push({ what: `s.${k} row 0`, pick: row0(path(2, k)), value: np.array([r]), ...sTol(k) });
    const t = sTol(k);
    out.push({
      what: `sCorrected.${k} row 0 = s.${k} row 0 / (1 − 0.888²)`,
      pick: row0(path(4, k)),
      value: np.array([r]).div(sBias),
      rtol: t.rtol,
      atol: t.atol / sBias,
    });
  }
  return out;
}

const ZEROS_NOTEBOOK = { dW1: np.zeros([2, 3]), db1: np.zeros([2, 1]), dW2: np.zeros([3, 3]), db2: np.zeros([3, 1]) };
const zerosValues = (label: string, at: (number | string)[]): NotebookValue[] =>
  Object.entries(ZEROS_NOTEBOOK).map(([k, z]) => ({ what: `${label}${k} = zeros ${z.nrows}×${z.ncols}`, pick: path(...at, k), value: z, ...exact }));

/** updateParametersWithGd. */
export const gdRecipes: Recipe[] = [
  // --- updateParametersWithGd -----------------------------------------------------------
  {
    id: "gd-notebook",
    fn: "updateParametersWithGd",
    description: "one gradient-descent step on the notebook's case (seed 1, lr 0.01)",
    hidden: false,
    ...tol,
    hint: "For every layer l = 1..L: W_l = W_l − lr·dW_l and b_l = b_l − lr·db_l (note the minus sign, and loop over all L layers).",
    reproduces: "COURSE-FACTS §4.2 gd case: W1 = [[1.63535156, -0.62320365, -0.53718766], …], b2 = [[-0.88020257], [0.02561572], [0.57539477]]",
    args: () => {
      const { parameters, grads } = gdCase();
      return [parameters, grads, 0.01];
    },
    notebook: dictValues("", [], NOTEBOOK_GD, print8),
  },
  {
    id: "gd-3-layer-hidden",
    fn: "updateParametersWithGd",
    description: "one gradient-descent step on a 3-layer network (hidden shapes and learning rate)",
    hidden: true,
    ...tol,
    hint: "Loop over every layer l = 1..L (L = number of keys / 2), not a fixed 2.",
    reproduces: "hidden case (no notebook value): seed 5, layers [4, 3, 2, 1], lr 0.3",
    args: () => {
      const { parameters, grads } = hiddenParamsAndGrads(5, [4, 3, 2, 1]);
      return [parameters, grads, 0.3];
    },
  },

  {
    id: "gd-2024-second-layer-3x2",
    fn: "updateParametersWithGd",
    description: "one gradient-descent step on the 2024 public test's case: a 3×2 second layer (seed 1, lr 0.01)",
    hidden: false,
    ...tol,
    hint: "Use each parameter's own shape: W2 is 3×2 here, so nothing may assume square or fixed shapes.",
    reproduces:
      "COURSE-FACTS §4b (2024 public tests): seed 1, W1 (2,3), b1 (2,1), W2 (3,2), b2 (3,1), then the gradients, lr 0.01; " +
      "§4b lists the inputs only, so the expected values are our reference's",
    args: () => {
      const { parameters, grads } = gdCase2024();
      return [parameters, grads, 0.01];
    },
    notebook: [
      {
        what: "W2 keeps its 3×2 shape",
        pick: (out) => (out as Record<string, Matrix>).W2.shape,
        value: [3, 2],
        ...exact,
      },
    ],
  },
];

/** initializeVelocity, updateParametersWithMomentum, initializeAdam, updateParametersWithAdam. */
export const momentumAdamRecipes: Recipe[] = [
  // --- initializeVelocity -------------------------------------------------------------------
  {
    id: "velocity-notebook",
    fn: "initializeVelocity",
    description: "zero velocity shaped like each W and b, keyed dW1, db1, … (the notebook's case)",
    hidden: false,
    ...tol,
    hint: 'v["dW" + l] = np.zerosLike(parameters["W" + l]) and v["db" + l] = np.zerosLike(parameters["b" + l]), for every l = 1..L.',
    reproduces: "COURSE-FACTS §4.2 velocity case: all zeros with the shapes of W1 (2,3), b1 (2,1), W2 (3,3), b2 (3,1)",
    args: () => [paramsCase()],
    notebook: zerosValues("v.", []),
  },
  {
    id: "velocity-3-layer-hidden",
    fn: "initializeVelocity",
    description: "zero velocity for a 3-layer network (hidden shapes)",
    hidden: true,
    ...tol,
    hint: "Loop over every layer l = 1..L, not a fixed 2.",
    reproduces: "hidden case (no notebook value): seed 2, layers [5, 4, 3, 1]",
    args: () => [hiddenParamsAndGrads(2, [5, 4, 3, 1]).parameters],
  },

  // --- updateParametersWithMomentum ---------------------------------------------------------
  {
    id: "momentum-notebook",
    fn: "updateParametersWithMomentum",
    description: "one momentum step from v = 0 on the notebook's case (β 0.9, lr 0.01)",
    hidden: false,
    ...tol,
    hint: "First v = β·v + (1 − β)·dW (and the same for db), then W = W − lr·v with the NEW v. Return [parameters, v].",
    reproduces:
      "COURSE-FACTS §4.2 momentum case: W1 = [[1.62544598, -0.61290114, -0.52907334], …], v.dW1 = [[-0.11006192, 0.11447237, 0.09015907], …]",
    args: () => {
      const { parameters, grads } = gdCase();
      return [parameters, grads, zerosLikeKeys(parameters), 0.9, 0.01];
    },
    notebook: [
      ...dictValues("parameters.", [0], NOTEBOOK_MOMENTUM_PARAMS, print8),
      ...dictValues("v.", [1], NOTEBOOK_MOMENTUM_V, print8),
    ],
  },
  {
    id: "momentum-2024-second-layer-3x2",
    fn: "updateParametersWithMomentum",
    description: "one momentum step from v = 0 on the 2024 public test's shapes: a 3×2 second layer (β 0.9, lr 0.01)",
    hidden: false,
    ...tol,
    hint: "v and the parameters keep each layer's own shape: W2 and v.dW2 are 3×2 here.",
    reproduces:
      "COURSE-FACTS §4b (2024 public tests): the gd case's draws with W2 (3,2), v = 0, β 0.9, lr 0.01; §4b lists the inputs only, so the expected values are our reference's",
    args: () => {
      const { parameters, grads } = gdCase2024();
      return [parameters, grads, zerosLikeKeys(parameters), 0.9, 0.01];
    },
  },
  {
    id: "momentum-nonzero-velocity-hidden",
    fn: "updateParametersWithMomentum",
    description: "one momentum step from a non-zero velocity on a 3-layer network (hidden β and lr)",
    hidden: true,
    ...tol,
    hint: "The old velocity counts: v = β·v + (1 − β)·dW, not (1 − β)·dW alone.",
    reproduces: "hidden case (no notebook value): seed 7, layers [3, 4, 2, 1], non-zero v, β 0.8, lr 0.05",
    args: () => {
      const { parameters, grads } = hiddenParamsAndGrads(7, [3, 4, 2, 1]);
      const { v } = hiddenState(parameters);
      return [parameters, grads, v, 0.8, 0.05];
    },
  },

  // --- initializeAdam --------------------------------------------------------------------------
  {
    id: "adam-init-notebook",
    fn: "initializeAdam",
    description: "Adam's v and s start as zeros shaped like each W and b, keyed dW1, db1, … (the notebook's case)",
    hidden: false,
    ...tol,
    hint: "Two separate dicts of zeros (np.zerosLike for each W_l and b_l), keyed dW1, db1, …; return [v, s].",
    reproduces: "COURSE-FACTS §4.2 adam-init case: v and s all zeros with the shapes of W1 (2,3), b1 (2,1), W2 (3,3), b2 (3,1)",
    args: () => [paramsCase()],
    notebook: [...zerosValues("v.", [0]), ...zerosValues("s.", [1])],
  },
  {
    id: "adam-init-3-layer-hidden",
    fn: "initializeAdam",
    description: "Adam's v and s for a 3-layer network (hidden shapes)",
    hidden: true,
    ...tol,
    hint: "Loop over every layer l = 1..L, not a fixed 2.",
    reproduces: "hidden case (no notebook value): seed 3, layers [2, 5, 2, 1]",
    args: () => [hiddenParamsAndGrads(3, [2, 5, 2, 1]).parameters],
  },

  // --- updateParametersWithAdam ------------------------------------------------------------------
  {
    id: "adam-2017-notebook",
    fn: "updateParametersWithAdam",
    description: "one Adam step at t = 2 with the default hyperparameters (the 2017 notebook's case)",
    hidden: false,
    ...tol,
    hint: "v = β1·v + (1−β1)·g, vCorrected = v / (1 − β1^t), s = β2·s + (1−β2)·g², sCorrected = s / (1 − β2^t), W −= lr·vCorrected / (√sCorrected + ε). Return [parameters, v, s, vCorrected, sCorrected].",
    reproduces:
      "COURSE-FACTS §4.2 adam case, 2017 call (t 2, lr 0.01, β1 0.9, β2 0.999, ε 1e-8): W1 = [[1.63178673, -0.61919778, -0.53561312], …], s.db1 = [[1.51020075e-05], [8.75664434e-04]], …",
    args: () => {
      const c = adamCase();
      return [c.parameters, c.grads, c.v, c.s, 2];
    },
    notebook: [
      ...dictValues("parameters.", [0], NOTEBOOK_ADAM_2017_PARAMS, print8),
      ...dictValues("v.", [1], NOTEBOOK_MOMENTUM_V, print8),
      // s.dW1 is printed with 8 decimals, the others in scientific notation.
      ...dictValues("s.", [2], NOTEBOOK_ADAM_2017_S, (k) => (k === "dW1" ? print8 : sci9)),
    ],
  },
  {
    id: "adam-2021-large-epsilon",
    fn: "updateParametersWithAdam",
    description: "one Adam step at t = 2 with lr 0.02, β1 0.8, β2 0.888 and a large ε = 1e-2 (the 2021 notebook's case)",
    hidden: false,
    ...tol,
    hint: "ε goes in the denominator next to the square root: W −= lr·vCorrected / (√sCorrected + ε) — not outside the division, not inside the square root. Use the β1, β2, ε passed in.",
    reproduces:
      "COURSE-FACTS §4.2 adam case, 2021 call: W1 = [[1.63942428, -0.6268425, -0.54320974], …], b2 = [[-0.89228024], [0.02707193], [0.56782561]], and row 0 of each v and s (and of vCorrected = v/(1−0.8²), sCorrected = s/(1−0.888²))",
    args: () => {
      const c = adamCase();
      return [c.parameters, c.grads, c.v, c.s, 2, 0.02, 0.8, 0.888, 1e-2];
    },
    notebook: adam2021Values(),
  },
  {
    id: "adam-nonzero-state-hidden",
    fn: "updateParametersWithAdam",
    description: "one Adam step at t = 5 from non-zero v and s on a 3-layer network, with a large ε (hidden hyperparameters)",
    hidden: true,
    ...tol,
    hint: "Update v and s from their old values, correct by 1 − β^t with this t, and add ε to √sCorrected inside the denominator.",
    reproduces: "hidden case (no notebook value): seed 11, layers [3, 4, 2, 1], non-zero v and s, t 5, lr 0.05, β1 0.85, β2 0.95, ε 0.1",
    args: () => {
      const { parameters, grads } = hiddenParamsAndGrads(11, [3, 4, 2, 1]);
      const { v, s } = hiddenState(parameters);
      return [parameters, grads, v, s, 5, 0.05, 0.85, 0.95, 0.1];
    },
  },
  {
    id: "adam-first-step-defaults-hidden",
    fn: "updateParametersWithAdam",
    description: "Adam's first step (t = 1) from zero v and s with the default hyperparameters",
    hidden: true,
    ...tol,
    hint: "t is 1-based: at t = 1 the corrected averages are the gradient and its square. Keep the defaults lr 0.01, β1 0.9, β2 0.999, ε 1e-8.",
    reproduces: "hidden case (no notebook value): seed 12, layers [2, 3, 1]",
    args: () => {
      const { parameters, grads } = hiddenParamsAndGrads(12, [2, 3, 1]);
      return [parameters, grads, zerosLikeKeys(parameters), zerosLikeKeys(parameters), 1];
    },
  },
];
