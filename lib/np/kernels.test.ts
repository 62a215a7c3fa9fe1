import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as K from "./kernels.ts";
import { biasReluJs, biasSigmoidJs, kernelArena, outerReluBackJs, reluBackJs } from "./kernels.ts";
import { pairwiseSum } from "./pairwise.ts";
import { WASM_PATH, compileKernels, sameBytes } from "./wasm/build.ts";

type Kind = "NN" | "TN" | "NT";
type Kernel = (a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number) => void;

/** The definition: out[i,j] = +0 + A[i,0]·B[0,j] + A[i,1]·B[1,j] + … with the storage of each kind. */
function oracle(kind: Kind, a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const A = (i: number, p: number): number => (kind === "TN" ? a[p * m + i] : a[i * k + p]);
  const B = (p: number, j: number): number => (kind === "NT" ? b[j * k + p] : b[p * n + j]);
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc += A(i, p) * B(p, j);
      out[i * n + j] = acc;
    }
  }
  return out;
}

const wasm = K.wasmOnly!;
const kernels: Record<Kind, { api: Kernel; js: Kernel; wasm: Kernel }> = {
  NN: { api: K.matmul, js: K.matmulJs, wasm: wasm?.matmul },
  TN: { api: K.matmulTN, js: K.matmulTNJs, wasm: wasm?.matmulTN },
  NT: { api: K.matmulNT, js: K.matmulNTJs, wasm: wasm?.matmulNT },
};

/** First index where x and y differ as doubles (Object.is: -0 ≠ +0, NaN = NaN), or -1. */
function firstDifference(x: Float64Array, y: Float64Array): number {
  if (x.length !== y.length) return Math.min(x.length, y.length);
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return i;
  return -1;
}

function expectSameDoubles(actual: Float64Array, expected: Float64Array, what: string): void {
  const i = firstDifference(actual, expected);
  if (i >= 0) expect.fail(`${what}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
}

/** Deterministic values from a seed: mostly in [-2, 2), with a share of ±0, ±Inf, NaN, huge and tiny numbers. */
function values(len: number, seed: number, special: number): Float64Array {
  let s = seed >>> 0;
  const next = (): number => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const specials = [0, -0, Infinity, -Infinity, NaN, 1e308, -1e308, 5e-324, -2.5e-310, 1];
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    out[i] = next() < special ? specials[Math.floor(next() * specials.length)] : next() * 4 - 2;
  }
  return out;
}

/** Runs every backend on one product and checks them against each other and the oracle. */
function checkProduct(kind: Kind, m: number, k: number, n: number, a: Float64Array, b: Float64Array): void {
  const expected = oracle(kind, a, b, m, k, n);
  const { api, js, wasm } = kernels[kind];
  const fromJs = new Float64Array(m * n).fill(7); // stale contents must be overwritten
  js(a, b, fromJs, m, k, n);
  expectSameDoubles(fromJs, expected, `${kind} js (${m}×${k}×${n})`);
  const fromWasm = new Float64Array(m * n).fill(7);
  wasm(a, b, fromWasm, m, k, n);
  expectSameDoubles(fromWasm, expected, `${kind} wasm (${m}×${k}×${n})`);
  const fromApi = new Float64Array(m * n).fill(7);
  api(a, b, fromApi, m, k, n);
  expectSameDoubles(fromApi, expected, `${kind} api (${m}×${k}×${n})`);
}

const kinds: Kind[] = ["NN", "TN", "NT"];

describe("matrix-product kernels", () => {
  it("load the WebAssembly SIMD backend on this Node", () => {
    expect(K.kernelBackend).toBe("wasm-simd");
    expect(K.wasmOnly).not.toBeNull();
  });

  it("kernels.wasm is kernels.wat compiled (run `npm run build:wasm` if not)", async () => {
    const built = await compileKernels();
    expect(sameBytes(built, readFileSync(WASM_PATH))).toBe(true);
  });

  describe.each(kinds)("%s: wasm, js and the definition agree bit for bit", (kind) => {
    const shape = (maxM: number, maxK: number, maxN: number) =>
      fc.record({
        m: fc.integer({ min: 0, max: maxM }),
        k: fc.integer({ min: 0, max: maxK }),
        n: fc.integer({ min: 0, max: maxN }),
        seed: fc.integer(),
        special: fc.constantFrom(0, 0, 0.02, 0.2),
      });
    const check = ({ m, k, n, seed, special }: { m: number; k: number; n: number; seed: number; special: number }) => {
      const a = values(m * k, seed, special);
      const b = values(k * n, seed ^ 0x5bd1e995, special);
      checkProduct(kind, m, k, n, a, b);
    };

    it("on small shapes, including 0-sized, 1×1 and odd n (the SIMD tails)", () => {
      fc.assert(fc.property(shape(11, 9, 11), check), { numRuns: 400 });
    });

    it("on long sums (large k)", () => {
      fc.assert(fc.property(shape(6, 700, 7), check), { numRuns: 60 });
    });

    it("on every tile remainder: m = 0..9, n = 0..17 with k = 1 and k = 3", () => {
      for (const k of [1, 3]) {
        for (let m = 0; m <= 9; m++) {
          for (let n = 0; n <= 17; n++) {
            check({ m, k, n, seed: m * 100 + n * 10 + k, special: 0 });
          }
        }
      }
    });

    it("on the course's shapes and 64×64", () => {
      const shapes: [number, number, number][] = [
        [10, 2, 300], [5, 10, 300], [1, 5, 300], [10, 300, 2], [5, 300, 10], [1, 300, 5],
        [5, 1, 300], [10, 5, 300], [64, 64, 64],
      ];
      for (const [m, k, n] of shapes) check({ m, k, n, seed: m + k + n, special: 0 });
    });

    it("propagate NaN, ±Inf and -0 identically", () => {
      // Inf·0 = NaN, Inf + -Inf = NaN, huge·huge = Inf, and products of -0
      const m = 5;
      const k = 4;
      const n = 7;
      const a = values(m * k, 11, 0.6);
      const b = values(k * n, 12, 0.6);
      checkProduct(kind, m, k, n, a, b);
    });
  });

  it("start each sum at +0, so products of -0 give +0 and k = 0 gives zeros", () => {
    for (const kind of kinds) {
      const { api, js, wasm } = kernels[kind];
      for (const f of [api, js, wasm]) {
        const out = new Float64Array(4).fill(NaN);
        f(new Float64Array(6).fill(-0), new Float64Array(6).fill(1), out, 2, 3, 2);
        expect(Array.from(out, (x) => Object.is(x, 0))).toEqual(Array(4).fill(true));
        const empty = new Float64Array(6).fill(NaN);
        f(new Float64Array(0), new Float64Array(0), empty, 2, 0, 3);
        expect(Array.from(empty, (x) => Object.is(x, 0))).toEqual(Array(6).fill(true));
      }
    }
  });

  it("grow the wasm memory for a large product and keep working for small ones after", () => {
    // 200×150·150×180 needs (30 000 + 27 000 + 36 000)·8 bytes ≈ 744 KiB, far beyond the first 64 KiB page
    for (const [m, k, n] of [[3, 4, 5], [200, 150, 180], [7, 9, 13], [300, 2, 400], [2, 3, 2]] as const) {
      for (const kind of kinds) {
        const a = values(m * k, m * 31 + k, 0);
        const b = values(k * n, n * 17 + k, 0);
        const out = new Float64Array(m * n);
        kernels[kind].api(a, b, out, m, k, n);
        expectSameDoubles(out, oracle(kind, a, b, m, k, n), `${kind} ${m}×${k}×${n}`);
      }
    }
  });

  it("use only the first m·k, k·n elements of longer inputs and write only m·n of out", () => {
    const a = values(20, 1, 0);
    const b = values(20, 2, 0);
    for (const kind of kinds) {
      for (const f of [kernels[kind].api, kernels[kind].wasm, kernels[kind].js]) {
        const out = new Float64Array(10).fill(9);
        f(a, b, out, 3, 3, 3);
        expectSameDoubles(out.subarray(0, 9), oracle(kind, a.subarray(0, 9), b.subarray(0, 9), 3, 3, 3), kind);
        expect(out[9]).toBe(9);
      }
    }
  });

  it("refuse an out that shares memory with a or b", () => {
    const buf = new Float64Array(64);
    const a = buf.subarray(0, 16);
    const b = buf.subarray(16, 32);
    for (const kind of kinds) {
      const f = kernels[kind].api;
      expect(() => f(a, b, a, 4, 4, 4)).toThrow(/must not share memory/);
      expect(() => f(a, b, buf.subarray(28, 44), 4, 4, 4)).toThrow(/must not share memory/);
      expect(() => f(a, b, buf.subarray(32, 48), 4, 4, 4)).not.toThrow(); // same buffer, disjoint: fine
    }
  });

  it("refuse bad dimensions and short arrays", () => {
    const x = new Float64Array(4);
    expect(() => K.matmul(x, x.slice(), new Float64Array(4), 2.5, 2, 2)).toThrow(/non-negative integers/);
    expect(() => K.matmul(x, x.slice(), new Float64Array(4), -1, 2, 2)).toThrow(/non-negative integers/);
    expect(() => K.matmulNT(x, x.slice(), new Float64Array(4), 2, 3, 2)).toThrow(/too short/);
  });
});

describe("the JS fallback", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("is used, and gives the same doubles, when DNNLAB_KERNELS=js", async () => {
    vi.stubEnv("DNNLAB_KERNELS", "js");
    vi.resetModules();
    const J = (await import("./kernels.ts")) as typeof K;
    expect(J.kernelBackend).toBe("js");
    expect(J.wasmOnly).toBeNull();
    const [m, k, n] = [10, 5, 300];
    const a = values(m * k, 3, 0.01);
    const b = values(k * n, 4, 0.01);
    const viaJs = new Float64Array(m * n);
    const viaWasm = new Float64Array(m * n);
    J.matmul(a, b, viaJs, m, k, n);
    K.matmul(a, b, viaWasm, m, k, n);
    expectSameDoubles(viaJs, viaWasm, "fallback vs wasm");
  });
});

describe("kernelArena: the passes of lib/net3.ts in wasm against their JS definitions", () => {
  // values with NaN, ±0, ±Inf, tiny and huge mixed in, so pmax/gt/select semantics are exercised
  const special = [NaN, 0, -0, Infinity, -Infinity, 5e-324, -5e-324, 1e308, -1e308, 1, -1];
  const fill = (h: Float64Array, at: number, n: number, seed: number): void => {
    let s = seed;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      h[at + i] = s % 7 === 0 ? special[s % special.length] : (s / 2 ** 31 - 1) * 3;
    }
  };
  const same = (a: Float64Array, b: Float64Array): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
  const arena = kernelArena(4096);
  const js = new Float64Array(4096);

  for (const [rows, m] of [[3, 7], [10, 300 / 10], [1, 1], [2, 64], [5, 13]] as const) {
    it(`biasRelu, biasReluDrop, reluBack, reluBackDrop, biasSigmoid, diffScale, gdStep, rowSums, sum on ${rows}×${m}`, () => {
      const n = rows * m;
      const [z, a, b, d, dz] = [0, 1024, 2048, 2560, 3072];
      for (const h of [arena.heap, js]) {
        fill(h, 0, 4096, rows * 1000 + m);
        for (let i = 0; i < n; i++) h[d + i] = i % 3 === 0 ? 0 : 1;
      }
      arena.biasRelu(z, a, b, rows, m);
      biasReluJs(js, z, a, b, -1, rows, m, 1);
      expect(same(arena.heap.slice(0, 4096), js.slice(0, 4096))).toBe(true);
      arena.biasReluDrop(z, a, b, d, rows, m, 0.8);
      biasReluJs(js, z, a, b, d, rows, m, 0.8);
      expect(same(arena.heap.slice(0, 4096), js.slice(0, 4096))).toBe(true);
      arena.reluBack(z, a, dz, n);
      reluBackJs(js, z, a, -1, dz, n, 1);
      expect(same(arena.heap.slice(0, 4096), js.slice(0, 4096))).toBe(true);
      arena.reluBackDrop(z, a, d, dz, n, 0.7);
      reluBackJs(js, z, a, d, dz, n, 0.7);
      expect(same(arena.heap.slice(0, 4096), js.slice(0, 4096))).toBe(true);
      arena.biasSigmoid(z, a, b, rows, m);
      biasSigmoidJs(js, z, a, b, rows, m);
      expect(same(arena.heap.slice(0, 4096), js.slice(0, 4096))).toBe(true);
      arena.diffScale(a, z, dz, n, 1 / m);
      for (let i = 0; i < n; i++) js[dz + i] = (js[a + i] - js[z + i]) * (1 / m);
      expect(same(arena.heap.slice(0, 4096), js.slice(0, 4096))).toBe(true);
      arena.diffScale(z, a, dz, n);
      for (let i = 0; i < n; i++) js[dz + i] = js[z + i] - js[a + i];
      expect(same(arena.heap.slice(0, 4096), js.slice(0, 4096))).toBe(true);
      arena.gdStep(b, d, n, 0.01);
      for (let i = 0; i < n; i++) js[b + i] = js[b + i] - js[d + i] * 0.01;
      expect(same(arena.heap.slice(0, 4096), js.slice(0, 4096))).toBe(true);
      arena.rowSums(a, dz, rows, m, 1 / 3);
      for (let i = 0; i < rows; i++) js[dz + i] = (0 + pairwiseSum(js, a + i * m, m)) * (1 / 3);
      expect(same(arena.heap.slice(0, 4096), js.slice(0, 4096))).toBe(true);
      expect(Object.is(arena.sum(z, n), 0 + pairwiseSum(js, z, n))).toBe(true);
      // outerReluBack = matmulTN with k = 1, then reluBack (w a row at b, d a row at z)
      arena.outerReluBack(b, z, a, dz, rows, m);
      outerReluBackJs(js, b, z, a, dz, rows, m);
      expect(same(arena.heap.slice(0, 4096), js.slice(0, 4096))).toBe(true);
      const da = new Float64Array(n);
      K.matmulTNJs(js.subarray(b, b + rows), js.subarray(z, z + m), da, rows, 1, m);
      const two = new Float64Array(2 * n);
      two.set(da, 0);
      two.set(js.subarray(a, a + n), n);
      reluBackJs(two, 0, n, -1, 0, n, 1);
      expect(same(two.subarray(0, n), js.slice(dz, dz + n))).toBe(true);
    });
  }

  it.runIf(K.wasmExp !== null)("exp is Math.exp bit for bit (fdlibm's, which biasSigmoid relies on)", () => {
    const exp = K.wasmExp!;
    const bits = new Float64Array(1);
    const words = new Uint32Array(bits.buffer);
    let s = 12345;
    const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0);
    const bad: number[] = [];
    const check = (x: number): void => {
      if (!Object.is(exp(x), Math.exp(x)) && bad.length < 5) bad.push(x);
    };
    for (const scale of [1e-9, 0.3, 1, 2, 40, 800]) for (let i = 0; i < 200_000; i++) check((next() / 2 ** 31 - 1) * scale);
    for (let i = 0; i < 200_000; i++) {
      words[0] = next();
      words[1] = next();
      check(bits[0]);
    }
    for (const x of [...special, 0.5 * Math.LN2, 1.5 * Math.LN2, 2 ** -28, 709.78, 709.79, -708.4, -708.5, -745.13, -745.14, 512, -512]) check(x);
    expect(bad).toEqual([]);
  });

  it("biasSigmoid equals its JS definition on every branch of exp (tiny, |x| < ln2/2, < 1.5 ln2, large, beyond 512)", () => {
    const m = 4001; // odd: the scalar tail too
    for (const scale of [1e-9, 0.3, 1, 3, 40, 800]) {
      for (const h of [arena.heap, js]) {
        fill(h, 0, 4096, Math.round(scale * 1000));
        for (let i = 0; i < m; i++) h[i] = h[i] * (scale / 3);
      }
      arena.biasSigmoid(0, 0, 4001, 1, m); // in place, b = h[4001]
      biasSigmoidJs(js, 0, 0, 4001, 1, m);
      expect(same(arena.heap.slice(0, 4096), js.slice(0, 4096))).toBe(true);
    }
  });

  it("sums in numpy's pairwise order at every length up to 700 (the recursion's split points)", () => {
    for (let n = 0; n <= 700; n++) {
      fill(arena.heap, 0, n, n + 1);
      const copy = arena.heap.slice(0, n);
      expect(Object.is(arena.sum(0, n), 0 + pairwiseSum(copy, 0, n))).toBe(true);
    }
  });
});
