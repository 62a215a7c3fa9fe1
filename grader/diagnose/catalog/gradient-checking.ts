/** Known mistakes of the Gradient Checking assignment (W1A3). Data only. */
import type { Mistake } from "./types.ts";

const file = "gradient-checking.ts" as const;
const DZ3_A2 = "np.dot(dZ3, A2.T).mul(1 / m)";
const DZ2_A1 = "np.dot(dZ2, A1.T).mul(1 / m)";
const DZ1_X = "np.dot(dZ1, X.T).mul(1 / m)";
const SUM = (z: string): string => `np.sum(${z}, { axis: 1, keepdims: true }).mul(1 / m)`;

export const gradientCheckingMistakes: Mistake[] = [
  {
    id: "forward-1d-sum",
    file,
    fn: "forwardPropagation",
    seen: "common",
    edits: [{ find: "J = theta * x;", replace: "J = theta + x;" }],
  },
  {
    id: "backward-1d-j-over-theta",
    file,
    fn: "backwardPropagation",
    seen: "seed-report",
    edits: [{ find: "dtheta = x;", replace: "dtheta = forwardPropagation(x, theta) / theta;" }],
  },
  {
    id: "backward-1d-theta",
    file,
    fn: "backwardPropagation",
    seen: "common",
    edits: [{ find: "dtheta = x;", replace: "dtheta = theta;" }],
  },
  {
    id: "check-1d-no-2eps",
    file,
    fn: "gradientCheck",
    seen: "common",
    edits: [{ index: 0, find: "(JPlus - JMinus) / (2 * epsilon)", replace: "(JPlus - JMinus) / epsilon" }],
  },
  {
    id: "check-1d-eps-precedence",
    file,
    fn: "gradientCheck",
    seen: "common",
    // Both make the difference 1 (up to 1e-14) on every case: gradapprox ≈ 0 here, grad + gradapprox ≈ 2·grad there.
    aliases: ["check-1d-norm-of-sum"],
    edits: [{ index: 0, find: "(JPlus - JMinus) / (2 * epsilon)", replace: "(JPlus - JMinus) / 2 * epsilon" }],
  },
  {
    id: "check-1d-norm-of-sum",
    file,
    fn: "gradientCheck",
    seen: "common",
    aliases: ["check-1d-eps-precedence"],
    edits: [{ index: 2, find: "np.linalg.norm(grad - gradapprox)", replace: "np.linalg.norm(grad + gradapprox)" }],
  },
  {
    id: "check-1d-not-relative",
    file,
    fn: "gradientCheck",
    seen: "common",
    edits: [{ index: 2, find: "difference = numerator / denominator;", replace: "difference = numerator;" }],
  },
  {
    id: "forward-n-no-mean",
    file,
    fn: "forwardPropagationN",
    seen: "common",
    edits: [{ find: "cost = (1 / m) * np.sum(logprobs);", replace: "cost = np.sum(logprobs);" }],
  },
  {
    id: "forward-n-sign",
    file,
    fn: "forwardPropagationN",
    seen: "common",
    edits: [
      {
        find: "np.log(A3).neg().mul(Y).add(np.log(np.subtract(1, A3)).neg().mul(np.subtract(1, Y)))",
        replace: "np.log(A3).mul(Y).add(np.log(np.subtract(1, A3)).mul(np.subtract(1, Y)))",
      },
    ],
  },
  {
    id: "forward-n-first-term-only",
    file,
    fn: "forwardPropagationN",
    seen: "common",
    edits: [{ find: ".add(np.log(np.subtract(1, A3)).neg().mul(np.subtract(1, Y)))", replace: "" }],
  },
  {
    id: "backward-n-planted-dw2",
    file,
    fn: "backwardPropagationN",
    seen: "course-facts",
    edits: [{ find: DZ2_A1, replace: `${DZ2_A1}.mul(2)` }],
  },
  {
    id: "backward-n-planted-db1",
    file,
    fn: "backwardPropagationN",
    seen: "sample-class",
    edits: [{ find: SUM("dZ1"), replace: SUM("dZ1").replace("1 / m", "4 / m") }],
  },
  {
    id: "backward-n-planted-both",
    file,
    fn: "backwardPropagationN",
    seen: "course-facts",
    edits: [
      { find: DZ2_A1, replace: `${DZ2_A1}.mul(2)` },
      { find: SUM("dZ1"), replace: SUM("dZ1").replace("1 / m", "4 / m") },
    ],
  },
  {
    id: "backward-n-no-relu-mask",
    file,
    fn: "backwardPropagationN",
    seen: "common",
    edits: [
      { find: "const dZ2 = dA2.mul(A2.gt(0));", replace: "const dZ2 = dA2;" },
      { find: "const dZ1 = dA1.mul(A1.gt(0));", replace: "const dZ1 = dA1;" },
    ],
  },
  {
    id: "backward-n-no-1-over-m",
    file,
    fn: "backwardPropagationN",
    seen: "common",
    edits: [DZ3_A2, DZ2_A1, DZ1_X, SUM("dZ3"), SUM("dZ2"), SUM("dZ1")].map((find) => ({ find, replace: find.replace(".mul(1 / m)", "") })),
  },
  {
    id: "backward-n-double-1-over-m",
    file,
    fn: "backwardPropagationN",
    seen: "common",
    edits: [{ find: "const dZ3 = A3.sub(Y);", replace: "const dZ3 = A3.sub(Y).mul(1 / m);" }],
  },
  {
    id: "backward-n-dw-transposed",
    file,
    fn: "backwardPropagationN",
    seen: "common",
    edits: [
      { find: "np.dot(dZ3, A2.T)", replace: "np.dot(A2, dZ3.T)" },
      { find: "np.dot(dZ2, A1.T)", replace: "np.dot(A1, dZ2.T)" },
      { find: "np.dot(dZ1, X.T)", replace: "np.dot(X, dZ1.T)" },
    ],
  },
  {
    id: "backward-n-db-no-keepdims",
    file,
    fn: "backwardPropagationN",
    seen: "common",
    edits: ["dZ3", "dZ2", "dZ1"].map((z) => ({ find: `np.sum(${z}, { axis: 1, keepdims: true })`, replace: `np.sum(${z}, { axis: 1 })` })),
  },
  {
    id: "check-n-no-2eps",
    file,
    fn: "gradientCheckN",
    seen: "common",
    edits: [{ index: 2, find: "/ (2 * epsilon)", replace: "/ epsilon" }],
  },
  {
    id: "check-n-norm-of-sum",
    file,
    fn: "gradientCheckN",
    seen: "common",
    edits: [{ index: 3, find: "grad.sub(gradapprox)", replace: "grad.add(gradapprox)" }],
  },
  {
    id: "check-n-minus-adds-eps",
    file,
    fn: "gradientCheckN",
    seen: "common",
    edits: [{ index: 1, find: "thetaminus.get(i, 0) - epsilon", replace: "thetaminus.get(i, 0) + epsilon" }],
  },
  {
    id: "check-n-no-copy",
    file,
    fn: "gradientCheckN",
    seen: "common",
    edits: [
      { index: 0, find: "const thetaplus = parametersValues.copy();", replace: "const thetaplus = parametersValues;" },
      { index: 1, find: "const thetaminus = parametersValues.copy();", replace: "const thetaminus = parametersValues;" },
    ],
  },
  {
    id: "check-n-not-relative",
    file,
    fn: "gradientCheckN",
    seen: "common",
    edits: [{ index: 3, find: "difference = numerator / denominator;", replace: "difference = numerator;" }],
  },
];
