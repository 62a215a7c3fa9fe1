/**
 * Matrix-product kernels for lib/np: WebAssembly SIMD (f64x2) with a plain-JS
 * fallback that gives the same doubles.
 *
 *   matmul  (a, b, out, m, k, n)   out(m×n) = a·b    a stored (m×k), b stored (k×n)
 *   matmulTN(a, b, out, m, k, n)   out(m×n) = aᵀ·b   a stored (k×m)   (Wᵀ·dZ)
 *   matmulNT(a, b, out, m, k, n)   out(m×n) = a·bᵀ   b stored (n×k)   (dZ·Aᵀ)
 *
 * All row-major Float64Array. `out` must not share memory with `a` or `b`
 * (throws a RangeError). Every output element is summed the same way on both
 * backends:  acc = +0; for p = 0..k-1 in order: acc = acc + a_ip * b_pj  — a
 * separate multiply and add, no fma — so the wasm and the JS results are equal
 * bit for bit (signed zeros, infinities, NaN positions; only NaN payload bits
 * are not promised). Note the +0 start: a product whose every term is -0 gives
 * +0, as does k = 0.
 *
 * The wasm module (lib/np/wasm/kernels.wasm, built from kernels.wat by
 * lib/np/wasm/build.ts) is loaded synchronously at import. If that fails — no
 * WebAssembly or no SIMD (`--jitless`), the file unreadable (Node's permission
 * model) — the JS loops are used and `kernelBackend` is "js". Setting the
 * environment variable DNNLAB_KERNELS=js forces the JS loops (for benchmarks
 * and for bisecting a numerical question).
 *
 * The wasm memory is a scratch area: a, b and out are laid out from offset 0
 * (16-byte aligned), copied in, multiplied, and the product copied out. It grows
 * to the largest product seen ((mk + kn + mn)·8 bytes, rounded up to 64 KiB
 * pages) and never shrinks. If it cannot grow, that product runs in JS.
 * Products with m·k·n below SMALL_PRODUCT also run in JS: for them the copies
 * and the call cost more than the loop.
 *
 * The same module also makes numpy's gaussians (`gaussPairs`, used by lib/np/gauss-block.ts
 * on an instance of its own, `gaussInstance()`).
 *
 * `kernelArena(doubles)` gives a caller a wasm memory of its own (a second instance of the
 * module) where operands live permanently: the products, and the element-wise passes and
 * row sums of lib/net3.ts, then run on offsets into it without copying anything.
 */
import { readFileSync } from "node:fs";
import { pairwiseSum } from "./pairwise.ts";

type Kernel = (a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number) => void;

/**
 * Below this many multiply-adds (m·k·n) the JS loop beats copying to wasm and back,
 * which costs about 85 ns a call (measured with `bench/kernels.ts --small`).
 */
export const SMALL_PRODUCT = 24;

// ---------------------------------------------------------------- the JS loops (the definition)

/** out(m×n) = a(m×k)·b(k×n) in plain JS; out[i,j] = +0 + a[i,0]·b[0,j] + a[i,1]·b[1,j] + … in that order. */
export function matmulJs(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  // i-p-j: row i of out starts at +0 and gets a[i,p]·b[p,:] added for p in order.
  for (let i = 0; i < m; i++) {
    const oi = i * n;
    const ai = i * k;
    for (let j = 0; j < n; j++) out[oi + j] = 0;
    for (let p = 0; p < k; p++) {
      const aip = a[ai + p];
      const bp = p * n;
      for (let j = 0; j < n; j++) out[oi + j] += aip * b[bp + j];
    }
  }
}

/** out(m×n) = aᵀ·b with a stored (k×m), b (k×n), in plain JS; same per-element order as matmulJs. */
export function matmulTNJs(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const oi = i * n;
    for (let j = 0; j < n; j++) out[oi + j] = 0;
    for (let p = 0; p < k; p++) {
      const api = a[p * m + i];
      const bp = p * n;
      for (let j = 0; j < n; j++) out[oi + j] += api * b[bp + j];
    }
  }
}

/** out(m×n) = a·bᵀ with a stored (m×k), b (n×k), in plain JS; each element a dot product of two rows, p in order. */
export function matmulNTJs(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let acc = 0;
      for (let p = 0; p < k; p++) acc += a[ai + p] * b[bj + p];
      out[i * n + j] = acc;
    }
  }
}

// ---------------------------------------------------------------- the wasm module

interface WasmKernels {
  memory: WebAssembly.Memory;
  biasRelu: (z: number, a: number, b: number, rows: number, m: number) => void;
  biasReluDrop: (z: number, a: number, b: number, d: number, rows: number, m: number, keepProb: number) => void;
  reluBack: (da: number, a: number, dz: number, n: number) => void;
  reluBackDrop: (da: number, a: number, d: number, dz: number, n: number, keepProb: number) => void;
  outerReluBack: (w: number, d: number, a: number, dz: number, rows: number, m: number) => void;
  sum: (p: number, n: number) => number;
  rowSums: (x: number, out: number, rows: number, m: number, scaled: number, scale: number) => void;
  matmul: (a: number, b: number, out: number, m: number, k: number, n: number) => void;
  matmulTN: (a: number, b: number, out: number, m: number, k: number, n: number) => void;
  matmulNT: (a: number, b: number, out: number, m: number, k: number, n: number) => void;
  gaussPairs: (pairs: number, pos: number) => number;
  biasSigmoid: (z: number, a: number, b: number, rows: number, m: number) => void;
  diffScale: (a: number, y: number, out: number, n: number, scaled: number, scale: number) => void;
  gdStep: (p: number, g: number, n: number, lr: number) => void;
  exp: (x: number) => number;
}

/** The compiled module (null without WebAssembly SIMD, or with DNNLAB_KERNELS=js). */
function loadModule(): WebAssembly.Module | null {
  try {
    if (process.env.DNNLAB_KERNELS === "js") return null;
    if (typeof WebAssembly !== "object") return null;
    return new WebAssembly.Module(readFileSync(new URL("./wasm/kernels.wasm", import.meta.url)));
  } catch {
    return null;
  }
}

/** A fresh instance of the module, with a memory of its own. */
function instantiate(module: WebAssembly.Module | null): WasmKernels | null {
  if (module === null) return null;
  try {
    const e = new WebAssembly.Instance(module, {}).exports as unknown as WasmKernels;
    if (!(e.memory instanceof WebAssembly.Memory) || typeof e.matmul !== "function") return null;
    return e;
  } catch {
    return null;
  }
}

const wasmModule = loadModule();
const wasm = instantiate(wasmModule);

/**
 * A fresh instance of the module with a memory of its own, for the gaussian block fills of
 * lib/np/gauss-block.ts (null when the backend is "js").
 */
export function gaussInstance(): { memory: WebAssembly.Memory; gaussPairs: (pairs: number, pos: number) => number } | null {
  const w = instantiate(wasmModule);
  return w !== null && typeof w.gaussPairs === "function" ? { memory: w.memory, gaussPairs: w.gaussPairs } : null;
}

/**
 * The wasm module's exp (fdlibm's, as V8's Math.exp): for the test that it equals Math.exp
 * on this engine, which biasSigmoid relies on. Null when the backend is "js".
 */
export const wasmExp: ((x: number) => number) | null = wasm && wasm.exp;

/** Which implementation the matrix products run on. */
export const kernelBackend: "wasm-simd" | "js" = wasm ? "wasm-simd" : "js";

/** A view of the wasm memory; replaced after every grow (growing detaches the old buffer). */
let heap = wasm ? new Float64Array(wasm.memory.buffer) : new Float64Array(0);

/** Make the scratch area hold at least `doubles` float64s; false if the memory cannot grow. */
function reserve(doubles: number): boolean {
  if (doubles <= heap.length) return true;
  const mem = wasm!.memory;
  const pages = Math.ceil((doubles * 8 - mem.buffer.byteLength) / 65536);
  try {
    mem.grow(pages);
  } catch {
    return false; // over the engine's limit or out of memory: the caller runs the product in JS
  }
  heap = new Float64Array(mem.buffer);
  return true;
}

/** Round a float64 index up to an even one: 16-byte aligned for the f64x2 loads and stores. */
const even = (x: number): number => x + (x & 1);

type Which = 0 | 1 | 2; // matmul, matmulTN, matmulNT

function run(which: Which, js: Kernel, a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  checkArgs(which, a, b, out, m, k, n);
  if (m * n === 0) return;
  if (wasm === null || m * k * n < SMALL_PRODUCT || !viaWasm(which, a, b, out, m, k, n)) js(a, b, out, m, k, n);
}

/** Copy a and b into the scratch memory, run the wasm kernel, copy the product out; false if memory is short. */
function viaWasm(which: Which, a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): boolean {
  const mk = m * k;
  const kn = k * n;
  const mn = m * n;
  const oa = 0;
  const ob = even(oa + mk);
  const oo = even(ob + kn);
  if (!reserve(oo + mn)) return false;
  heap.set(a.length === mk ? a : a.subarray(0, mk), oa);
  heap.set(b.length === kn ? b : b.subarray(0, kn), ob);
  const w = wasm!;
  const f = which === 0 ? w.matmul : which === 1 ? w.matmulTN : w.matmulNT;
  f(oa * 8, ob * 8, oo * 8, m, k, n);
  out.set(heap.subarray(oo, oo + mn));
  return true;
}

/**
 * The wasm path alone, whatever the size (no SMALL_PRODUCT shortcut, no JS
 * fallback): for tests and bench/kernels.ts. Null when the backend is "js".
 */
export const wasmOnly: { matmul: Kernel; matmulTN: Kernel; matmulNT: Kernel } | null = wasm && {
  matmul: (a, b, out, m, k, n) => forced(0, a, b, out, m, k, n),
  matmulTN: (a, b, out, m, k, n) => forced(1, a, b, out, m, k, n),
  matmulNT: (a, b, out, m, k, n) => forced(2, a, b, out, m, k, n),
};

function forced(which: Which, a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  checkArgs(which, a, b, out, m, k, n);
  if (m * n === 0) return;
  if (!viaWasm(which, a, b, out, m, k, n)) throw new RangeError(`${NAMES[which]}: wasm memory cannot grow to this product`);
}

const NAMES = ["matmul", "matmulTN", "matmulNT"] as const;

function checkArgs(which: Which, a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  const name = NAMES[which];
  if (!(isDim(m) && isDim(k) && isDim(n))) {
    throw new RangeError(`${name}: m, k, n must be non-negative integers, got ${m}, ${k}, ${n}`);
  }
  if (a.length < m * k || b.length < k * n || out.length < m * n) {
    throw new RangeError(
      `${name}: arrays too short for m=${m}, k=${k}, n=${n}: a has ${a.length} (needs ${m * k}), ` +
        `b ${b.length} (needs ${k * n}), out ${out.length} (needs ${m * n})`,
    );
  }
  if (overlaps(out, a) || overlaps(out, b)) {
    throw new RangeError(`${name}: out must not share memory with a or b`);
  }
}

const isDim = (x: number): boolean => Number.isInteger(x) && x >= 0 && x <= 0x7fffffff;

function overlaps(x: Float64Array, y: Float64Array): boolean {
  if (x.buffer !== y.buffer || x.length === 0 || y.length === 0) return false;
  const x0 = x.byteOffset;
  const y0 = y.byteOffset;
  return x0 < y0 + y.byteLength && y0 < x0 + x.byteLength;
}

// ---------------------------------------------------------------- the API

/** out(m×n) = a(m×k)·b(k×n). Throws a RangeError if out shares memory with a or b. */
export function matmul(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  run(0, matmulJs, a, b, out, m, k, n);
}

/** out(m×n) = aᵀ·b, a stored (k×m), b (k×n): Wᵀ·dZ without materialising Wᵀ. */
export function matmulTN(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  run(1, matmulTNJs, a, b, out, m, k, n);
}

/** out(m×n) = a·bᵀ, a stored (m×k), b (n×k): dZ·Aᵀ without materialising Aᵀ. */
export function matmulNT(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  run(2, matmulNTJs, a, b, out, m, k, n);
}

// ---------------------------------------------------------------- arenas: operands that live in wasm memory

/**
 * A private memory of float64s (its own wasm instance, so the scratch area above is never
 * touched) on which the three products run in place: operands and result are given as
 * offsets into `heap`, counted in doubles, and nothing is copied. For training loops that
 * keep every matrix in one place (lib/net3.ts). The products are the same doubles as
 * matmul / matmulTN / matmulNT. Without wasm the heap is a plain Float64Array and the JS
 * loops run on views of it. The heap never grows, so views of it stay valid.
 */
export interface KernelArena {
  readonly heap: Float64Array;
  readonly backend: "wasm-simd" | "js";
  /** heap[out..] (m×n) = heap[a..] (m×k) · heap[b..] (k×n) */
  matmul(a: number, b: number, out: number, m: number, k: number, n: number): void;
  /** heap[out..] (m×n) = aᵀ·b, a stored (k×m) */
  matmulTN(a: number, b: number, out: number, m: number, k: number, n: number): void;
  /** heap[out..] (m×n) = a·bᵀ, b stored (n×k) */
  matmulNT(a: number, b: number, out: number, m: number, k: number, n: number): void;
  /** a (rows×m) = relu(z + b), b a column, relu(v) = (0 > v ? 0 : v): NaN and -0 kept; z is not written */
  biasRelu(z: number, a: number, b: number, rows: number, m: number): void;
  /** as biasRelu, then a = (a · d) / keepProb (dropout with mask d) */
  biasReluDrop(z: number, a: number, b: number, d: number, rows: number, m: number, keepProb: number): void;
  /** a (rows×m) = 1 / (1 + Math.exp(-(z + b))), b a column (sigmoid(Z + b)); z is not written */
  biasSigmoid(z: number, a: number, b: number, rows: number, m: number): void;
  /** n elements: out = (a − y)·scale, or a − y without a scale (dZ3 = A3 − Y [· (1/m)]) */
  diffScale(a: number, y: number, out: number, n: number, scale?: number): void;
  /** n elements: p = p − g·lr (gradient descent) */
  gdStep(p: number, g: number, n: number, lr: number): void;
  /** n elements: dz = da · (a > 0 ? 1 : 0) (a real multiply: ±Inf · 0 is NaN) */
  reluBack(da: number, a: number, dz: number, n: number): void;
  /** n elements: da = (da · d) / keepProb (stored back), then dz = da · (a > 0 ? 1 : 0) */
  reluBackDrop(da: number, a: number, d: number, dz: number, n: number, keepProb: number): void;
  /**
   * rows×m: dz[i,j] = (0 + w[i]·d[j]) · (a[i,j] > 0 ? 1 : 0), i.e. matmulTN(w, d, ·, rows, 1, m)
   * then reluBack, without writing the product (w a row of `rows`, d a row of m)
   */
  outerReluBack(w: number, d: number, a: number, dz: number, rows: number, m: number): void;
  /** 0 + the pairwise sum of n doubles (np.sum of a whole array; lib/np/ops.ts pairwiseSum) */
  sum(p: number, n: number): number;
  /** out[i] = 0 + pairwise sum of row i of x (rows×m), times `scale` when given (np.sum(x, axis=1, keepdims=True)[.mul(scale)]) */
  rowSums(x: number, out: number, rows: number, m: number, scale?: number): void;
}

/** An arena of at least `doubles` float64s. */
export function kernelArena(doubles: number): KernelArena {
  if (!isDim(doubles)) throw new RangeError(`kernelArena: size must be a non-negative integer, got ${doubles}`);
  const w = instantiate(wasmModule);
  if (w !== null) {
    const need = Math.ceil((doubles * 8 - w.memory.buffer.byteLength) / 65536);
    let ok = true;
    if (need > 0) {
      try {
        w.memory.grow(need);
      } catch {
        ok = false;
      }
    }
    if (ok) {
      const heap = new Float64Array(w.memory.buffer);
      const { matmul: mm, matmulTN: tn, matmulNT: nt, biasRelu, biasReluDrop, biasSigmoid, diffScale, gdStep, reluBack, reluBackDrop, outerReluBack, sum, rowSums } = w;
      return {
        heap,
        backend: "wasm-simd",
        matmul: (a, b, out, m, k, n) => mm(a * 8, b * 8, out * 8, m, k, n),
        matmulTN: (a, b, out, m, k, n) => tn(a * 8, b * 8, out * 8, m, k, n),
        matmulNT: (a, b, out, m, k, n) => nt(a * 8, b * 8, out * 8, m, k, n),
        biasRelu: (z, a, b, rows, m) => biasRelu(z * 8, a * 8, b * 8, rows, m),
        biasReluDrop: (z, a, b, d, rows, m, kp) => biasReluDrop(z * 8, a * 8, b * 8, d * 8, rows, m, kp),
        biasSigmoid: (z, a, b, rows, m) => biasSigmoid(z * 8, a * 8, b * 8, rows, m),
        diffScale: (a, y, out, n, scale) => diffScale(a * 8, y * 8, out * 8, n, scale === undefined ? 0 : 1, scale ?? 1),
        gdStep: (p, g, n, lr) => gdStep(p * 8, g * 8, n, lr),
        reluBack: (da, a, dz, n) => reluBack(da * 8, a * 8, dz * 8, n),
        reluBackDrop: (da, a, d, dz, n, kp) => reluBackDrop(da * 8, a * 8, d * 8, dz * 8, n, kp),
        outerReluBack: (w, d, a, dz, rows, m) => outerReluBack(w * 8, d * 8, a * 8, dz * 8, rows, m),
        sum: (p, n) => sum(p * 8, n),
        rowSums: (x, out, rows, m, scale) => rowSums(x * 8, out * 8, rows, m, scale === undefined ? 0 : 1, scale ?? 1),
      };
    }
  }
  const heap = new Float64Array(doubles);
  const view = (at: number, n: number): Float64Array => heap.subarray(at, at + n);
  return {
    heap,
    backend: "js",
    matmul: (a, b, out, m, k, n) => matmulJs(view(a, m * k), view(b, k * n), view(out, m * n), m, k, n),
    matmulTN: (a, b, out, m, k, n) => matmulTNJs(view(a, k * m), view(b, k * n), view(out, m * n), m, k, n),
    matmulNT: (a, b, out, m, k, n) => matmulNTJs(view(a, m * k), view(b, n * k), view(out, m * n), m, k, n),
    biasRelu: (z, a, b, rows, m) => biasReluJs(heap, z, a, b, -1, rows, m, 1),
    biasReluDrop: (z, a, b, d, rows, m, kp) => biasReluJs(heap, z, a, b, d, rows, m, kp),
    biasSigmoid: (z, a, b, rows, m) => biasSigmoidJs(heap, z, a, b, rows, m),
    diffScale: (a, y, out, n, scale) => {
      if (scale === undefined) for (let i = 0; i < n; i++) heap[out + i] = heap[a + i] - heap[y + i];
      else for (let i = 0; i < n; i++) heap[out + i] = (heap[a + i] - heap[y + i]) * scale;
    },
    gdStep: (p, g, n, lr) => {
      for (let i = 0; i < n; i++) heap[p + i] = heap[p + i] - heap[g + i] * lr;
    },
    reluBack: (da, a, dz, n) => reluBackJs(heap, da, a, -1, dz, n, 1),
    reluBackDrop: (da, a, d, dz, n, kp) => reluBackJs(heap, da, a, d, dz, n, kp),
    outerReluBack: (w, d, a, dz, rows, m) => outerReluBackJs(heap, w, d, a, dz, rows, m),
    sum: (p, n) => 0 + pairwiseSum(heap, p, n),
    rowSums: (x, out, rows, m, scale) => {
      for (let i = 0; i < rows; i++) {
        const s = 0 + pairwiseSum(heap, x + i * m, m);
        heap[out + i] = scale === undefined ? s : s * scale;
      }
    },
  };
}

/** The definition of biasRelu (d < 0) and biasReluDrop, on offsets into h. */
export function biasReluJs(h: Float64Array, oZ: number, oA: number, ob: number, oD: number, rows: number, m: number, keepProb: number): void {
  for (let i = 0; i < rows; i++) {
    const bi = h[ob + i];
    const end = (i + 1) * m;
    for (let k = i * m; k < end; k++) {
      const z = h[oZ + k] + bi;
      const r = 0 > z ? 0 : z; // np.maximum(0, z), NaN kept
      h[oA + k] = oD < 0 ? r : (r * h[oD + k]) / keepProb;
    }
  }
}

/** The definition of biasSigmoid, on offsets into h. */
export function biasSigmoidJs(h: Float64Array, oZ: number, oA: number, ob: number, rows: number, m: number): void {
  for (let i = 0; i < rows; i++) {
    const bi = h[ob + i];
    const end = (i + 1) * m;
    for (let k = i * m; k < end; k++) h[oA + k] = 1 / (1 + Math.exp(-(h[oZ + k] + bi)));
  }
}

/** The definition of reluBack (d < 0) and reluBackDrop, on offsets into h. */
export function reluBackJs(h: Float64Array, oDa: number, oA: number, oD: number, oDz: number, n: number, keepProb: number): void {
  for (let i = 0; i < n; i++) {
    let da = h[oDa + i];
    if (oD >= 0) {
      da = (da * h[oD + i]) / keepProb;
      h[oDa + i] = da;
    }
    h[oDz + i] = da * (h[oA + i] > 0 ? 1 : 0);
  }
}

/** The definition of outerReluBack, on offsets into h: matmulTN with k = 1, then reluBack. */
export function outerReluBackJs(h: Float64Array, oW: number, oD: number, oA: number, oDz: number, rows: number, m: number): void {
  for (let i = 0; i < rows; i++) {
    const wi = h[oW + i];
    for (let j = 0; j < m; j++) {
      const da = 0 + wi * h[oD + j];
      h[oDz + i * m + j] = da * (h[oA + i * m + j] > 0 ? 1 : 0);
    }
  }
}
