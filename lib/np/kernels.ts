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
 */
import { readFileSync } from "node:fs";

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
  matmul: (a: number, b: number, out: number, m: number, k: number, n: number) => void;
  matmulTN: (a: number, b: number, out: number, m: number, k: number, n: number) => void;
  matmulNT: (a: number, b: number, out: number, m: number, k: number, n: number) => void;
}

function loadWasm(): WasmKernels | null {
  try {
    if (process.env.DNNLAB_KERNELS === "js") return null;
    if (typeof WebAssembly !== "object") return null;
    const bytes = readFileSync(new URL("./wasm/kernels.wasm", import.meta.url));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const e = instance.exports as unknown as WasmKernels;
    if (!(e.memory instanceof WebAssembly.Memory) || typeof e.matmul !== "function") return null;
    return e;
  } catch {
    return null;
  }
}

const wasm = loadWasm();

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
