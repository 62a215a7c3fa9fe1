/**
 * Gradient Checking (W1A3) cases: COURSE-FACTS §2.3, plus hidden cases with other
 * seeds and the θ = 0 trap (a backward written as J/θ gives NaN there).
 */
import { type Matrix, np } from "../../../lib/np/index.ts";
import type { Cache3, Params } from "../../../lib/nn.ts";
import type { Value } from "../../../lib/value.ts";
import * as ref from "../../../solutions/gradient-checking.ts";
import type { Recipe } from "./types.ts";

/** gradient_check_n_test_case: seed(1); X = randn(4,3); Y = [1,1,0]; then W1, b1, W2, b2, W3, b3 drawn in order. */
function gradientCheckNTestCase(seed = 1, m = 3, Y?: number[]): { X: Matrix; Y: Matrix; parameters: Params } {
  np.random.seed(seed);
  const X = np.random.randn(4, m);
  const y = np.array(Y ?? [1, 1, 0]);
  const parameters: Params = {
    W1: np.random.randn(5, 4),
    b1: np.random.randn(5, 1),
    W2: np.random.randn(3, 5),
    b2: np.random.randn(3, 1),
    W3: np.random.randn(1, 3),
    b3: np.random.randn(1, 1),
  };
  return { X, Y: y, parameters };
}

/**
 * The gradients of the shipped (buggy) backward: dW2 carries an extra factor 2 and db1
 * uses 4/m (COURSE-FACTS §2.2), computed in the stub's own order of operations.
 */
function plantedBugGradients(X: Matrix, Y: Matrix, cache: Cache3): Params {
  const grads = ref.backwardPropagationN(X, Y, cache);
  const m = X.ncols;
  const [, A1, , , , , , , , , ,] = cache;
  const dW2 = np.dot(grads.dZ2, A1.T).mul(1 / m).mul(2);
  const db1 = np.sum(grads.dZ1, { axis: 1, keepdims: true }).mul(4 / m);
  return { ...grads, dW2, db1 };
}

const first = (out: Value) => (Array.isArray(out) ? out[0] : out);

function nCase(seed: number, m: number, Y?: number[]) {
  const { X, Y: y, parameters } = gradientCheckNTestCase(seed, m, Y);
  const [, cache] = ref.forwardPropagationN(X, y, parameters);
  return { X, Y: y, parameters, cache };
}

export const recipes: Recipe[] = [
  {
    id: "forward-1d",
    fn: "forwardPropagation",
    description: "J = θ·x at x = 2, θ = 4",
    hidden: false,
    rtol: 1e-12,
    atol: 0,
    reproduces: "COURSE-FACTS §2.3: J = 8",
    args: () => [2, 4],
    notebook: [{ what: "J", pick: (o) => o, value: 8, rtol: 0, atol: 0 }],
  },
  {
    id: "forward-1d-hidden",
    fn: "forwardPropagation",
    description: "J = θ·x at a negative x and a fractional θ",
    hidden: true,
    rtol: 1e-12,
    atol: 0,
    reproduces: "hidden case (no notebook value)",
    args: () => [-3.5, 0.25],
  },
  {
    id: "backward-1d",
    fn: "backwardPropagation",
    description: "dJ/dθ at x = 2, θ = 4",
    hidden: false,
    rtol: 1e-12,
    atol: 0,
    hint: "J = θ·x, so dJ/dθ does not depend on θ.",
    reproduces: "COURSE-FACTS §2.3: dθ = 2",
    args: () => [2, 4],
    notebook: [{ what: "dtheta", pick: (o) => o, value: 2, rtol: 0, atol: 0 }],
  },
  {
    id: "backward-1d-2024",
    fn: "backwardPropagation",
    description: "dJ/dθ at x = 3, θ = 4 (the 2024 public test)",
    hidden: false,
    rtol: 1e-12,
    atol: 0,
    hint: "J = θ·x, so dJ/dθ does not depend on θ.",
    reproduces: "COURSE-FACTS §4b: backward_propagation(3, 4) = 3",
    args: () => [3, 4],
    notebook: [{ what: "dtheta", pick: (o) => o, value: 3, rtol: 0, atol: 0 }],
  },
  {
    id: "backward-1d-theta-zero",
    fn: "backwardPropagation",
    description: "dJ/dθ at θ = 0 (the derivative exists there too)",
    hidden: true,
    rtol: 1e-12,
    atol: 0,
    hint: "Do not compute the derivative as J / θ: that is 0/0 at θ = 0.",
    reproduces: "hidden case (no notebook value): x = 3, θ = 0 gives 3",
    args: () => [3, 0],
  },
  {
    id: "check-1d",
    fn: "gradientCheck",
    description: "1-D gradient check at x = 2, θ = 4: a tiny difference",
    hidden: false,
    // Cancellation-dominated: a correct variant (dividing by θ⁺ − θ⁻) gives exactly 0 here.
    rtol: 0,
    atol: 1e-9,
    hint: "difference = ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖), with gradapprox = (J⁺ − J⁻) / (2ε).",
    reproduces: "COURSE-FACTS §2.3: gradient_check(2, 4) = 2.919335883291695e-10",
    args: () => [2, 4],
    notebook: [{ what: "difference", pick: (o) => o, value: 2.919335883291695e-10, rtol: 1e-12, atol: 0 }],
  },
  {
    id: "check-1d-2024",
    fn: "gradientCheck",
    description: "1-D gradient check at x = 3, θ = 4 (the 2024 public test): a tiny difference",
    hidden: false,
    // Cancellation-dominated, like check-1d.
    rtol: 0,
    atol: 1e-9,
    hint: "difference = ‖grad − gradapprox‖ / (‖grad‖ + ‖gradapprox‖), with gradapprox = (J⁺ − J⁻) / (2ε).",
    reproduces: "COURSE-FACTS §4b: gradient_check(3, 4) = 7.814075313343006e-11 (2021: x = 2)",
    args: () => [3, 4],
    notebook: [{ what: "difference", pick: (o) => o, value: 7.814075313343006e-11, rtol: 1e-12, atol: 0 }],
  },
  {
    id: "check-1d-large-x-hidden",
    fn: "gradientCheck",
    description: "1-D gradient check with a large x: the difference must be relative (divided by the norms)",
    hidden: true,
    rtol: 0,
    atol: 1e-8,
    hint: "Divide the norm of the difference by ‖grad‖ + ‖gradapprox‖.",
    reproduces: "hidden case (no notebook value): x = 1e6, θ = 3",
    args: () => [1e6, 3],
  },
  {
    id: "forward-n",
    fn: "forwardPropagationN",
    description: "3-layer forward pass and cost on the notebook's gradient-check case",
    hidden: false,
    rtol: 1e-9,
    atol: 1e-12,
    hint: "cost = (1/m)·Σ(−Y·log A3 − (1−Y)·log(1−A3)), with np.sum (not a mean over rows).",
    reproduces: "COURSE-FACTS §2.3: forward cost = 2.407833389834357 (our value; the notebook does not print it)",
    args: () => {
      const { X, Y, parameters } = gradientCheckNTestCase();
      return [X, Y, parameters];
    },
    notebook: [{ what: "cost", pick: first, value: 2.407833389834357, rtol: 1e-12, atol: 0 }],
  },
  {
    id: "forward-n-hidden",
    fn: "forwardPropagationN",
    description: "3-layer forward pass and cost on another seed and batch size",
    hidden: true,
    rtol: 1e-9,
    atol: 1e-12,
    reproduces: "hidden case (no notebook value): seed 7, m = 6",
    args: () => {
      const { X, Y, parameters } = gradientCheckNTestCase(7, 6, [0, 1, 1, 0, 1, 0]);
      return [X, Y, parameters];
    },
  },
  {
    id: "backward-n",
    fn: "backwardPropagationN",
    description: "3-layer backward pass with both planted mistakes fixed",
    hidden: false,
    rtol: 1e-7,
    atol: 1e-9,
    hint: "Two lines of the shipped code are wrong: compare each dW/db with (1/m)·(…); run gradientCheckN to find them.",
    reproduces: "COURSE-FACTS §2.2: the shipped backward with dW2 ×2 and db1 4/m fixed",
    args: () => {
      const { X, Y, cache } = nCase(1, 3);
      return [X, Y, cache];
    },
  },
  {
    id: "backward-n-hidden",
    fn: "backwardPropagationN",
    description: "3-layer backward pass on another seed and batch size",
    hidden: true,
    rtol: 1e-7,
    atol: 1e-9,
    reproduces: "hidden case (no notebook value): seed 7, m = 6",
    args: () => {
      const { X, Y, cache } = nCase(7, 6, [0, 1, 1, 0, 1, 0]);
      return [X, Y, cache];
    },
  },
  {
    id: "check-n-planted-bugs",
    fn: "gradientCheckN",
    description: "N-D gradient check with the planted-bug gradients: a large difference",
    hidden: false,
    rtol: 1e-3,
    atol: 0,
    hint: "Nudge one entry of θ at a time (copy θ first), rebuild the dict with vectorToDictionary, and use (J⁺ − J⁻) / (2ε).",
    reproduces: "COURSE-FACTS §2.3: gradient_check_n with the planted bugs = 0.2850931567761623",
    args: () => {
      const { X, Y, parameters, cache } = nCase(1, 3);
      return [parameters, plantedBugGradients(X, Y, cache), X, Y];
    },
    notebook: [{ what: "difference (bugs in)", pick: (o) => o, value: 0.2850931567761623, rtol: 1e-9, atol: 0 }],
  },
  {
    id: "check-n-fixed",
    fn: "gradientCheckN",
    description: "N-D gradient check with correct gradients: about 1.19e-7",
    hidden: false,
    // Cancellation-dominated: correct variants move it by up to ~7e-4 relative (DESIGN.md).
    rtol: 1e-3,
    atol: 0,
    reproduces: "COURSE-FACTS §2.3: gradient_check_n with both bugs fixed = 1.1890913024229996e-07",
    args: () => {
      const { X, Y, parameters, cache } = nCase(1, 3);
      return [parameters, ref.backwardPropagationN(X, Y, cache), X, Y];
    },
    notebook: [{ what: "difference (fixed)", pick: (o) => o, value: 1.1890913024229996e-7, rtol: 1e-6, atol: 0 }],
  },
  {
    id: "check-n-hidden",
    fn: "gradientCheckN",
    description: "N-D gradient check on another seed with slightly wrong gradients",
    hidden: true,
    rtol: 1e-3,
    atol: 0,
    reproduces: "hidden case (no notebook value): seed 7, m = 6, dW3 scaled by 1.01",
    args: () => {
      const { X, Y, parameters, cache } = nCase(7, 6, [0, 1, 1, 0, 1, 0]);
      const grads = ref.backwardPropagationN(X, Y, cache);
      return [parameters, { ...grads, dW3: grads.dW3.mul(1.01) }, X, Y];
    },
  },
];
