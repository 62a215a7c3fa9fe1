/**
 * Printing: a port of numpy's arrayprint (FloatingFormat + _formatArray, numpy 2.4, default print
 * options) for 2-D float64 arrays. Digits come from JavaScript's shortest round-trip
 * conversion (the same digits as numpy's Dragon4 "unique" mode); where numpy cuts at
 * `precision` digits it rounds the exact binary value half to even, which toFixed /
 * toExponential do too except on exact ties (they round those up), fixed by `halfEven`.
 */

/** What the printer reads of a matrix (structural, so this module does not import Matrix). */
export interface Printable {
  readonly nrows: number;
  readonly ncols: number;
  readonly data: Float64Array;
}

/** numpy's default print options (`np.get_printoptions()`). */
const PRINT = { precision: 8, threshold: 1000, edgeitems: 3, linewidth: 75 } as const;

const bitsView = new DataView(new ArrayBuffer(8));

/**
 * Whether |x| lies exactly halfway between two multiples of 10^q, i.e. 2|x|/10^q is an odd
 * integer. With |x| = m·2^e, m odd, that is e + 1 = q and (for q > 0) 5^q divides m.
 */
function isDecimalTie(x: number, q: number): boolean {
  if (x === 0 || !Number.isFinite(x)) return false;
  bitsView.setFloat64(0, Math.abs(x));
  const bits = bitsView.getBigUint64(0);
  const biased = Number(bits >> 52n);
  let m = bits & 0xfffffffffffffn;
  let e = -1074;
  if (biased !== 0) {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  while ((m & 1n) === 0n) {
    m >>= 1n;
    e++;
  }
  return e + 1 === q && (q <= 0 || m % 5n ** BigInt(q) === 0n);
}

/** `s` was rounded half up from an exact tie: round half to even instead (as numpy's Dragon4). */
function halfEven(s: string, tie: boolean): string {
  if (!tie) return s;
  const e = s.indexOf("e");
  const end = e < 0 ? s.length : e;
  const d = s.charCodeAt(end - 1) - 48;
  return d % 2 === 1 ? s.slice(0, end - 1) + String(d - 1) + s.slice(end) : s;
}

/** Shortest round-trip digits of |x| and its decimal exponent: 1234.5 → ["12345", 3]. */
function shortestDigits(x: number): [string, number] {
  const [mant, exp] = Math.abs(x).toExponential().split("e");
  return [mant.replace(".", ""), Number(exp)];
}

const signOf = (x: number): string => (x < 0 || Object.is(x, -0) ? "-" : "");

/**
 * `np.format_float_positional(x, precision)`: the shortest digits that round-trip, cut at
 * `precision` decimals, trailing zeros dropped but not the point: 1.0 → "1.", 1/3 → "0.33333333".
 */
export function formatNumber(x: number, precision: number = PRINT.precision): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const sign = signOf(x);
  if (x === 0) return `${sign}0.`;
  const [digits, exp] = shortestDigits(x);
  if (digits.length - 1 - exp <= precision) {
    if (exp >= digits.length - 1) return `${sign}${digits}${"0".repeat(exp - digits.length + 1)}.`;
    if (exp >= 0) return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
    return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  }
  const s = halfEven(Math.abs(x).toFixed(precision), isDecimalTie(x, -precision));
  return sign + s.replace(/0+$/, "");
}

/**
 * `np.format_float_scientific(x, precision, min_digits=minDigits, exp_digits=expDigits)`:
 * shortest digits cut at `precision` after the point, at least `minDigits` of them, an exponent
 * of at least `expDigits` digits.
 */
export function formatScientific(x: number, precision: number = PRINT.precision, minDigits = 0, expDigits = 2): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  let mant = "0";
  let exp = 0;
  if (x !== 0) {
    const [digits, e] = shortestDigits(x);
    if (digits.length - 1 <= precision && digits.length - 1 >= minDigits) {
      mant = digits;
      exp = e;
    } else {
      // Too many digits: round the exact value at `precision`. Too few for `minDigits`: numpy
      // prints more exact digits (5e-324 with 3 digits is 4.941e-324), not zeros.
      const p = digits.length - 1 > precision ? precision : minDigits;
      const half = Math.abs(x).toExponential(p);
      const [m, ee] = halfEven(half, isDecimalTie(x, Number(half.slice(half.indexOf("e") + 1)) - p)).split("e");
      mant = m.replace(".", "");
      if (p === precision) mant = mant.replace(/0+$/, "") || "0";
      exp = Number(ee);
    }
  }
  const frac = mant.slice(1).padEnd(minDigits, "0");
  return `${signOf(x)}${mant[0]}.${frac}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(expDigits, "0")}`;
}

/**
 * numpy's FloatingFormat: one format for all the printed values. Scientific when the largest
 * nonzero |x| is ≥ 1e8, the smallest < 1e-4, or their ratio > 1000; otherwise positional with
 * up to 8 decimals. Every cell gets the same width: integer parts padded on the left,
 * fractions on the right with spaces (positional) or zeros (scientific).
 */
function floatFormatter(values: readonly number[]): (x: number) => string {
  let maxVal = 0;
  let minVal = Infinity;
  let nonFinite = false;
  let negInf = false;
  const finite: number[] = [];
  for (const x of values) {
    if (!Number.isFinite(x)) {
      nonFinite = true;
      if (x === -Infinity) negInf = true;
      continue;
    }
    finite.push(x);
    const a = Math.abs(x);
    if (a !== 0) {
      if (a > maxVal) maxVal = a;
      if (a < minVal) minVal = a;
    }
  }
  const sci = minVal !== Infinity && (maxVal >= 1e8 || minVal < 1e-4 || maxVal / minVal > 1000);
  let padLeft = 0;
  let padRight = 0;
  let precision = 0;
  let expSize = 2;
  if (finite.length > 0) {
    if (sci) {
      for (const x of finite) {
        const s = formatScientific(x, PRINT.precision);
        const dot = s.indexOf(".");
        const e = s.indexOf("e");
        padLeft = Math.max(padLeft, dot);
        precision = Math.max(precision, e - dot - 1);
        expSize = Math.max(expSize, s.length - e - 2);
      }
      padRight = expSize + 2 + precision;
    } else {
      for (const x of finite) {
        const s = formatNumber(x, PRINT.precision);
        const dot = s.indexOf(".");
        padLeft = Math.max(padLeft, dot);
        padRight = Math.max(padRight, s.length - dot - 1);
      }
    }
  }
  if (nonFinite) {
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
  }
  const width = padLeft + padRight + 1;
  return (x: number): string => {
    if (!Number.isFinite(x)) return formatNumber(x).padStart(width);
    const s = sci ? formatScientific(x, precision, precision, expSize) : formatNumber(x, PRINT.precision);
    const dot = s.indexOf(".");
    return " ".repeat(padLeft - dot) + s + (sci ? "" : " ".repeat(padRight - (s.length - dot - 1)));
  };
}

/** Indices printed along an axis of length n: all, or the edges around a -1 for "...". */
function shownIndices(n: number, summarize: boolean): number[] {
  const e = PRINT.edgeitems;
  if (summarize && n > 2 * e) return [...Array.from({ length: e }, (_, i) => i), -1, ...Array.from({ length: e }, (_, i) => n - e + i)];
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * `repr(a)` as numpy 2.4 prints a 2-D float64 array with the default options: `array([[…]])`,
 * rows wrapped at 75 columns, arrays of more than 1000 elements summarized with "..." and
 * their shape, empty arrays as `array([], shape=(r, c), dtype=float64)`.
 */
export function formatMatrix(m: Printable): string {
  const { nrows: r, ncols: c, data } = m;
  const size = data.length;
  if (size === 0) return `array([], shape=(${r}, ${c}), dtype=float64)`;
  const summarize = size > PRINT.threshold;
  const rowIdx = shownIndices(r, summarize);
  const colIdx = shownIndices(c, summarize);
  const shown: number[] = [];
  for (const i of rowIdx) {
    if (i < 0) continue;
    for (const j of colIdx) if (j >= 0) shown.push(data[i * c + j]);
  }
  const fmt = floatFormatter(shown);
  // _formatArray with prefix "array(" and suffix ")": the line is 75 - len(")") wide, a row
  // sits one "[" further in and its elements stop one "]" and one "," short of the edge.
  const lineWidth = PRINT.linewidth - 1;
  const outerIndent = " ".repeat("array(".length + 1);
  const rowIndent = `${outerIndent} `;
  const elemWidth = lineWidth - 1 - 1;
  const formatRow = (i: number): string => {
    let s = "";
    let line = rowIndent;
    colIdx.forEach((j, k) => {
      const word = j < 0 ? "..." : fmt(data[i * c + j]);
      if (line.length + word.length > elemWidth && line.length > rowIndent.length) {
        s += `${line.trimEnd()}\n`;
        line = rowIndent;
      }
      line += word;
      if (k < colIdx.length - 1) line += ", ";
    });
    return `[${(s + line).slice(rowIndent.length)}]`;
  };
  const body = rowIdx.map((i) => outerIndent + (i < 0 ? "..." : formatRow(i))).join(",\n");
  const lst = `[${body.slice(outerIndent.length)}]`;
  if (!summarize) return `array(${lst})`;
  const arrStr = `array(${lst},`;
  const extra = `shape=(${r}, ${c}))`;
  const lastLine = arrStr.length - (arrStr.lastIndexOf("\n") + 1);
  return arrStr + (lastLine + extra.length + 1 > PRINT.linewidth ? `\n${" ".repeat("array(".length)}` : " ") + extra;
}
