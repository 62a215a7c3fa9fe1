/**
 * Notes on a submission's files, from reading, splicing and compiling, as data
 * (grader/feedback/notes.ts renders them).
 */
import type { CompileError } from "../../compile/compile.ts";
import type { FileNote } from "../../result/result.ts";
import type { SpliceResult } from "../../splice/splice.ts";
import type { SubmissionNote } from "../../submission/read.ts";

export const submissionNote = (n: SubmissionNote): FileNote => ({
  kind: "submission",
  file: "file" in n ? n.file : "path" in n ? n.path : "(zip)",
  note: { ...n },
});

export function spliceNotes(s: SpliceResult): FileNote[] {
  const notes: FileNote[] = [];
  const seen = new Set<string>();
  for (const issue of [...s.regions.flatMap((r) => r.issues), ...s.ignored]) {
    const key = JSON.stringify(issue);
    if (seen.has(key)) continue;
    seen.add(key);
    notes.push({
      kind: issue.code === "file_missing" ? "file_missing" : "marker",
      file: s.file,
      ...("fn" in issue ? { fn: issue.fn } : {}),
      ...("line" in issue ? { line: issue.line } : {}),
      issue: { ...issue },
    });
  }
  if (s.outsideChanged) notes.push({ kind: "outside_changed", file: s.file });
  return notes;
}

export const compileNote = (e: CompileError): FileNote => ({
  kind: "compile",
  file: e.file,
  ...(e.fn ? { fn: e.fn } : {}),
  line: e.line,
  error: { ...e },
});
