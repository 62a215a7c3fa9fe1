/**
 * Points as numbers: the one rounding rule (6 decimals, the precision every score is kept
 * and shown at) and how a score is written. Pure; imported by the result model, the judge,
 * the scores and every exporter.
 */

/** Round to 6 decimals; -0 becomes 0. */
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6 + 0;

/** A score as text without float noise: 6 decimals at most, no trailing zeros ("2.5", "0.333333"). */
export const formatPoints = (x: number): string => String(round6(x));
