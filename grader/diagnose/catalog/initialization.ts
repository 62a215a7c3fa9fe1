/** Known mistakes of the Initialization assignment (W1A1). Data only. */
import type { Mistake } from "./types.ts";

const file = "initialization.ts" as const;
const HE_SCALE = "Math.sqrt(2 / layersDims[l - 1])";
const B_ZEROS = 'parameters["b" + l] = np.zeros([layersDims[l], 1]);';

export const initializationMistakes: Mistake[] = [
  {
    id: "zeros-w-transposed",
    file,
    fn: "initializeParametersZeros",
    seen: "common",
    edits: [{ find: "np.zeros([layersDims[l], layersDims[l - 1]])", replace: "np.zeros([layersDims[l - 1], layersDims[l]])" }],
  },
  {
    id: "zeros-b-row",
    file,
    fn: "initializeParametersZeros",
    seen: "common",
    edits: [{ find: "np.zeros([layersDims[l], 1])", replace: "np.zeros([1, layersDims[l]])" }],
  },
  {
    id: "random-no-scale",
    file,
    fn: "initializeParametersRandom",
    seen: "sample-class",
    edits: [{ find: ".mul(10)", replace: "" }],
  },
  {
    id: "random-scale-small",
    file,
    fn: "initializeParametersRandom",
    seen: "common",
    edits: [{ find: ".mul(10)", replace: ".mul(0.01)" }],
  },
  {
    id: "random-uniform",
    file,
    fn: "initializeParametersRandom",
    seen: "common",
    edits: [{ find: "np.random.randn(", replace: "np.random.rand(" }],
  },
  {
    id: "random-b-missing",
    file,
    fn: "initializeParametersRandom",
    seen: "common",
    edits: [{ find: B_ZEROS, replace: "" }],
  },
  {
    id: "he-fan-out",
    file,
    fn: "initializeParametersHe",
    seen: "sample-class",
    edits: [{ find: HE_SCALE, replace: "Math.sqrt(2 / layersDims[l])" }],
  },
  {
    id: "he-xavier",
    file,
    fn: "initializeParametersHe",
    seen: "common",
    edits: [{ find: HE_SCALE, replace: "Math.sqrt(1 / layersDims[l - 1])" }],
  },
  {
    id: "he-no-sqrt",
    file,
    fn: "initializeParametersHe",
    seen: "common",
    edits: [{ find: HE_SCALE, replace: "(2 / layersDims[l - 1])" }],
  },
  {
    id: "he-sqrt-precedence",
    file,
    fn: "initializeParametersHe",
    seen: "common",
    edits: [{ find: HE_SCALE, replace: "(Math.sqrt(2) / layersDims[l - 1])" }],
  },
  {
    id: "he-inverted",
    file,
    fn: "initializeParametersHe",
    seen: "common",
    edits: [{ find: HE_SCALE, replace: "Math.sqrt(layersDims[l - 1] / 2)" }],
  },
  {
    id: "he-times-ten",
    file,
    fn: "initializeParametersHe",
    seen: "common",
    edits: [{ find: `.mul(${HE_SCALE})`, replace: ".mul(10)" }],
  },
];
