/**
 * Why a function never ran, named by its real cause (issue 12.3): a case whose function
 * (or a function it calls) fell back to the exercise's placeholder says whether that was
 * a compiler error (with its line in the student's file), a missing file, broken markers,
 * or simply code not written yet.
 */
import type { CaseIssue, CaseResult } from "../../result/result.ts";
import { parseRegions } from "../../splice/markers.ts";
import { decodeSubmission } from "../../splice/splice.ts";
import type { GradeState } from "../state.ts";

/** A 1-based line of the spliced source as the same line of the student's file (same region, same offset). */
export function studentLine(s: GradeState, file: string, line: number): number {
  const spliced = s.spliced?.find((x) => x.file === file);
  const bytes = s.read?.files.get(file);
  const r = spliced?.regions.find((x) => x.startLine <= line && line <= x.endLine);
  if (!r || !bytes) return line;
  const own = parseRegions(decodeSubmission(bytes), file).regions.find((x) => x.fn === r.fn && x.index === r.index);
  return own ? Math.min(own.endLine, own.startLine + (line - r.startLine)) : line;
}

/** Why `fn` did not run, when it is something other than code not written yet. */
export function causeOf(s: GradeState, fn: string): CaseIssue | undefined {
  const regions = s.regions.filter((r) => r.fn === fn);
  if (regions.length === 0) return undefined;
  const file = regions[0].file;
  const errors = s.compiled?.errors ?? [];
  const error = errors.find((e) => e.file === file && e.fn === fn) ?? errors.find((e) => e.file === file && e.fn === undefined);
  if (error && (regions.some((r) => r.status === "compile_error") || error.fn === undefined)) {
    return { code: "does_not_compile", fn, file, line: studentLine(s, file, error.line), column: error.column, message: error.message, ...(error.diagnostic ? { diagnostic: error.diagnostic } : {}) };
  }
  if (regions.some((r) => r.status === "spliced")) return undefined;
  if (regions.every((r) => r.status === "missing") && !s.read?.files.has(file)) return { code: "file_missing", fn, file };
  if (regions.some((r) => r.status === "marker_error")) {
    const issue = s.spliced?.find((x) => x.file === file)?.regions.flatMap((r) => (r.fn === fn ? r.issues : [])).find((i) => "line" in i);
    return { code: "marker_error", fn, file, ...(issue && "line" in issue ? { line: issue.line } : {}) };
  }
  return undefined;
}

/**
 * Each "not written" case whose function (or the one it calls) did not run for another
 * reason says that reason; a runtime error points at the line of the student's file.
 */
export function withRealCauses(s: GradeState, cases: readonly CaseResult[]): CaseResult[] {
  return cases.map((c) => {
    if (c.issue?.code === "threw" && c.issue.at) return { ...c, issue: { ...c.issue, at: { ...c.issue.at, line: studentLine(s, c.issue.at.file, c.issue.at.line) } } };
    if (c.issue?.code !== "not_written") return c;
    const cause = causeOf(s, c.issue.missing ?? c.issue.fn);
    return cause ? { ...c, issue: cause } : c;
  });
}
