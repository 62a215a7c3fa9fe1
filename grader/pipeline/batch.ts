/**
 * Grading a class: every subfolder or .zip of a submissions folder is one student.
 * Submissions are graded concurrently (a pool of `workers`); each result is written to
 * <out>/results/<student>.json the moment it is done (temp file + rename, so a killed
 * run never leaves half a file), so `resume` can skip what is already graded. `shard`
 * picks every n-th submission of the sorted list, for a CI matrix; `merge` puts the
 * shards' results together.
 *
 * Faults: a run killed at any point leaves only whole result files, plus perhaps a
 * `<file>.<pid>.<random>.tmp` that the next run removes (`sweepStaleTemps`) once its
 * writer is dead; `--resume` then grades exactly the students without a result (and
 * those whose grading failed for the grader's own reasons). An output that cannot be
 * written (full disk, read-only, not a folder) stops the batch with an `OutputError`
 * naming the path and the reason; files already there are left as they were.
 */
import { existsSync, statSync } from "node:fs";
import { mkdir, readFile, readdir, rename, unlink, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { mkdirp } from "./mkdirp.ts";
import { type GradeContext, gradeSubmission } from "./grade.ts";
import { type SubmissionResult, SubmissionResultSchema } from "../result/result.ts";
import { studentIdOf } from "../submission/read.ts";

export interface Shard {
  /** 1-based index of this shard */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new Error(`--shard must look like i/n with 1 ≤ i ≤ n (e.g. 2/8), got "${text}"`);
  }
  return { index, count };
}

/** A link to a folder or a .zip: listed, so that it is graded as unreadable rather than silently left out. */
function isLinkedSubmission(path: string, name: string): boolean {
  if (/\.zip$/i.test(name)) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a dangling link
  }
}

/**
 * Student submissions of a folder: subfolders and .zip files, sorted by name (hidden ones
 * skipped). Symbolic links to either are listed too: grading refuses them with a message
 * (a link may point at the solutions or at another student), which beats a student who is
 * missing from the gradebook without a word.
 */
export async function listSubmissions(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter(
      (e) =>
        !e.name.startsWith(".") &&
        (e.isDirectory() || (e.isFile() && /\.zip$/i.test(e.name)) || (e.isSymbolicLink() && isLinkedSubmission(join(dir, e.name), e.name))),
    )
    .map((e) => join(dir, e.name))
    .sort((a, b) => studentIdOf(a).localeCompare(studentIdOf(b)));
}

/** The submissions one shard grades: positions i-1, i-1+n, … of the sorted list. */
export const pickShard = <T>(items: T[], shard?: Shard): T[] =>
  shard ? items.filter((_, k) => k % shard.count === shard.index - 1) : items;

export const resultPath = (out: string, student: string): string => join(out, "results", `${student}.json`);

// ---------------------------------------------------------------- writing outputs

/** Why an output could not be written, in words; the errno codes a user can do something about. */
const WRITE_FAILURES: Record<string, { reason: string; fix: string }> = {
  ENOSPC: { reason: "no space left on the device", fix: "free some space or choose another --out" },
  EDQUOT: { reason: "disk quota exceeded", fix: "free some space or choose another --out" },
  EFBIG: { reason: "file too large for this file system or limit", fix: "choose another --out" },
  EROFS: { reason: "read-only file system", fix: "choose a writable --out" },
  EACCES: { reason: "permission denied", fix: "choose a writable --out" },
  EPERM: { reason: "operation not permitted", fix: "choose a writable --out" },
  ENOTDIR: { reason: "a part of the path is a file, not a folder", fix: "choose another --out" },
  EISDIR: { reason: "it is a folder", fix: "choose another --out" },
  ENOENT: { reason: "its folder does not exist and cannot be created there (or was removed while grading)", fix: "choose another --out" },
  EIO: { reason: "input/output error", fix: "check the disk or choose another --out" },
  EMFILE: { reason: "too many open files", fix: "raise the limit (ulimit -n) or use fewer --workers" },
};

/** An output file or folder that could not be written: the batch stops, nothing is left half-written. */
export class OutputError extends Error {
  override name = "OutputError";
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    const known = WRITE_FAILURES[code];
    super(`cannot write ${path}: ${known?.reason ?? "write failed"} (${code}); ${known?.fix ?? "choose another --out"}`);
  }
}

const codeOf = (err: unknown): string => (typeof err === "object" && err !== null && typeof (err as { code?: unknown }).code === "string" ? (err as { code: string }).code : "EUNKNOWN");

/** `mkdir -p`, failing with an OutputError. */
export async function ensureDir(path: string): Promise<void> {
  try {
    await mkdirp(path);
  } catch (err) {
    throw new OutputError(path, codeOf(err));
  }
}

/** What writeAtomic writes with; tests inject failures (a full disk, a read-only folder). */
export interface WriteIo {
  writeFile: (path: string, text: string) => Promise<void>;
  rename: (from: string, to: string) => Promise<void>;
  unlink: (path: string) => Promise<void>;
}
const realIo: WriteIo = { writeFile: (p, t) => writeFile(p, t), rename, unlink };

const TMP_SUFFIX = /\.(\d+)\.[a-z0-9]+\.tmp$/;

/**
 * Write a file so that readers see the old content or the new, never a half: a temp file
 * next to it, then rename. On failure (ENOSPC halfway, EROFS, …) the temp file is removed,
 * the old file is untouched, and an OutputError says which path and why.
 */
export async function writeAtomic(path: string, text: string, io: WriteIo = realIo): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await io.writeFile(tmp, text);
    await io.rename(tmp, path);
  } catch (err) {
    await io.unlink(tmp).catch(() => undefined);
    throw err instanceof OutputError ? err : new OutputError(path, codeOf(err));
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return codeOf(err) === "EPERM";
  }
};

/**
 * Remove the temp files writeAtomic left in `dir` when its process was killed between
 * write and rename; a temp file whose writer is still running (another shard grading into
 * the same folder) is left alone. Returns how many were removed.
 */
export async function sweepStaleTemps(dir: string): Promise<number> {
  let removed = 0;
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const m = TMP_SUFFIX.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    await unlink(join(dir, name)).then(
      () => removed++,
      () => undefined,
    );
  }
  return removed;
}

/** A result file that parses and belongs to `lab`, else undefined (a broken file is regraded). */
export async function readResult(path: string, lab?: string): Promise<SubmissionResult | undefined> {
  try {
    const r = SubmissionResultSchema.parse(JSON.parse(await readFile(path, "utf8")));
    return lab === undefined || r.lab === lab ? r : undefined;
  } catch {
    return undefined;
  }
}

/** All valid results in <dir>/results (or <dir> itself when it holds the JSON files). */
export async function readResults(dir: string, lab?: string): Promise<SubmissionResult[]> {
  const folder = existsSync(join(dir, "results")) ? join(dir, "results") : dir;
  const names = (await readdir(folder)).filter((n) => n.endsWith(".json")).sort();
  const out: SubmissionResult[] = [];
  for (const n of names) {
    const r = await readResult(join(folder, n), lab);
    if (r) out.push(r);
  }
  return out;
}

export interface BatchOptions {
  submissions: string;
  out: string;
  ctx: GradeContext;
  workers?: number;
  shard?: Shard;
  resume?: boolean;
  /** called after each submission (for progress) */
  onDone?: (r: SubmissionResult, done: number, total: number, skipped: boolean) => void;
}

export interface BatchSummary {
  graded: number;
  skipped: number;
  total: number;
  results: SubmissionResult[];
  ms: number;
}

/** A result the grader itself failed to produce (its sandbox could not start): regraded on resume. */
export const isInfrastructureFailure = (r: SubmissionResult): boolean => r.failure?.code === "infrastructure";

export async function gradeBatch(opts: BatchOptions): Promise<BatchSummary> {
  const t0 = Date.now();
  const all = await listSubmissions(opts.submissions);
  const mine = pickShard(all, opts.shard);
  await ensureDir(join(opts.out, "results"));
  await sweepStaleTemps(join(opts.out, "results"));
  const seen = new Map<string, string>();
  for (const p of mine) {
    const id = studentIdOf(p);
    if (seen.has(id)) throw new Error(`two submissions for student ${id}: ${seen.get(id)} and ${p}`);
    seen.set(id, p);
  }
  const results: SubmissionResult[] = [];
  let done = 0;
  let skipped = 0;
  const queue = [...mine];
  // The first output that cannot be written stops every worker after its current submission.
  let stopped: unknown;
  const worker = async (): Promise<void> => {
    for (let p = queue.shift(); p !== undefined && stopped === undefined; p = queue.shift()) {
      const student = studentIdOf(p);
      const path = resultPath(opts.out, student);
      const previous = opts.resume ? await readResult(path, opts.ctx.lab.id) : undefined;
      if (previous && !isInfrastructureFailure(previous)) {
        results.push(previous);
        skipped++;
        opts.onDone?.(previous, ++done, mine.length, true);
        continue;
      }
      try {
        const r = await gradeSubmission(p, opts.ctx);
        await writeAtomic(path, `${JSON.stringify(r, null, 1)}\n`);
        results.push(r);
        opts.onDone?.(r, ++done, mine.length, false);
      } catch (err) {
        stopped ??= err;
      }
    }
  };
  const n = Math.max(1, Math.min(opts.workers ?? availableParallelism(), mine.length || 1));
  await Promise.all(Array.from({ length: n }, worker));
  if (stopped !== undefined) throw stopped;
  results.sort((a, b) => a.student.localeCompare(b.student));
  return { graded: mine.length - skipped, skipped, total: mine.length, results, ms: Date.now() - t0 };
}

/**
 * Results of several shard folders as one class. The same student in two shards is an
 * error unless both results are equal apart from timings.
 */
export async function mergeResults(dirs: string[], lab?: string): Promise<SubmissionResult[]> {
  const byStudent = new Map<string, { r: SubmissionResult; from: string }>();
  const strip = (r: SubmissionResult): string => JSON.stringify({ ...r, gradedAt: "", durationMs: 0 });
  for (const d of dirs) {
    for (const r of await readResults(d, lab)) {
      const prev = byStudent.get(r.student);
      if (prev && strip(prev.r) !== strip(r)) {
        throw new Error(`student ${r.student} was graded in both ${prev.from} and ${d} with different results; regrade one shard`);
      }
      byStudent.set(r.student, { r, from: d });
    }
  }
  return [...byStudent.values()].map((v) => v.r).sort((a, b) => a.student.localeCompare(b.student));
}
