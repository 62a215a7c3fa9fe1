/**
 * Correctly rounded cosine and sine for doubles: `cosCR(x)` and `sinCR(x)` return the double
 * nearest to the exact cos(x) / sin(x) (round to nearest, ties to even), for every finite x.
 *
 * Why: scikit-learn's make_moons / make_circles take numpy's `np.cos` / `np.sin` of linspace
 * points. numpy 2.4.6 calls glibc there, and glibc's results are correctly rounded at every
 * linspace point of the course's datasets (shared/numpy-compat/ALGORITHMS.md §5), while V8's
 * `Math.cos` / `Math.sin` miss the last bit at a few of them (and at ~3% of random points).
 * A correctly rounded cos/sin therefore gives the datasets' X bit for bit.
 *
 * glibc itself is not correctly rounded everywhere: at 21 of the 8897 points of
 * `fixtures/numpy-compat/trig-oracle.json` (11 of 3507 linspace points of other sizes, 10 of
 * the random and huge arguments; its `crDiffers` lists them) glibc is one ulp off, and there
 * these functions give the correctly rounded value, not glibc's. At every linspace point of
 * the course's four datasets they equal glibc/numpy bit for bit (lib/trig.test.ts).
 *
 * Method:
 *  1. Fast path (|x| < 2^30): Cody–Waite argument reduction in double-double,
 *     r = |x| − k·π/2 with π/2 split into four doubles (212 bits) and exact products k·C_i
 *     (Dekker's two-product), accumulated with the accurate double-double addition
 *     (relative error ≤ 3u² per step, u = 2^-53). Then sin r and cos r by Horner's rule in
 *     double-double on r² (Taylor series to degree 29 / 30, |r| ≤ 0.8), and the quadrant
 *     k mod 4. A running error bound ε (relative) is kept; the result h + l is returned only
 *     if h + (l − ε|h|) and h + (l + ε|h|) round to the same double (Ziv's rounding test).
 *  2. Otherwise (|x| ≥ 2^30; x so close to a multiple of π/2 that the reduction's bound
 *     exceeds 2^-70; or a value within ~2^-95 relative of a rounding boundary, probability
 *     ~2^-40 per call, never seen in tests) the slow path computes
 *     the value in BigInt fixed point: π from Machin's formula to 1600 bits, exact reduction
 *     of the exact rational x, Taylor series at 340 bits, then correct rounding of that
 *     approximation. Known worst cases for double sin/cos need under 130 bits, so 300+
 *     accurate bits decide every rounding.
 *
 * Tiny arguments: for |x| ≤ 2^-27, cos x rounds to 1 and sin x rounds to x (the Taylor
 * correction is below half an ulp). NaN and ±Infinity give NaN, like C.
 */

// ---------------------------------------------------------------- double-double kernels

/** Dekker's splitter for doubles. */
const SPLIT = 134217729; // 2^27 + 1

// Results of the double-double kernels: the pair (RH, RL) of the last call.
let RH = 0;
let RL = 0;

/** (RH, RL) = a + b exactly (Knuth's two-sum). */
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  RL = a - (s - bb) + (b - bb);
  RH = s;
}

/** (RH, RL) = a + b exactly, valid when |a| ≥ |b| or a = 0 (Dekker's fast two-sum). */
function fastTwoSum(a: number, b: number): void {
  const s = a + b;
  RL = b - (s - a);
  RH = s;
}

/** (RH, RL) = a · b exactly (Dekker's product with Veltkamp splits; |a|, |b| < 2^995). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  RL = ah * bh - p + ah * bl + al * bh + al * bl;
  RH = p;
}

/** (RH, RL) = (ah + al) + (bh + bl), the accurate double-double sum (relative error ≤ 3u²). */
function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const sh = RH;
  let sl = RL;
  twoSum(al, bl);
  const th = RH;
  const tl = RL;
  sl += th;
  fastTwoSum(sh, sl);
  const uh = RH;
  const ul = RL + tl;
  fastTwoSum(uh, ul);
}

/** (RH, RL) = (ah + al) · (bh + bl) (relative error ≤ 7u²). */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const ph = RH;
  const pl = RL + (ah * bl + al * bh);
  fastTwoSum(ph, pl);
}

// ---------------------------------------------------------------- constants

/** π/2 = C1 + C2 + C3 + C4 + O(2^-217): each C_i is the double nearest the remainder. */
const PIO2_1 = 1.5707963267948966; // 0x1.921fb54442d18p+0
const PIO2_2 = 6.123233995736766e-17; // 0x1.1a62633145c07p-54
const PIO2_3 = -1.4973849048591698e-33; // -0x1.f1976b7ed8fbcp-110
const PIO2_4 = 5.562271104316826e-50; // 0x1.4cf98e804177dp-164
/** fl(2/π), used only to pick k. */
const TWO_OVER_PI = 0.6366197723675814;

/** 1/n! as double-double (hi, lo), n = 0..31 (from 400-bit arithmetic). */
const INV_FACT: readonly (readonly [number, number])[] = [
  [1.0, 0.0],
  [1.0, 0.0],
  [0.5, 0.0],
  [0.16666666666666666, 9.25185853854297e-18],
  [0.041666666666666664, 2.3129646346357427e-18],
  [0.008333333333333333, 1.1564823173178714e-19],
  [0.001388888888888889, -5.300543954373577e-20],
  [0.0001984126984126984, 1.7209558293420705e-22],
  [2.48015873015873e-5, 2.1511947866775882e-23],
  [2.7557319223985893e-6, -1.858393274046472e-22],
  [2.755731922398589e-7, 2.3767714622250297e-23],
  [2.505210838544172e-8, -1.448814070935912e-24],
  [2.08767569878681e-9, -1.20734505911326e-25],
  [1.6059043836821613e-10, 1.2585294588752098e-26],
  [1.1470745597729725e-11, 2.0655512752830745e-28],
  [7.647163731819816e-13, 7.03872877733453e-30],
  [4.779477332387385e-14, 4.399205485834081e-31],
  [2.8114572543455206e-15, 1.6508842730861433e-31],
  [1.5619206968586225e-16, 1.1910679660273754e-32],
  [8.22063524662433e-18, 2.2141894119604265e-34],
  [4.110317623312165e-19, 1.4412973378659527e-36],
  [1.9572941063391263e-20, -1.3643503830087908e-36],
  [8.896791392450574e-22, -7.911402614872376e-38],
  [3.868170170630684e-23, -8.843177655482344e-40],
  [1.6117375710961184e-24, -3.6846573564509766e-41],
  [6.446950284384474e-26, -1.9330404233703465e-42],
  [2.4795962632247976e-27, -1.2953730964765229e-43],
  [9.183689863795546e-29, 1.4303150396787322e-45],
  [3.279889237069838e-30, 1.5117542744029879e-46],
  [1.1309962886447716e-31, 1.0498015412959506e-47],
  [3.7699876288159054e-33, 2.5870347832750324e-49],
  [1.216125041553518e-34, 5.586290567888806e-51],
];

/** Highest series index: sin uses 1/(2n+1)!, cos 1/(2n)!, n = 0..N (degree 29 / 30). */
const SIN_N = 14;
const COS_N = 15;

/** Relative error allowed for the series evaluation (truncation ≤ 2^-107, rounding ≈ 2^-101). */
const EVAL_ERR = 2 ** -97;
/** Above this (relative) error bound the fast path does not even try. */
const MAX_FAST_ERR = 2 ** -70;
/** The fast path handles |x| below this. */
const FAST_LIMIT = 2 ** 30;

// ---------------------------------------------------------------- fast path

/** Quadrant k mod 4 and reduced argument (RRH, RRL) of the last `reduce` call, with its relative error. */
let Q = 0;
let RRH = 0;
let RRL = 0;
let RERR = 0;

/** Reduce ax = |x| (2^-27 < ax < 2^30): ax = k·π/2 + r, |r| ≲ π/4. */
function reduce(ax: number): void {
  const k = Math.round(ax * TWO_OVER_PI);
  Q = k & 3;
  if (k === 0) {
    RRH = ax;
    RRL = 0;
    RERR = 0;
    return;
  }
  // ax − k·C1: k·C1 = p + e exactly; ax − p is exact (Sterbenz: p/2 ≤ ax ≤ 2p).
  twoProd(k, PIO2_1);
  const e1 = RL;
  let h = ax - RH;
  let l = 0;
  let bound = 0;
  ddAdd(h, l, -e1, 0);
  h = RH;
  l = RL;
  bound += Math.abs(h);
  twoProd(k, PIO2_2);
  ddAdd(h, l, -RH, -RL);
  h = RH;
  l = RL;
  bound += Math.abs(h);
  twoProd(k, PIO2_3);
  ddAdd(h, l, -RH, -RL);
  h = RH;
  l = RL;
  bound += Math.abs(h);
  twoProd(k, PIO2_4);
  ddAdd(h, l, -RH, -RL);
  h = RH;
  l = RL;
  bound += Math.abs(h);
  RRH = h;
  RRL = l;
  // Each accurate addition errs by ≤ 3u² of its result; the split of π/2 by ≤ 2^-216 per unit of k.
  const abs = 4 * 2 ** -106 * bound + k * 2 ** -216;
  RERR = h === 0 ? Infinity : abs / Math.abs(h);
}

/** sin r = r·P(r²), in double-double; result in (RH, RL). */
function ddSin(rh: number, rl: number): void {
  ddMul(rh, rl, rh, rl);
  const sh = RH;
  const sl = RL;
  // Horner on a_n = (−1)^n / (2n+1)!: P = a_N; P = P·s + a_n for n = N−1 … 0.
  const top = INV_FACT[2 * SIN_N + 1];
  let ph = SIN_N & 1 ? -top[0] : top[0];
  let pl = SIN_N & 1 ? -top[1] : top[1];
  for (let n = SIN_N - 1; n >= 0; n--) {
    ddMul(ph, pl, sh, sl);
    const c = INV_FACT[2 * n + 1];
    if (n & 1) ddAdd(RH, RL, -c[0], -c[1]);
    else ddAdd(RH, RL, c[0], c[1]);
    ph = RH;
    pl = RL;
  }
  ddMul(ph, pl, rh, rl);
}

/** cos r = Q(r²), in double-double; result in (RH, RL). */
function ddCos(rh: number, rl: number): void {
  ddMul(rh, rl, rh, rl);
  const sh = RH;
  const sl = RL;
  // Horner on a_n = (−1)^n / (2n)!: P = a_N; P = P·s + a_n for n = N−1 … 0.
  const top = INV_FACT[2 * COS_N];
  let ph = COS_N & 1 ? -top[0] : top[0];
  let pl = COS_N & 1 ? -top[1] : top[1];
  for (let n = COS_N - 1; n >= 0; n--) {
    ddMul(ph, pl, sh, sl);
    const c = INV_FACT[2 * n];
    if (n & 1) ddAdd(RH, RL, -c[0], -c[1]);
    else ddAdd(RH, RL, c[0], c[1]);
    ph = RH;
    pl = RL;
  }
  RH = ph;
  RL = pl;
}

/**
 * The double nearest h + l (h = fl(h + l)) if every value within relative error eps of
 * it rounds to the same double, else NaN (undecided).
 */
function roundChecked(h: number, l: number, eps: number): number {
  const err = eps * Math.abs(h) + 2 ** -104 * Math.abs(h);
  const lo = h + (l - err);
  const hi = h + (l + err);
  return lo === hi ? lo : NaN;
}

/** Fast-path counters (for tests and the documentation of the fallback rate). */
export const trigStats = { fast: 0, slow: 0 };

/** cos(|x|) or sin(|x|) by the fast path, or NaN when undecided. */
function fastCosSin(ax: number, wantSin: boolean): number {
  reduce(ax);
  if (!(RERR < MAX_FAST_ERR)) return NaN;
  const rh = RRH;
  const rl = RRL;
  // sin(ax) = [S, C, −S, −C][Q], cos(ax) = [C, −S, −C, S][Q]
  const q = wantSin ? Q : (Q + 1) & 3;
  const useSin = (q & 1) === 0;
  if (useSin) ddSin(rh, rl);
  else ddCos(rh, rl);
  const neg = q >= 2;
  // The reduction's relative error δ moves sin r by ≤ δ·|r cot r| ≤ δ, cos r by ≤ δ·|r tan r| ≤ δ.
  const v = roundChecked(RH, RL, RERR + EVAL_ERR);
  return neg ? -v : v;
}

// ---------------------------------------------------------------- slow path (BigInt)

/** Bits of the fixed-point π/2 used for the reduction. */
const W = 1600;
/** Bits of the fixed-point reduced argument and series. */
const W2 = 340;

let halfPiFixed: bigint | undefined;

/** arctan(1/q)·2^bits by its Taylor series (truncating; error ≤ a few units). */
function arctanInv(q: bigint, bits: number): bigint {
  const q2 = q * q;
  let term = (1n << BigInt(bits)) / q;
  let sum = term;
  for (let n = 1n; term !== 0n; n++) {
    term /= q2;
    const t = term / (2n * n + 1n);
    sum += n & 1n ? -t : t;
  }
  return sum;
}

/** π/2 · 2^W (error ≤ 2^-(extra) units), from Machin's formula π/4 = 4 atan(1/5) − atan(1/239). */
function halfPi(): bigint {
  if (halfPiFixed === undefined) {
    const extra = 32;
    const pi4 = 4n * arctanInv(5n, W + extra) - arctanInv(239n, W + extra);
    halfPiFixed = (2n * pi4) >> BigInt(extra);
  }
  return halfPiFixed;
}

/** The exact double x (finite, > 0) as mantissa · 2^exponent (integers). */
function decompose(x: number): [bigint, number] {
  const f = new Float64Array([x]);
  const u = new BigUint64Array(f.buffer)[0];
  const bexp = Number((u >> 52n) & 0x7ffn);
  const frac = u & 0xfffffffffffffn;
  if (bexp === 0) return [frac, -1074];
  return [frac | (1n << 52n), bexp - 1075];
}

/** |v|·2^-scale correctly rounded to a double (v ≠ 0, result in the normal range). */
function fixedToDouble(v: bigint, scale: number): number {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const len = a.toString(2).length;
  let mant: bigint;
  let shift = 0;
  if (len <= 53) {
    mant = a;
  } else {
    shift = len - 53;
    mant = a >> BigInt(shift);
    const rem = a - (mant << BigInt(shift));
    const half = 1n << BigInt(shift - 1);
    if (rem > half || (rem === half && (mant & 1n) === 1n)) mant += 1n;
  }
  const r = Number(mant) * 2 ** (shift - scale);
  return neg ? -r : r;
}

/** sin and cos of r = R·2^-W2 (|r| ≤ 0.8) in fixed point at W2 bits. */
function seriesFixed(R: bigint): [bigint, bigint] {
  const sc = BigInt(W2);
  const r2 = (R * R) >> sc;
  let sTerm = R;
  let s = R;
  let cTerm = 1n << sc;
  let c = cTerm;
  for (let n = 1n; sTerm !== 0n || cTerm !== 0n; n++) {
    cTerm = -((cTerm * r2) >> sc) / ((2n * n - 1n) * (2n * n));
    sTerm = -((sTerm * r2) >> sc) / ((2n * n) * (2n * n + 1n));
    c += cTerm;
    s += sTerm;
  }
  return [s, c];
}

/** cos(|x|) or sin(|x|) in BigInt fixed point, correctly rounded (x finite, |x| > 2^-27). */
function slowCosSin(ax: number, wantSin: boolean): number {
  const [m, e] = decompose(ax);
  // X = ax · 2^W exactly (e ≥ −1074 − … but ax > 2^-27 so e + W > 0).
  const X = m << BigInt(e + W);
  const hp = halfPi();
  let k = X / hp;
  let R = X - k * hp;
  if (2n * R > hp) {
    k += 1n;
    R -= hp;
  }
  const r = R >> BigInt(W - W2); // floor; error ≤ 2^-W2
  const [s, c] = seriesFixed(r);
  const q = Number((k + (wantSin ? 0n : 1n)) & 3n);
  const v = (q & 1) === 0 ? s : c;
  const d = fixedToDouble(v, W2);
  return q >= 2 ? -d : d;
}

// ---------------------------------------------------------------- public API

const TINY = 2 ** -27;

/** Correctly rounded cos(x) (round to nearest even). */
export function cosCR(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < Infinity)) return NaN;
  if (ax <= TINY) return 1;
  if (ax < FAST_LIMIT) {
    const v = fastCosSin(ax, false);
    if (v === v) {
      trigStats.fast++;
      return v;
    }
  }
  trigStats.slow++;
  return slowCosSin(ax, false);
}

/** Correctly rounded sin(x) (round to nearest even); sin(−0) = −0. */
export function sinCR(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < Infinity)) return NaN;
  if (ax <= TINY) return x;
  let v = NaN;
  if (ax < FAST_LIMIT) {
    v = fastCosSin(ax, true);
    if (v === v) trigStats.fast++;
  }
  if (v !== v) {
    trigStats.slow++;
    v = slowCosSin(ax, true);
  }
  return x < 0 ? -v : v;
}

/** The slow (BigInt, 340-bit) path alone, for cross-checking the fast path in tests. */
export function cosSlow(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < Infinity)) return NaN;
  if (ax <= TINY) return 1;
  return slowCosSin(ax, false);
}

/** The slow (BigInt, 340-bit) path alone, for cross-checking the fast path in tests. */
export function sinSlow(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < Infinity)) return NaN;
  if (ax <= TINY) return x;
  const v = slowCosSin(ax, true);
  return x < 0 ? -v : v;
}
