/**
 * Gradient-checking properties: the 1-D check is about 0 for a correct gradient. The
 * N-D properties compare with the reference solution: gradient-checking.reference.ts.
 */
import fc from "fast-check";
import { asNumber } from "./helpers.ts";
import { type PropertySpec, property } from "./types.ts";

export const properties: PropertySpec[] = [
  property({
    id: "check-1d-near-zero",
    assignment: "gradient-checking",
    fn: "gradientCheck",
    description: "1-D: the gradient check of J = θx is below 1e-6 for any x and θ",
    hidden: false,
    hint: "Use the two-sided difference (J(θ+ε) − J(θ−ε)) / (2ε) and divide by the sum of the norms.",
    numRuns: 20,
    seed: 201,
    arbitrary: fc.tuple(
      fc.double({ min: 0.1, max: 20, noNaN: true }),
      fc.boolean(),
      fc.double({ min: -20, max: 20, noNaN: true }),
    ),
    check: async ([ax, neg, theta], call) => {
      const x = neg ? -ax : ax;
      const d = asNumber(await call("gradientCheck", x, theta), "difference");
      return d >= 0 && d < 1e-6 ? undefined : { code: "check_too_large", call: `gradientCheck(${x}, ${theta})`, got: d, limit: 1e-6 };
    },
  }),
];
