/**
 * Optimization properties: mini-batches partition the shuffled columns, Adam's bias
 * correction at t = 1 gives back the raw gradient, momentum with β = 0 is plain
 * gradient descent, and the learning-rate decay formulas.
 */
import fc from "fast-check";
import { type Matrix, RandomState, np } from "../../../lib/np/index.ts";
import type { Value } from "../../../lib/value.ts";
import { asDict, asMatrix, asTuple, differs, randomParams, shown } from "./helpers.ts";
import { type PropertySpec, property } from "./types.ts";

function gradsLike(params: Record<string, Matrix>, seed: number): Record<string, Matrix> {
  const rs = new RandomState(seed);
  const g: Record<string, Matrix> = {};
  for (const [k, v] of Object.entries(params)) g["d" + k] = rs.randn(v.nrows, v.ncols);
  return g;
}

const zerosLikeGrads = (params: Record<string, Matrix>): Record<string, Matrix> =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => ["d" + k, np.zerosLike(v)]));

const network = fc.tuple(
  fc.integer({ min: 0, max: 100_000 }),
  fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 4 }),
);

export const properties: PropertySpec[] = [
  property({
    id: "mini-batches-partition",
    assignment: "optimization",
    fn: "randomMiniBatches",
    description: "mini-batches hold the columns of X and Y in the permuted order, full batches first, then one short batch",
    hidden: false,
    hint: "Shuffle with permutation(m) after seeding, cut complete batches of size mini_batch_size, then the remaining m % size columns (only if there are any).",
    numRuns: 12,
    seed: 301,
    arbitrary: fc.record({
      n: fc.integer({ min: 1, max: 4 }),
      m: fc.integer({ min: 1, max: 200 }),
      size: fc.integer({ min: 1, max: 70 }),
      seed: fc.integer({ min: 0, max: 10_000 }),
    }),
    check: async ({ n, m, size, seed }, call) => {
      const X = np.arange(n * m).reshape(n, m);
      const Y = np.arange(m).reshape(1, m).mul(-1);
      const out = asTuple(await call("randomMiniBatches", X, Y, size, seed), undefined, "miniBatches");
      const want = Math.ceil(m / size);
      if (out.length !== want) return { code: "batch_count", got: out.length, expected: want, m, size };
      const perm = new RandomState(seed).permutation(m);
      let at = 0;
      for (let k = 0; k < out.length; k++) {
        const [bx, by] = asTuple(out[k], 2, `miniBatches[${k}]`).map((v, i) => asMatrix(v, `miniBatches[${k}][${i}]`));
        const cols = k < out.length - 1 || m % size === 0 ? size : m % size;
        const idx = perm.slice(at, at + cols);
        const bad =
          differs(bx, X.take(idx, { axis: 1 }), 0, 0, `miniBatches[${k}][0]`) ?? differs(by, Y.take(idx, { axis: 1 }), 0, 0, `miniBatches[${k}][1]`);
        if (bad) return bad;
        at += cols;
      }
      return undefined;
    },
  }),
  property({
    id: "adam-bias-correction-t1",
    assignment: "optimization",
    fn: "updateParametersWithAdam",
    description: "Adam at t = 1 from zero moments: v_corrected is the gradient, s_corrected its square, and W moves by lr·g/(|g|+ε)",
    hidden: false,
    hint: "v_corrected = v / (1 − β1^t), s_corrected = s / (1 − β2^t); ε goes inside the denominator: sqrt(s_corrected) + ε.",
    numRuns: 8,
    seed: 302,
    arbitrary: fc.tuple(network, fc.double({ min: 0.001, max: 0.1, noNaN: true }), fc.double({ min: 0.5, max: 0.95, noNaN: true })),
    check: async ([[seed, dims], lr, beta1], call) => {
      const params = randomParams(seed, dims);
      const grads = gradsLike(params, seed + 7);
      const eps = 1e-2;
      const out = asTuple(
        await call("updateParametersWithAdam", params, grads, zerosLikeGrads(params), zerosLikeGrads(params), 1, lr, beta1, 0.99, eps),
        5,
        "result",
      );
      const [p, , , vc, sc] = out.map((v, i) => asDict(v, `result[${i}]`));
      for (const [k, g] of Object.entries(grads)) {
        const bad =
          differs(vc[k], g, 1e-10, 1e-12, `vCorrected["${k}"]`) ??
          differs(sc[k], g.mul(g), 1e-10, 1e-12, `sCorrected["${k}"]`) ??
          differs(
            p[k.slice(1)],
            params[k.slice(1)].sub(g.mul(lr).div(np.abs(g).add(eps))),
            1e-9,
            1e-12,
            `parameters["${k.slice(1)}"]`,
          );
        if (bad) return bad;
      }
      return undefined;
    },
  }),
  property({
    id: "momentum-beta-zero-is-gd",
    assignment: "optimization",
    fn: "updateParametersWithMomentum",
    description: "momentum with β = 0 takes exactly the gradient-descent step, and the velocity becomes the gradient",
    hidden: true,
    hint: "v = β·v + (1 − β)·dW, then W = W − lr·v.",
    numRuns: 8,
    seed: 303,
    arbitrary: fc.tuple(network, fc.double({ min: 0.001, max: 0.5, noNaN: true })),
    check: async ([[seed, dims], lr], call) => {
      const params = randomParams(seed, dims);
      const grads = gradsLike(params, seed + 3);
      const out = asTuple(await call("updateParametersWithMomentum", params, grads, zerosLikeGrads(params), 0, lr), 2, "result");
      const [p, v] = out.map((x, i) => asDict(x, `result[${i}]`));
      for (const [k, g] of Object.entries(grads)) {
        const bad =
          differs(v[k], g, 1e-12, 0, `v["${k}"]`) ??
          differs(p[k.slice(1)], params[k.slice(1)].sub(g.mul(lr)), 1e-12, 1e-15, `parameters["${k.slice(1)}"]`);
        if (bad) return bad;
      }
      return undefined;
    },
  }),
  property({
    id: "gd-step",
    assignment: "optimization",
    fn: "updateParametersWithGd",
    description: "gradient descent updates every layer: W_l − lr·dW_l and b_l − lr·db_l, for any number of layers",
    hidden: true,
    numRuns: 8,
    seed: 304,
    arbitrary: fc.tuple(network, fc.double({ min: 0.001, max: 1, noNaN: true })),
    check: async ([[seed, dims], lr], call) => {
      const params = randomParams(seed, dims);
      const grads = gradsLike(params, seed + 5);
      const p = asDict(await call("updateParametersWithGd", params, grads, lr), "parameters");
      for (const [k, g] of Object.entries(grads)) {
        const bad = differs(p[k.slice(1)], params[k.slice(1)].sub(g.mul(lr)), 1e-12, 1e-15, `parameters["${k.slice(1)}"]`);
        if (bad) return bad;
      }
      return undefined;
    },
  }),
  property({
    id: "lr-decay-formulas",
    assignment: "optimization",
    fn: "scheduleLrDecay",
    description: "updateLr is lr0 / (1 + rate·epoch) and scheduleLrDecay is lr0 / (1 + rate·floor(epoch / interval))",
    hidden: false,
    hint: "scheduleLrDecay only changes the rate every time_interval epochs: use Math.floor(epochNum / timeInterval).",
    numRuns: 12,
    seed: 305,
    arbitrary: fc.tuple(
      fc.double({ min: 1e-4, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 20_000 }),
      fc.double({ min: 0.01, max: 3, noNaN: true }),
      fc.integer({ min: 1, max: 2000 }),
    ),
    check: async ([lr0, epoch, rate, interval], call) => {
      const a: Value = await call("updateLr", lr0, epoch, rate);
      const wantA = lr0 / (1 + rate * epoch);
      if (typeof a !== "number" || !(Math.abs(a - wantA) <= 1e-12 * wantA)) return { code: "wrong_value", call: `updateLr(${lr0}, ${epoch}, ${rate})`, got: shown(a), expected: wantA };
      const b: Value = await call("scheduleLrDecay", lr0, epoch, rate, interval);
      const wantB = lr0 / (1 + rate * Math.floor(epoch / interval));
      if (typeof b !== "number" || !(Math.abs(b - wantB) <= 1e-12 * wantB)) {
        return { code: "wrong_value", call: `scheduleLrDecay(${lr0}, ${epoch}, ${rate}, ${interval})`, got: shown(b), expected: wantB };
      }
      return undefined;
    },
  }),
];
