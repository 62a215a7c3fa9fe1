/**
 * Numbers as feedback shows them, the same in every language: values with enough digits
 * to see where two numbers part (8 significant), errors with 3, shapes and positions in
 * numpy's notation.
 */

/** A value a student compares with their own output: 8 significant digits, no trailing zeros. */
export const value = (x: number): string => String(Number(x.toPrecision(8)));

/** An error size: 3 significant digits ("1.23e-8", "0.5"). */
export const error = (x: number): string => String(Number(x.toPrecision(3)));

/** A shape as numpy prints it: "(3, 2)". */
export const shape = ([r, c]: readonly [number, number]): string => `(${r}, ${c})`;

/** A matrix position: "[0, 1]". */
export const at = ([i, j]: readonly [number, number]): string => `[${i}, ${j}]`;

/** A time limit in the unit a person would say: "500 ms", "1.5 s", "10 s". */
export const limitSeconds = (ms: number): { n: string; unit: "ms" | "s" } =>
  ms < 1000 ? { n: String(Math.round(ms)), unit: "ms" } : { n: String(Number((ms / 1000).toPrecision(3))), unit: "s" };

/** Minutes late as days, hours and minutes: [2, 3, 15]; seconds are rounded up to a minute. */
export function daysHoursMinutes(minutes: number): [number, number, number] {
  const m = Math.ceil(minutes - 1e-9);
  return [Math.floor(m / 1440), Math.floor((m % 1440) / 60), m % 60];
}
