/** Step "read": the lab's exercise files from the folder or zip. An unreadable submission fails here. */
import { SubmissionError, readSubmission } from "../../submission/read.ts";
import { submissionTime } from "../../submission/time.ts";
import { type GradeStep, filesOf } from "../state.ts";
import { submissionNote } from "./notes.ts";

export const readFiles: GradeStep = {
  name: "read",
  async run(s, ctx) {
    try {
      const read = await readSubmission(s.path, filesOf(ctx.lab));
      return { ...s, read, notes: [...s.notes, ...read.notes.map(submissionNote)] };
    } catch (err) {
      if (!(err instanceof SubmissionError)) throw err;
      return { ...s, failure: { code: "unreadable_submission", message: err.message } };
    }
  },
};

/** Step "submission time": from an instructor-side source, never the student's files unless asked. */
export const readSubmissionTime: GradeStep = {
  name: "submission time",
  async run(s, ctx) {
    if (!s.read) return s;
    return { ...s, time: await submissionTime(s.path, s.student, s.read, ctx.time ?? {}, ctx.startedAt ?? new Date()) };
  },
};
