/**
 * Notes on a submission's files, from reading, splicing and compiling: what a student
 * should know about their files beyond the test cases.
 */
import { type CompileError, renderCompileError } from "../../compile/compile.ts";
import type { FileNote } from "../../result/result.ts";
import { type SpliceResult, renderSpliceIssue } from "../../splice/splice.ts";
import type { SubmissionNote } from "../../submission/read.ts";

export function submissionNote(n: SubmissionNote): FileNote {
  const file = "file" in n ? n.file : "path" in n ? n.path : "(zip)";
  const both = (en: string, zh: string): FileNote => ({ file, kind: "file_missing", en, zh });
  switch (n.code) {
    case "too_large":
      return both(`${n.file} is ${n.bytes} bytes, over the ${n.limit}-byte limit; it was not read.`, `${n.file} 有 ${n.bytes} 字节，超过 ${n.limit} 字节的上限，未读取。`);
    case "symlink_ignored":
      return both(`${n.path} is a symbolic link; links are not followed, so it was ignored.`, `${n.path} 是符号链接，不会被跟随，已忽略。`);
    case "unsafe_path":
      return both(`The zip entry ${n.path} points outside the submission folder; it was ignored.`, `压缩包条目 ${n.path} 指向提交目录之外，已忽略。`);
    case "duplicate_file":
      return both(`Two copies of ${n.file}: graded ${n.used}, ignored ${n.ignored}.`, `${n.file} 有两份：评分使用 ${n.used}，忽略 ${n.ignored}。`);
    case "too_many_entries":
      return both(`The zip has more than ${n.limit} entries; the rest were not read.`, `压缩包条目超过 ${n.limit} 个，其余未读取。`);
    case "zip_too_large":
      return both(`The zip inflates past ${n.limit} bytes; reading stopped there.`, `压缩包解压后超过 ${n.limit} 字节，已停止读取。`);
  }
}

export function spliceNotes(s: SpliceResult): FileNote[] {
  const notes: FileNote[] = [];
  const seen = new Set<string>();
  for (const issue of [...s.regions.flatMap((r) => r.issues), ...s.ignored]) {
    const en = renderSpliceIssue(issue, "en");
    if (seen.has(en)) continue;
    seen.add(en);
    notes.push({
      file: s.file,
      kind: issue.code === "file_missing" ? "file_missing" : "marker",
      ...("fn" in issue ? { fn: issue.fn } : {}),
      ...("line" in issue ? { line: issue.line } : {}),
      en,
      zh: renderSpliceIssue(issue, "zh"),
    });
  }
  if (s.outsideChanged) {
    notes.push({
      file: s.file,
      kind: "outside_changed",
      en: `${s.file}: changes outside the START/END CODE HERE markers were ignored; only the code between them is graded.`,
      zh: `${s.file}：标记 START/END CODE HERE 之外的改动已被忽略，只评测标记之间的代码。`,
    });
  }
  return notes;
}

export const compileNote = (e: CompileError): FileNote => ({
  file: e.file,
  kind: "compile",
  ...(e.fn ? { fn: e.fn } : {}),
  line: e.line,
  en: renderCompileError(e, "en"),
  zh: renderCompileError(e, "zh"),
});
