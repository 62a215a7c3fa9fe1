/**
 * Micro-benchmark of the matrix-product kernels (lib/np/kernels.ts): nanoseconds
 * per multiply-add, WebAssembly SIMD vs the plain JS loops, on the shapes of the
 * course's Initialization model ([2,10,5,1], 300 points) and a 64×64 square.
 *
 *   node bin/run-ts.js bench/kernels.ts            # or: npx tsx bench/kernels.ts
 *   node bin/run-ts.js bench/kernels.ts --small    # also the tiny shapes behind SMALL_PRODUCT
 *
 * Columns: `js` the JS loop (matmulJs & co.); `api` what lib/np gets from
 * matmul/matmulTN/matmulNT (copies into wasm memory, call, copy out); `kernel`
 * the wasm call alone with the operands already in wasm memory (what an arena
 * living in wasm memory would pay). Each figure is the best of 60 chunks of ≥ 0.5 ms.
 * Not a test: numbers depend on the machine; run it on an idle one.
 */
import { readFileSync } from "node:fs";
import * as K from "../lib/np/kernels.ts";

type Kernel = (a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number) => void;
type Raw = (a: number, b: number, out: number, m: number, k: number, n: number) => void;

interface Case {
  label: string;
  kind: "NN" | "TN" | "NT";
  m: number;
  k: number;
  n: number;
  /** one of the eight products of a training iteration (summed at the bottom) */
  perIteration?: boolean;
}

const course: Case[] = [
  // forward Z = W·A
  { label: "Z1 = W1·X       (10×2)·(2×300)", kind: "NN", m: 10, k: 2, n: 300, perIteration: true },
  { label: "Z2 = W2·A1      (5×10)·(10×300)", kind: "NN", m: 5, k: 10, n: 300, perIteration: true },
  { label: "Z3 = W3·A2      (1×5)·(5×300)", kind: "NN", m: 1, k: 5, n: 300, perIteration: true },
  // backward dW = dZ·Aᵀ
  { label: "dW1 = dZ1·Xᵀ    (10×300)·(2×300)ᵀ", kind: "NT", m: 10, k: 300, n: 2, perIteration: true },
  { label: "dW2 = dZ2·A1ᵀ   (5×300)·(10×300)ᵀ", kind: "NT", m: 5, k: 300, n: 10, perIteration: true },
  { label: "dW3 = dZ3·A2ᵀ   (1×300)·(5×300)ᵀ", kind: "NT", m: 1, k: 300, n: 5, perIteration: true },
  // backward dA = Wᵀ·dZ
  { label: "dA2 = W3ᵀ·dZ3   (1×5)ᵀ·(1×300)", kind: "TN", m: 5, k: 1, n: 300, perIteration: true },
  { label: "dA1 = W2ᵀ·dZ2   (5×10)ᵀ·(5×300)", kind: "TN", m: 10, k: 5, n: 300, perIteration: true },
  // square
  { label: "64×64 · 64×64", kind: "NN", m: 64, k: 64, n: 64 },
  { label: "64×64ᵀ · 64×64", kind: "TN", m: 64, k: 64, n: 64 },
  { label: "64×64 · 64×64ᵀ", kind: "NT", m: 64, k: 64, n: 64 },
];

const small: Case[] = [
  { label: "1×1 · 1×1", kind: "NN", m: 1, k: 1, n: 1 },
  { label: "2×2 · 2×2", kind: "NN", m: 2, k: 2, n: 2 },
  { label: "2×3 · 3×3", kind: "NN", m: 2, k: 3, n: 3 },
  { label: "2×3 · 3×4", kind: "NN", m: 2, k: 3, n: 4 },
  { label: "3×3 · 3×3", kind: "NN", m: 3, k: 3, n: 3 },
  { label: "4×4 · 4×4", kind: "NN", m: 4, k: 4, n: 4 },
  { label: "1×5 · 5×12", kind: "NN", m: 1, k: 5, n: 12 },
  { label: "5×5 · 5×5", kind: "NN", m: 5, k: 5, n: 5 },
  { label: "8×8 · 8×8", kind: "NN", m: 8, k: 8, n: 8 },
  { label: "4×4 · 4×4 ᵀ", kind: "NT", m: 4, k: 4, n: 4 },
  { label: "1×16 · 4×16 ᵀ", kind: "NT", m: 1, k: 16, n: 4 },
  { label: "8×8 · 8×8 ᵀ", kind: "NT", m: 8, k: 8, n: 8 },
];

const jsOf: Record<Case["kind"], Kernel> = { NN: K.matmulJs, TN: K.matmulTNJs, NT: K.matmulNTJs };
const apiOf: Record<Case["kind"], Kernel> = { NN: K.matmul, TN: K.matmulTN, NT: K.matmulNT };

// A private instance of the module, to time the kernel without the copies.
const exports = new WebAssembly.Instance(
  new WebAssembly.Module(readFileSync(new URL("../lib/np/wasm/kernels.wasm", import.meta.url))),
  {},
).exports as unknown as { memory: WebAssembly.Memory; matmul: Raw; matmulTN: Raw; matmulNT: Raw };
const rawOf: Record<Case["kind"], Raw> = { NN: exports.matmul, TN: exports.matmulTN, NT: exports.matmulNT };

/**
 * Nanoseconds per call of f: the best of 60 chunks of ≥ 0.5 ms. Short chunks and
 * the minimum keep the figure stable on a shared 2-core machine, where other
 * processes take whole scheduler slices; it is the uncontended speed.
 */
function time(f: () => void): number {
  let reps = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < reps; r++) f();
    if (Number(process.hrtime.bigint() - t0) > 0.5e6) break;
    reps *= 2;
  }
  let best = Infinity;
  for (let run = 0; run < 60; run++) {
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < reps; r++) f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / reps);
  }
  return best;
}

const rand = (len: number): Float64Array => Float64Array.from({ length: len }, () => Math.random() * 2 - 1);

interface Timing {
  js: number;
  api: number;
  kernel: number;
}

/** One round of the three timings for a case. */
function measure(c: Case, forceWasm: boolean): Timing {
  const { m, k, n } = c;
  const a = rand(m * k);
  const b = rand(k * n);
  const out = new Float64Array(m * n);
  const js = jsOf[c.kind];
  const api = apiOf[c.kind];
  const raw = rawOf[c.kind];

  // operands placed in the private instance's memory, laid out as kernels.ts does
  const ob = (m * k + 1) & ~1;
  const oo = (ob + k * n + 1) & ~1;
  const need = (oo + m * n) * 8;
  if (exports.memory.buffer.byteLength < need) {
    exports.memory.grow(Math.ceil((need - exports.memory.buffer.byteLength) / 65536));
  }
  const heap = new Float64Array(exports.memory.buffer);
  heap.set(a, 0);
  heap.set(b, ob);

  return {
    js: time(() => js(a, b, out, m, k, n)),
    kernel: time(() => raw(0, ob * 8, oo * 8, m, k, n)),
    // below SMALL_PRODUCT the api runs the JS loop; for the threshold table time the copy+call path itself
    api: forceWasm
      ? time(() => {
          heap.set(a, 0);
          heap.set(b, ob);
          raw(0, ob * 8, oo * 8, m, k, n);
          out.set(heap.subarray(oo, oo + m * n));
        })
      : time(() => api(a, b, out, m, k, n)),
  };
}

/** The table: each cell the best over `rounds` interleaved rounds (other processes come and go). */
function table(cases: Case[], forceWasm: boolean, rounds: number): void {
  const best: Timing[] = cases.map(() => ({ js: Infinity, api: Infinity, kernel: Infinity }));
  for (let r = 0; r < rounds; r++) {
    cases.forEach((c, i) => {
      const t = measure(c, forceWasm);
      best[i] = { js: Math.min(best[i].js, t.js), api: Math.min(best[i].api, t.api), kernel: Math.min(best[i].kernel, t.kernel) };
    });
  }
  console.log(header);
  const sum = { js: 0, api: 0, kernel: 0 };
  cases.forEach((c, i) => {
    const t = best[i];
    const madds = c.m * c.k * c.n;
    const per = (x: number): string => (x / madds).toFixed(3).padStart(7);
    console.log(
      `${c.label.padEnd(36)} ${c.kind}  ${String(madds).padStart(7)}  ${per(t.js)} ${per(t.api)} ${per(t.kernel)}` +
        `   ${total(t.js)} ${total(t.api)} ${total(t.kernel)}   ${(t.js / t.api).toFixed(2).padStart(5)}×`,
    );
    if (c.perIteration) {
      sum.js += t.js;
      sum.api += t.api;
      sum.kernel += t.kernel;
    }
  });
  if (cases.some((c) => c.perIteration)) {
    console.log(
      `${"one training iteration (the 8 above)".padEnd(36)} ${" ".repeat(36)}` +
        `   ${total(sum.js)} ${total(sum.api)} ${total(sum.kernel)}   ${(sum.js / sum.api).toFixed(2).padStart(5)}×`,
    );
  }
}

const total = (t: number): string => (t < 1000 ? `${t.toFixed(0)} ns` : `${(t / 1000).toFixed(2)} µs`).padStart(9);

const header =
  `${"product".padEnd(36)} kind   madds   ns/madd: js     api  kernel      per call: js       api    kernel   js/api`;

const rounds = 3;
console.log(
  `kernelBackend = ${K.kernelBackend}, SMALL_PRODUCT = ${K.SMALL_PRODUCT}, node ${process.version}, best of ${rounds} rounds`,
);
table(course, false, rounds);
if (process.argv.includes("--small")) {
  console.log(`\nsmall products (api column = copy in + wasm call + copy out, bypassing SMALL_PRODUCT)`);
  table(small, true, rounds);
}
