/**
 * Exact fused multiply-add for JavaScript, which has no `Math.fma`.
 *
 * Why it exists: numpy's gaussians call the C library's `log`, and on x86_64 glibc runs a
 * build of `log` whose multiply-adds are fused (one rounding each). Reproducing that log
 * bit for bit (see `glibc-log.ts`) needs a multiply-add that rounds once, like the CPU's.
 *
 * The method follows Boldo and Melquiond ("Emulation of FMA and correctly rounded sums:
 * proved algorithms using rounding to odd", IEEE Trans. Computers, 2008):
 *   1. a*b = p + pe exactly: Veltkamp split of each factor with 2^27 + 1 into 26-bit
 *      halves, then Dekker's product of the halves;
 *   2. c + p = s + se exactly (Knuth's two-sum);
 *   3. v = se + pe rounded, with its exact error e (two-sum again);
 *   4. result = s + v rounded to nearest.
 * Rounding twice (steps 3 and 4) can go wrong in one situation only: e != 0 and s + v
 * lands exactly halfway between two doubles; the tie is then broken by e, which the
 * second rounding never saw. The paper avoids it by rounding v to odd (a sticky bit);
 * `settleTie` gets the same result by testing for the exact midpoint, with arithmetic
 * only. (Rounding to odd needs the last bit of v, i.e. a store and reload through a typed
 * array, which made the whole log about 1.5x slower in Node 20.) Both give a*b + c
 * rounded once; the tests check this against exact rational arithmetic.
 *
 * Valid when no intermediate overflows or underflows: |a*b| and |c| well inside the
 * normal range (roughly 2^-960 .. 2^995); infinite or NaN operands are not supported, and
 * an exact zero result may come out as +0 where the hardware gives -0. Every call made by
 * the log port stays inside these limits.
 */

/** Veltkamp's splitter for doubles: 2^27 + 1. */
export const SPLIT = 134217729;

/**
 * The correctly rounded value of s + v + e, given r = s + v rounded to nearest and an
 * error e that is tiny next to the last place of r (|e| at most half an ulp of v, and v at
 * most about an ulp of s). Only an exact tie between two doubles can move the result.
 */
export function settleTie(s: number, v: number, r: number, e: number): number {
  // d = s + v - r exactly (two-sum): how far the rounding of s + v moved it.
  const z = r - s;
  const d = s - (r - z) + (v - z);
  // A tie means s + v sits exactly between r and its neighbour r + 2d, i.e. r + 2d is a
  // double (the subtraction below is then exact); any other d is too far from the midpoint
  // for the tiny e to cross it.
  const d2 = d + d;
  if (d === 0 || r + d2 - r !== d2) return r;
  // The exact sum is r + d + e: past the midpoint when e points the same way as d.
  return d > 0 === e > 0 ? r + d2 : r;
}

/**
 * fma(a, b, c): a*b + c with a single rounding to nearest-even, like C's `fma`.
 * Exact (not just close) whenever the preconditions in the module comment hold.
 */
export function fma(a: number, b: number, c: number): number {
  // 1. a*b = p + pe exactly.
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pe = ah * bh - p + ah * bl + al * bh + al * bl;
  // 2. c + p = s + se exactly.
  const s = c + p;
  let z = s - c;
  const se = c - (s - z) + (p - z);
  // 3. v = se + pe rounded, e its error.
  const v = se + pe;
  z = v - se;
  const e = se - (v - z) + (pe - z);
  // 4. One more rounding, fixed up in the tie case.
  const r = s + v;
  return e === 0 ? r : settleTie(s, v, r, e);
}
