/**
 * The reference regularization.ts against COURSE-FACTS §3.2. The compute-cost and
 * forward-dropout cases are rebuilt from their recipes (the same seeded draws, in the
 * same order, by the builders of grader/cases/recipes/regularization.ts) and compared with
 * the notebook's full-precision values (rtol 1e-12) and masks (exactly). The two backward cases use caches the notebook hard-codes to 8
 * decimals; instead of rebuilding those, the backward functions are checked against a
 * two-sided numerical gradient of the cost they differentiate, on seeded random
 * inputs of the notebook case's sizes.
 *
 *   npx vitest run solutions/regularization.test.ts
 *
 * The training runs of §3.3 are in experiments/reference-regularization.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadImpl } from "../experiments/load.ts";
import { type Matrix, np } from "../lib/np/index.ts";
import {
  type Params,
  backwardPropagationReg,
  computeCost,
  forwardPropagation,
  initializeParametersReg,
  updateParameters,
} from "../lib/nn.ts";
import { loadRegularizationDataset } from "../lib/datasets.ts";
import { costCase, drawParameters, smallCase } from "../grader/cases/recipes/regularization.ts";
import {
  backwardPropagationWithDropout,
  backwardPropagationWithRegularization,
  computeCostWithRegularization,
  forwardPropagationWithDropout,
  model,
} from "./regularization.ts";

/** |actual − expected| ≤ atol + rtol·|expected| everywhere, with the worst entry in the message. */
function expectClose(actual: Matrix, expected: number[][], tol: { rtol?: number; atol?: number }, what: string): void {
  const { rtol = 0, atol = 0 } = tol;
  expect(actual.shape, `${what}: shape`).toEqual([expected.length, expected[0].length]);
  let worst = { excess: -Infinity, at: "", got: 0, want: 0 };
  actual.tolist().forEach((row, i) =>
    row.forEach((got, j) => {
      const want = expected[i][j];
      const excess = Math.abs(got - want) - (atol + rtol * Math.abs(want));
      if (!(excess <= worst.excess)) worst = { excess, at: `[${i}, ${j}]`, got, want };
    }),
  );
  expect(worst.excess <= 0, `${what}${worst.at}: got ${worst.got}, expected ${worst.want}`).toBe(true);
}

const full = { rtol: 1e-12 }; // full-precision notebook values, allowing for another summation order
const PARAM_KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"];

/**
 * The course's relative difference ‖grad − approx‖ / (‖grad‖ + ‖approx‖) between the
 * analytic gradients `grads` (keys dW1, db1, …) and two-sided differences of `cost`,
 * (J(θ + ε) − J(θ − ε)) / 2ε, one parameter entry at a time.
 */
function gradientDifference(cost: (p: Params) => number, parameters: Params, grads: Params, epsilon = 1e-6): number {
  let num = 0;
  let gradNorm = 0;
  let approxNorm = 0;
  for (const k of PARAM_KEYS) {
    const theta = parameters[k];
    for (let i = 0; i < theta.size; i++) {
      const plus = { ...parameters, [k]: theta.copy() };
      plus[k].data[i] += epsilon;
      const minus = { ...parameters, [k]: theta.copy() };
      minus[k].data[i] -= epsilon;
      const approx = (cost(plus) - cost(minus)) / (2 * epsilon);
      const grad = grads["d" + k].data[i];
      num += (grad - approx) ** 2;
      gradNorm += grad ** 2;
      approxNorm += approx ** 2;
    }
  }
  return Math.sqrt(num) / (Math.sqrt(gradNorm) + Math.sqrt(approxNorm));
}

const GC_SEEDS = [1, 2, 3, 4, 5];
const GC_THRESHOLD = 1e-7;

describe("computeCostWithRegularization", () => {
  it("reproduces the notebook case: λ = 0.1 gives 1.7864859451590758", () => {
    const { A3, Y, parameters } = costCase();
    const cost = computeCostWithRegularization(A3, Y, parameters, 0.1);
    expect(cost).toBeCloseTo(1.7864859451590758, 12);
    expect(Math.abs(cost - 1.7864859451590758)).toBeLessThanOrEqual(1e-12 * 1.7864859451590758);
  });

  it("adds (1/m)(λ/2)(ΣW1² + ΣW2² + ΣW3²) to the cross-entropy and ignores the biases", () => {
    np.random.seed(4);
    const parameters = drawParameters();
    const A3 = np.random.rand(1, 5);
    const Y = np.array([[1, 0, 0, 1, 1]]);
    const plain = computeCost(A3, Y);
    expect(computeCostWithRegularization(A3, Y, parameters, 0)).toBe(plain);
    const S = ["W1", "W2", "W3"].reduce((acc, k) => acc + np.sum(np.square(parameters[k])), 0);
    const got = computeCostWithRegularization(A3, Y, parameters, 0.7);
    expect(got).toBeGreaterThan(plain);
    expect(Math.abs(got - (plain + (1 / 5) * (0.7 / 2) * S))).toBeLessThanOrEqual(1e-15);
    const noBias = { ...parameters, b1: parameters.b1.mul(100), b3: parameters.b3.mul(-7) };
    expect(computeCostWithRegularization(A3, Y, noBias, 0.7)).toBe(got);
  });
});

describe("backwardPropagationWithRegularization", () => {
  it.each(GC_SEEDS)(
    "matches a numerical gradient of the L2 cost, λ = 0.7 (seed %i; replaces the notebook's hard-coded cache)",
    (seed) => {
      const { X, Y, parameters } = smallCase(seed);
      const lambd = 0.7;
      const cost = (p: Params) => computeCostWithRegularization(forwardPropagation(X, p)[0], Y, p, lambd);
      const [, cache] = forwardPropagation(X, parameters);
      const grads = backwardPropagationWithRegularization(X, Y, cache, lambd);
      expect(gradientDifference(cost, parameters, grads)).toBeLessThan(GC_THRESHOLD);
    },
  );

  it("differs from the plain backward only by (λ/m)·W on each dW", () => {
    const { X, Y, parameters } = smallCase(1);
    const [, cache] = forwardPropagation(X, parameters);
    const plain = backwardPropagationReg(X, Y, cache);
    const reg = backwardPropagationWithRegularization(X, Y, cache, 0.7);
    expect(Object.keys(reg).sort()).toEqual(Object.keys(plain).sort());
    for (const k of ["dZ3", "db3", "dA2", "dZ2", "db2", "dA1", "dZ1", "db1"]) expect(reg[k].tolist(), k).toEqual(plain[k].tolist());
    for (const l of [1, 2, 3]) {
      expect(reg["dW" + l].tolist()).toEqual(plain["dW" + l].add(parameters["W" + l].mul(0.7 / 5)).tolist());
    }
    const zero = backwardPropagationWithRegularization(X, Y, cache, 0);
    for (const k of Object.keys(plain)) expect(zero[k].tolist(), k).toEqual(plain[k].tolist());
  });

  it("the gradient check catches a backward that forgets the L2 term", () => {
    const { X, Y, parameters } = smallCase(1);
    const cost = (p: Params) => computeCostWithRegularization(forwardPropagation(X, p)[0], Y, p, 0.7);
    const [, cache] = forwardPropagation(X, parameters);
    expect(gradientDifference(cost, parameters, backwardPropagationReg(X, Y, cache))).toBeGreaterThan(1e-2);
  });
});

describe("forwardPropagationWithDropout", () => {
  /** seed(1); X = randn(3,5), then the parameters; keep_prob 0.7. */
  function notebookCase() {
    const { X, parameters } = smallCase(1);
    return forwardPropagationWithDropout(X, parameters, 0.7);
  }

  it("reproduces the notebook case (keep_prob 0.7): A3, the masks D1 and D2, the scaled A1", () => {
    const [A3, cache] = notebookCase();
    expectClose(
      A3,
      [[0.36974720617815354, 0.003051758134649767, 0.045650993373441896, 0.4968338925883705, 0.36974720617815354]],
      full,
      "A3",
    );
    const [, D1, A1, , , , D2] = cache;
    expect(D1.tolist()).toEqual([[1, 0, 1, 1, 1], [1, 1, 1, 1, 1]]);
    expect(D2.tolist()).toEqual([[1, 1, 1, 0, 1], [1, 1, 1, 1, 1], [0, 0, 1, 1, 0]]);
    expectClose(
      A1,
      [[0, 0, 3.0570648655977624, 3.724295051663638, 0], [0, 5.942999148830275, 1.129300295991306, 2.092764459622469, 0]],
      full,
      "A1",
    );
  });

  it("returns the 14-item cache (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)", () => {
    const { X, parameters } = smallCase(1);
    const [A3, cache] = forwardPropagationWithDropout(X, parameters, 0.7);
    expect(cache).toHaveLength(14);
    const [Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3c, W3, b3] = cache;
    expect([W1, b1, W2, b2, W3, b3]).toEqual(PARAM_KEYS.map((k) => parameters[k]));
    expect(A3c).toBe(A3);
    expect(Z1.tolist()).toEqual(np.dot(parameters.W1, X).add(parameters.b1).tolist());
    expect(A1.tolist()).toEqual(np.maximum(0, Z1).mul(D1).div(0.7).tolist());
    expect(Z2.tolist()).toEqual(np.dot(parameters.W2, A1).add(parameters.b2).tolist());
    expect(A2.tolist()).toEqual(np.maximum(0, Z2).mul(D2).div(0.7).tolist());
    expect(Z3.tolist()).toEqual(np.dot(parameters.W3, A2).add(parameters.b3).tolist());
  });

  it("reseeds with 1 itself: D1 and D2 are the first 10 and next 15 uniforms of seed 1", () => {
    const { X, parameters } = smallCase(1);
    np.random.seed(12345); // must not matter
    const [, cache] = forwardPropagationWithDropout(X, parameters, 0.7);
    np.random.seed(1);
    expect(cache[1].tolist()).toEqual(np.random.rand(2, 5).lt(0.7).tolist());
    expect(cache[6].tolist()).toEqual(np.random.rand(3, 5).lt(0.7).tolist());
  });

  it("keeps about keepProb of the units and scales them by 1/keepProb", () => {
    np.random.seed(9);
    const X = np.random.randn(2, 400);
    const parameters: Params = {
      W1: np.random.randn(20, 2),
      b1: np.ones([20, 1]).mul(10), // every unit active, so A1 = relu(Z1) > 0
      W2: np.random.randn(3, 20),
      b2: np.zeros([3, 1]),
      W3: np.random.randn(1, 3),
      b3: np.zeros([1, 1]),
    };
    const [, cache] = forwardPropagationWithDropout(X, parameters, 0.86);
    const [Z1, D1, A1] = cache;
    expect(Math.abs(np.mean(D1) - 0.86)).toBeLessThan(0.01);
    expect(A1.tolist()).toEqual(Z1.mul(D1).div(0.86).tolist());
  });
});

describe("backwardPropagationWithDropout", () => {
  it.each(GC_SEEDS)(
    "matches a numerical gradient of the dropout cost, keep_prob 0.8 (seed %i; replaces the notebook's hard-coded cache)",
    (seed) => {
      const { X, Y, parameters } = smallCase(seed);
      const keepProb = 0.8;
      // The forward reseeds with 1, so the masks are the same on every call: a fixed function of θ.
      const cost = (p: Params) => computeCost(forwardPropagationWithDropout(X, p, keepProb)[0], Y);
      const [, cache] = forwardPropagationWithDropout(X, parameters, keepProb);
      const grads = backwardPropagationWithDropout(X, Y, cache, keepProb);
      expect(gradientDifference(cost, parameters, grads)).toBeLessThan(GC_THRESHOLD);
    },
  );

  it("returns dA1 and dA2 masked by D1, D2 and scaled by 1/keepProb, with the reg_utils keys", () => {
    const { X, Y, parameters } = smallCase(1);
    const [, cache] = forwardPropagationWithDropout(X, parameters, 0.8);
    const [, D1, A1, , , , D2, A2, W2, , , A3, W3] = cache;
    const g = backwardPropagationWithDropout(X, Y, cache, 0.8);
    expect(Object.keys(g).sort()).toEqual(["dA1", "dA2", "dW1", "dW2", "dW3", "dZ1", "dZ2", "dZ3", "db1", "db2", "db3"]);
    const dZ3 = A3.sub(Y);
    const dA2 = np.dot(W3.T, dZ3).mul(D2).div(0.8);
    expect(g.dA2.tolist()).toEqual(dA2.tolist());
    const dZ2 = dA2.mul(A2.gt(0));
    expect(g.dA1.tolist()).toEqual(np.dot(W2.T, dZ2).mul(D1).div(0.8).tolist());
    expect(g.dZ1.tolist()).toEqual(g.dA1.mul(A1.gt(0)).tolist());
  });

  it("the gradient check catches a backward that forgets the 1/keepProb scaling", () => {
    const { X, Y, parameters } = smallCase(2);
    const cost = (p: Params) => computeCost(forwardPropagationWithDropout(X, p, 0.8)[0], Y);
    const [, cache] = forwardPropagationWithDropout(X, parameters, 0.8);
    const wrong = backwardPropagationWithDropout(X, Y, cache, 1);
    expect(gradientDifference(cost, parameters, wrong)).toBeGreaterThan(1e-2);
  });
});

describe("model", () => {
  it("refuses L2 and dropout together", () => {
    const X = np.zeros([2, 4]);
    const Y = np.zeros([1, 4]);
    expect(() => model(X, Y, { lambd: 0.7, keepProb: 0.86, printCost: false })).toThrow(/not both/);
  });

  it("records the cost every 1000 iterations", () => {
    np.random.seed(0);
    const X = np.random.randn(2, 20);
    const Y = np.random.rand(1, 20).lt(0.5);
    const { costs } = model(X, Y, { numIterations: 2001, printCost: false, lambd: 0.1 });
    expect(costs).toHaveLength(3);
    expect(costs[2]).toBeLessThan(costs[0]);
  });
});

describe("model trains in place with the same doubles as the notebook's loop", () => {
  const { trainX: X, trainY: Y } = loadRegularizationDataset();
  type Fns = Pick<
    typeof import("./regularization.ts"),
    | "model"
    | "computeCostWithRegularization"
    | "backwardPropagationWithRegularization"
    | "forwardPropagationWithDropout"
    | "backwardPropagationWithDropout"
  >;
  const reference: Fns = {
    model,
    computeCostWithRegularization,
    backwardPropagationWithRegularization,
    forwardPropagationWithDropout,
    backwardPropagationWithDropout,
  };
  /** The notebook's loop over an implementation's functions, written out. */
  function notebookLoop(f: Fns, lambd: number, keepProb: number, n: number): { parameters: Params; costs: number[] } {
    let p = initializeParametersReg([X.nrows, 20, 3, 1]);
    const costs: number[] = [];
    for (let i = 0; i < n; i++) {
      let cost: number;
      let grads: Params;
      if (keepProb === 1) {
        const [a3, cache] = forwardPropagation(X, p);
        cost = lambd === 0 ? computeCost(a3, Y) : f.computeCostWithRegularization(a3, Y, p, lambd);
        grads = lambd === 0 ? backwardPropagationReg(X, Y, cache) : f.backwardPropagationWithRegularization(X, Y, cache, lambd);
      } else {
        const [a3, cache] = f.forwardPropagationWithDropout(X, p, keepProb);
        cost = computeCost(a3, Y);
        grads = f.backwardPropagationWithDropout(X, Y, cache, keepProb);
      }
      p = updateParameters(p, grads, 0.3);
      if (i % 1000 === 0) costs.push(cost);
    }
    return { parameters: p, costs };
  }
  const sameRun = (a: { parameters: Params; costs: number[] }, b: { parameters: Params; costs: number[] }): boolean =>
    ["W1", "b1", "W2", "b2", "W3", "b3"].every((k) => a.parameters[k].data.every((x, i) => Object.is(x, b.parameters[k].data[i]))) &&
    a.costs.length === b.costs.length &&
    a.costs.every((c, i) => Object.is(c, b.costs[i]));

  // 1003 iterations: the checked ones (0, 1, 2, 1000, the last) and unchecked ones between
  for (const [name, lambd, keepProb] of [["no regularization", 0, 1], ["L2 0.7", 0.7, 1], ["dropout 0.86", 0, 0.86]] as const) {
    it(name, () => {
      const got = model(X, Y, { numIterations: 1003, printCost: false, lambd, keepProb });
      const after = np.random.rand(1, 2).tolist();
      const want = notebookLoop(reference, lambd, keepProb, 1003);
      expect(np.random.rand(1, 2).tolist()).toEqual(after); // the global generator ends in the same state
      expect(sameRun(got, want)).toBe(true);
    });
  }

  it("a student's model() trains with the student's functions: a different L2 gradient reruns the plain loop", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dnnlab-net3-"));
    try {
      const original = "dW3 = np.dot(dZ3, A2.T).mul(1 / m).add(W3.mul(lambd / m));";
      const text = readFileSync(new URL("./regularization.ts", import.meta.url), "utf8");
      expect(text).toContain(original);
      writeFileSync(join(dir, "regularization.ts"), text.replace(original, original.replace("lambd / m", "lambd / m / 2")));
      const student = (await loadImpl("regularization", dir)).module as unknown as Fns;
      const got = student.model(X, Y, { numIterations: 1003, printCost: false, lambd: 0.7 });
      expect(sameRun(got, notebookLoop(student, 0.7, 1, 1003))).toBe(true);
      expect(sameRun(got, notebookLoop(reference, 0.7, 1, 1003))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
