/**
 * Run one property against a student's code and judge it. A property earns all its
 * points or none; a failure carries the fast-check seed, the shrink path and the shrunk
 * counterexample, so the student can replay it.
 */
import fc from "fast-check";
import type { Value } from "../../../lib/value.ts";
import { encode, decode } from "../../../lib/value.ts";
import { type CallOutcome, issueOfError } from "../judge.ts";
import type { CaseResult, PropertyReason } from "../../result/result.ts";
import { Violation } from "./helpers.ts";
import { CallFailed, type PropertySpec, type StudentCall } from "./types.ts";

export type RawCall = (fn: string, args: ReturnType<typeof encode>[]) => Promise<CallOutcome>;

/** Time budget for one property, shrinking included. */
const TIME_LIMIT_MS = 20_000;

export async function runProperty(
  spec: PropertySpec,
  rawCall: RawCall,
  ctx: { question: string; points: number },
): Promise<CaseResult> {
  const base = {
    id: spec.id,
    kind: "property" as const,
    question: ctx.question,
    fn: spec.fn,
    description: spec.description,
    hidden: spec.hidden,
    points: ctx.points,
    ...(spec.hint ? { hint: spec.hint } : {}),
  };
  // Once the student's code fails to return at all (not written, timeout, crash), stop
  // calling it: shrinking would only repeat the same failure, slowly.
  let callFailure: CallFailed | undefined;
  const call: StudentCall = async (fn: string, ...args: Value[]) => {
    if (callFailure) throw callFailure;
    const outcome = await rawCall(fn, args.map((a) => encode(a, "argument")));
    if (!outcome.ok) throw (callFailure = new CallFailed(fn, outcome));
    return decode(outcome.value);
  };
  const prop = fc.asyncProperty(spec.arbitrary, async (input) => {
    const reason = await spec.check(input, call);
    if (reason !== undefined) throw new Violation(reason);
  });
  const details = await fc.check(prop, {
    seed: spec.seed,
    numRuns: spec.numRuns,
    interruptAfterTimeLimit: TIME_LIMIT_MS,
    markInterruptAsFailure: false,
  });
  if (!details.failed) return { ...base, earned: ctx.points };
  if (callFailure) return { ...base, earned: 0, issue: issueOfError(callFailure.fn, callFailure.outcome, { hidden: spec.hidden }) };
  const err = details.errorInstance;
  const reason: PropertyReason =
    err instanceof Violation
      ? err.reason
      : { code: "check_threw", name: err instanceof Error ? err.name : typeof err, message: truncate(err instanceof Error ? err.message : String(err), 2000) };
  return {
    ...base,
    earned: 0,
    issue: {
      code: "property_failed",
      fn: spec.fn,
      // A reason's data is bounded: numbers, shapes, keys, a short call, describe() of a value,
      // and a thrown message capped like the counterexample (a check quoting a 200 000-element
      // array once made a 4 MB reason, copied into every feedback file).
      reason: jsonSafe(reason),
      seed: details.seed,
      ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
      counterexample: spec.hidden ? "(hidden)" : truncate(fc.stringify(details.counterexample?.[0])),
      numRuns: details.numRuns,
    },
  };
}

const truncate = (s: string, n = 600): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** A reason as JSON can hold it: the student's NaN or ±Infinity becomes null (its mismatch is already safe). */
const jsonSafe = (r: PropertyReason): PropertyReason =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" && !Number.isFinite(v) ? null : v])) as PropertyReason;
