/**
 * glibc's natural logarithm, bit for bit, as numpy's gaussians see it.
 *
 * numpy's legacy `randn` calls the C library `log`. On x86_64 with glibc 2.36 and a CPU
 * with FMA/AVX2, that is the table-driven log compiled with fused multiply-adds; V8's
 * `Math.log` differs from it by one ulp on about 4% of inputs, enough to change the last
 * bit of about 3% of gaussians (including the course's seed-3 `randn(2,3)`). This module re-implements that log from the algorithm and
 * the evaluation order described in /work/shared/numpy-compat/glibc-log-data.json:
 *
 *   x = 2^k * z with z in [0.6875, 1.375); z falls in one of 128 subintervals with centre c;
 *   log(x) = k*ln2 + log(c) + log1p(r), where r = z/c - 1 is small (|r| < 1/256), and
 *   log1p(r) comes from a degree-6 polynomial. Inputs in [0.9375, 1.0647) skip the table
 *   and use a degree-12 polynomial in r = x - 1, with the first terms kept in extra
 *   precision, because there log(x) is small and relative accuracy must not suffer.
 *
 * Every fused multiply-add of the shipped binary is reproduced exactly (the `fma` of
 * `fma.ts`, written out by hand on the hot path), in the same order; plain operations are
 * the ones the binary rounds separately.
 */
import { fma, settleTie, SPLIT } from "./fma.ts";
import { LN2, POLY, POLY1, TAB } from "./glibc-log-data.ts";

// Bit access through one shared scratch double, split into 32-bit words (no BigInt, no
// allocation per call).
const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  // The word indices below assume the x86/ARM byte order; big-endian hosts are not supported.
  throw new Error("glibc-log: a little-endian host is required");
}

// Constants copied into module-level bindings so the hot path reads plain numbers.
const LN2HI = LN2[0];
const LN2LO = LN2[1];
const A0 = POLY[0];
const A1 = POLY[1];
const A2 = POLY[2];
const A3 = POLY[3];
const A4 = POLY[4];
const B0 = POLY1[0];
const B1 = POLY1[1];
const B2 = POLY1[2];
const B3 = POLY1[3];
const B4 = POLY1[4];
const B5 = POLY1[5];
const B6 = POLY1[6];
const B7 = POLY1[7];
const B8 = POLY1[8];
const B9 = POLY1[9];
const B10 = POLY1[10];

/** High words of the near-1 interval [0x3fee000000000000, 0x3ff1090000000000); both low words are 0. */
const NEAR1_LO_HI = 0x3fee0000;
const NEAR1_HI_HI = 0x3ff10900;
/** High word of OFF = 0x3fe6000000000000 (0.6875); its low word is 0. */
const OFF_HI = 0x3fe60000;
const TWO52 = 4503599627370496;
/**
 * 2^-48: the fast paths' bound on the unfused tail's error, relative to the sum of its
 * terms' magnitudes. The unfused evaluation rounds each of a few products and sums once
 * more than the fused one, each time by at most half an ulp of a term, so the true bound
 * is about 2^-50; 2^-48 keeps a factor 4 in hand.
 */
const DELTA = 3.552713678800501e-15;
const TWO27 = 134217728;
/** POW2[POW2_ZERO + j] = 2^j for j in [-1024, 1024): the scalings x / 2^k. All exact. */
const POW2_ZERO = 1024;
const POW2 = new Float64Array(2048);
for (let j = 0; j < 2048; j++) POW2[j] = 2 ** (j - POW2_ZERO);

/** Veltkamp halves [hi, lo] of a constant, for the hand-inlined exact products. */
function split(a: number): [number, number] {
  const t = SPLIT * a;
  const h = t - (t - a);
  return [h, a - h];
}
const [A0H, A0L] = split(A0);
const [A2H, A2L] = split(A2);
const [A4H, A4L] = split(A4);
const [LN2LO_H, LN2LO_L] = split(LN2LO);
/** TAB_SPLIT[2i], TAB_SPLIT[2i+1]: the halves of invc = TAB[2i]. */
const TAB_SPLIT = new Float64Array(256);
for (let i = 0; i < 128; i++) [TAB_SPLIT[2 * i], TAB_SPLIT[2 * i + 1]] = split(TAB[2 * i]);

/**
 * log(x) exactly as glibc 2.36's x86_64 FMA build computes it (the `log` numpy's C code
 * calls on Debian 12), including its special cases: log(±0) = -Infinity, log(+Infinity)
 * = +Infinity, log of a negative number or NaN = NaN, subnormals handled exactly.
 */
export function glibcLog(x: number): number {
  scratch[0] = x;
  let hi = words[1];
  // x as seen by the table path, and how much its exponent was shifted (subnormals only)
  let xs = x;
  let shift = 0;

  // Near 1: degree-12 polynomial in r = x - 1, leading terms in extra precision.
  // (About 6% of the calls from randn land here, so this path simply calls fma.)
  if (hi >= NEAR1_LO_HI && hi < NEAR1_HI_HI) {
    if (x === 1) return 0;
    const r = x - 1;
    const r2 = r * r;
    const r3 = r * r2;
    {
      // Fast path, as in the table path below: the fused tail evaluated unfused, yf, differs
      // from the fused one by a few ulps of its largest term; if h + yf rounds the same with
      // yf moved by far more than that either way, it is the result.
      const w = r * TWO27;
      const rhi = r + w - w;
      const rlo = r - rhi;
      const t = rhi * rhi * B0;
      const h = r + t;
      const l = r - h + t;
      const u = B0 * rlo * (rhi + r);
      const qf = ((r3 * (B7 + r * B8 + r2 * B9 + r3 * B10) + (B4 + r * B5 + r2 * B6)) * r3 + (B1 + r * B2 + r2 * B3)) * r3;
      const yf = qf + (u + l);
      const res = yf + h;
      const d = (Math.abs(qf) + Math.abs(u) + Math.abs(l)) * DELTA;
      if (yf + d + h === res && yf - d + h === res) return res;
    }
    const a1 = fma(r2, B3, fma(r, B2, B1));
    const a2 = fma(r2, B6, fma(r, B5, B4));
    const a3 = fma(r3, B10, fma(r2, B9, fma(r, B8, B7)));
    const q = fma(fma(a3, r3, a2), r3, a1);
    // rhi holds the top half of r's bits, so rhi*rhi*B0 and r + t lose nothing.
    const w = r * TWO27;
    const rhi = r + w - w;
    const rlo = r - rhi;
    const t = rhi * rhi * B0;
    const h = r + t;
    const l = r - h + t;
    const l2 = fma(B0 * rlo, rhi + r, l);
    return fma(q, r3, l2) + h;
  }

  // Everything outside [2^-1022, 2^1024) as a positive number: zero, subnormal, negative,
  // infinite or NaN. Unsigned compare of (top - 0x0010) catches them in one test.
  const top = hi >>> 16;
  if (((top - 0x0010) >>> 0) >= 0x7ff0 - 0x0010) {
    if (x === 0) return -Infinity; // +0 and -0
    if (x === Infinity) return Infinity;
    if ((top & 0x8000) !== 0 || (top & 0x7ff0) === 0x7ff0) return NaN; // negative or NaN
    // Subnormal: scale into the normal range exactly, then take 52 off the exponent field.
    xs = x * TWO52;
    shift = 52;
    scratch[0] = xs;
    hi = words[1] - (52 << 20);
  }

  // x = 2^k * z with z in [OFF, 2*OFF); i = the 7 bits below the exponent of x - OFF.
  const tmpHi = (hi - OFF_HI) | 0;
  const i = (tmpHi >>> 13) & 127;
  const k = tmpHi >> 20;
  // z = x / 2^k, by an exact multiplication (cheaper than rebuilding z's bit pattern).
  const z = xs * POW2[POW2_ZERO - k - shift];
  const logc = TAB[2 * i + 1];

  // The fused multiply-adds below are fma() from fma.ts written out by hand: V8 inlines
  // only two calls of fma's size into one function, and a call it does not inline costs
  // more than the arithmetic (measured in Node 20: the log is 1.3x faster this way). Each block
  // is: exact product p + pe (Dekker, with split halves of constants precomputed), exact
  // sum c + p = s + se, v = se + pe with error e, result s + v (settleTie if e != 0).
  let t: number;
  let zz: number;
  let p: number;
  let pe: number;
  let s: number;
  let se: number;
  let v: number;
  let e: number;

  // r = fma(z, invc, -1). z*invc is within 1/256 of 1, so p - 1 is exact (Sterbenz) and
  // the fused result is just (p - 1) + pe rounded once.
  t = SPLIT * z;
  const zh = t - (t - z);
  const zl = z - zh;
  const ih = TAB_SPLIT[2 * i];
  const il = TAB_SPLIT[2 * i + 1];
  p = z * TAB[2 * i];
  pe = zh * ih - p + zh * il + zl * ih + zl * il;
  const r = p - 1 + pe;

  // k*ln2 + log(c) + r: kd * LN2HI is exact, so fusing it changes nothing.
  const kd = k;
  const w = kd * LN2HI + logc;
  const h = w + r;

  // l = fma(kd, LN2LO, (w - h) + r). |k| < 2^11 is its own high half (low half 0).
  const c0 = w - h + r;

  // Fast path: the tail y below evaluated without fusing, yf. Unfused, every step rounds
  // one product more, so |y − yf| ≤ a few ulps of the largest term (r²/2, |l|), below
  // DELTA·(r² + |l|). If h + yf rounds to the same double with yf moved by that bound
  // either way, it is the result with the fused y too (rounding is monotonic); otherwise
  // (about 1 call in 600 from randn) the fused evaluation below decides.
  {
    const lf = c0 + kd * LN2LO;
    const rr = r * r;
    const pf = (A3 + r * A4) * rr + (A1 + r * A2);
    const yf = r * rr * pf + (lf + rr * A0);
    const res = yf + h;
    const d = (rr + Math.abs(lf)) * DELTA;
    if (yf + d + h === res && yf - d + h === res) return res;
  }
  p = kd * LN2LO;
  pe = kd * LN2LO_H - p + kd * LN2LO_L;
  s = c0 + p;
  zz = s - c0;
  se = c0 - (s - zz) + (p - zz);
  v = se + pe;
  zz = v - se;
  e = se - (v - zz) + (pe - zz);
  let l = s + v;
  if (e !== 0) l = settleTie(s, v, l, e);

  const r2 = r * r;
  t = SPLIT * r;
  const rh = t - (t - r);
  const rl = r - rh;
  t = SPLIT * r2;
  const r2h = t - (t - r2);
  const r2l = r2 - r2h;

  // q1 = fma(r, A4, A3)
  p = r * A4;
  pe = rh * A4H - p + rh * A4L + rl * A4H + rl * A4L;
  s = A3 + p;
  zz = s - A3;
  se = A3 - (s - zz) + (p - zz);
  v = se + pe;
  zz = v - se;
  e = se - (v - zz) + (pe - zz);
  let q1 = s + v;
  if (e !== 0) q1 = settleTie(s, v, q1, e);

  // q2 = fma(r, A2, A1)
  p = r * A2;
  pe = rh * A2H - p + rh * A2L + rl * A2H + rl * A2L;
  s = A1 + p;
  zz = s - A1;
  se = A1 - (s - zz) + (p - zz);
  v = se + pe;
  zz = v - se;
  e = se - (v - zz) + (pe - zz);
  let q2 = s + v;
  if (e !== 0) q2 = settleTie(s, v, q2, e);

  // poly = fma(q1, r2, q2)
  t = SPLIT * q1;
  const q1h = t - (t - q1);
  const q1l = q1 - q1h;
  p = q1 * r2;
  pe = q1h * r2h - p + q1h * r2l + q1l * r2h + q1l * r2l;
  s = q2 + p;
  zz = s - q2;
  se = q2 - (s - zz) + (p - zz);
  v = se + pe;
  zz = v - se;
  e = se - (v - zz) + (pe - zz);
  let poly = s + v;
  if (e !== 0) poly = settleTie(s, v, poly, e);

  // m = fma(r2, A0, l)
  p = r2 * A0;
  pe = r2h * A0H - p + r2h * A0L + r2l * A0H + r2l * A0L;
  s = l + p;
  zz = s - l;
  se = l - (s - zz) + (p - zz);
  v = se + pe;
  zz = v - se;
  e = se - (v - zz) + (pe - zz);
  let m = s + v;
  if (e !== 0) m = settleTie(s, v, m, e);

  // y = fma(r*r2, poly, m); log(x) = y + h.
  const r3 = r * r2;
  t = SPLIT * r3;
  const r3h = t - (t - r3);
  const r3l = r3 - r3h;
  t = SPLIT * poly;
  const ph = t - (t - poly);
  const pl = poly - ph;
  p = r3 * poly;
  pe = r3h * ph - p + r3h * pl + r3l * ph + r3l * pl;
  s = m + p;
  zz = s - m;
  se = m - (s - zz) + (p - zz);
  v = se + pe;
  zz = v - se;
  e = se - (v - zz) + (pe - zz);
  let y = s + v;
  if (e !== 0) y = settleTie(s, v, y, e);
  return y + h;
}
