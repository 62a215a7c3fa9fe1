/**
 * Block fills of numpy's legacy gaussians on WebAssembly: the same doubles, and the same
 * generator state afterwards, as RandomState's JavaScript loop (lib/np/random.ts), about
 * twice as fast.
 *
 * The `gaussPairs` export of lib/np/wasm/kernels.wat runs MT19937 (the twist and the
 * tempering four words at a time, f64 arithmetic otherwise scalar), the polar method and
 * the two fast paths of glibc's log from lib/np/glibc-log.ts, operation for operation
 * (WebAssembly never fuses a multiply and an add, nor does V8's JavaScript). A pair
 * whose log the fast paths cannot vouch for (about 1 in 400) comes back as a fix-up:
 * its x2, x1 and index, finished here with glibcLog's full fused evaluation.
 *
 * One instance of the module, with a memory of its own, serves every RandomState: the 624
 * state words are copied in before a fill and back after it, and the normals are made
 * CHUNK_PAIRS pairs at a time and copied out of the wasm memory. Without WebAssembly SIMD,
 * or with DNNLAB_KERNELS=js, `gaussBlocks()` is null and RandomState keeps its JS loop.
 */
import { SPLIT } from "./fma.ts";
import { glibcLog } from "./glibc-log.ts";
import { LN2, POLY, POLY1, TAB } from "./glibc-log-data.ts";
import { gaussInstance } from "./kernels.ts";

/** Byte offsets of the layout described in kernels.wat. */
const MT_AT = 0;
const K_AT = 5120;
const TAB_AT = 5376;
const FIXN_AT = 9472;
const FIX_AT = 9488;
const OUT_AT = 32768;
/** Pairs made per call into wasm: OUT holds 1024 pairs, R2 their 1024 radii, to the end of the first 64 KiB page. */
export const CHUNK_PAIRS = 1024;
/** Below this many normals RandomState's JS loop is cheaper than copying the state in and out. */
export const WASM_MIN_GAUSSIANS = 128;

/** What a fill leaves besides the normals: the new position, and the second value of an unused half pair. */
export interface GaussFillEnd {
  pos: number;
  /** f·x1 of the last pair when the count was odd (numpy caches it for the next draw), else null. */
  cached: number | null;
}

export interface GaussBlocks {
  /**
   * Fill out[from..] with standard normals from the generator whose 624 words are `mt` at
   * position `pos` (0..624); `mt` is updated in place. Pairs are written (f·x2, f·x1), as
   * RandomState.gauss returns them.
   */
  fill(mt: Uint32Array, pos: number, out: Float64Array, from: number): GaussFillEnd;
}

function load(): GaussBlocks | null {
  const w = gaussInstance();
  if (w === null) return null;
  const mem = w.memory;
  if (mem.buffer.byteLength < OUT_AT + CHUNK_PAIRS * 24) mem.grow(1);
  const words = new Uint32Array(mem.buffer, MT_AT, 624);
  const heap = new Float64Array(mem.buffer);
  const ints = new Int32Array(mem.buffer);
  // The constants in the order kernels.wat reads them, then per subinterval invc, logc and
  // invc's Veltkamp halves (as glibc-log.ts splits them).
  heap.set([LN2[0], LN2[1], ...POLY, ...POLY1.subarray(0, 11)], K_AT / 8);
  for (let i = 0; i < 128; i++) {
    const invc = TAB[2 * i];
    const t = SPLIT * invc;
    const h = t - (t - invc);
    heap.set([invc, TAB[2 * i + 1], h, invc - h], TAB_AT / 8 + 4 * i);
  }
  const out0 = OUT_AT / 8;
  const end: GaussFillEnd = { pos: 624, cached: null };
  return {
    fill(mt, pos, out, from) {
      words.set(mt);
      let i = from;
      end.cached = null;
      while (i < out.length) {
        const left = out.length - i;
        const pairs = Math.min(CHUNK_PAIRS, Math.ceil(left / 2));
        pos = w.gaussPairs(pairs, pos);
        const nfix = ints[FIXN_AT / 4];
        for (let f = 0; f < nfix; f++) {
          const at = out0 + 2 * ints[FIX_AT / 4 + f];
          const x2 = heap[at];
          const x1 = heap[at + 1];
          const r2 = x1 * x1 + x2 * x2;
          const g = Math.sqrt((-2 * glibcLog(r2)) / r2);
          heap[at] = g * x2;
          heap[at + 1] = g * x1;
        }
        const n = Math.min(left, 2 * pairs);
        out.set(heap.subarray(out0, out0 + n), i);
        if (n < 2 * pairs) end.cached = heap[out0 + n];
        i += n;
      }
      mt.set(words);
      end.pos = pos;
      return end;
    },
  };
}

let loaded: GaussBlocks | null | undefined;

/**
 * The wasm block fills, or null when the kernels run in JS. The instance is made at the
 * first call (a process that never draws a large randn never creates it).
 */
export function gaussBlocks(): GaussBlocks | null {
  if (loaded === undefined) loaded = load();
  return loaded;
}
