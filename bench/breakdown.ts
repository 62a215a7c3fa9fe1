/**
 * Where the time of one Initialization training iteration goes ([2,10,5,1], 300 points):
 * each lib/nn.ts call the model makes, and the pieces it is made of, each timed alone in a
 * loop on the same inputs (CPU time, best of 7 loops of ≥ 40 ms), in µs per iteration.
 *
 *   node bin/run-ts.js bench/breakdown.ts
 *
 * The pieces: the eight matrix products through lib/np/kernels.ts (copy into wasm memory,
 * kernel, copy out) and the kernel alone as bench/kernels.ts measures it; the element-wise
 * passes (bias + activation, the ReLU mask, the cost's logs, the update); the row sums; the
 * fresh output memory every call must return (a Float64Array per call, zeroed by the
 * allocator, then written). Then the same iteration as model() runs it now, in place
 * (lib/net3.ts: every matrix in one wasm arena, nothing allocated, the cost computed only
 * where it is recorded), step by step: each product and pass in the arena, no copies.
 * Not a test: numbers depend on the machine and its load.
 */
import { loadInitializationDataset } from "../lib/datasets.ts";
import {
  backwardPropagation,
  computeLoss,
  forwardPropagation,
  updateParameters,
} from "../lib/nn.ts";
import { Net3, net3Dims } from "../lib/net3.ts";
import { kernelArena, matmul, matmulNT, matmulTN } from "../lib/np/kernels.ts";
import { pairwiseSum } from "../lib/np/ops.ts";
import { initializeParametersHe } from "../solutions/initialization.ts";

/** CPU time used so far by this process (user + system), in ms. */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/**
 * µs per call: best of 7 loops of at least 40 ms, by CPU time (process.cpuUsage) rather
 * than wall time, which other work on a shared machine inflates.
 */
function time(f: () => unknown): number {
  let reps = 1;
  for (;;) {
    const t0 = cpuMs();
    for (let i = 0; i < reps; i++) f();
    const el = cpuMs() - t0;
    if (el > 40) break;
    reps *= 2;
  }
  let best = Infinity;
  for (let r = 0; r < 7; r++) {
    const t0 = cpuMs();
    for (let i = 0; i < reps; i++) f();
    best = Math.min(best, ((cpuMs() - t0) / reps) * 1000);
  }
  return best;
}

const { trainX: X, trainY: Y } = loadInitializationDataset();
const m = X.ncols;
const params = initializeParametersHe([2, 10, 5, 1]);
// Train a little so the activations have realistic signs (about half the ReLUs on).
for (let i = 0; i < 200; i++) {
  const [, c] = forwardPropagation(X, params);
  updateParameters(params, backwardPropagation(X, Y, c), 0.01);
}
const [a3, cache] = forwardPropagation(X, params);
const grads = backwardPropagation(X, Y, cache);
const [Z1, A1, W1, , Z2, A2, W2, , Z3, , W3] = cache;

const rows: [string, number][] = [];
const row = (name: string, us: number): void => {
  rows.push([name, us]);
};

// ---- the calls the model makes
const calls: [string, () => unknown][] = [
  ["forwardPropagation", () => forwardPropagation(X, params)],
  ["computeLoss", () => computeLoss(a3, Y)],
  ["backwardPropagation", () => backwardPropagation(X, Y, cache)],
  ["updateParameters", () => updateParameters({ ...params }, grads, 0.01)],
];
let callsTotal = 0;
for (const [name, f] of calls) {
  const us = time(f);
  callsTotal += us;
  row(name, us);
}
row("= one iteration (sum of the calls)", callsTotal);

// ---- the pieces
// the eight products into preallocated outputs, so this is the product alone (with its copies)
const o = new Float64Array(10 * m);
const products: (() => void)[] = [
  () => matmul(W1.data, X.data, o, 10, 2, m), //                  Z1 = W1·X
  () => matmul(W2.data, A1.data, o, 5, 10, m), //                 Z2 = W2·A1
  () => matmul(W3.data, A2.data, o, 1, 5, m), //                  Z3 = W3·A2
  () => matmulNT(grads.dz3.data, A2.data, o, 1, m, 5), //         dW3 = dz3·A2ᵀ
  () => matmulTN(W3.data, grads.dz3.data, o, 5, 1, m), //         da2 = W3ᵀ·dz3
  () => matmulNT(grads.dz2.data, A1.data, o, 5, m, 10), //        dW2 = dz2·A1ᵀ
  () => matmulTN(W2.data, grads.dz2.data, o, 10, 5, m), //        da1 = W2ᵀ·dz2
  () => matmulNT(grads.dz1.data, X.data, o, 10, m, 2), //         dW1 = dz1·Xᵀ
];
row("  8 matrix products (wasm, with copies in/out)", products.reduce((s, f) => s + time(f), 0));

// element-wise passes, written as lib/nn.ts writes them, into preallocated outputs
const o1 = new Float64Array(10 * m);
const o2 = new Float64Array(10 * m);
const t = new Float64Array(m);
const zs = [Z1, Z2, Z3];
row(
  "  bias + ReLU (Z1, Z2: 4500 elements, 2 writes each)",
  time(() => {
    for (const Z of [Z1, Z2]) {
      const zd = Z.data;
      for (let k = 0; k < zd.length; k++) {
        const z = zd[k] + 0.5;
        o1[k] = z;
        o2[k] = 0 > z ? 0 : z;
      }
    }
  }),
);
row(
  "  bias + sigmoid (Z3: 300 exp)",
  time(() => {
    const zd = zs[2].data;
    for (let k = 0; k < zd.length; k++) {
      const z = zd[k] + 0.5;
      o1[k] = z;
      o2[k] = 1 / (1 + Math.exp(-z));
    }
  }),
);
row(
  "  cost terms (600 log) + pairwise sum",
  time(() => {
    const ad = a3.data;
    const yd = Y.data;
    for (let i = 0; i < m; i++) {
      const v = Math.log(ad[i]) * -1 * yd[i] + Math.log(1 - ad[i]) * -1 * (1 - yd[i]);
      t[i] = v !== v ? 0 : v;
    }
    return pairwiseSum(t, 0, m);
  }),
);
row(
  "  dz3, ReLU masks (dz2, dz1: 4500 elements)",
  time(() => {
    const ad = a3.data;
    const yd = Y.data;
    for (let i = 0; i < m; i++) o1[i] = (ad[i] - yd[i]) * (1 / m);
    for (const [dA, A] of [[grads.da2, A2], [grads.da1, A1]]) {
      const dd = dA.data;
      const xd = A.data;
      for (let i = 0; i < dd.length; i++) o2[i] = dd[i] * +(xd[i] > 0);
    }
  }),
);
row(
  "  row sums db1..db3 (pairwise)",
  time(() => {
    let s = 0;
    for (const dz of [grads.dz1, grads.dz2, grads.dz3]) {
      for (let i = 0; i < dz.nrows; i++) s += pairwiseSum(dz.data, i * m, m);
    }
    return s;
  }),
);
const sizes = [2 * 16 * m, 2 * 16 * m - m + 5 + 1 + 50 + 5 + 20 + 10, 50 + 5 + 20 + 10 + 5 + 1];
row(
  "  fresh output memory: 3 blocks (forward, backward, update) of " +
    `${sizes.map((n) => Math.round((n * 8) / 1024)).join(", ")} KB`,
  time(() => sizes.map((n) => new Float64Array(n))),
);

const pieces = rows.filter(([n]) => n.startsWith("  ")).reduce((s, [, us]) => s + us, 0);
row("= sum of the pieces", pieces);
row("  the rest: writing into fresh (cache-cold) memory, calls, dicts", callsTotal - pieces);

const w = Math.max(...rows.map(([n]) => n.length));
console.log(`Initialization model, one iteration ([2,10,5,1], m = ${m}); µs of CPU, each line timed alone, best of 7`);
for (const [name, us] of rows) console.log(`${name.padEnd(w)}  ${us.toFixed(2).padStart(8)} µs   ${((us * 15000) / 1e6).toFixed(3)} s per 15000 iterations`);

// ---------------------------------------------------------------- in place (lib/net3.ts)
const net = new Net3(net3Dims(params)!, { maxCols: m });
net.setParameters(params);
net.setBatch(X.data, Y.data, m);
const inPlace: [string, number][] = [
  ["iteration in place: forward, backward, gd (no cost)", time(() => { net.forward(); net.backward("init"); net.gd(0.01); })],
  ["  forward (3 products, bias + ReLU ×2, bias + sigmoid)", time(() => net.forward())],
  ["  backward (5 products, ReLU masks, row sums)", time(() => net.backward("init"))],
  ["  gd (all parameters, one loop)", time(() => net.gd(0))],
  ["  the cost (at the iterations it is recorded)", time(() => net.loss())],
];
// the pieces, on a scratch arena of the same sizes (each product in place, no copies),
// filled with values in [-0.5, 0.5) (the products' time does not depend on them)
const ar = kernelArena(16 * m * 4);
const q = 16 * m; // four scratch regions
for (let i = 0; i < ar.heap.length; i++) ar.heap[i] = ((i * 7919) % 1000) / 1000 - 0.5;
const arenaPieces: [string, () => void][] = [
  ["  8 products in the arena", () => {
    ar.matmul(0, q, 2 * q, 10, 2, m); ar.matmul(0, q, 2 * q, 5, 10, m); ar.matmul(0, q, 2 * q, 1, 5, m);
    ar.matmulNT(0, q, 2 * q, 1, m, 5); ar.matmulTN(0, q, 2 * q, 5, 1, m); ar.matmulNT(0, q, 2 * q, 5, m, 10);
    ar.matmulTN(0, q, 2 * q, 10, 5, m); ar.matmulNT(0, q, 2 * q, 10, m, 2);
  }],
  ["  bias + ReLU (4500 elements, wasm)", () => { ar.biasRelu(q, 2 * q, 0, 10, m); ar.biasRelu(q, 2 * q, 0, 5, m); }],
  ["  ReLU masks (4500 elements, wasm)", () => { ar.reluBack(q, 2 * q, 3 * q, 10 * m); ar.reluBack(q, 2 * q, 3 * q, 5 * m); }],
  ["  row sums (16 rows, wasm)", () => { ar.rowSums(q, 0, 10, m); ar.rowSums(q, 0, 5, m); ar.rowSums(q, 0, 1, m); }],
];
for (const [name, f] of arenaPieces) inPlace.push([name, time(f)]);
// each product alone, with its rate: the m·k·n multiply-adds per µs
const oneProducts: [string, number, () => void][] = [
  ["Z1 = W1·X      (10×2)·(2×m)", 10 * 2 * m, () => ar.matmul(0, q, 2 * q, 10, 2, m)],
  ["Z2 = W2·A1     (5×10)·(10×m)", 5 * 10 * m, () => ar.matmul(0, q, 2 * q, 5, 10, m)],
  ["Z3 = W3·A2     (1×5)·(5×m)", 5 * m, () => ar.matmul(0, q, 2 * q, 1, 5, m)],
  ["dW3 = dz3·A2ᵀ  NT (1×m)·(m×5)", 5 * m, () => ar.matmulNT(0, q, 2 * q, 1, m, 5)],
  ["da2 = W3ᵀ·dz3  TN (5×1)·(1×m)", 5 * m, () => ar.matmulTN(0, q, 2 * q, 5, 1, m)],
  ["dW2 = dz2·A1ᵀ  NT (5×m)·(m×10)", 5 * 10 * m, () => ar.matmulNT(0, q, 2 * q, 5, m, 10)],
  ["da1 = W2ᵀ·dz2  TN (10×5)·(5×m)", 10 * 5 * m, () => ar.matmulTN(0, q, 2 * q, 10, 5, m)],
  ["dW1 = dz1·Xᵀ   NT (10×m)·(m×2)", 10 * 2 * m, () => ar.matmulNT(0, q, 2 * q, 10, m, 2)],
];
for (const [name, macs, f] of oneProducts) {
  const us = time(f);
  inPlace.push([`    ${name}, ${(macs / us / 1000).toFixed(1)} G multiply-adds/s`, us]);
}
console.log("\nThe same iteration in place (lib/net3.ts, what model() runs)");
for (const [name, us] of inPlace) console.log(`${name.padEnd(w)}  ${us.toFixed(2).padStart(8)} µs   ${((us * 15000) / 1e6).toFixed(3)} s per 15000 iterations`);
