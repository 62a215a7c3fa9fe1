/**
 * The errors and shape helpers every lib/np module shares, named like numpy's so
 * students recognise them.
 */

/** A 2-D shape, `[rows, cols]`. */
export type Shape = [number, number];

/** Raised on shape problems, named like numpy's exception so students recognise it. */
export class ValueError extends Error {
  override name = "ValueError";
}

/** Raised for an index out of bounds, named like Python's (a RangeError for JavaScript). */
export class IndexError extends RangeError {
  override name = "IndexError";
}

export const fmtShape = (s: readonly [number, number]): string => `(${s[0]},${s[1]})`;
