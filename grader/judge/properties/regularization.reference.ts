/**
 * Regularization properties that compare with the reference solution. Kept apart:
 * they import solutions/, so they are graded by instructors and never released.
 */
import fc from "fast-check";
import { forwardPropagation } from "../../../lib/nn.ts";
import * as ref from "../../../solutions/regularization.ts";
import { asDict, batch, differs, randomParams } from "./helpers.ts";
import { type PropertySpec, property } from "./types.ts";


const GRAD_KEYS = ["dW1", "db1", "dW2", "db2", "dW3", "db3"];

export const referenceProperties: PropertySpec[] = [
  property({
    id: "dropout-backward-matches-reference",
    assignment: "regularization",
    fn: "backwardPropagationWithDropout",
    description: "the dropout backward pass applies the same masks and 1/keep_prob to dA1 and dA2 on random networks",
    hidden: true,
    hint: "dA2 = dA2 * D2 / keep_prob before the ReLU mask, and likewise dA1 with D1.",
    numRuns: 8,
    seed: 403,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 15 }), fc.double({ min: 0.3, max: 0.95, noNaN: true })),
    check: async ([seed, m, keepProb], call) => {
      const parameters = randomParams(seed, [3, 5, 4, 1]);
      const { X, Y } = batch(seed, 3, m);
      const [, cache] = ref.forwardPropagationWithDropout(X, parameters, keepProb);
      const got = asDict(await call("backwardPropagationWithDropout", X, Y, cache, keepProb), "gradients");
      const want = ref.backwardPropagationWithDropout(X, Y, cache, keepProb);
      for (const k of [...GRAD_KEYS, "dA1", "dA2"]) {
        const bad = differs(got[k], want[k], 1e-7, 1e-9, `grads["${k}"]`);
        if (bad) return bad;
      }
      return undefined;
    },
  }),
  property({
    id: "l2-backward-matches-reference",
    assignment: "regularization",
    fn: "backwardPropagationWithRegularization",
    description: "the L2 backward pass adds (λ/m)·W to each dW (and nothing to the db's) on random networks",
    hidden: true,
    hint: "dW_l = (1/m)·dZ_l·A_{l-1}ᵀ + (λ/m)·W_l; the biases are not regularised.",
    numRuns: 15,
    seed: 404,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 15 }), fc.double({ min: 0, max: 3, noNaN: true })),
    check: async ([seed, m, lambd], call) => {
      const parameters = randomParams(seed, [3, 5, 4, 1]);
      const { X, Y } = batch(seed, 3, m);
      const [, cache] = forwardPropagation(X, parameters);
      const got = asDict(await call("backwardPropagationWithRegularization", X, Y, cache, lambd), "gradients");
      const want = ref.backwardPropagationWithRegularization(X, Y, cache, lambd);
      for (const k of GRAD_KEYS) {
        const bad = differs(got[k], want[k], 1e-7, 1e-9, `grads["${k}"]`);
        if (bad) return bad;
      }
      return undefined;
    },
  }),
];
