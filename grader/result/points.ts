/**
 * Points as numbers: the one rounding rule (6 decimals, the precision every score is kept
 * at) and the two ways a score is written: for people and for machines. Pure; imported by
 * the result model, the judge, the scores and every exporter.
 */

/** Round to 6 decimals; -0 becomes 0. */
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6 + 0;

/** A score for people: 2 decimals at most, no trailing zeros ("2.5", "0.33", 98.454546 → "98.45"). */
export const formatPoints = (x: number): string => String(Math.round(x * 100) / 100 + 0);

/** A score for machines (CSV, JUnit properties, CI step outputs): 6 decimals at most ("0.333333"). */
export const exactPoints = (x: number): string => String(round6(x));
