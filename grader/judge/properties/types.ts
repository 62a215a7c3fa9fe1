/**
 * Property tests: fast-check generates inputs in the parent, the student's function
 * runs on them in the sandbox, and the parent checks a property of what came back.
 */
import type fc from "fast-check";
import type { Assignment } from "../../cases/schema.ts";
import type { Value } from "../../../lib/value.ts";
import type { PropertyReason } from "../../result/result.ts";
import type { CallOutcome } from "../judge.ts";

/** Calls one of the student's functions in the sandbox; throws CallFailed when it returns no value. */
export type StudentCall = (fn: string, ...args: Value[]) => Promise<Value>;

export class CallFailed extends Error {
  override name = "CallFailed";
  constructor(
    readonly fn: string,
    readonly outcome: Extract<CallOutcome, { ok: false }>,
  ) {
    super(`${fn}: ${outcome.error.kind}`);
  }
}

export interface PropertySpec<T = unknown> {
  id: string;
  assignment: Assignment;
  /** the graded function the property is about (it may call others too) */
  fn: string;
  /** the property in plain words; becomes the test title */
  description: string;
  hidden: boolean;
  hint?: string;
  numRuns: number;
  /** fixed, so every student meets the same inputs and a failure can be replayed */
  seed: number;
  arbitrary: fc.Arbitrary<T>;
  /** undefined when the property holds for this input, else what went wrong as a code and its data (it may also throw helpers.ts's Violation) */
  check: (input: T, call: StudentCall) => Promise<PropertyReason | undefined>;
}

/** Type helper: keeps T inferred per property while collecting them in one array. */
export const property = <T>(spec: PropertySpec<T>): PropertySpec<unknown> => spec as PropertySpec<unknown>;
