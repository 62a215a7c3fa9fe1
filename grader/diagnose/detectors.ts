/**
 * Generic detectors: what a wrong output looks like when no catalog entry names it.
 * Pure functions of (expected, got, the case's arguments); each returns data only
 * (a symbolic factor such as "m" or "keep_prob", never a number from the case), so a
 * hidden case can carry its detection without showing its values.
 */
import { Matrix } from "../../lib/np/matrix.ts";
import type { Value } from "../../lib/value.ts";
import type { Tolerance } from "../judge/compare.ts";
import { type Part, wrongParts } from "./match.ts";

import type { Factor } from "./diagnosis.ts";

export type Detection =
  /** got = factor × expected on this part */
  | { id: "constant-factor"; path: string; factor: Factor }
  /** got = −expected */
  | { id: "sign-flipped"; path: string }
  /** got is expected transposed */
  | { id: "transposed"; path: string }
  /** NaN or ±Infinity where the expected value is finite, and a scalar argument is 0 */
  | { id: "nan-at-zero"; path: string; arg: number }
  /** a list of mini-batches where every batch but the last is right (or the last one is missing) */
  | { id: "last-batch-only"; missing: boolean };

/** The case's scales a factor can be made of: m (examples), keep_prob and λ, found from the arguments. */
export interface Scales {
  m?: number;
  keepProb?: number;
  lambda?: number;
}

/** Positions of keep_prob and λ in the graded functions that take them (COURSE-FACTS §3.1). */
const KEEP_PROB_ARG: Record<string, number> = { forwardPropagationWithDropout: 2, backwardPropagationWithDropout: 3 };
const LAMBDA_ARG: Record<string, number> = { computeCostWithRegularization: 3, backwardPropagationWithRegularization: 3 };
const DEFAULT_KEEP_PROB = 0.5;

/** m is the column count of the first matrix argument with more than one column (X, Y or A3). */
export function scalesOf(fn: string, args: readonly Value[]): Scales {
  const s: Scales = {};
  const firstWide = args.find((a): a is Matrix => a instanceof Matrix && a.ncols > 1);
  if (firstWide) s.m = firstWide.ncols;
  if (fn in KEEP_PROB_ARG) {
    const k = args[KEEP_PROB_ARG[fn]!];
    s.keepProb = typeof k === "number" ? k : DEFAULT_KEEP_PROB;
  }
  const l = args[LAMBDA_ARG[fn] ?? -1];
  if (typeof l === "number") s.lambda = l;
  return s;
}

function factorValues(s: Scales): [Factor, number][] {
  const out: [Factor, number][] = [["2", 2], ["1/2", 0.5]];
  if (s.m && s.m > 1) out.push(["m", s.m], ["1/m", 1 / s.m]);
  if (s.keepProb && s.keepProb !== 1) out.push(["keep_prob", s.keepProb], ["1/keep_prob", 1 / s.keepProb]);
  if (s.lambda && s.lambda !== 1) out.push(["lambda", s.lambda], ["1/lambda", 1 / s.lambda]);
  return out;
}

/** The numbers of a value, in order, or undefined when it is not a number or a matrix. */
function numbers(v: Value | undefined): { data: ArrayLike<number>; shape: [number, number] } | undefined {
  if (typeof v === "number") return { data: [v], shape: [1, 1] };
  if (v instanceof Matrix) return { data: v.data, shape: v.shape };
  return undefined;
}

/** Detection tolerance: the case's, loosened a little for the rounding a factor brings. */
const near = (a: number, b: number, tol: Tolerance): boolean => Math.abs(a - b) <= tol.atol + Math.max(tol.rtol, 1e-9) * Math.abs(b);

/** got_i ≈ c · exp_i for every i, and some exp_i is not zero (so the factor shows). */
function scaledBy(got: ArrayLike<number>, exp: ArrayLike<number>, c: number, tol: Tolerance): boolean {
  if (got.length !== exp.length) return false;
  let shows = false;
  for (let i = 0; i < exp.length; i++) {
    const e = exp[i]!;
    const g = got[i]!;
    if (!Number.isFinite(e) || !Number.isFinite(g)) return false;
    if (!near(g, c * e, tol)) return false;
    if (!near(g, e, tol)) shows = true;
  }
  return shows;
}

function detectPart(p: Part, scales: Scales, args: readonly Value[], tol: Tolerance): Detection[] {
  const exp = numbers(p.expected);
  const got = numbers(p.got);
  if (!exp || !got) return [];
  const [r, c] = exp.shape;
  if (got.shape[0] === r && got.shape[1] === c) {
    const zeroArg = args.findIndex((a) => a === 0);
    let nonFinite = false;
    for (let i = 0; i < exp.data.length; i++) if (Number.isFinite(exp.data[i]!) && !Number.isFinite(got.data[i]!)) nonFinite = true;
    if (nonFinite) return zeroArg >= 0 ? [{ id: "nan-at-zero", path: p.path, arg: zeroArg }] : [];
    if (scaledBy(got.data, exp.data, -1, tol)) return [{ id: "sign-flipped", path: p.path }];
    const factor = factorValues(scales).find(([, v]) => scaledBy(got.data, exp.data, v, tol));
    if (factor) return [{ id: "constant-factor", path: p.path, factor: factor[0] }];
  }
  // A wrong part equal to the transpose (square ones included; a 1×1 is its own transpose).
  if (got.shape[0] === c && got.shape[1] === r && r * c > 1) {
    const t = new Float64Array(r * c);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = exp.data[i * c + j]!;
    let all = true;
    for (let i = 0; i < t.length && all; i++) all = near(got.data[i]!, t[i]!, tol);
    if (all) return [{ id: "transposed", path: p.path }];
  }
  return [];
}

/** A list of batches ([X_k, Y_k] pairs) where only the last one differs or is missing. */
function lastBatchOnly(got: Value, expected: Value, tol: Tolerance): Detection[] {
  if (!Array.isArray(expected) || !Array.isArray(got) || expected.length < 2) return [];
  const isBatch = (b: Value | undefined) => Array.isArray(b) && b.length === 2 && b.every((x) => x instanceof Matrix);
  if (!expected.every(isBatch)) return [];
  const n = expected.length;
  const rest = (k: number) => wrongParts(got.slice(0, k), expected.slice(0, k), tol).length === 0;
  if (got.length === n - 1 && rest(n - 1)) return [{ id: "last-batch-only", missing: true }];
  if (got.length === n && rest(n - 1) && wrongParts([got[n - 1]!], [expected[n - 1]!], tol).length > 0) return [{ id: "last-batch-only", missing: false }];
  return [];
}

/** What the wrong parts of a student's output look like, per part; empty when nothing generic fits. */
export function detect(fn: string, args: readonly Value[], expected: Value, got: Value, tol: Tolerance): Detection[] {
  const batches = lastBatchOnly(got, expected, tol);
  if (batches.length > 0) return batches;
  const scales = scalesOf(fn, args);
  return wrongParts(got, expected, tol).flatMap((p) => detectPart(p, scales, args, tol));
}
