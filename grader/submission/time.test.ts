/** Submission times come from the instructor's side, never from a file the student controls unless asked. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSubmission } from "./read.ts";
import { TimestampsError, gitCommitTime, parseTimestampsCsv, resolveTimePolicy, submissionTime } from "./time.ts";

let dir: string;
const NOW = new Date("2026-12-05T12:00:00Z");
const WANTED = ["initialization.ts"];

function folder(name: string, opts: { claim?: string; mtime?: Date } = {}): string {
  const p = join(dir, name);
  mkdirSync(p, { recursive: true });
  writeFileSync(join(p, "initialization.ts"), "export {};\n");
  if (opts.claim) writeFileSync(join(p, "submission.json"), JSON.stringify({ submittedAt: opts.claim }));
  if (opts.mtime) utimesSync(join(p, "initialization.ts"), opts.mtime, opts.mtime);
  return p;
}

const timeOf = async (path: string, opts: Parameters<typeof submissionTime>[3] = {}, student = "s1") =>
  submissionTime(path, student, await readSubmission(path, WANTED), opts, NOW);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dnnlab-time-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("submission time", () => {
  it("never trusts a submission.json or the files' mtimes by default", async () => {
    const p = folder("plain", { claim: "2026-11-01T00:00:00Z", mtime: new Date("2026-11-02T00:00:00Z") });
    expect(await timeOf(p)).toEqual({ at: null, source: "none" });
  });

  it("uses them only when asked (--time-from)", async () => {
    const p = folder("asked", { claim: "2026-11-01T00:00:00Z", mtime: new Date("2026-11-02T00:00:00Z") });
    expect(await timeOf(p, { from: "submission-json" })).toEqual({ at: new Date("2026-11-01T00:00:00Z"), source: "submission-json" });
    expect(await timeOf(p, { from: "mtime" })).toEqual({ at: new Date("2026-11-02T00:00:00Z"), source: "mtime" });
  });

  it("ignores a submission.json below the top of the folder", async () => {
    const p = folder("deep");
    mkdirSync(join(p, "sub"));
    writeFileSync(join(p, "sub", "submission.json"), JSON.stringify({ submittedAt: "2026-11-01T00:00:00Z" }));
    expect(await timeOf(p, { from: "submission-json" })).toEqual({ at: null, source: "none" });
  });

  it("prefers the instructor's timestamps over everything in the folder", async () => {
    const p = folder("listed", { claim: "2026-11-01T00:00:00Z" });
    const timestamps = parseTimestampsCsv("student,submitted_at\ns1,2026-12-03T10:00:00+08:00\n");
    expect(await timeOf(p, { timestamps, from: "submission-json" })).toEqual({ at: new Date("2026-12-03T02:00:00Z"), source: "timestamps" });
  });

  it("flags a time dated after grading started and does not trust it", async () => {
    const p = folder("future", { mtime: new Date("2100-01-01T00:00:00Z") });
    expect(await timeOf(p, { from: "mtime" })).toEqual({ at: null, source: "mtime", future: new Date("2100-01-01T00:00:00Z") });
  });

  it("reads the commit time of a git repository, before the files' own times", async () => {
    const p = folder("repo");
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_AUTHOR_NAME: "s", GIT_AUTHOR_EMAIL: "s@example.edu", GIT_COMMITTER_NAME: "s", GIT_COMMITTER_EMAIL: "s@example.edu", GIT_COMMITTER_DATE: "2026-11-30T20:15:00+08:00", GIT_AUTHOR_DATE: "2026-11-30T20:15:00+08:00" };
    execFileSync("git", ["init", "-q", p], { env });
    execFileSync("git", ["-C", p, "add", "."], { env });
    execFileSync("git", ["-C", p, "commit", "-q", "-m", "hand in"], { env });
    expect(await gitCommitTime(p)).toEqual(new Date("2026-11-30T12:15:00Z"));
    expect(await timeOf(p, { from: "mtime" })).toEqual({ at: new Date("2026-11-30T12:15:00Z"), source: "git" });
  });

  it("is null for a folder whose .git is a file (it could point anywhere)", async () => {
    const p = folder("gitfile");
    writeFileSync(join(p, ".git"), "gitdir: /etc\n");
    expect(await gitCommitTime(p)).toBeNull();
  });
});

describe("timestamps file and options", () => {
  it("refuses a file without the columns, a time without an offset, a student twice", () => {
    expect(() => parseTimestampsCsv("id,time\ns1,2026-12-01T00:00:00Z\n")).toThrow(TimestampsError);
    expect(() => parseTimestampsCsv("student,submitted_at\ns1,2026-12-01 10:00\n")).toThrow(/offset/);
    expect(() => parseTimestampsCsv("student,submitted_at\ns1,2026-12-01T00:00:00Z\ns1,2026-12-02T00:00:00Z\n")).toThrow(/twice/);
  });

  it("reads quoted fields and a byte order mark", () => {
    const m = parseTimestampsCsv('\uFEFFsubmitted_at,student\r\n"2026-12-01T00:00:00Z","s,2"\r\n');
    expect(m.get("s,2")).toEqual(new Date("2026-12-01T00:00:00Z"));
  });

  it("resolves the deadline in force: --deadline, else the lab's", () => {
    expect(resolveTimePolicy({}, "2026-12-01T23:59:00+08:00")).toMatchObject({ deadline: new Date("2026-12-01T15:59:00Z"), deadlineFrom: "lab" });
    expect(resolveTimePolicy({ deadline: "2026-12-08T23:59:00+08:00" }, "2026-12-01T23:59:00+08:00")).toMatchObject({ deadlineFrom: "option" });
    expect(() => resolveTimePolicy({ deadline: "next friday" }, "2026-12-01T23:59:00+08:00")).toThrow(TimestampsError);
    expect(() => resolveTimePolicy({ timeFrom: "clock" }, "2026-12-01T23:59:00+08:00")).toThrow(/submission-json or mtime/);
  });
});
