/**
 * The parent's judgement of one fixture case: the child only returned a value (or an
 * error); here it is compared with the expected output and turned into points.
 * Pure: no processes, no files.
 */
import type { FixtureCase } from "../cases/schema.ts";
import { type Value, decode } from "../../lib/value.ts";
import { compareParts, type Mismatch } from "./compare.ts";
import type { CallOutcome } from "../sandbox/outcome.ts";
import type { CaseIssue, CaseResult } from "../result/result.ts";
import { round6 } from "../result/points.ts";

/** The sandbox's one outcome type, re-exported for the judge's callers. */
export type { CallOutcome };

const PLACEHOLDER_NAME = /([A-Za-z_$][\w$]*) is not written yet/;

/** Error names a hidden case may show: the built-in ones (a student's own name could carry data). */
const PLAIN_ERROR_NAMES = new Set(["Error", "TypeError", "RangeError", "ReferenceError", "SyntaxError", "EvalError", "URIError", "AggregateError"]);
/**
 * The first frame in a submission file of a child's stack: `dnnlab-submission:initialization.ts:42:7`.
 * The sandbox's stacks name the spliced sources so (its bundle's source map). The stack is
 * hostile: only a file name of an assignment file's shape and a line number pass.
 */
const SUBMISSION_FRAME = /dnnlab-submission:([A-Za-z0-9][A-Za-z0-9_.-]{0,63}\.ts):(\d{1,7})\b/;

/** Where a student's code threw: the first frame in a submission file, if any. */
export function throwSite(stack: string | undefined): { file: string; line: number } | undefined {
  const m = stack === undefined ? null : SUBMISSION_FRAME.exec(stack);
  return m ? { file: m[1]!, line: Number(m[2]) } : undefined;
}

/**
 * The case issue for a call that returned no value. For a hidden case the child's words
 * are dropped (issue 13): a student can throw an Error whose message (or stack, or name)
 * spells out the hidden inputs, so only a built-in error name and the student's file:line
 * are kept, with `redacted: true`.
 */
export function issueOfError(fn: string, outcome: Extract<CallOutcome, { ok: false }>, opts: { hidden?: boolean } = {}): CaseIssue {
  const e = outcome.error;
  if (opts.hidden && (e.kind === "threw" || e.kind === "bad_return")) {
    const at = throwSite(e.stack);
    if (e.kind === "bad_return") return { code: "bad_return", fn, message: "", redacted: true };
    return { code: "threw", fn, name: PLAIN_ERROR_NAMES.has(e.name) ? e.name : "Error", message: "", redacted: true, ...(at ? { at } : {}) };
  }
  switch (e.kind) {
    case "not_written": {
      // The placeholder's message names its function (grader/splice/markers.ts placeholderLine).
      const missing = PLACEHOLDER_NAME.exec(e.message)?.[1];
      return { code: "not_written", fn, ...(missing !== undefined && missing !== fn ? { missing } : {}) };
    }
    case "not_exported":
      return { code: "not_exported", fn };
    case "threw": {
      // The first submission frame is where the student's code threw. The pipeline maps the
      // line to the student's own file (grader/pipeline/steps/causes.ts).
      const at = throwSite(e.stack);
      return { code: "threw", fn, name: e.name, message: e.message, ...(at ? { at } : {}) };
    }
    case "bad_return":
      return { code: "bad_return", fn, message: e.message };
    case "timeout":
      return { code: "timeout", fn, limitMs: e.limitMs };
    case "crashed": {
      const { kind: _, ...crash } = e;
      return { code: "crashed", fn, ...crash };
    }
    default: {
      const never: never = e;
      return { code: "infrastructure", fn, detail: JSON.stringify(never) };
    }
  }
}

/** Hidden cases never show their values: keep where and how they differ, drop the numbers. */
function redact(m: Mismatch): Mismatch {
  if (m.code !== "value_mismatch") return m;
  return { ...m, expected: NaN, got: NaN, maxAbsErr: NaN, maxRelErr: NaN };
}

interface JudgeContext {
  question: string;
  points: number;
}

/** Points for a fixture case: the fraction of its output parts (tuple items, dict keys) that match. */
export function judgeFixture(c: FixtureCase, outcome: CallOutcome, ctx: JudgeContext): CaseResult {
  const base = {
    id: c.id,
    kind: "fixture" as const,
    question: ctx.question,
    fn: c.fn,
    description: c.description,
    hidden: c.hidden,
    points: ctx.points,
    ...(c.hint ? { hint: c.hint } : {}),
  };
  if (!outcome.ok) return { ...base, earned: 0, issue: issueOfError(c.fn, outcome, { hidden: c.hidden }) };
  let got: Value;
  try {
    got = decode(outcome.value);
  } catch (err) {
    return { ...base, earned: 0, issue: { code: "bad_return", fn: c.fn, message: String(err) } };
  }
  const all = compareParts(got, decode(c.expected), { rtol: c.rtol, atol: c.atol });
  // Own-code credit: only the parts the student's regions determine earn points; when
  // none is left (or the output is not even of the right kind), all or nothing.
  const credit = c.creditParts ? new Set(c.creditParts) : undefined;
  const graded = credit ? all.filter((p) => credit.has(p.path)) : all;
  const ok = graded.filter((p) => p.ok).length;
  const earned = graded.length ? round6((ctx.points * ok) / graded.length) : all.every((p) => p.ok) ? ctx.points : 0;
  const parts = graded.length ? graded : all;
  const firstBad = parts.find((p) => !p.ok);
  if (!firstBad?.mismatch) return { ...base, earned };
  const mismatch = c.hidden ? redact(firstBad.mismatch) : firstBad.mismatch;
  return {
    ...base,
    earned,
    issue: { code: "mismatch", fn: c.fn, mismatch: toJsonSafe(mismatch), partsOk: parts.filter((p) => p.ok).length, partsTotal: parts.length },
  };
}

/** Non-finite numbers become null so the result survives JSON. */
export function toJsonSafe(m: Mismatch): Extract<CaseIssue, { code: "mismatch" }>["mismatch"] {
  if (m.code !== "value_mismatch") return m;
  const f = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return { ...m, expected: f(m.expected), got: f(m.got), maxAbsErr: f(m.maxAbsErr), maxRelErr: f(m.maxRelErr) };
}
