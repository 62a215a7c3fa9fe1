/**
 * English words for diagnoses: per catalog entry (grader/diagnose/catalog), what the
 * output looks like and a hint; per generic detector, one sentence from its data. Same
 * keys as ../zh/diagnose.ts (checked by type there and by grader/diagnose tests against
 * the catalog). No values of a case appear here: hidden cases may carry diagnoses.
 */

export interface MistakeWords {
  /** what the student's output looks like with this mistake */
  looks: string;
  /** what to look at / change */
  hint: string;
}

export const mistakes = {
  // ---------------------------------------------------------------- Initialization
  "zeros-w-transposed": {
    looks: "Every W has its two dimensions swapped: (n_{l−1}, n_l) instead of (n_l, n_{l−1}).",
    hint: "W_l has one row per unit of layer l and one column per unit of layer l−1: np.zeros([layersDims[l], layersDims[l - 1]]).",
  },
  "zeros-b-row": {
    looks: "Every b is a row (1, n_l) instead of a column (n_l, 1).",
    hint: "b_l is a column vector: np.zeros([layersDims[l], 1]).",
  },
  "random-no-scale": {
    looks: "The weights are the right random numbers but ten times too small.",
    hint: "This exercise wants large weights on purpose: multiply randn(…) by 10.",
  },
  "random-scale-small": {
    looks: "The weights are the right random numbers scaled by 0.01 instead of 10.",
    hint: "×0.01 is the small initialisation of course 1; this exercise multiplies randn(…) by 10.",
  },
  "random-uniform": {
    looks: "All weights are between 0 and 10: uniform draws instead of Gaussian ones.",
    hint: "Use np.random.randn (standard normal), not np.random.rand (uniform on [0, 1)).",
  },
  "random-b-missing": {
    looks: "The dict has the W's but no b's.",
    hint: "Set parameters[\"b\" + l] = np.zeros([layersDims[l], 1]) in the loop as well.",
  },
  "he-fan-out": {
    looks: "The weights are scaled with the size of their own layer instead of the previous one.",
    hint: "He scaling is sqrt(2 / n_{l−1}): use layersDims[l - 1], the layer the weights come from.",
  },
  "he-xavier": {
    looks: "The weights are smaller than He's by a factor √2: that is Xavier scaling, sqrt(1 / n_{l−1}).",
    hint: "He initialisation uses sqrt(2 / layersDims[l - 1]), with a 2, not a 1.",
  },
  "he-no-sqrt": {
    looks: "The weights are scaled by 2 / n_{l−1} itself, without the square root.",
    hint: "Multiply by Math.sqrt(2 / layersDims[l - 1]).",
  },
  "he-sqrt-precedence": {
    looks: "The weights are scaled by √2 / n_{l−1}: the square root is taken of 2 alone.",
    hint: "Put the whole fraction inside the root: Math.sqrt(2 / layersDims[l - 1]).",
  },
  "he-inverted": {
    looks: "The weights are scaled by sqrt(n_{l−1} / 2): the fraction is upside down.",
    hint: "Multiply by sqrt(2 / n_{l−1}) (or divide by sqrt(n_{l−1} / 2)), not the other way round.",
  },
  "he-times-ten": {
    looks: "The weights are scaled by 10, as in the random initialisation, not by He's factor.",
    hint: "He initialisation multiplies randn(…) by Math.sqrt(2 / layersDims[l - 1]).",
  },
  // ---------------------------------------------------------------- Gradient checking
  "forward-1d-sum": {
    looks: "J is θ + x instead of θ·x.",
    hint: "The 1-D model's cost is the product J = θ·x.",
  },
  "backward-1d-j-over-theta": {
    looks: "dθ is right except at θ = 0, where it is NaN: it was computed as J / θ.",
    hint: "Write the derivative itself: dJ/dθ of θ·x is x, with no division by θ.",
  },
  "backward-1d-theta": {
    looks: "dθ equals θ instead of x.",
    hint: "Differentiate J = θ·x with respect to θ: the result is x.",
  },
  "check-1d-no-2eps": {
    looks: "gradapprox is twice the gradient, so the difference is about 1/3.",
    hint: "The two-sided difference divides by the distance between θ⁺ and θ⁻, which is 2ε.",
  },
  "check-1d-eps-precedence": {
    looks: "The difference is about 1: gradapprox came out tiny, as if multiplied by ε instead of divided by 2ε.",
    hint: "x / 2 * ε is (x / 2)·ε; write (J⁺ − J⁻) / (2 * ε) with the parentheses.",
  },
  "check-1d-norm-of-sum": {
    looks: "The difference is about 1 even though the gradient is right: the numerator adds the two gradients.",
    hint: "The numerator is the norm of the difference, ‖grad − gradapprox‖.",
  },
  "check-1d-not-relative": {
    looks: "The difference grows with the size of the gradient: it is not divided by the norms.",
    hint: "Divide by ‖grad‖ + ‖gradapprox‖ so the difference is relative.",
  },
  "forward-n-no-mean": {
    looks: "The cost is m times too large: a sum over the examples, not their mean.",
    hint: "Multiply the sum of the log-probabilities by 1/m.",
  },
  "forward-n-sign": {
    looks: "The cost is negative: the log-likelihood instead of its negative.",
    hint: "Cross-entropy is −Y·log A3 − (1 − Y)·log(1 − A3); keep the minus signs.",
  },
  "forward-n-first-term-only": {
    looks: "The cost only counts the examples with Y = 1.",
    hint: "Add the second term, −(1 − Y)·log(1 − A3).",
  },
  "backward-n-planted-dw2": {
    looks: "dW2 is twice what it should be; everything else is right.",
    hint: "The shipped code multiplies dW2 by an extra 2: remove that factor.",
  },
  "backward-n-planted-db1": {
    looks: "db1 is four times what it should be; everything else is right.",
    hint: "The shipped code uses 4/m for db1: it is 1/m like every other gradient.",
  },
  "backward-n-planted-both": {
    looks: "dW2 is doubled and db1 is four times too large: the two mistakes shipped with the exercise are still there.",
    hint: "Find the extra factor 2 in dW2 and the 4/m in db1 (gradientCheckN points at them) and fix both.",
  },
  "backward-n-no-relu-mask": {
    looks: "dZ2 and dZ1 equal dA2 and dA1: the ReLU derivative was left out.",
    hint: "Multiply by the mask of the active units: dZ = dA ⊙ [A > 0].",
  },
  "backward-n-no-1-over-m": {
    looks: "Every dW and db is m times too large.",
    hint: "Each dW and db of this backward carries 1/m (dZ3 itself does not).",
  },
  "backward-n-double-1-over-m": {
    looks: "dZ3 and everything after it is divided by m once too often.",
    hint: "In this backward dZ3 = A3 − Y; the 1/m goes on each dW and db only.",
  },
  "backward-n-dw-transposed": {
    looks: "Every dW has the shape of its W transposed.",
    hint: "dW_l = (1/m)·dZ_l·A_{l−1}ᵀ: dZ first, the activation transposed.",
  },
  "backward-n-db-no-keepdims": {
    looks: "Every db is a row instead of a column.",
    hint: "Sum over the examples with { axis: 1, keepdims: true } to keep a column (n_l, 1).",
  },
  "check-n-no-2eps": {
    looks: "gradapprox is twice the gradient, so the difference is about 1/3.",
    hint: "Divide J⁺ − J⁻ by 2ε, the distance between the two points.",
  },
  "check-n-norm-of-sum": {
    looks: "The difference is close to 1 even for correct gradients: the numerator adds the two vectors.",
    hint: "The numerator is ‖grad − gradapprox‖.",
  },
  "check-n-minus-adds-eps": {
    looks: "The difference is 1: θ⁻ was made by adding ε, so J⁺ = J⁻ and gradapprox is 0.",
    hint: "θ⁻ is θ with ε subtracted from entry i.",
  },
  "check-n-no-copy": {
    looks: "gradapprox is about half the gradient (difference near 1/3): θ⁺ and θ⁻ share the same vector.",
    hint: "Copy the parameter vector (.copy()) before changing entry i, for θ⁺ and for θ⁻.",
  },
  "check-n-not-relative": {
    looks: "The difference is an absolute norm, not divided by ‖grad‖ + ‖gradapprox‖.",
    hint: "Divide the numerator by ‖grad‖ + ‖gradapprox‖.",
  },
  // ---------------------------------------------------------------- Optimization
  "gd-ascent": {
    looks: "The parameters moved uphill: the step was added instead of subtracted.",
    hint: "Gradient descent subtracts: W = W − learningRate·dW.",
  },
  "gd-no-learning-rate": {
    looks: "The parameters moved by the whole gradient: the learning rate is missing.",
    hint: "Multiply each gradient by learningRate before subtracting it.",
  },
  "gd-b-not-updated": {
    looks: "The W's are updated but the b's are unchanged.",
    hint: "Update b_l with db_l in the same loop.",
  },
  "minibatch-y-not-shuffled": {
    looks: "The X batches are shuffled but the Y batches are in the original order, so the labels no longer belong to their examples.",
    hint: "Apply the same permutation to Y as to X.",
  },
  "minibatch-no-shuffle": {
    looks: "The batches hold the examples in their original order: nothing was shuffled.",
    hint: "Take the columns of X and Y in the order of np.random.permutation(m).",
  },
  "minibatch-shuffle-rows": {
    looks: "The features (rows) of X were shuffled instead of the examples (columns).",
    hint: "Shuffle columns: X.take(permutation, { axis: 1 }), numpy's X[:, permutation].",
  },
  "minibatch-stride-one": {
    looks: "Consecutive batches overlap: batch k starts at column k instead of k·size.",
    hint: "Batch k takes columns k·miniBatchSize to (k + 1)·miniBatchSize.",
  },
  "minibatch-inclusive-end": {
    looks: "Each full batch is one column short.",
    hint: "cols(from, to) stops before `to` (like Python slices): use (k + 1) * miniBatchSize as the end.",
  },
  "minibatch-last-empty": {
    looks: "The last, shorter batch is empty.",
    hint: "The last batch takes the columns from numCompleteMinibatches·size up to m.",
  },
  "minibatch-last-full-size": {
    looks: "The last batch has a full batch's size and repeats examples of the batch before it.",
    hint: "The last batch holds only the m mod size columns left over, from numCompleteMinibatches·size to m.",
  },
  "velocity-lowercase-keys": {
    looks: "The velocity has the key \"dw1\" (lowercase w) instead of \"dW1\".",
    hint: "Velocity keys are the gradient keys, spelled exactly: \"dW\" + l and \"db\" + l.",
  },
  "velocity-parameter-keys": {
    looks: "The velocity is keyed \"W1\", \"b1\", … instead of \"dW1\", \"db1\", ….",
    hint: "v uses the gradient keys: v[\"dW\" + l], v[\"db\" + l].",
  },
  "velocity-b-shaped-like-w": {
    looks: "v[\"db…\"] has the shape of W instead of b.",
    hint: "v[\"db\" + l] is zeros like parameters[\"b\" + l].",
  },
  "adam-init-lowercase-keys": {
    looks: "v and s have the key \"dw1\" (lowercase w) instead of \"dW1\".",
    hint: "Adam's v and s use the gradient keys exactly: \"dW\" + l and \"db\" + l.",
  },
  "momentum-no-one-minus-beta": {
    looks: "The velocity is β·v + dW: the gradient is not weighted by (1 − β).",
    hint: "v = β·v + (1 − β)·dW, an exponentially weighted average.",
  },
  "momentum-beta-swapped": {
    looks: "The velocity weights are swapped: (1 − β)·v + β·dW.",
    hint: "The old velocity gets β, the new gradient (1 − β).",
  },
  "momentum-step-with-gradient": {
    looks: "The velocity is right but the parameters moved by the raw gradient.",
    hint: "Step with the velocity: W = W − learningRate·v.",
  },
  "momentum-step-before-velocity": {
    looks: "The parameters moved with the old velocity: they were updated before v.",
    hint: "Update v first, then step the parameters with the new v.",
  },
  "adam-lowercase-keys": {
    looks: "It stops with \"Cannot read properties of undefined\": a dict was read with a key it does not have, such as v[\"dw1\"] for v[\"dW1\"].",
    hint: "The keys are case-sensitive: \"dW\" + l (capital W) in grads, v and s.",
  },
  "adam-eps-added-to-parameter": {
    looks: "Every parameter is off by about +ε: ε was added to the parameter instead of to the denominator.",
    hint: "ε belongs inside the denominator: W − lr·v̂ / (√ŝ + ε).",
  },
  "adam-eps-outside-division": {
    looks: "Every parameter is off by about −ε: ε was added after the division instead of to √ŝ.",
    hint: "Add ε to the square root, inside the division: v̂ / (√ŝ + ε).",
  },
  "adam-eps-inside-sqrt": {
    looks: "The step is slightly smaller than Adam's: ε was added under the square root.",
    hint: "The formula is √ŝ + ε, not √(ŝ + ε).",
  },
  "adam-no-sqrt": {
    looks: "The step is far too large or small: it divides by ŝ instead of its square root.",
    hint: "Divide by np.sqrt(ŝ) + ε.",
  },
  "adam-no-bias-correction": {
    looks: "v̂ and ŝ equal v and s: the bias correction is missing.",
    hint: "v̂ = v / (1 − β1^t) and ŝ = s / (1 − β2^t).",
  },
  "adam-correction-without-t": {
    looks: "The bias correction divides by 1 − β instead of 1 − β^t.",
    hint: "Raise β1 and β2 to the power t: beta1 ** t.",
  },
  "adam-caret-power": {
    looks: "The bias correction is far off: ^ in TypeScript is bitwise XOR, not a power.",
    hint: "Write beta1 ** t (or Math.pow(beta1, t)).",
  },
  "adam-grad-not-squared": {
    looks: "s averages the gradients instead of their squares (NaN can follow from a negative s).",
    hint: "s = β2·s + (1 − β2)·dW², element-wise (np.square).",
  },
  "adam-step-uncorrected": {
    looks: "v̂ and ŝ are right, but the parameters moved with the uncorrected v and s.",
    hint: "Step with the corrected estimates: W − lr·v̂ / (√ŝ + ε).",
  },
  "adam-s-with-beta1": {
    looks: "s is averaged with β1 instead of β2.",
    hint: "s = β2·s + (1 − β2)·dW²: the second moment has its own β2.",
  },
  "update-lr-precedence": {
    looks: "The rate grows with the epoch: lr0 / 1 + decayRate·epoch.",
    hint: "Parenthesise the denominator: lr0 / (1 + decayRate * epochNum).",
  },
  "update-lr-multiplied": {
    looks: "The rate grows with the epoch: lr0 is multiplied by (1 + decayRate·epoch).",
    hint: "Decay divides: lr0 / (1 + decayRate * epochNum).",
  },
  "schedule-no-floor": {
    looks: "The rate decays a little every epoch instead of in steps.",
    hint: "Use Math.floor(epochNum / timeInterval): the rate changes only every timeInterval epochs.",
  },
  "schedule-round": {
    looks: "The rate steps down half an interval early: epochNum / timeInterval was rounded, not floored.",
    hint: "Use Math.floor, not Math.round.",
  },
  "schedule-floor-whole-term": {
    looks: "The floor was taken of decayRate·epoch / interval, so small decay rates never decay.",
    hint: "Floor only epochNum / timeInterval, then multiply by decayRate.",
  },
  "schedule-precedence": {
    looks: "The rate grows with the epoch: lr0 / 1 + decayRate·⌊epoch / interval⌋.",
    hint: "Parenthesise the denominator: lr0 / (1 + decayRate * Math.floor(epochNum / timeInterval)).",
  },
  // ---------------------------------------------------------------- Regularization
  "l2-cost-no-half": {
    looks: "The L2 term is twice what it should be: λ/m instead of λ/(2m).",
    hint: "The penalty is (1/m)·(λ/2)·Σ‖W‖².",
  },
  "l2-cost-no-m": {
    looks: "The L2 term is m times too large: the 1/m is missing.",
    hint: "The penalty is (1/m)·(λ/2)·Σ‖W‖².",
  },
  "l2-cost-not-squared": {
    looks: "The L2 term sums the weights, not their squares.",
    hint: "Use np.sum(np.square(W)) for each weight matrix.",
  },
  "l2-cost-missing-w3": {
    looks: "The L2 term leaves out W3.",
    hint: "Sum the squares of all three weight matrices, W1, W2 and W3.",
  },
  "l2-backward-term-missing": {
    looks: "The dW's lack the weight-decay term (λ/m)·W.",
    hint: "Add (λ/m)·W_l to each dW_l.",
  },
  "l2-backward-half": {
    looks: "The weight-decay term is half what it should be: λ/(2m)·W.",
    hint: "The derivative of (λ/2m)·W² is (λ/m)·W.",
  },
  "l2-backward-no-m": {
    looks: "The weight-decay term is m times too large: λ·W.",
    hint: "The term is (λ/m)·W.",
  },
  "l2-backward-term-subtracted": {
    looks: "The weight-decay term has the wrong sign.",
    hint: "Add (λ/m)·W: the penalty pulls the weights towards zero through the update.",
  },
  "dropout-mask-greater": {
    looks: "The opposite units are dropped: the mask keeps units whose draw is above keep_prob.",
    hint: "Keep a unit when its draw is below keep_prob: D = rand(…) < keepProb (.lt).",
  },
  "dropout-no-rescale": {
    looks: "The kept activations are not scaled up by 1/keep_prob.",
    hint: "After the mask, divide A1 and A2 by keepProb (inverted dropout).",
  },
  "dropout-no-rescale-layer1": {
    looks: "A1's kept activations are not scaled by 1/keep_prob (A2's are).",
    hint: "Divide A1 by keepProb after applying D1, as for A2.",
  },
  "dropout-mask-not-applied": {
    looks: "No unit is dropped: the mask D is drawn but never applied.",
    hint: "Multiply A by D before scaling.",
  },
  "dropout-times-keep-prob": {
    looks: "The kept activations are multiplied by keep_prob instead of divided by it.",
    hint: "Inverted dropout divides by keepProb.",
  },
  "dropout-gaussian-mask": {
    looks: "The masks are drawn from a normal distribution (randn) instead of a uniform one (rand).",
    hint: "D = np.random.rand(…) < keepProb.",
  },
  "dropout-backward-no-mask": {
    looks: "dA1 and dA2 still flow through the dropped units: the mask D is not applied in the backward pass.",
    hint: "Multiply dA by the same D as in the forward pass.",
  },
  "dropout-backward-no-rescale": {
    looks: "dA1 and dA2 are not scaled by 1/keep_prob.",
    hint: "Divide dA by keepProb after the mask, as in the forward pass.",
  },
  "dropout-backward-times-keep-prob": {
    looks: "dA1 and dA2 are multiplied by keep_prob instead of divided by it.",
    hint: "Divide by keepProb, as in the forward pass.",
  },
} satisfies Record<string, MistakeWords>;

export type MistakeId = keyof typeof mistakes;

/** How a factor is said. */
const FACTOR: Record<string, string> = {
  "2": "2",
  "1/2": "1/2",
  m: "m (the number of examples)",
  "1/m": "1/m",
  keep_prob: "keep_prob",
  "1/keep_prob": "1/keep_prob",
  lambda: "λ",
  "1/lambda": "1/λ",
};

export const detectors = {
  constantFactor: (path: string, factor: string) => `\`${path}\` is the expected value times ${FACTOR[factor] ?? factor}: look for a factor that is missing or extra.`,
  signFlipped: (path: string) => `\`${path}\` has the right size but the opposite sign.`,
  transposed: (path: string) => `\`${path}\` is the expected matrix transposed: check the order of a product or a missing/extra .T.`,
  /** `arg` is left out on hidden cases */
  nanAtZero: (path: string, arg?: number) =>
    arg === undefined
      ? `\`${path}\` is NaN or infinite where the expected value is finite: something divides by a value that can be 0.`
      : `\`${path}\` is NaN or infinite where argument ${arg + 1} is 0: something divides by a value that can be 0.`,
  lastBatchOnly: (missing: boolean): string =>
    missing ? "Every mini-batch is right but the last, shorter one is missing." : "Every mini-batch is right except the last, shorter one.",
};

export const labels = {
  /** Heading of a catalog diagnosis, with the entry's description. */
  likely: (looks: string) => `Likely mistake: ${looks}`,
  alsoLikely: (looks: string) => `Or: ${looks}`,
  wroteLine: (code: string) => `The line probably looks like \`${code}\`.`,
  missingLine: (code: string) => `A line like \`${code}\` is probably missing.`,
  fix: (hint: string) => `What to change: ${hint}`,
  detected: (what: string) => `What the numbers show: ${what}`,
  /** short names of the generic detectors, for tables */
  detectorNames: {
    "constant-factor": "off by a constant factor",
    "sign-flipped": "sign flipped",
    transposed: "transposed",
    "nan-at-zero": "NaN where an input is 0",
    "last-batch-only": "only the last mini-batch wrong",
  } as Record<string, string>,
};
