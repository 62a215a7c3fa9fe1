/**
 * Notes on a student's files (result.notes: data) as one sentence each, in the student's
 * language, from the catalogs: reading (i18n/<lang>/notes.ts), markers and splicing
 * (grader/splice's renderer) and the compiler (grader/compile's renderer).
 */
import type { CompileError } from "../compile/compile.ts";
import { renderCompileError } from "../../i18n/compile.ts";
import { renderSpliceIssue } from "../../i18n/splice.ts";
import type { Lang } from "../splice/markers.ts";
import type { SpliceIssue } from "../splice/splice.ts";
import type { FileNote } from "../result/result.ts";
import type { SubmissionNote } from "../submission/read.ts";
import * as en from "../../i18n/en/notes.ts";
import * as zh from "../../i18n/zh/notes.ts";

const LOCALES: Record<Lang, typeof en> = { en, zh };

export function renderNote(n: FileNote, lang: Lang): string {
  switch (n.kind) {
    case "submission":
      return LOCALES[lang].submissionNote(n.note as SubmissionNote);
    case "marker":
    case "file_missing":
      return renderSpliceIssue(n.issue as SpliceIssue, lang);
    case "compile":
      return renderCompileError(n.error as CompileError, lang);
    case "outside_changed":
      return LOCALES[lang].outsideChanged(n.file);
  }
}
