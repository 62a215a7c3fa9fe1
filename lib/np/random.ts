/**
 * numpy's legacy `RandomState` (the `np.random.*` functions), bit for bit.
 *
 * With the same seed, every call here returns the same doubles and integers as numpy
 * (checked against numpy 2.4.6; the legacy streams are frozen, 1.24 gives the same), so
 * the course's expected outputs are the numbers printed in the original notebooks. The
 * pieces, as described in /work/shared/numpy-compat/ALGORITHMS.md:
 *
 * - MT19937: 624 32-bit words and a position, seeded with Matsumoto-Nishimura `init_genrand`.
 * - Doubles: 27 + 26 bits from two outputs, giving a multiple of 2^-53 in [0, 1).
 * - Gaussians: the polar (Marsaglia) method, which makes two values per accepted pair and
 *   keeps the second for the next call. It needs glibc's exact `log` (`glibc-log.ts`).
 * - Bounded integers: masked rejection (not Lemire's method, which numpy's newer
 *   `Generator` uses), 32-bit draws when the range fits, else 64-bit draws.
 *
 * Large randn fills (128 normals or more in one call) run the same algorithm in WebAssembly
 * (`gauss-block.ts`), with the same doubles and the same end state.
 *
 * Caveat: numpy on a CPU without FMA, or with another libm, can differ from these
 * streams in the last bit of about 1 gaussian in 16000. Integers and uniforms never differ.
 */
import { gaussBlocks, WASM_MIN_GAUSSIANS } from "./gauss-block.ts";
import { glibcLog } from "./glibc-log.ts";
import { IndexError, ValueError } from "./errors.ts";
import { Matrix } from "./matrix.ts";

/** Number of 32-bit words of MT19937 state. */
const N = 624;
/** The middle word offset of the MT19937 recurrence. */
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO32 = 4294967296;

/** A shape as numpy writes a `size`: `n` (a 1-D array, here a row (1, n)) or `[rows, cols]`. */
export type Size = number | readonly [number] | readonly [number, number];

/** The generator's full state, as `RandomState.get_state()` gives it (minus the 'MT19937' tag). */
export interface RandomStateSnapshot {
  /** The 624 state words (a copy). */
  key: Uint32Array;
  /** Index of the next word to temper, 0..624 (624: regenerate before the next draw). */
  pos: number;
  /** Whether a second gaussian of a pair is waiting. */
  hasGauss: boolean;
  /** That waiting gaussian (0 when there is none). */
  gauss: number;
}

/** numpy's message for a bad dimension in `size` or in `rand(d0, d1)`. */
function checkDim(d: number): number {
  if (!Number.isInteger(d)) throw new TypeError(`'float' object cannot be interpreted as an integer`);
  if (d < 0) throw new ValueError("negative dimensions are not allowed");
  return d;
}

/** A `size` as [rows, cols]: n → (1, n), [n] → (1, n), [r, c] → (r, c). */
function shapeOf(size: Size): [number, number] {
  if (typeof size === "number") return [1, checkDim(size)];
  if (size.length === 1) return [1, checkDim(size[0])];
  if (size.length === 2) return [checkDim(size[0]), checkDim(size[1])];
  throw new ValueError(`only 1-D and 2-D sizes are supported, got (${(size as readonly number[]).join(", ")})`);
}

/** Smallest 2^m - 1 that is >= v, for 0 <= v < 2^32 (bit smearing). */
function smear32(v: number): number {
  v |= v >>> 1;
  v |= v >>> 2;
  v |= v >>> 4;
  v |= v >>> 8;
  v |= v >>> 16;
  return v >>> 0;
}

/**
 * numpy's legacy random number generator, `np.random.RandomState`.
 *
 * ```ts
 * const rs = new RandomState(3);
 * rs.randn(2, 3); // the same (2, 3) matrix as np.random.RandomState(3).randn(2, 3)
 * ```
 */
export class RandomState {
  private readonly mt = new Uint32Array(N);
  private mti = N;
  private hasGauss = false;
  private gaussValue = 0;
  /** fillGauss's buffer of uniforms. */
  private readonly uniforms = new Float64Array(256);

  /** `np.random.RandomState(seed)`: an integer seed in [0, 2**32 - 1], or none for OS entropy. */
  constructor(seed?: number) {
    this.seed(seed);
  }

  /**
   * `np.random.seed(seed)`: reset the state from an integer in [0, 2**32 - 1] with
   * MT19937's `init_genrand`, and drop any cached gaussian.
   *
   * Without an argument the state comes from OS entropy (`crypto.getRandomValues`), as
   * numpy does for `seed(None)`; that stream is not reproducible (save it with `getState`).
   * Errors match numpy's: a non-integer gives a TypeError, an integer out of range a ValueError.
   */
  seed(seed?: number): void {
    const mt = this.mt;
    if (seed === undefined || seed === null) {
      crypto.getRandomValues(mt);
      // As numpy does: word 0 becomes 0x80000000, so the state can never be all zeros.
      mt[0] = UPPER_MASK;
    } else {
      if (typeof seed !== "number" || !Number.isInteger(seed)) {
        throw new TypeError("Cannot cast scalar from dtype('float64') to dtype('int64') according to the rule 'safe'");
      }
      if (seed < 0 || seed > 0xffffffff) throw new ValueError("Seed must be between 0 and 2**32 - 1");
      // init_genrand: each word from the previous one, mod 2^32 (Math.imul keeps the low 32 bits).
      mt[0] = seed;
      for (let i = 1; i < N; i++) {
        const prev = mt[i - 1];
        mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
      }
    }
    this.mti = N;
    this.hasGauss = false;
    this.gaussValue = 0;
  }

  /** `RandomState.get_state()`: a copy of the whole state (words, position, cached gaussian). */
  getState(): RandomStateSnapshot {
    return { key: this.mt.slice(), pos: this.mti, hasGauss: this.hasGauss, gauss: this.gaussValue };
  }

  /** `RandomState.set_state(state)`: restore a state saved by `getState` (the arrays are copied). */
  setState(state: RandomStateSnapshot): void {
    const { key, pos, hasGauss, gauss } = state;
    if (key.length !== N) throw new ValueError(`state must be 624 elements, got ${key.length}`);
    if (!Number.isInteger(pos) || pos < 0 || pos > N) throw new ValueError(`pos must be an integer in [0, 624], got ${pos}`);
    this.mt.set(key);
    this.mti = pos;
    this.hasGauss = hasGauss;
    this.gaussValue = hasGauss ? gauss : 0;
  }

  /** One tempered 32-bit MT19937 output, as an unsigned integer (numpy's `next_uint32`). */
  next32(): number {
    if (this.mti >= N) this.regenerate();
    let y = this.mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * The MT19937 recurrence over the whole block of 624 words (the twist). `-(y & 1) & MATRIX_A`
   * is MATRIX_A when y is odd and 0 otherwise, without a branch (half of them would be mispredicted).
   */
  private regenerate(): void {
    const mt = this.mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.mti = 0;
  }

  /** A double in [0, 1) with 53 random bits: 27 bits of one output, then 26 of the next. */
  private nextDouble(): number {
    const a = this.next32() >>> 5;
    const b = this.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * One standard normal, polar method. Each accepted point (x1, x2) in the unit disc gives
   * two independent gaussians; the one from x1 is cached and returned by the next call.
   * Only `seed` drops the cache: other draws in between leave it alone, as in numpy.
   */
  private gauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const g = this.gaussValue;
      this.gaussValue = 0;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    // (-2 log r2) / r2, then sqrt: numpy's order, with glibc's log.
    const f = Math.sqrt((-2 * glibcLog(r2)) / r2);
    this.gaussValue = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /**
   * A uniform integer in [0, max] by masked rejection (numpy's legacy `random_interval` and
   * `random_bounded_uint64` with masking): draw, keep the bits under the smallest all-ones
   * mask covering max, retry while above max. For max >= 2^32 each draw is 64 bits made of
   * two outputs, the first one being the HIGH word. max must be a safe integer.
   */
  private interval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      const mask = smear32(max);
      let v: number;
      do v = (this.next32() & mask) >>> 0;
      while (v > max);
      return v;
    }
    // Rare 64-bit path. The mask's low word is all ones; its high word covers max / 2^32.
    // max < 2^53 keeps every candidate below 2^53, so the double arithmetic is exact.
    const maskHi = smear32(Math.floor(max / TWO32));
    let v: number;
    do {
      const hi = (this.next32() & maskHi) >>> 0;
      v = hi * TWO32 + this.next32();
    } while (v > max);
    return v;
  }

  /**
   * Fill `out` with doubles in [0, 1), row-major: nextDouble in a loop, with next32 written
   * out (the position kept in a local, the twist run when the block is used up).
   */
  private fillDoubles(out: Float64Array): void {
    const mt = this.mt;
    let mti = this.mti;
    for (let i = 0; i < out.length; i++) {
      if (mti >= N - 1) {
        this.mti = mti;
        out[i] = this.nextDouble(); // the two words straddle a twist
        mti = this.mti;
        continue;
      }
      let y = mt[mti];
      y ^= y >>> 11;
      y ^= (y << 7) & 0x9d2c5680;
      y ^= (y << 15) & 0xefc60000;
      y ^= y >>> 18;
      let z = mt[mti + 1];
      z ^= z >>> 11;
      z ^= (z << 7) & 0x9d2c5680;
      z ^= (z << 15) & 0xefc60000;
      z ^= z >>> 18;
      mti += 2;
      out[i] = ((y >>> 5) * 67108864 + (z >>> 6)) / 9007199254740992;
    }
    this.mti = mti;
  }

  /**
   * Fill `out` with standard normals, row-major: gauss() in a loop. The uniforms come two
   * at a time from fillDoubles into a small buffer (the same stream, in order); whatever a
   * call leaves unused is given back by stepping the position back (two words a double),
   * so the generator ends where element-by-element drawing would. From WASM_MIN_GAUSSIANS
   * normals on, lib/np/gauss-block.ts does the same in WebAssembly.
   */
  private fillGauss(out: Float64Array): void {
    const n = out.length;
    let i = 0;
    if (n > 0 && this.hasGauss) out[i++] = this.gauss();
    const blocks = n - i >= WASM_MIN_GAUSSIANS ? gaussBlocks() : null;
    if (blocks !== null) {
      // The same doubles and end state from WebAssembly (lib/np/gauss-block.ts).
      const end = blocks.fill(this.mt, this.mti, out, i);
      this.mti = end.pos;
      if (end.cached !== null) {
        this.gaussValue = end.cached;
        this.hasGauss = true;
      }
      return;
    }
    const u = this.uniforms;
    let at = u.length; // next unused uniform
    let have = u.length; // uniforms in the buffer
    while (i < n) {
      let x1: number;
      let x2: number;
      let r2: number;
      do {
        if (at + 2 > have) {
          // Give back a leftover uniform, then refill; a twist inside the refill would make
          // stepping back impossible, so refill only up to it.
          this.mti -= 2 * (have - at);
          at = have;
          const words = Math.min(u.length, Math.floor((N - this.mti) / 2));
          if (words < 2) {
            x1 = 2 * this.nextDouble() - 1;
            x2 = 2 * this.nextDouble() - 1;
            r2 = x1 * x1 + x2 * x2;
            continue;
          }
          this.fillDoubles(u.subarray(0, words));
          at = 0;
          have = words;
        }
        x1 = 2 * u[at] - 1;
        x2 = 2 * u[at + 1] - 1;
        at += 2;
        r2 = x1 * x1 + x2 * x2;
      } while (r2 >= 1 || r2 === 0);
      const f = Math.sqrt((-2 * glibcLog(r2)) / r2);
      out[i++] = f * x2;
      if (i < n) out[i++] = f * x1;
      else {
        this.gaussValue = f * x1;
        this.hasGauss = true;
      }
    }
    // Give back the uniforms drawn but not used.
    this.mti -= 2 * (have - at);
  }

  /** The (rows, cols) that rand/randn's arguments ask for, or null for a single number. */
  private dims(d0: number | readonly number[] | undefined, d1: number | undefined): [number, number] | null {
    if (d0 === undefined) return null;
    if (typeof d0 !== "number") return shapeOf(d0 as Size);
    return d1 === undefined ? [1, checkDim(d0)] : [checkDim(d0), checkDim(d1)];
  }

  /**
   * `np.random.rand(d0, d1)`: uniform doubles in [0, 1). No argument gives one number;
   * `rand(n)` a (1, n) row (numpy's 1-D array); `rand(r, c)` or `rand([r, c])` an (r, c) matrix.
   */
  rand(): number;
  rand(n: number): Matrix;
  rand(rows: number, cols: number): Matrix;
  rand(shape: readonly [number] | readonly [number, number]): Matrix;
  rand(d0?: number | readonly number[], d1?: number): number | Matrix {
    const shape = this.dims(d0, d1);
    if (shape === null) return this.nextDouble();
    const m = new Matrix(shape[0], shape[1]);
    this.fillDoubles(m.data);
    return m;
  }

  /**
   * `np.random.randn(d0, d1)`: standard normals, row-major. Same shapes as `rand`:
   * `randn()` is one number, `randn(n)` a (1, n) row, `randn(r, c)` / `randn([r, c])` a matrix.
   */
  randn(): number;
  randn(n: number): Matrix;
  randn(rows: number, cols: number): Matrix;
  randn(shape: readonly [number] | readonly [number, number]): Matrix;
  randn(d0?: number | readonly number[], d1?: number): number | Matrix {
    const shape = this.dims(d0, d1);
    if (shape === null) return this.gauss();
    const m = new Matrix(shape[0], shape[1]);
    this.fillGauss(m.data);
    return m;
  }

  /** `np.random.random_sample(size)`: like `rand`, with the shape given as one `size` argument. */
  randomSample(): number;
  randomSample(size: Size): Matrix;
  randomSample(size?: Size): number | Matrix {
    if (size === undefined) return this.nextDouble();
    const [r, c] = shapeOf(size);
    const m = new Matrix(r, c);
    this.fillDoubles(m.data);
    return m;
  }

  /** `np.random.random_sample(size)`, under numpy's name (same as `randomSample`). */
  random_sample(): number;
  random_sample(size: Size): Matrix;
  random_sample(size?: Size): number | Matrix {
    return size === undefined ? this.randomSample() : this.randomSample(size);
  }

  /**
   * `np.random.normal(loc=0.0, scale=1.0, size=None)`: loc + scale * gauss per element,
   * multiplied then added (not fused), so normal(0, s) equals s * randn() exactly.
   */
  normal(loc?: number, scale?: number): number;
  normal(loc: number | undefined, scale: number | undefined, size: Size): Matrix;
  normal(loc = 0, scale = 1, size?: Size): number | Matrix {
    if (scale < 0) throw new ValueError("scale < 0");
    if (size === undefined) return loc + scale * this.gauss();
    const [r, c] = shapeOf(size);
    const m = new Matrix(r, c);
    const d = m.data;
    for (let i = 0; i < d.length; i++) d[i] = loc + scale * this.gauss();
    return m;
  }

  /**
   * `np.random.uniform(low=0.0, high=1.0, size=None)`: low + (high - low) * u with u in [0, 1).
   * high < low is allowed, as in numpy; an infinite range is numpy's OverflowError (a RangeError here).
   */
  uniform(low?: number, high?: number): number;
  uniform(low: number | undefined, high: number | undefined, size: Size): Matrix;
  uniform(low = 0, high = 1, size?: Size): number | Matrix {
    const range = high - low;
    if (!Number.isFinite(range)) throw new RangeError("Range exceeds valid bounds");
    if (size === undefined) return low + range * this.nextDouble();
    const [r, c] = shapeOf(size);
    const m = new Matrix(r, c);
    const d = m.data;
    for (let i = 0; i < d.length; i++) d[i] = low + range * this.nextDouble();
    return m;
  }

  /**
   * `np.random.randint(low, high=None, size=None)` with numpy's default int64 dtype.
   * `randint(n)` draws from [0, n); `randint(low, high)` from [low, high) (high exclusive).
   * size: none → one number, n → number[] of length n, [r, c] → an (r, c) Matrix.
   *
   * Each value is low + (masked rejection draw in [0, high - 1 - low]). JavaScript numbers
   * are exact integers only up to 2^53, so low, high and high - low must stay within it
   * (numpy allows the whole int64 range).
   */
  randint(low: number, high?: number): number;
  randint(low: number, high: number | undefined, size: number | readonly [number]): number[];
  randint(low: number, high: number | undefined, size: readonly [number, number]): Matrix;
  randint(low: number, high?: number, size?: Size): number | number[] | Matrix {
    const shape = size === undefined ? null : shapeOf(size);
    // numpy returns an empty array before looking at the bounds.
    if (shape !== null && shape[0] * shape[1] === 0) return this.intResult(low, 0, shape, size);
    if (high === undefined) {
      high = low;
      low = 0;
    }
    if (!Number.isInteger(low) || !Number.isInteger(high)) {
      throw new TypeError(`randint: low and high must be integers, got ${low} and ${high}`);
    }
    if (low >= high) throw new ValueError(low === 0 ? "high <= 0" : "low >= high");
    const rng = high - 1 - low;
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || !Number.isSafeInteger(rng)) {
      throw new ValueError(
        `randint: low, high and high - low must be at most 2**53 - 1 in magnitude (JavaScript numbers), got ${low} and ${high}`,
      );
    }
    if (shape === null) return low + this.interval(rng);
    return this.intResult(low, rng, shape, size);
  }

  /** randint's array result: draws low + interval(rng) in row-major order, shaped like `size`. */
  private intResult(low: number, rng: number, shape: [number, number], size: Size | undefined): number[] | Matrix {
    const n = shape[0] * shape[1];
    if (typeof size === "number" || (size as readonly number[]).length === 1) {
      const out = new Array<number>(n);
      for (let i = 0; i < n; i++) out[i] = low + this.interval(rng);
      return out;
    }
    const m = new Matrix(shape[0], shape[1]);
    const d = m.data;
    for (let i = 0; i < n; i++) d[i] = low + this.interval(rng);
    return m;
  }

  /**
   * `np.random.shuffle(x)`: shuffle in place, Fisher-Yates from the end (for i = n-1 down
   * to 1, swap x[i] with x[interval(i)]). A Matrix is shuffled by rows with the same draws,
   * like a numpy 2-D array; so a (1, n) Matrix does not change: shuffle a number[] for a 1-D array.
   */
  shuffle<T>(x: T[] | Matrix): void {
    if (x instanceof Matrix) {
      const { nrows, ncols, data } = x;
      const tmp = new Float64Array(ncols);
      for (let i = nrows - 1; i > 0; i--) {
        const j = this.interval(i);
        const a = i * ncols;
        const b = j * ncols;
        tmp.set(data.subarray(a, a + ncols));
        data.copyWithin(a, b, b + ncols);
        data.set(tmp, b);
      }
      return;
    }
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  /**
   * `np.random.permutation(x)`: for an integer n, a shuffled `arange(n)` (empty for n <= 0);
   * for an array, a shuffled copy. Uses n - 1 bounded draws.
   */
  permutation(n: number): number[];
  permutation<T>(x: readonly T[]): T[];
  permutation<T>(x: number | readonly T[]): number[] | T[] {
    if (typeof x === "number") {
      if (!Number.isInteger(x)) throw new IndexError("x must be an integer or at least 1-dimensional");
      const arr = new Array<number>(Math.max(0, x));
      for (let i = 0; i < arr.length; i++) arr[i] = i;
      this.shuffle(arr);
      return arr;
    }
    const copy = x.slice();
    this.shuffle(copy);
    return copy;
  }

  /**
   * `np.random.choice(a, size=None, replace=True)` without `p`: `a` is a population size n
   * (draws from arange(n)) or an array to draw elements from.
   * With replacement it is randint(0, n, size); without, permutation(n)[:size] (a full
   * permutation is drawn, as numpy's legacy code does). size: none → one value,
   * n → number[], [r, c] → Matrix.
   */
  choice(a: number | readonly number[], size?: undefined, replace?: boolean): number;
  choice(a: number | readonly number[], size: number | readonly [number], replace?: boolean): number[];
  choice(a: number | readonly number[], size: readonly [number, number], replace?: boolean): Matrix;
  choice(a: number | readonly number[], size?: Size, replace = true): number | number[] | Matrix {
    let pop: number;
    if (typeof a === "number") {
      if (!Number.isInteger(a)) throw new ValueError("a must be 1-dimensional or an integer");
      pop = a;
    } else {
      pop = a.length;
    }
    if (!replace && size !== undefined && (typeof size === "number" ? [size] : size).some((d) => d < 0)) {
      // numpy's own check on this path, capitalised unlike randint's
      throw new ValueError("Negative dimensions are not allowed");
    }
    const shape = size === undefined ? null : shapeOf(size);
    const count = shape === null ? 1 : shape[0] * shape[1];
    if (pop <= 0 && count !== 0) {
      throw new ValueError(
        typeof a === "number"
          ? "a must be greater than 0 unless no samples are taken"
          : "'a' cannot be empty unless no samples are taken",
      );
    }
    let idx: number[];
    if (replace) {
      idx = new Array<number>(count);
      for (let i = 0; i < count; i++) idx[i] = this.interval(pop - 1);
    } else {
      if (count > pop) throw new ValueError("Cannot take a larger sample than population when 'replace=False'");
      idx = this.permutation(pop).slice(0, count);
    }
    const values = typeof a === "number" ? idx : idx.map((i) => a[i]);
    if (shape === null) return values[0];
    if (typeof size === "number" || (size as readonly number[]).length === 1) return values;
    return new Matrix(shape[0], shape[1], Float64Array.from(values));
  }
}

/**
 * The global generator behind `np.random.*`. Like numpy at import time it starts from OS
 * entropy, so its stream is not reproducible until someone calls `seed(s)`.
 */
export const globalRandomState = new RandomState();
