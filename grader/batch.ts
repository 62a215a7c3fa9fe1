/**
 * Grading a class: every subfolder or .zip of a submissions folder is one student.
 * Submissions are graded concurrently (a pool of `workers`); each result is written to
 * <out>/results/<student>.json the moment it is done (temp file + rename, so a killed
 * run never leaves half a file), so `resume` can skip what is already graded. `shard`
 * picks every n-th submission of the sorted list, for a CI matrix; `merge` puts the
 * shards' results together.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rename, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { type GradeContext, gradeSubmission } from "./grade.ts";
import { type SubmissionResult, SubmissionResultSchema } from "./result.ts";
import { studentIdOf } from "./submission.ts";

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

/** Student submissions of a folder: subfolders and .zip files, sorted by name (hidden ones skipped). */
export async function listSubmissions(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => !e.name.startsWith(".") && (e.isDirectory() || (e.isFile() && /\.zip$/i.test(e.name))))
    .map((e) => join(dir, e.name))
    .sort((a, b) => studentIdOf(a).localeCompare(studentIdOf(b)));
}

/** The submissions one shard grades: positions i-1, i-1+n, … of the sorted list. */
export const pickShard = <T>(items: T[], shard?: Shard): T[] =>
  shard ? items.filter((_, k) => k % shard.count === shard.index - 1) : items;

export const resultPath = (out: string, student: string): string => join(out, "results", `${student}.json`);

/** Write a file so that readers see the old content or the new, never a half. */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
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

export async function gradeBatch(opts: BatchOptions): Promise<BatchSummary> {
  const t0 = Date.now();
  const all = await listSubmissions(opts.submissions);
  const mine = pickShard(all, opts.shard);
  await mkdir(join(opts.out, "results"), { recursive: true });
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
  const worker = async (): Promise<void> => {
    for (let p = queue.shift(); p !== undefined; p = queue.shift()) {
      const student = studentIdOf(p);
      const path = resultPath(opts.out, student);
      const previous = opts.resume ? await readResult(path, opts.ctx.lab.id) : undefined;
      if (previous) {
        results.push(previous);
        skipped++;
        opts.onDone?.(previous, ++done, mine.length, true);
        continue;
      }
      const r = await gradeSubmission(p, opts.ctx);
      await writeAtomic(path, `${JSON.stringify(r, null, 1)}\n`);
      results.push(r);
      opts.onDone?.(r, ++done, mine.length, false);
    }
  };
  const n = Math.max(1, Math.min(opts.workers ?? availableParallelism(), mine.length || 1));
  await Promise.all(Array.from({ length: n }, worker));
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
