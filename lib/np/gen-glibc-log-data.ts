/**
 * Regenerates `lib/np/glibc-log-data.ts` from the reference JSON of glibc's log data.
 *
 * Run:
 *   npx tsx lib/np/gen-glibc-log-data.ts /work/shared/numpy-compat/glibc-log-data.json > lib/np/glibc-log-data.ts
 *
 * It reads the constants, the two polynomials and the 128-entry `tab` (invc, logc) and
 * prints them as IEEE-754 bit patterns, so the TS file holds the exact doubles. It checks
 * that every `dec` field parses to the double given by its `hex` field and refuses to
 * print anything otherwise. `tab2` is skipped: only glibc's non-FMA build reads it.
 */
import { readFileSync } from "node:fs";

interface Dbl {
  hex: string;
  dec: string;
}
interface LogData {
  source: { tag: string; also_in: { repository: string; commit: string; paths: string[] } };
  constants: { Ln2hi: Dbl; Ln2lo: Dbl };
  poly: { values: Dbl[] };
  poly1: { values: Dbl[] };
  tab: { entries: { invc: Dbl; logc: Dbl }[] };
}

const path = process.argv[2];
if (!path) {
  process.stderr.write("usage: npx tsx lib/np/gen-glibc-log-data.ts <glibc-log-data.json>\n");
  process.exit(2);
}
const data = JSON.parse(readFileSync(path, "utf8")) as LogData;

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The bit pattern as a BigInt literal, after checking that `dec` is the same double. */
function bits(d: Dbl, what: string): string {
  const hex = d.hex.toLowerCase();
  if (!/^0x[0-9a-f]{16}$/.test(hex)) throw new Error(`${what}: bad hex ${d.hex}`);
  u64[0] = BigInt(hex);
  if (!Object.is(f64[0], Number(d.dec))) {
    throw new Error(`${what}: hex ${d.hex} is ${f64[0]}, but dec says ${d.dec}`);
  }
  return `${hex}n`;
}

function list(values: Dbl[], what: string, perLine: number): string {
  const items = values.map((v, i) => bits(v, `${what}[${i}]`));
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += perLine) lines.push(`    ${items.slice(i, i + perLine).join(", ")},`);
  return lines.join("\n");
}

const { poly, poly1, tab, constants, source } = data;
if (poly.values.length !== 5) throw new Error(`poly: expected 5 coefficients, got ${poly.values.length}`);
if (poly1.values.length !== 11) throw new Error(`poly1: expected 11 coefficients, got ${poly1.values.length}`);
if (tab.entries.length !== 128) throw new Error(`tab: expected 128 entries, got ${tab.entries.length}`);

const tabLines = tab.entries
  .map((e, i) => `    ${bits(e.invc, `tab[${i}].invc`)}, ${bits(e.logc, `tab[${i}].logc`)}, // ${i}`)
  .join("\n");

const out = `/**
 * Numeric data of glibc's double-precision \`log\` (table-driven, 128 subintervals,
 * polynomials of order 6 and 12), stored as IEEE-754 bit patterns so every value is exact.
 *
 * Where the numbers come from: ARM optimized-routines, math/log_data.c
 * (${source.also_in.repository} at ${source.also_in.commit.slice(0, 12)}, MIT OR Apache-2.0 WITH
 * LLVM-exception). The same numbers ship in glibc (${source.tag}, sysdeps/ieee754/dbl-64/e_log_data.c).
 * Only what the FMA build of log reads is here; the second table (tab2) is not.
 *
 * GENERATED FILE, do not edit. Regenerate with
 *   npx tsx lib/np/gen-glibc-log-data.ts /work/shared/numpy-compat/glibc-log-data.json > lib/np/glibc-log-data.ts
 */

/** Reinterpret 64-bit patterns as doubles (both arrays use the host's byte order). */
const fromBits = (b: BigUint64Array): Float64Array => new Float64Array(b.buffer);

/** [Ln2hi, Ln2lo]: ln 2 split so that k * Ln2hi is exact for any exponent k. */
export const LN2 = fromBits(
  new BigUint64Array([${bits(constants.Ln2hi, "Ln2hi")}, ${bits(constants.Ln2lo, "Ln2lo")}]),
);

/** A[0..4]: log1p(r) ~ r + A0 r^2 + A1 r^3 + A2 r^4 + A3 r^5 + A4 r^6 (main path). */
export const POLY = fromBits(
  new BigUint64Array([
${list(poly.values, "poly", 3)}
  ]),
);

/** B[0..10]: coefficients of r^2 .. r^12 for inputs near 1; B[0] is exactly -0.5. */
export const POLY1 = fromBits(
  new BigUint64Array([
${list(poly1.values, "poly1", 3)}
  ]),
);

/**
 * The 128 subintervals of [0x1.6p-1, 0x1.6p0), interleaved: TAB[2i] = invc = 1/c and
 * TAB[2i+1] = logc = log(c), with c near the centre of subinterval i.
 */
export const TAB = fromBits(
  new BigUint64Array([
${tabLines}
  ]),
);
`;
process.stdout.write(out);
