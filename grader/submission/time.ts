/**
 * When a submission was handed in, from a source outside the student's content (DESIGN.md
 * Decisions): the instructor's timestamps file, else the repository's commit time when the
 * submission is a git repository, else the zip's entry times. A submission.json inside the
 * folder, or the files' modification times, only when the instructor asks (`--time-from`).
 * A time dated after the grading started is flagged and not trusted (no late penalty).
 */
import { parse } from "csv-parse/sync";
import { lstat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import type { SubmissionFiles } from "./read.ts";

import type { TimeSource } from "../result/result.ts";

/** What the instructor allows besides the default sources. */
export type TimeFrom = "submission-json" | "mtime";

export interface TimeOptions {
  /** student id → submitted at, from the instructor's timestamps CSV */
  timestamps?: ReadonlyMap<string, Date>;
  /** also trust a source inside the student's folder */
  from?: TimeFrom;
}

export interface SubmissionTime {
  /** the time used for the late penalty (null: unknown or not trusted) */
  at: Date | null;
  source: TimeSource;
  /** a time the source gave that lies after the grading started: not trusted */
  future?: Date;
}

export class TimestampsError extends Error {
  override name = "TimestampsError";
}

/** RFC 4180 records (quoted fields may hold commas, quotes and newlines), parsed by csv-parse; fields trimmed, blank rows dropped. */
function csvRecords(text: string): string[][] {
  try {
    return (parse(text, { relax_column_count: true, skip_empty_lines: true, record_delimiter: ["\r\n", "\n", "\r"], trim: true }) as string[][]).filter((r) => r.some((f) => f !== ""));
  } catch (err) {
    throw new TimestampsError(`not a CSV file: ${(err as Error).message}`);
  }
}

/** An instructor's timestamps CSV: a header with `student` and `submitted_at` (ISO 8601 with offset). */
export function parseTimestampsCsv(text: string, source = "timestamps file"): Map<string, Date> {
  let records: string[][];
  try {
    records = csvRecords(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new TimestampsError(`${source}: not a CSV file (${err instanceof Error ? err.message : String(err)})`);
  }
  const [header = [], ...body] = records;
  const si = header.indexOf("student");
  const ti = header.indexOf("submitted_at");
  if (si < 0 || ti < 0) throw new TimestampsError(`${source}: the first line must name the columns student and submitted_at`);
  const rows = body.map((r) => ({ student: r[si] ?? "", submitted_at: r[ti] ?? "" }));
  const out = new Map<string, Date>();
  rows.forEach((row, i) => {
    const student = row.student;
    const at = row.submitted_at;
    if (!student || !at) throw new TimestampsError(`${source}, row ${i + 2}: needs the columns student and submitted_at`);
    if (!ISO_WITH_OFFSET.test(at)) {
      throw new TimestampsError(`${source}, row ${i + 2}: "${at}" is not an ISO 8601 time with an offset (e.g. 2026-12-01T23:10:00+08:00)`);
    }
    if (out.has(student)) throw new TimestampsError(`${source}, row ${i + 2}: student ${student} is listed twice`);
    out.set(student, new Date(at));
  });
  return out;
}

/**
 * The time of the last commit of a submission that is a git repository (a `.git` folder at
 * its top; a `.git` file or link, which could point anywhere, is not followed). Git runs
 * read-only with no hooks, no fsmonitor, no system or global config and no environment
 * from the grader, under a time limit. Null when it is not a repository or git fails.
 */
export async function gitCommitTime(dir: string): Promise<Date | null> {
  const gitDir = join(dir, ".git");
  const st = await lstat(gitDir).catch(() => null);
  if (!st?.isDirectory()) return null;
  const r = await execa(
    "git",
    [
      "--git-dir",
      gitDir,
      "--work-tree",
      dir,
      "-c",
      "core.hooksPath=/dev/null",
      "-c",
      "core.fsmonitor=false",
      "-c",
      `safe.directory=${dir}`,
      "log",
      "-1",
      "--no-show-signature",
      "--format=%cI",
    ],
    {
      reject: false,
      timeout: 10_000,
      extendEnv: false,
      stdin: "ignore",
      maxBuffer: 1 << 16,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: tmpdir(),
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_OPTIONAL_LOCKS: "0",
        GIT_TERMINAL_PROMPT: "0",
        GIT_NO_REPLACE_OBJECTS: "1",
        GIT_CEILING_DIRECTORIES: dir,
      },
    },
  ).catch(() => null);
  if (!r || r.exitCode !== 0 || typeof r.stdout !== "string") return null;
  const d = new Date(r.stdout.trim());
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Pick the submission time by the rules above. `now` is when grading started. */
export async function submissionTime(path: string, student: string, read: SubmissionFiles, opts: TimeOptions, now: Date): Promise<SubmissionTime> {
  const pick = async (): Promise<{ at: Date | null; source: TimeSource }> => {
    const listed = opts.timestamps?.get(student);
    if (listed) return { at: listed, source: "timestamps" };
    if (read.kind === "folder") {
      const git = await gitCommitTime(path);
      if (git) return { at: git, source: "git" };
    }
    if (read.kind === "zip" && read.times.newestZipEntry) return { at: read.times.newestZipEntry, source: "zip" };
    if (opts.from === "submission-json" && read.times.submissionJson) return { at: read.times.submissionJson, source: "submission-json" };
    if (opts.from === "mtime" && read.times.newestMtime) return { at: read.times.newestMtime, source: "mtime" };
    return { at: null, source: "none" };
  };
  const t = await pick();
  if (t.at && t.at.getTime() > now.getTime()) return { at: null, source: t.source, future: t.at };
  return t;
}

/** What `grade --deadline/--timestamps/--time-from` resolve to. */
export interface TimePolicy {
  deadline: Date;
  /** where the deadline came from: "--deadline" or the lab file */
  deadlineFrom: "option" | "lab";
  time: TimeOptions;
}

const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

/**
 * The deadline in force and the time sources of a grading run, from the command's options.
 * Throws TimestampsError (a usage error) on a bad option.
 */
export function resolveTimePolicy(
  opts: { deadline?: string; timestampsCsv?: { path: string; text: string }; timeFrom?: string },
  labDeadline: string,
): TimePolicy {
  if (opts.deadline !== undefined && !ISO_WITH_OFFSET.test(opts.deadline)) {
    throw new TimestampsError(`--deadline takes an ISO 8601 time with an offset (e.g. 2026-12-01T23:59:00+08:00), got "${opts.deadline}"`);
  }
  if (opts.timeFrom !== undefined && opts.timeFrom !== "submission-json" && opts.timeFrom !== "mtime") {
    throw new TimestampsError(`--time-from takes submission-json or mtime, got "${opts.timeFrom}"`);
  }
  const time: TimeOptions = {
    ...(opts.timestampsCsv ? { timestamps: parseTimestampsCsv(opts.timestampsCsv.text, opts.timestampsCsv.path) } : {}),
    ...(opts.timeFrom ? { from: opts.timeFrom as TimeFrom } : {}),
  };
  return { deadline: new Date(opts.deadline ?? labDeadline), deadlineFrom: opts.deadline === undefined ? "lab" : "option", time };
}
