/**
 * English text for notes on a submission's files that are neither marker nor compiler
 * issues (those have their own catalogs, markers.ts and compile.ts): what reading the
 * folder or zip refused, and changes outside the markers. Same keys as `../zh/notes.ts`.
 */
import type { SubmissionNote } from "../../grader/submission/read.ts";

export function submissionNote(n: SubmissionNote): string {
  switch (n.code) {
    case "too_large":
      return `${n.file} is ${n.bytes} bytes, over the ${n.limit}-byte limit; it was not read.`;
    case "symlink_ignored":
      return `${n.path} is a symbolic link; links are not followed, so it was ignored.`;
    case "unsafe_path":
      return `The zip entry ${n.path} points outside the submission folder; it was ignored.`;
    case "duplicate_file":
      return `Two copies of ${n.file}: graded ${n.used}, ignored ${n.ignored}.`;
    case "too_many_entries":
      return `The zip has more than ${n.limit} entries; the rest were not read.`;
    case "zip_too_large":
      return `The zip inflates past ${n.limit} bytes; reading stopped there.`;
  }
}

export const outsideChanged = (file: string): string =>
  `${file}: changes outside the START/END CODE HERE markers were ignored; only the code between them is graded.`;
