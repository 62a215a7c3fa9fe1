/** Known mistakes of the Optimization assignment (W2A1). Data only. */
import type { Mistake, RegionEdit } from "./types.ts";

const file = "optimization.ts" as const;
/** The same edit on the W line and the b line (dW/db, W/b keys). */
const wb = (find: string, replace: string, index?: number): RegionEdit[] =>
  [(s: string) => s, (s: string) => s.replaceAll('"dW"', '"db"').replaceAll('"W"', '"b"')].map((k) => ({
    ...(index === undefined ? {} : { index }),
    find: k(find),
    replace: k(replace),
  }));
/** The same edit on the X and the Y line of a mini-batch region. */
const xy = (index: number, find: string, replace: string): RegionEdit[] =>
  [find, find.replaceAll("shuffledX", "shuffledY")].map((f, k) => ({
    index,
    find: f,
    replace: k === 0 ? replace : replace.replaceAll("shuffledX", "shuffledY"),
  }));

const ADAM_STEP_W = '.div(np.sqrt(sCorrected["dW" + l]).add(epsilon))';

export const optimizationMistakes: Mistake[] = [
  {
    id: "gd-ascent",
    file,
    fn: "updateParametersWithGd",
    seen: "common",
    edits: wb('parameters["W" + l].sub(', 'parameters["W" + l].add('),
  },
  {
    id: "gd-no-learning-rate",
    file,
    fn: "updateParametersWithGd",
    seen: "common",
    edits: wb('grads["dW" + l].mul(learningRate)', 'grads["dW" + l]'),
  },
  {
    id: "gd-b-not-updated",
    file,
    fn: "updateParametersWithGd",
    seen: "common",
    edits: [{ find: 'parameters["b" + l] = parameters["b" + l].sub(grads["db" + l].mul(learningRate));', replace: "" }],
  },
  {
    id: "minibatch-y-not-shuffled",
    file,
    fn: "randomMiniBatches",
    seen: "common",
    edits: [{ index: 0, find: "Y.take(permutation, { axis: 1 }).reshape(1, m)", replace: "Y.reshape(1, m)" }],
  },
  {
    id: "minibatch-no-shuffle",
    file,
    fn: "randomMiniBatches",
    seen: "common",
    edits: [
      { index: 0, find: "X.take(permutation, { axis: 1 })", replace: "X" },
      { index: 0, find: "Y.take(permutation, { axis: 1 }).reshape(1, m)", replace: "Y.reshape(1, m)" },
    ],
  },
  {
    id: "minibatch-shuffle-rows",
    file,
    fn: "randomMiniBatches",
    seen: "common",
    edits: [{ index: 0, find: "X.take(permutation, { axis: 1 })", replace: "X.take(permutation, { axis: 0 })" }],
  },
  {
    id: "minibatch-stride-one",
    file,
    fn: "randomMiniBatches",
    seen: "common",
    edits: xy(1, "shuffledX.cols(k * miniBatchSize, (k + 1) * miniBatchSize)", "shuffledX.cols(k, k + miniBatchSize)"),
  },
  {
    id: "minibatch-inclusive-end",
    file,
    fn: "randomMiniBatches",
    seen: "common",
    edits: xy(1, "shuffledX.cols(k * miniBatchSize, (k + 1) * miniBatchSize)", "shuffledX.cols(k * miniBatchSize, (k + 1) * miniBatchSize - 1)"),
  },
  {
    id: "minibatch-last-empty",
    file,
    fn: "randomMiniBatches",
    seen: "sample-class",
    edits: xy(2, "shuffledX.cols(numCompleteMinibatches * miniBatchSize, m)", "shuffledX.cols(m, m)"),
  },
  {
    id: "minibatch-last-full-size",
    file,
    fn: "randomMiniBatches",
    seen: "common",
    edits: xy(2, "shuffledX.cols(numCompleteMinibatches * miniBatchSize, m)", "shuffledX.cols(m - miniBatchSize, m)"),
  },
  {
    id: "velocity-lowercase-keys",
    file,
    fn: "initializeVelocity",
    seen: "seed-report",
    edits: [{ find: 'v["dW" + l] =', replace: 'v["dw" + l] =' }],
  },
  {
    id: "velocity-parameter-keys",
    file,
    fn: "initializeVelocity",
    seen: "common",
    edits: wb('v["dW" + l] =', 'v["W" + l] ='),
  },
  {
    id: "velocity-b-shaped-like-w",
    file,
    fn: "initializeVelocity",
    seen: "common",
    edits: [{ find: 'np.zerosLike(parameters["b" + l])', replace: 'np.zerosLike(parameters["W" + l])' }],
  },
  {
    id: "adam-init-lowercase-keys",
    file,
    fn: "initializeAdam",
    seen: "seed-report",
    edits: [
      { find: 'v["dW" + l] =', replace: 'v["dw" + l] =' },
      { find: 's["dW" + l] =', replace: 's["dw" + l] =' },
    ],
  },
  {
    id: "momentum-no-one-minus-beta",
    file,
    fn: "updateParametersWithMomentum",
    seen: "common",
    edits: wb('grads["dW" + l].mul(1 - beta)', 'grads["dW" + l]'),
  },
  {
    id: "momentum-beta-swapped",
    file,
    fn: "updateParametersWithMomentum",
    seen: "common",
    edits: wb('v["dW" + l].mul(beta).add(grads["dW" + l].mul(1 - beta))', 'v["dW" + l].mul(1 - beta).add(grads["dW" + l].mul(beta))'),
  },
  {
    id: "momentum-step-with-gradient",
    file,
    fn: "updateParametersWithMomentum",
    seen: "common",
    edits: wb('parameters["W" + l].sub(v["dW" + l].mul(learningRate))', 'parameters["W" + l].sub(grads["dW" + l].mul(learningRate))'),
  },
  {
    id: "momentum-step-before-velocity",
    file,
    fn: "updateParametersWithMomentum",
    seen: "common",
    edits: [
      { find: 'parameters["W" + l] = parameters["W" + l].sub(v["dW" + l].mul(learningRate));', replace: "" },
      { find: 'parameters["b" + l] = parameters["b" + l].sub(v["db" + l].mul(learningRate));', replace: "" },
      {
        find: 'v["dW" + l] = v["dW" + l].mul(beta)',
        replace: [
          'parameters["W" + l] = parameters["W" + l].sub(v["dW" + l].mul(learningRate));',
          'parameters["b" + l] = parameters["b" + l].sub(v["db" + l].mul(learningRate));',
          'v["dW" + l] = v["dW" + l].mul(beta)',
        ].join("\n"),
      },
    ],
  },
  {
    id: "adam-lowercase-keys",
    file,
    fn: "updateParametersWithAdam",
    seen: "seed-report",
    edits: [
      {
        find: 'v["dW" + l] = v["dW" + l].mul(beta1).add(grads["dW" + l].mul(1 - beta1));',
        replace: 'v["dw" + l] = v["dw" + l].mul(beta1).add(grads["dw" + l].mul(1 - beta1));',
      },
    ],
  },
  {
    id: "adam-eps-added-to-parameter",
    file,
    fn: "updateParametersWithAdam",
    seen: "seed-report",
    edits: [
      ...wb('parameters["W" + l] = parameters["W" + l].sub(', 'parameters["W" + l] = parameters["W" + l].add(epsilon).sub('),
      ...wb(ADAM_STEP_W, '.div(np.sqrt(sCorrected["dW" + l]))'),
    ],
  },
  {
    id: "adam-eps-outside-division",
    file,
    fn: "updateParametersWithAdam",
    seen: "sample-class",
    edits: wb(ADAM_STEP_W, '.div(np.sqrt(sCorrected["dW" + l])).add(epsilon)'),
  },
  {
    id: "adam-eps-inside-sqrt",
    file,
    fn: "updateParametersWithAdam",
    seen: "course-facts",
    edits: wb(ADAM_STEP_W, '.div(np.sqrt(sCorrected["dW" + l].add(epsilon)))'),
  },
  {
    id: "adam-no-sqrt",
    file,
    fn: "updateParametersWithAdam",
    seen: "common",
    edits: wb(ADAM_STEP_W, '.div(sCorrected["dW" + l].add(epsilon))'),
  },
  {
    id: "adam-no-bias-correction",
    file,
    fn: "updateParametersWithAdam",
    seen: "common",
    edits: [...wb('v["dW" + l].div(1 - beta1 ** t)', 'v["dW" + l]'), ...wb('s["dW" + l].div(1 - beta2 ** t)', 's["dW" + l]')],
  },
  {
    id: "adam-correction-without-t",
    file,
    fn: "updateParametersWithAdam",
    seen: "common",
    edits: [...wb("v[\"dW\" + l].div(1 - beta1 ** t)", 'v["dW" + l].div(1 - beta1)'), ...wb('s["dW" + l].div(1 - beta2 ** t)', 's["dW" + l].div(1 - beta2)')],
  },
  {
    id: "adam-caret-power",
    file,
    fn: "updateParametersWithAdam",
    seen: "common",
    edits: [...wb('v["dW" + l].div(1 - beta1 ** t)', 'v["dW" + l].div(1 - (beta1 ^ t))'), ...wb('s["dW" + l].div(1 - beta2 ** t)', 's["dW" + l].div(1 - (beta2 ^ t))')],
  },
  {
    id: "adam-grad-not-squared",
    file,
    fn: "updateParametersWithAdam",
    seen: "common",
    edits: wb('np.square(grads["dW" + l])', 'grads["dW" + l]'),
  },
  {
    id: "adam-step-uncorrected",
    file,
    fn: "updateParametersWithAdam",
    seen: "common",
    edits: wb(
      'vCorrected["dW" + l].mul(learningRate).div(np.sqrt(sCorrected["dW" + l])',
      'v["dW" + l].mul(learningRate).div(np.sqrt(s["dW" + l])',
    ),
  },
  {
    id: "adam-s-with-beta1",
    file,
    fn: "updateParametersWithAdam",
    seen: "common",
    edits: wb('s["dW" + l].mul(beta2).add(np.square(grads["dW" + l]).mul(1 - beta2))', 's["dW" + l].mul(beta1).add(np.square(grads["dW" + l]).mul(1 - beta1))'),
  },
  {
    id: "update-lr-precedence",
    file,
    fn: "updateLr",
    seen: "common",
    edits: [{ find: "learningRate0 / (1 + decayRate * epochNum)", replace: "learningRate0 / 1 + decayRate * epochNum" }],
  },
  {
    id: "update-lr-multiplied",
    file,
    fn: "updateLr",
    seen: "common",
    edits: [{ find: "learningRate0 / (1 + decayRate * epochNum)", replace: "learningRate0 * (1 + decayRate * epochNum)" }],
  },
  {
    id: "schedule-no-floor",
    file,
    fn: "scheduleLrDecay",
    seen: "course-facts",
    edits: [{ find: "Math.floor(epochNum / timeInterval)", replace: "epochNum / timeInterval" }],
  },
  {
    id: "schedule-round",
    file,
    fn: "scheduleLrDecay",
    seen: "common",
    edits: [{ find: "Math.floor(epochNum / timeInterval)", replace: "Math.round(epochNum / timeInterval)" }],
  },
  {
    id: "schedule-floor-whole-term",
    file,
    fn: "scheduleLrDecay",
    seen: "common",
    edits: [{ find: "decayRate * Math.floor(epochNum / timeInterval)", replace: "Math.floor((decayRate * epochNum) / timeInterval)" }],
  },
  {
    id: "schedule-precedence",
    file,
    fn: "scheduleLrDecay",
    seen: "common",
    edits: [{ find: "learningRate0 / (1 + decayRate * Math.floor(epochNum / timeInterval))", replace: "learningRate0 / 1 + decayRate * Math.floor(epochNum / timeInterval)" }],
  },
];
