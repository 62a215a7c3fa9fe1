/**
 * Gradient-checking properties that compare with the reference solution. Kept apart:
 * they import solutions/, so they are graded by instructors and never released.
 */
import fc from "fast-check";
import { type Matrix, RandomState, np } from "../../../lib/np/index.ts";
import * as ref from "../../../solutions/gradient-checking.ts";
import { asDict, asNumber, differs, randomParams } from "./helpers.ts";
import { type PropertySpec, property } from "./types.ts";

/** A random [4, 5, 3, 1] network and a batch of m examples with 0/1 labels. */
function network(seed: number, m: number): { X: Matrix; Y: Matrix; parameters: Record<string, Matrix> } {
  const rs = new RandomState(seed + 1);
  const X = rs.randn(4, m);
  const Y = rs.rand(1, m).lt(0.5);
  return { X, Y, parameters: randomParams(seed, [4, 5, 3, 1], 0.7) };
}

const GRAD_KEYS = ["dW1", "db1", "dW2", "db2", "dW3", "db3"];

export const referenceProperties: PropertySpec[] = [
  property({
    id: "backward-n-matches-reference",
    assignment: "gradient-checking",
    fn: "backwardPropagationN",
    description: "N-D: backwardPropagationN gives the correct gradients on random networks and batch sizes",
    hidden: true,
    hint: "Every dW and db carries exactly one factor 1/m; the ReLU mask is [A > 0].",
    numRuns: 8,
    seed: 202,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 12 })),
    check: async ([seed, m], call) => {
      const { X, Y, parameters } = network(seed, m);
      const [, cache] = ref.forwardPropagationN(X, Y, parameters);
      const got = asDict(await call("backwardPropagationN", X, Y, cache), "gradients");
      const want = ref.backwardPropagationN(X, Y, cache);
      for (const k of GRAD_KEYS) {
        const bad = differs(got[k], want[k], 1e-7, 1e-9, `grads["${k}"]`);
        if (bad) return bad;
      }
      return undefined;
    },
  }),
  property({
    id: "check-n-separates",
    assignment: "gradient-checking",
    fn: "gradientCheckN",
    description: "N-D: the check is small (< 1e-5) for correct gradients and large (> 1e-3) when one gradient is wrong",
    hidden: true,
    hint: "Copy θ before nudging entry i, and rebuild the parameters with vectorToDictionary for each forward pass.",
    numRuns: 5,
    seed: 203,
    arbitrary: fc.tuple(
      fc.integer({ min: 0, max: 100_000 }),
      fc.integer({ min: 5, max: 10 }),
      fc.constantFrom(...GRAD_KEYS),
    ),
    check: async ([seed, m, wrongKey], call) => {
      const { X, Y, parameters } = network(seed, m);
      const [, cache] = ref.forwardPropagationN(X, Y, parameters);
      const grads = ref.backwardPropagationN(X, Y, cache);
      const good = asNumber(await call("gradientCheckN", parameters, grads, X, Y), "difference");
      if (!(good < 1e-5)) return { code: "check_too_large", got: good, limit: 1e-5 };
      const wrong = { ...grads, [wrongKey]: grads[wrongKey].add(np.full(grads[wrongKey].shape, 0.1)) };
      const bad = asNumber(await call("gradientCheckN", parameters, wrong, X, Y), "difference");
      return bad > 1e-3 ? undefined : { code: "check_too_small", key: wrongKey, offBy: 0.1, got: bad, limit: 1e-3 };
    },
  }),
];
