/**
 * The WebAssembly gaussian fills (gauss-block.ts) against RandomState's JavaScript loop:
 * the same doubles (Object.is) and the same state after every call, across twists, chunk
 * boundaries, odd sizes (a cached half pair) and states restored mid-block. numpy itself
 * is the oracle of random.test.ts, whose long hashes now run through the wasm path.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { CHUNK_PAIRS, gaussBlocks, WASM_MIN_GAUSSIANS } from "./gauss-block.ts";
import { kernelBackend } from "./kernels.ts";
import { RandomState } from "./random.ts";

type RS = typeof RandomState;
let JsRandomState: RS;

beforeAll(async () => {
  // A second copy of the modules, loaded with the kernels forced to JS.
  const saved = process.env.DNNLAB_KERNELS;
  process.env.DNNLAB_KERNELS = "js";
  vi.resetModules();
  try {
    const block = await import("./gauss-block.ts");
    expect(block.gaussBlocks()).toBeNull();
    JsRandomState = (await import("./random.ts")).RandomState;
  } finally {
    if (saved === undefined) delete process.env.DNNLAB_KERNELS;
    else process.env.DNNLAB_KERNELS = saved;
    vi.resetModules();
  }
  expect(JsRandomState).not.toBe(RandomState);
});

/** Indices where two arrays of doubles differ (Object.is), at most 5. */
function diffs(a: Float64Array, b: Float64Array): number[] {
  const out: number[] = [];
  if (a.length !== b.length) return [-1];
  for (let i = 0; i < a.length && out.length < 5; i++) if (!Object.is(a[i], b[i])) out.push(i);
  return out;
}

function sameState(a: RandomState, b: RandomState): void {
  const x = a.getState();
  const y = b.getState();
  expect([x.pos, x.hasGauss, x.gauss]).toEqual([y.pos, y.hasGauss, y.gauss]);
  expect(Buffer.from(x.key.buffer).equals(Buffer.from(y.key.buffer))).toBe(true);
}

describe.runIf(kernelBackend === "wasm-simd")("gaussian block fills: wasm against the JS loop", () => {
  it("is the path randn takes from WASM_MIN_GAUSSIANS normals on", () => {
    expect(gaussBlocks()).not.toBeNull();
    expect(WASM_MIN_GAUSSIANS).toBeLessThan(2 * CHUNK_PAIRS);
  });

  it("gives the same normals and state for odd and even sizes, across twists and chunk boundaries", () => {
    const C = 2 * CHUNK_PAIRS;
    const sizes = [WASM_MIN_GAUSSIANS - 1, WASM_MIN_GAUSSIANS, WASM_MIN_GAUSSIANS + 1, C - 1, C, C + 1, 3 * C + 3, 1, 624, 5001, 2, 20000];
    for (const seed of [0, 1, 3, 2 ** 32 - 1]) {
      const w = new RandomState(seed);
      const j = new JsRandomState(seed);
      for (const n of sizes) {
        const a = w.randn(1, n);
        const b = j.randn(1, n);
        expect(diffs(a.data, b.data), `seed ${seed}, n ${n}`).toEqual([]);
        sameState(w, j);
        // one odd word in between: the next doubles start at the other parity of the block
        expect(w.next32()).toBe(j.next32());
      }
    }
  });

  it("continues from a cached gaussian and from any position in the block, including 622, 623 and 624", () => {
    const base = new JsRandomState(7);
    base.randn(1, 3); // leaves a cached gaussian
    const saved = base.getState();
    expect(saved.hasGauss).toBe(true);
    for (const pos of [0, 1, 2, 311, 620, 621, 622, 623, 624]) {
      for (const hasGauss of [false, true]) {
        const state = { ...saved, key: saved.key.slice(), pos, hasGauss, gauss: hasGauss ? saved.gauss : 0 };
        const w = new RandomState(0);
        const j = new JsRandomState(0);
        w.setState(state);
        j.setState(state);
        for (const n of [1000, 1001, 4097]) {
          expect(diffs(w.randn(1, n).data, j.randn(1, n).data), `pos ${pos}, cached ${hasGauss}, n ${n}`).toEqual([]);
          sameState(w, j);
        }
        expect(w.rand()).toBe(j.rand());
      }
    }
  });

  it("matches one gaussian at a time over a million normals (every fix-up finished by glibcLog)", () => {
    const w = new RandomState(12345);
    const j = new JsRandomState(12345);
    const big = w.randn(1000, 1001);
    const one = new Float64Array(big.data.length);
    for (let i = 0; i < one.length; i++) one[i] = j.randn();
    expect(diffs(big.data, one)).toEqual([]);
    sameState(w, j);
  });
});
