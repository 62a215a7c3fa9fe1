/**
 * English text for marker and splice issues: one sentence each, saying what is wrong,
 * where (file:line) and what to do. Same cases as `../zh/markers.ts`.
 */
import type { MarkerIssue, TOP_LEVEL } from "../../grader/splice/markers.ts";
import type { SpliceIssue, UnreadableReason } from "../../grader/splice/splice.ts";

// The annotation ties this literal to markers.ts.
const TOP: typeof TOP_LEVEL = "<top level>";
const START = `"// ### START CODE HERE ###"`;
const END = `"// ### END CODE HERE ###"`;

function inFn(fn: string): string {
  return fn === TOP ? "outside any function" : `in ${fn}`;
}

function plural(n: number): string {
  return n === 1 ? "1 region" : `${n} regions`;
}

const UNREADABLE: Record<UnreadableReason, string> = {
  empty: "is empty, so none of its code could be graded; submit the file with your code in it",
  binary: "contains binary data (NUL bytes), so none of its code could be graded; save it as plain UTF-8 text and submit it again",
  encoding: "is not valid UTF-8 text, so none of its code could be graded; save it as plain UTF-8 text and submit it again",
};

export function markerIssue(issue: MarkerIssue): string {
  const loc = `${issue.file}:${issue.line}`;
  const where = inFn(issue.fn);
  switch (issue.code) {
    case "missing_end":
      return `${loc}: the START CODE HERE marker ${where} has no END CODE HERE marker after it; restore the line ${END} under your code ${where}.`;
    case "missing_start":
      return `${loc}: the END CODE HERE marker ${where} has no START CODE HERE marker before it; restore the line ${START} above your code ${where}.`;
    case "nested_start":
      return `${loc}: this START CODE HERE marker ${where} opens inside the region already started at line ${issue.outerLine}; regions cannot be nested, so remove the extra START and END markers.`;
    case "end_before_start":
      return `${loc}: the END CODE HERE marker ${where} comes before its START CODE HERE marker at line ${issue.startLine}; put ${START} above your code and ${END} below it.`;
    case "renamed_marker":
      return `${loc}: the line "${issue.found}" ${where} looks like a marker but is not spelled exactly as one; replace it with "${issue.expected}".`;
    case "stub_block_unclosed":
      return `${loc}: the STUB CODE block ${where} is never closed; add the line "### END STUB CODE ### */" before the END CODE HERE marker.`;
    default: {
      const unhandled: never = issue;
      return unhandled;
    }
  }
}

export function spliceIssue(issue: SpliceIssue): string {
  switch (issue.code) {
    case "unreadable_file":
      return `${issue.file}: the file ${UNREADABLE[issue.reason]}.`;
    case "file_missing":
      return `${issue.file}: the file is missing from the submission, so its functions score 0; add it (start from the released exercise) with your code in it.`;
    case "duplicate_region":
      return `${issue.file}:${issue.line}: ${issue.fn} has ${plural(issue.found)} marked with START/END CODE HERE where the exercise has ${issue.expected}; remove the extra markers so each region appears once.`;
    case "region_missing":
      return issue.found === 0
        ? `${issue.file}: the START/END CODE HERE markers of ${issue.fn} are gone; restore them from the released exercise and put your code between them.`
        : `${issue.file}: ${issue.fn} has ${plural(issue.found)} marked with START/END CODE HERE where the exercise has ${issue.expected}; restore the missing markers from the released exercise and put your code between them.`;
    case "unexpected_region":
      return `${issue.file}:${issue.line}: the region ${inFn(issue.fn)} is not one of the exercise's graded regions, so its code was ignored; put your code between the markers of the graded functions.`;
    default:
      return markerIssue(issue);
  }
}
