/**
 * Regularization properties: the L2 cost adds exactly (λ/2m)·ΣW² to the plain cost;
 * dropout keeps about keep_prob of the units and scales the survivors by 1/keep_prob.
 * The backward passes are compared with the reference in regularization.reference.ts.
 */
import fc from "fast-check";
import { np } from "../../../lib/np/index.ts";
import { computeCost, forwardPropagation, relu } from "../../../lib/nn.ts";
import { asMatrix, asNumber, asTuple, batch, differs, randomParams } from "./helpers.ts";
import { type PropertySpec, property } from "./types.ts";


export const properties: PropertySpec[] = [
  property({
    id: "l2-cost-adds-penalty",
    assignment: "regularization",
    fn: "computeCostWithRegularization",
    description: "the L2 cost is the cross-entropy plus (λ/2m)·(ΣW1² + ΣW2² + ΣW3²): never below it, equal at λ = 0",
    hidden: false,
    hint: "Only the W's are penalised (not the b's), and the factor is (1/m)·(λ/2).",
    numRuns: 15,
    seed: 401,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 5, noNaN: true })),
    check: async ([seed, m, lambd], call) => {
      const parameters = randomParams(seed, [3, 4, 2, 1]);
      const { X, Y } = batch(seed, 3, m);
      const [A3] = forwardPropagation(X, parameters);
      const plain = computeCost(A3, Y);
      const sumSq = ["W1", "W2", "W3"].reduce((s, k) => s + np.sum(np.square(parameters[k])), 0);
      const want = plain + (lambd / (2 * m)) * sumSq;
      const got = asNumber(await call("computeCostWithRegularization", A3, Y, parameters, lambd), "cost");
      if (!(Math.abs(got - want) <= 1e-9 * Math.abs(want) + 1e-12)) return { code: "cost_off", lambd, got, expected: want, plain };
      const zero = asNumber(await call("computeCostWithRegularization", A3, Y, parameters, 0), "cost");
      return zero === plain || Math.abs(zero - plain) <= 1e-12 * Math.abs(plain) ? undefined : { code: "cost_off", lambd: 0, got: zero, expected: plain, plain };
    },
  }),
  property({
    id: "dropout-mask",
    assignment: "regularization",
    fn: "forwardPropagationWithDropout",
    description: "dropout keeps about keep_prob of the hidden units and scales the survivors by 1/keep_prob",
    hidden: false,
    hint: "D = (np.random.rand(…) < keep_prob); A = A * D; A = A / keep_prob — in both hidden layers.",
    numRuns: 6,
    seed: 402,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0.3, max: 0.95, noNaN: true })),
    check: async ([seed, keepProb], call) => {
      const parameters = randomParams(seed, [2, 20, 10, 1]);
      const { X } = batch(seed, 2, 200);
      const out = asTuple(await call("forwardPropagationWithDropout", X, parameters, keepProb), 2, "result");
      const cache = asTuple(out[1], 14, "cache").map((v, i) => asMatrix(v, `cache[${i}]`));
      const [Z1, D1, A1, , , Z2, D2, A2] = cache;
      for (const [name, D, A, Z] of [["D1", D1, A1, Z1], ["D2", D2, A2, Z2]] as const) {
        const kept = np.mean(D);
        if (!(Math.abs(kept - keepProb) <= 0.05)) return { code: "keep_fraction", param: name, got: kept, expected: keepProb };
        if (D.data.some((v) => v !== 0 && v !== 1)) return { code: "mask_not_binary", param: name };
        const bad = differs(A, relu(Z).mul(D).div(keepProb), 1e-12, 1e-15, `cache["${name.replace("D", "A")}"]`);
        if (bad) return { ...bad, advice: "divide_by_keep_prob" };
      }
      return undefined;
    },
  }),
];
