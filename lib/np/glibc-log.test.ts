/**
 * glibcLog and fma against oracles: glibc 2.36's libm log (called from python through
 * ctypes on the reference machine) and exact rational arithmetic (python fractions, and
 * BigInt here). Fixture: fixtures/numpy-compat/glibc-log-cases.json, written by
 * fixtures/numpy-compat/gen-rng-extra.py. Every comparison is on bit patterns.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fma } from "./fma.ts";
import { glibcLog } from "./glibc-log.ts";

interface LogCases {
  log_cases: Record<string, [string, string][]>;
  fma_cases: Record<string, [string, string, string, string][]>;
}
const cases = JSON.parse(
  readFileSync(new URL("../../fixtures/numpy-compat/glibc-log-cases.json", import.meta.url), "utf8"),
) as LogCases;

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
/** The double with this 16-hex-digit bit pattern. */
function fromHex(h: string): number {
  u64[0] = BigInt(`0x${h}`);
  return f64[0];
}
/** The bit pattern of a double, as 16 hex digits. */
function hexOf(x: number): string {
  f64[0] = x;
  return u64[0].toString(16).padStart(16, "0");
}
/** Same double, bit for bit (every NaN counts as the same, since JS may canonicalise NaNs). */
const sameBits = (a: number, b: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || hexOf(a) === hexOf(b);

/** a*b + c rounded once to nearest-even, computed exactly with BigInt (finite normal inputs). */
function exactFma(a: number, b: number, c: number): number {
  const parts = (x: number): [bigint, number] => {
    f64[0] = x;
    const bits = u64[0];
    const expField = Number((bits >> 52n) & 0x7ffn);
    let m = bits & 0xfffffffffffffn;
    if (expField !== 0) m |= 1n << 52n;
    const e = (expField === 0 ? 1 : expField) - 1075;
    return [bits >> 63n ? -m : m, e];
  };
  const [ma, ea] = parts(a);
  const [mb, eb] = parts(b);
  const [mc, ec] = parts(c);
  // a*b + c = n * 2^e exactly.
  const e = Math.min(ea + eb, ec);
  const n = ((ma * mb) << BigInt(ea + eb - e)) + (mc << BigInt(ec - e));
  if (n === 0n) return 0;
  const neg = n < 0n;
  let q = neg ? -n : n;
  let shift = q.toString(2).length - 53;
  if (shift > 0) {
    const rem = q & ((1n << BigInt(shift)) - 1n);
    const half = 1n << BigInt(shift - 1);
    q >>= BigInt(shift);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  } else {
    shift = 0;
  }
  const mag = Number(q) * 2 ** (e + shift);
  return neg ? -mag : mag;
}

describe("fma", () => {
  it("returns the rounding error of a product where a*b + c gives 0", () => {
    const eps = 2 ** -52;
    expect(Object.is(fma(1 + eps, 1 - eps, -1), -(2 ** -104))).toBe(true);
    expect((1 + eps) * (1 - eps) - 1).toBe(0);
    // 0.1 is 3602879701896397 / 2^55, so 0.1 * 10 - 1 is exactly 2^-54.
    expect(Object.is(fma(0.1, 10, -1), 2 ** -54)).toBe(true);
    expect(0.1 * 10 - 1).toBe(0);
  });

  it("breaks an exact tie by a c too small to survive the first rounding", () => {
    // (2^27 - 1)(2^27 - 3) = 18014397972611075 is odd and above 2^53, so it lies exactly
    // halfway between the doubles ...074 and ...076; a*b rounds to the even one, ...076.
    const a = 2 ** 27 - 1;
    const b = 2 ** 27 - 3;
    expect(a * b).toBe(18014397972611076);
    expect(fma(a, b, 2 ** -60)).toBe(18014397972611076);
    expect(fma(a, b, -(2 ** -60))).toBe(18014397972611074);
    expect(a * b - 2 ** -60).toBe(18014397972611076); // the unfused version misses it
  });

  for (const [kind, rows] of Object.entries(cases.fma_cases)) {
    it(`rounds once on every '${kind}' case of the python oracle (${rows.length} cases, exact fractions)`, () => {
      const bad = rows.filter(([a, b, c, r]) => !sameBits(fma(fromHex(a), fromHex(b), fromHex(c)), fromHex(r)));
      expect(bad).toEqual([]);
    });
  }

  it("agrees with exact BigInt arithmetic on random triples, near-cancelling ones and exact ties", () => {
    const finite = fc
      .double({ min: -1e60, max: 1e60, noNaN: true, noDefaultInfinity: true })
      .filter((x) => x === 0 || Math.abs(x) > 1e-60);
    const random = fc.tuple(finite, finite, finite);
    // c close to -a*b: the result is (mostly) the product's own rounding error.
    const cancelling = fc
      .tuple(finite, finite, fc.double({ min: -1e-10, max: 1e-10, noNaN: true }))
      .map(([a, b, d]) => [a, b, -(a * b) * (1 + d)] as [number, number, number]);
    // odd 27-bit integers multiplied: exactly halfway between two doubles; c breaks the tie
    const ties = fc
      .tuple(
        fc.integer({ min: 2 ** 25, max: 2 ** 26 - 1 }),
        fc.integer({ min: 2 ** 25, max: 2 ** 26 - 1 }),
        fc.integer({ min: 54, max: 120 }),
        fc.boolean(),
        fc.integer({ min: -300, max: 300 }),
      )
      .map(([i, j, k, up, sc]) => {
        const a = (2 * i + 1) * 2 ** sc;
        const b = (2 * j + 1) * 2 ** -sc;
        return [a, b, (up ? 1 : -1) * 2 ** -k] as [number, number, number];
      });
    fc.assert(
      fc.property(fc.oneof(random, cancelling, ties), ([a, b, c]) => {
        const got = fma(a, b, c);
        const want = exactFma(a, b, c);
        return got === want || (got === 0 && want === 0);
      }),
      { numRuns: 20000 },
    );
  });
});

describe("glibcLog", () => {
  for (const [kind, rows] of Object.entries(cases.log_cases)) {
    it(`equals glibc 2.36's log bit for bit on '${kind}' (${rows.length} inputs)`, () => {
      const bad = rows
        .filter(([x, y]) => !sameBits(glibcLog(fromHex(x)), fromHex(y)))
        .map(([x, y]) => ({ x: fromHex(x), want: y, got: hexOf(glibcLog(fromHex(x))) }));
      expect(bad).toEqual([]);
    });
  }

  it("covers both paths, subnormals and the inputs where only the fused evaluation order is right", () => {
    expect(cases.log_cases.near_1.length).toBeGreaterThan(500);
    expect(cases.log_cases.subnormals.length).toBeGreaterThan(100);
    expect(cases.log_cases.fma_order_sensitive.length).toBeGreaterThan(100);
  });

  it("gives -Infinity for ±0, Infinity for Infinity, NaN for negatives and NaN, and +0 for 1", () => {
    expect(glibcLog(0)).toBe(-Infinity);
    expect(glibcLog(-0)).toBe(-Infinity);
    expect(glibcLog(Infinity)).toBe(Infinity);
    expect(glibcLog(-Infinity)).toBeNaN();
    expect(glibcLog(-1)).toBeNaN();
    expect(glibcLog(-5e-324)).toBeNaN();
    expect(glibcLog(NaN)).toBeNaN();
    expect(Object.is(glibcLog(1), 0)).toBe(true);
  });

  it("handles the smallest subnormal and the largest double", () => {
    expect(glibcLog(5e-324)).toBe(-744.4400719213812);
    expect(glibcLog(Number.MAX_VALUE)).toBe(709.782712893384);
  });
});
