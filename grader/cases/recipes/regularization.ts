/**
 * Regularization (W1A2) cases: COURSE-FACTS §3.2, plus hidden cases with other seeds
 * and layer sizes. The two backward cases of the notebook use caches it hard-codes to
 * 8 decimals, which no forward pass reproduces; here their caches come from a forward
 * pass on the notebook's seeded X instead. keep_prob 0.7 / 0.8 (not 0.5) so a missing
 * 1/keep_prob shows in every layer (DESIGN.md: at 0.5 a small net can zero a layer).
 *
 * The case builders are exported: solutions/regularization.test.ts rebuilds the
 * notebook cases with them, so each construction exists once.
 */
import { type Matrix, np } from "../../../lib/np/index.ts";
import { type Params, forwardPropagation } from "../../../lib/nn.ts";
import type { Value } from "../../../lib/value.ts";
import * as ref from "../../../solutions/regularization.ts";
import type { Recipe } from "./types.ts";

// ---------------------------------------------------------------------------------------
// Case builders (the notebook's testCases recipes, the same draws in the same order)
// ---------------------------------------------------------------------------------------

/** The notebook's labels for its 5-example cases. */
const NOTEBOOK_Y = [[1, 1, 0, 1, 0]];

/**
 * W_l = randn(n_l, n_{l−1}), b_l = randn(n_l, 1) for l = 1..3, from the global generator
 * (no seed). The default [3, 2, 3, 1] gives the notebook's W1 (2,3), b1 (2,1), W2 (3,2),
 * b2 (3,1), W3 (1,3), b3 (1,1).
 */
export function drawParameters(dims: number[] = [3, 2, 3, 1]): Params {
  const p: Params = {};
  for (let l = 1; l < dims.length; l++) {
    p["W" + l] = np.random.randn(dims[l], dims[l - 1]);
    p["b" + l] = np.random.randn(dims[l], 1);
  }
  return p;
}

/** compute_cost_with_regularization_test_case: seed(1); Y constant; the parameters; A3 a constant. */
export function costCase(): { A3: Matrix; Y: Matrix; parameters: Params } {
  np.random.seed(1);
  const Y = np.array(NOTEBOOK_Y);
  const parameters = drawParameters();
  const A3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]);
  return { A3, Y, parameters };
}

/**
 * seed(seed); X = randn(3, 5) (the notebook's X at seed 1), then the parameters of layers
 * [3, 2, 3, 1]; Y = [[1, 1, 0, 1, 0]]. At seed 1 this is the forward-dropout test case, and
 * X and Y are those of the two backward test cases.
 */
export function smallCase(seed: number): { X: Matrix; Y: Matrix; parameters: Params } {
  np.random.seed(seed);
  const X = np.random.randn(3, 5);
  const parameters = drawParameters();
  return { X, Y: np.array(NOTEBOOK_Y), parameters };
}

/** Hidden cases: seed(seed); X = randn(dims[0], labels.length), then the parameters of `dims`. */
function hiddenCase(seed: number, dims: number[], labels: number[]): { X: Matrix; Y: Matrix; parameters: Params } {
  np.random.seed(seed);
  const X = np.random.randn(dims[0], labels.length);
  const parameters = drawParameters(dims);
  return { X, Y: np.array([labels]), parameters };
}

// ---------------------------------------------------------------------------------------
// The recipes
// ---------------------------------------------------------------------------------------

const at = (i: number) => (out: Value) => (out as Value[])[i];
const cacheAt = (i: number) => (out: Value) => ((out as Value[])[1] as Value[])[i];

const tol = { rtol: 1e-7, atol: 1e-9 };
// A cost is one number from a short sum: another summation order moves it by a few ulp.
const costTol = { rtol: 1e-9, atol: 0 };
const full = { rtol: 1e-12, atol: 0 }; // a full-precision (16–17 digit) value
const exact = { rtol: 0, atol: 0 }; // dropout masks

const HIDDEN_DIMS = [4, 5, 3, 1];
const HIDDEN_LABELS = [0, 1, 1, 0, 1, 0, 0, 1];

const REBUILT = "(cache rebuilt from a forward pass; the notebook's hard-coded cache is not reproducible)";

export const recipes: Recipe[] = [
  // --- computeCostWithRegularization -------------------------------------------------------
  {
    id: "cost-l2-notebook",
    fn: "computeCostWithRegularization",
    description: "cross-entropy plus the L2 penalty on the notebook's case (λ = 0.1)",
    hidden: false,
    ...costTol,
    hint: "L2 = (1/m)·(λ/2)·(ΣW1² + ΣW2² + ΣW3²), summing every entry of each W (np.sum(np.square(W))); the biases are not penalised; m = Y's number of columns.",
    reproduces: "COURSE-FACTS §3.2 compute_cost case: 1.7864859451590758 (2017 prints 1.78648594516)",
    args: () => {
      const { A3, Y, parameters } = costCase();
      return [A3, Y, parameters, 0.1];
    },
    notebook: [{ what: "cost", pick: (o) => o, value: 1.7864859451590758, ...full }],
  },
  {
    id: "cost-l2-hidden",
    fn: "computeCostWithRegularization",
    description: "cross-entropy plus the L2 penalty on a wider network and 8 examples (hidden λ)",
    hidden: true,
    ...costTol,
    hint: "Penalise W1, W2 and W3 only, and divide by m (the number of examples).",
    reproduces: "hidden case (no notebook value): seed 4, layers [4, 5, 3, 1], m = 8, A3 = rand(1, 8), λ 0.7",
    args: () => {
      const { Y, parameters } = hiddenCase(4, HIDDEN_DIMS, HIDDEN_LABELS);
      const A3 = np.random.rand(1, HIDDEN_LABELS.length);
      return [A3, Y, parameters, 0.7];
    },
  },

  // --- backwardPropagationWithRegularization ------------------------------------------------
  {
    id: "backward-l2-notebook",
    fn: "backwardPropagationWithRegularization",
    description: "backward pass with the L2 term (λ = 0.7) on the notebook's X and Y",
    hidden: false,
    ...tol,
    hint: "Each dW_l gets + (λ/m)·W_l (the derivative of (λ/2m)·ΣW²): not λ/(2m), not on the db's.",
    reproduces:
      `COURSE-FACTS §3.2 backward-with-L2 case: seed 1, X = randn(3, 5), Y = [[1,1,0,1,0]], λ 0.7; the parameters are drawn after X ${REBUILT}`,
    args: () => {
      const { X, Y, parameters } = smallCase(1);
      const [, cache] = forwardPropagation(X, parameters);
      return [X, Y, cache, 0.7];
    },
  },
  {
    id: "backward-l2-hidden",
    fn: "backwardPropagationWithRegularization",
    description: "backward pass with the L2 term on a wider network and 8 examples (hidden λ)",
    hidden: true,
    ...tol,
    hint: "Add (λ/m)·W_l to every dW_l, for l = 1, 2, 3.",
    reproduces: "hidden case (no notebook value): seed 2, layers [4, 5, 3, 1], m = 8, λ 0.3, cache from forwardPropagation",
    args: () => {
      const { X, Y, parameters } = hiddenCase(2, HIDDEN_DIMS, HIDDEN_LABELS);
      const [, cache] = forwardPropagation(X, parameters);
      return [X, Y, cache, 0.3];
    },
  },

  // --- forwardPropagationWithDropout ----------------------------------------------------------
  {
    id: "forward-dropout-notebook",
    fn: "forwardPropagationWithDropout",
    description: "forward pass with dropout (keep_prob 0.7) on the notebook's case: A3 and the 14-item cache",
    hidden: false,
    ...tol,
    hint: "For each hidden layer: D = np.random.rand(A's shape) < keepProb, A = A ⊙ D, then A = A / keepProb (D1 before D2, no dropout on A3). Return [A3, cache] with the cache (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3).",
    reproduces:
      "COURSE-FACTS §3.2 forward-dropout case: A3 = [[0.36974720617815354, 0.003051758134649767, 0.045650993373441896, 0.4968338925883705, 0.36974720617815354]], D1, D2 and A1",
    args: () => {
      const { X, parameters } = smallCase(1);
      return [X, parameters, 0.7];
    },
    notebook: [
      {
        what: "A3",
        pick: at(0),
        value: np.array([[0.36974720617815354, 0.003051758134649767, 0.045650993373441896, 0.4968338925883705, 0.36974720617815354]]),
        ...full,
      },
      { what: "D1 (cache[1])", pick: cacheAt(1), value: np.array([[1, 0, 1, 1, 1], [1, 1, 1, 1, 1]]), ...exact },
      {
        what: "D2 (cache[6])",
        pick: cacheAt(6),
        value: np.array([[1, 1, 1, 0, 1], [1, 1, 1, 1, 1], [0, 0, 1, 1, 0]]),
        ...exact,
      },
      {
        what: "A1, masked and scaled (cache[2])",
        pick: cacheAt(2),
        value: np.array([
          [0, 0, 3.0570648655977624, 3.724295051663638, 0],
          [0, 5.942999148830275, 1.129300295991306, 2.092764459622469, 0],
        ]),
        ...full,
      },
    ],
  },
  {
    id: "forward-dropout-hidden",
    fn: "forwardPropagationWithDropout",
    description: "forward pass with dropout (keep_prob 0.6) on a wider network and 8 examples",
    hidden: true,
    ...tol,
    hint: "Seed with 1 at the start of the call, draw D1 then D2 with np.random.rand, and scale both hidden layers by 1/keepProb.",
    reproduces: "hidden case (no notebook value): seed 3, layers [4, 5, 3, 1], m = 8, keep_prob 0.6",
    args: () => {
      const { X, parameters } = hiddenCase(3, HIDDEN_DIMS, HIDDEN_LABELS);
      return [X, parameters, 0.6];
    },
  },

  // --- backwardPropagationWithDropout ---------------------------------------------------------
  {
    id: "backward-dropout-notebook",
    fn: "backwardPropagationWithDropout",
    description: "backward pass with dropout (keep_prob 0.8) on the notebook's X and Y",
    hidden: false,
    ...tol,
    hint: "Right after dA2 = W3ᵀ·dZ3: dA2 = dA2 ⊙ D2 / keepProb, then dZ2 = dA2 ⊙ [A2 > 0]; the same with D1 for dA1. Return the masked, scaled dA1 and dA2.",
    reproduces:
      `COURSE-FACTS §3.2 backward-dropout case: seed 1, X = randn(3, 5), Y = [[1,1,0,1,0]], keep_prob 0.8; the parameters are drawn after X and the masks come from forwardPropagationWithDropout ${REBUILT}`,
    args: () => {
      const { X, Y, parameters } = smallCase(1);
      const [, cache] = ref.forwardPropagationWithDropout(X, parameters, 0.8);
      return [X, Y, cache, 0.8];
    },
  },
  {
    id: "backward-dropout-hidden",
    fn: "backwardPropagationWithDropout",
    description: "backward pass with dropout (keep_prob 0.6) on a wider network and 8 examples",
    hidden: true,
    ...tol,
    hint: "Mask and scale both dA2 and dA1 (by D2, D1 and 1/keepProb) before the ReLU mask.",
    reproduces: "hidden case (no notebook value): seed 5, layers [4, 5, 3, 1], m = 8, keep_prob 0.6, cache from forwardPropagationWithDropout",
    args: () => {
      const { X, Y, parameters } = hiddenCase(5, HIDDEN_DIMS, HIDDEN_LABELS);
      const [, cache] = ref.forwardPropagationWithDropout(X, parameters, 0.6);
      return [X, Y, cache, 0.6];
    },
  },
];
