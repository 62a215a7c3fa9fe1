/**
 * English feedback on graded cases: one or two sentences per issue saying which function,
 * which case, what differs (or what happened) and what to do next; plus the words of the
 * feedback page and the terminal summary. Same keys as `../zh/feedback.ts` (checked by
 * type in grader/feedback.ts). Hidden cases never show values, only where they differ.
 */
import type { CaseIssue, PropertyReason } from "../../grader/result/result.ts";
import * as f from "../format.ts";
import * as sandbox from "./sandbox.ts";

type Mismatch = Extract<CaseIssue, { code: "mismatch" }>["mismatch"];

/** What a message needs to know of its case; a CaseResult is one. */
export interface CaseContext {
  description: string;
  hidden: boolean;
}

const NON_FINITE = "NaN or ±Infinity";
const val = (x: number | null): string => (x === null ? NON_FINITE : f.value(x));
/** The first line of a message from elsewhere, without its final full stop (our sentence adds its own). */
const firstLine = (s: string): string => s.split("\n", 1)[0].trim().replace(/[.。]+$/, "");
/** The first line as the end of a sentence: its own ? or ! (TypeScript's "Did you mean 'mul'?"), else our full stop. */
const sentence = (s: string): string => {
  const line = firstLine(s);
  return /[?!]$/.test(line) ? line : `${line}.`;
};

function valueMismatch(m: Extract<Mismatch, { code: "value_mismatch" }>, hidden: boolean): string {
  const p = `\`${m.path}\``;
  const many = m.total > 1;
  const count = many ? `${m.count} of ${m.total} entries differ` : "";
  if (hidden) {
    const where = m.at ? `, first at ${f.at(m.at)}` : "";
    return many
      ? `${p}: values differ${where} (${count}); hidden cases do not show their values`
      : `${p}: the value differs; hidden cases do not show their values`;
  }
  const where = m.at ? ` at ${f.at(m.at)}` : "";
  const max = many ? "max " : "";
  const errors = [
    ...(m.maxAbsErr === null ? [] : [`${max}abs error ${f.error(m.maxAbsErr)}`]),
    ...(m.maxRelErr === null ? [] : [`${max}rel error ${f.error(m.maxRelErr)}`]),
  ].join(", ");
  const extra = [errors, count].filter(Boolean).join("; ");
  return `${p} differs${where}: expected ${val(m.expected)}, got ${val(m.got)}${extra ? ` (${extra})` : ""}`;
}

/** What differs between the output and the expected one, as a clause. */
export function mismatch(m: Mismatch, hidden: boolean): string {
  const p = `\`${m.path}\``;
  switch (m.code) {
    case "type_mismatch":
      return `${p}: expected ${m.expected}, got ${m.got}`;
    case "shape_mismatch":
      return `${p} has shape ${f.shape(m.got)} where ${f.shape(m.expected)} was expected`;
    case "length_mismatch":
      return `${p} has ${m.got} items where ${m.expected} were expected`;
    case "missing_key":
      return `${p} has no key "${m.key}"`;
    case "value_mismatch":
      return valueMismatch(m, hidden);
    default: {
      const unhandled: never = m;
      return unhandled;
    }
  }
}

/** One or two sentences on why a case lost points. */
export function caseIssue(issue: CaseIssue, c: CaseContext): string {
  const fn = issue.fn;
  const d = `"${c.description}"`;
  switch (issue.code) {
    case "not_written":
      return issue.missing === undefined
        ? `${fn} is not written yet, so ${d} scored 0; write your code between its START CODE HERE and END CODE HERE markers.`
        : `${fn} calls ${issue.missing}, which is not written yet, so ${d} scored 0; write ${issue.missing} first.`;
    case "does_not_compile":
      return `${fn} does not compile, so ${d} scored 0: ${issue.file}:${issue.line}:${issue.column}: ${sentence(issue.message)} Fix that line and check again.`;
    case "file_missing":
      return `${issue.file} is not in your submission, so ${fn} could not be graded and ${d} scored 0; hand in ${issue.file} with your code in it.`;
    case "marker_error":
      return `${fn}'s START/END CODE HERE markers are broken${issue.line === undefined ? "" : ` (${issue.file}:${issue.line})`}, so its code was not graded and ${d} scored 0; restore the markers as in the released exercise.`;
    case "not_exported":
      return `${fn} is not exported from your file, so ${d} could not call it; keep its export declaration as in the released exercise.`;
    case "threw":
      return issue.redacted
        ? `${fn} threw ${issue.name} in ${d}${issue.at ? ` at ${issue.at.file}:${issue.at.line}` : ""} (a hidden case, so its message is not shown); ${issue.at ? "fix that line" : "find the line that throws and fix it"}.`
        : issue.at
        ? `${fn} threw ${issue.name} in ${d} at ${issue.at.file}:${issue.at.line}: "${firstLine(issue.message)}"; fix that line.`
        : `${fn} threw ${issue.name} in ${d}: "${firstLine(issue.message)}"; find the line that throws and fix it.`;
    case "timeout": {
      const t = f.limitSeconds(issue.limitMs);
      return `${fn} did not finish within ${t.n} ${t.unit} in ${d}; look for a loop that never ends or runs far more often than needed.`;
    }
    case "crashed":
      return `${fn} stopped the test process in ${d}: ${firstLine(sandbox.crash(issue))}; look for runaway memory use, endless recursion or a call to process.exit.`;
    case "bad_return":
      return `${fn} returned something that cannot be checked in ${d}${issue.redacted ? " (a hidden case, so no details)." : `: ${sentence(issue.message)}`} Return what its doc comment describes (matrices, numbers, and arrays or objects of them).`;
    case "mismatch": {
      const parts = issue.partsTotal > 1 ? ` ${issue.partsOk} of ${issue.partsTotal} outputs ${issue.partsOk === 1 ? "is" : "are"} right.` : "";
      return `${fn}, case ${d}: ${mismatch(issue.mismatch, c.hidden)}.${parts}`;
    }
    case "property_failed": {
      const head = `${fn} breaks the property ${d}: ${sentence(propertyReason(issue.reason, c.hidden))}`;
      if (c.hidden) return `${head} Found on run ${issue.numRuns}; hidden checks do not show their inputs.`;
      return `${head} Counterexample, found on run ${issue.numRuns}: the inputs ${issue.counterexample}.`;
    }
    case "infrastructure":
      return `${d} could not be graded: ${sentence(issue.detail)} If that does not point to a problem with your submission, tell your instructor.`;
    default: {
      const unhandled: never = issue;
      return unhandled;
    }
  }
}

export const hint = (text: string): string => `Hint: ${text}`;

/** For instructors only (students cannot run it): how to replay a failed property with fast-check. */
export const replay = (seed: number, path?: string): string =>
  `Replay: fc.assert(property, { seed: ${seed}${path === undefined ? "" : `, path: "${path}"`} })`;

/** The whole submission could not be graded (otter's "the autograder failed to produce any results"). */
export const failure = (fl: { code: string; message: string }): string =>
  `Your submission could not be graded (${fl.code}): ${sentence(fl.message)} Every question scores 0; fix the submission and hand it in again, or tell your instructor if it looks right to you.`;

function duration(minutes: number): string {
  const [d, h, m] = f.daysHoursMinutes(minutes);
  const parts = [d ? `${d} ${d === 1 ? "day" : "days"}` : "", h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean);
  return parts.join(" ") || "0 min";
}

/** The late line, or undefined when the submission was on time. */
export function late(l: { minutesLate: number; penaltyPercent: number }, penalty: string, raw: string): string | undefined {
  if (l.minutesLate <= 0) return undefined;
  if (l.penaltyPercent <= 0) return `Submitted ${duration(l.minutesLate)} after the deadline; no late penalty applies (grace period or no late policy).`;
  return `Late penalty: −${penalty} points (submitted ${duration(l.minutesLate)} after the deadline; ${l.penaltyPercent}% of the ${raw} points earned).`;
}

export const labels = {
  /** separators between a name and its score, and between a name and a tag */
  dash: " — ",
  dot: " · ",
  feedbackTitle: (lab: string, student: string): string => `${lab} — feedback for ${student}`,
  question: "Question",
  points: "Points",
  total: "Total",
  totalLine: (final: string, possible: string): string => `Total: ${final} / ${possible}`,
  /** after the total, with its own leading space or bracket */
  beforePenalty: (raw: string): string => ` (${raw} before the late penalty)`,
  toFix: "To fix",
  passed: "Passed",
  allPassed: "Every case passes.",
  casesPassed: (n: number, of: number): string => `${n} of ${of} cases pass`,
  hidden: "hidden",
  /** after a case's description in the terminal */
  hiddenTag: " (hidden)",
  notGraded: "No case could be run.",
  notes: "Notes on your files",
  outsideChanged: "Changes outside the markers",
  printed: "What your code printed (the end of it)",
  /** JUnit: a failed case's points */
  casePoints: (earned: string, possible: string, hidden: boolean): string => `Points: ${earned} / ${possible}${hidden ? " (hidden case)" : ""}`,
  /** Exercism test_code comments */
  propertyComment: (id: string): string => `property "${id}"`,
  hiddenInputs: "hidden inputs",
  caseInputs: (id: string): string => `the inputs of case "${id}"`,
  comparedWithin: "compared with the expected output, within the case's tolerance",
  /** GitHub annotations of `check --ci` */
  annotation: {
    caseLine: (head: string, text: string): string => `${head}: ${text}`,
    lostPoints: (fn: string, lost: string, where: string): string => `${fn}: −${lost} points (${where})`,
    notChecked: (lab: string): string => `dnnlab: ${lab} could not be checked`,
    doesNotCompile: (file: string): string => `${file} does not compile`,
    more: (n: number): string => `dnnlab: ${n} more functions lose points`,
    seeSummary: (names: string[]): string => `${names.join(", ")}. See the job summary for every failing test.`,
  },
};

const EXPECTED_KIND = { dict: "a dict of matrices", matrix: "a Matrix", number: "a number", list: "a list" } as const;

/** Why a property failed, from its code and data (a string is an English line stored by an older grader). */
export function propertyReason(r: PropertyReason | string, hidden = false): string {
  if (typeof r === "string") return r;
  const shape = (s: number[]): string => `(${s.join(", ")})`;
  const num = (x: number | null): string => (x === null ? NON_FINITE : String(x));
  switch (r.code) {
    case "wrong_shape":
      return `${r.param} has shape ${shape(r.got)}, expected ${shape(r.expected)}`;
    case "not_zeros":
      return `${r.param} is not all zeros`;
    case "std_off":
      return `${r.param} has standard deviation ${(r.got === null ? NON_FINITE : r.got.toFixed(4))}, expected about ${r.formula === undefined ? f.value(r.expected) : `${r.formula} = ${r.expected.toFixed(4)}`}`;
    case "wrong_keys":
      return `\`${r.what}\` has keys [${r.got.join(", ")}], expected [${r.expected.join(", ")}]`;
    case "wrong_type":
      return `\`${r.what}\` is ${r.got}, expected ${r.expected === "list" && r.length !== undefined ? `a list of ${r.length}` : EXPECTED_KIND[r.expected]}`;
    case "mismatch":
      return `${mismatch(r.mismatch, hidden)}${r.advice === "divide_by_keep_prob" ? " — the units kept must be divided by keep_prob" : ""}`;
    case "batch_count":
      return `${r.got} mini-batches for m = ${r.m}, size ${r.size}; expected ${r.expected}`;
    case "wrong_value":
      return `${r.call} = ${r.got}, expected ${r.expected}`;
    case "cost_off":
      return r.lambd === 0
        ? `at λ = 0 the cost is ${num(r.got)}, expected the plain cost ${r.plain}`
        : `the cost is ${num(r.got)} for λ = ${r.lambd}, expected ${r.expected} (plain cost ${r.plain})`;
    case "check_too_large":
      return r.call === undefined
        ? `with correct gradients the difference is ${num(r.got)}, expected below ${r.limit.toExponential()}`
        : `${r.call} = ${num(r.got)}, expected a value below ${r.limit.toExponential()}`;
    case "check_too_small":
      return `with ${r.key} off by ${r.offBy} the difference is ${num(r.got)}, expected above ${r.limit.toExponential()}`;
    case "keep_fraction":
      return `${r.param} keeps ${(r.got === null ? NON_FINITE : r.got.toFixed(3))} of the units, expected about keep_prob = ${r.expected.toFixed(3)}`;
    case "mask_not_binary":
      return `${r.param} should hold only 0s and 1s`;
    case "check_threw":
      return `checking what it returned raised ${r.name}: ${r.message}`;
    default: {
      const unhandled: never = r;
      return unhandled;
    }
  }
}
