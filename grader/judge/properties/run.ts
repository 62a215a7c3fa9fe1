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
import { CallFailed, type PropertySpec, type StudentCall } from "./types.ts";

export type RawCall = (fn: string, args: ReturnType<typeof encode>[]) => Promise<CallOutcome>;

class Violation extends Error {
  override name = "Violation";
  constructor(readonly reason: PropertyReason | string) {
    super(typeof reason === "string" ? reason : reason.code);
  }
}

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
  const reason = err instanceof Violation ? err.reason : `${spec.fn} raised ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`;
  return {
    ...base,
    earned: 0,
    issue: {
      code: "property_failed",
      fn: spec.fn,
      // Capped like the counterexample: a check may quote what the student returned (a
      // 200 000-element array made a 4 MB reason, copied into every feedback file).
      reason: typeof reason === "string" ? truncate(reason, 2000) : reason,
      seed: details.seed,
      ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
      counterexample: spec.hidden ? "(hidden)" : truncate(fc.stringify(details.counterexample?.[0])),
      numRuns: details.numRuns,
    },
  };
}

const truncate = (s: string, n = 600): string => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);
