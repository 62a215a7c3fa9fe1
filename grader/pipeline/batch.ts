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
import { readFile, readdir } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import { ensureDir, sweepStaleTemps, writeAtomic } from "./write.ts";
import { type GradeContext, gradeSubmission } from "./grade.ts";
import { describeGradedWith, gradedWith, sameGradedWith } from "../cases/fingerprint.ts";
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

/** A result file read: the result, or why it is not one this dnnlab can read (and whether it says it is a result). */
type ResultFile = { result: SubmissionResult } | { unreadable: string; claimsResult: boolean };

async function readResultFile(path: string): Promise<ResultFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (err) {
    return { unreadable: err instanceof SyntaxError ? "not JSON" : ((err as NodeJS.ErrnoException).code ?? "cannot read"), claimsResult: false };
  }
  const parsed = SubmissionResultSchema.safeParse(json);
  if (parsed.success) return { result: parsed.data };
  const schema = (json as { schema?: unknown } | null)?.schema;
  const claimsResult = typeof schema === "string" && schema.startsWith("dnnlab.result/");
  if (schema !== "dnnlab.result/1") return { unreadable: `schema ${JSON.stringify(schema ?? null)?.slice(0, 40)}, not "dnnlab.result/1"`, claimsResult };
  const issue = parsed.error.issues[0];
  return { unreadable: `${issue?.path.join(".") || "(top)"}: ${issue?.message.slice(0, 80) ?? "not a result"}`, claimsResult };
}

/** A result file that parses and belongs to `lab`, else undefined (`--resume` regrades a broken file). */
export async function readResult(path: string, lab?: string): Promise<SubmissionResult | undefined> {
  const f = await readResultFile(path);
  return "result" in f && (lab === undefined || f.result.lab === lab) ? f.result : undefined;
}

/**
 * Files in a results folder that are not results this dnnlab can read: written by another
 * version of dnnlab, or damaged. Reading a class never skips them silently (a student would
 * drop out of the gradebook): the message names them and what to do.
 */
export class UnreadableResultsError extends Error {
  override name = "UnreadableResultsError";
  constructor(
    readonly folder: string,
    readonly files: readonly { name: string; reason: string }[],
  ) {
    const [first, ...rest] = files;
    const more = rest.length ? `; also ${rest.slice(0, 3).map((f) => f.name).join(", ")}${rest.length > 3 ? ` and ${rest.length - 3} more` : ""}` : "";
    super(
      `${files.length} file(s) in ${folder} are not results this dnnlab can read (${first!.name}: ${first!.reason}${more}): ` +
        "written by another dnnlab version or damaged; grade those students again (`dnnlab grade … --resume` with this --out regrades them) or move the files away",
    );
  }
}

/**
 * All results of `lab` (every lab without it) in <dir>/results, or <dir> itself when it holds
 * the JSON files. Throws UnreadableResultsError when a .json file of a results folder (or, in
 * <dir> itself, one that says it is a dnnlab result) is not a result this dnnlab can read.
 */
export async function readResults(dir: string, lab?: string): Promise<SubmissionResult[]> {
  const folder = existsSync(join(dir, "results")) ? join(dir, "results") : dir;
  const inResults = basename(folder) === "results";
  const names = (await readdir(folder)).filter((n) => n.endsWith(".json")).sort();
  const out: SubmissionResult[] = [];
  const unreadable: { name: string; reason: string }[] = [];
  for (const name of names) {
    const f = await readResultFile(join(folder, name));
    if ("unreadable" in f) {
      if (inResults || f.claimsResult) unreadable.push({ name, reason: f.unreadable });
    }
    else if (lab === undefined || f.result.lab === lab) out.push(f.result);
  }
  if (unreadable.length) throw new UnreadableResultsError(folder, unreadable);
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
  /** results already in `out` that other cases graded (other fixtures or --secret): graded again */
  outdated: string[];
  total: number;
  results: SubmissionResult[];
  ms: number;
}

/** A result the grader itself failed to produce (its sandbox could not start): regraded on resume. */
export const isInfrastructureFailure = (r: SubmissionResult): boolean => r.failure?.code === "infrastructure";

export async function gradeBatch(opts: BatchOptions): Promise<BatchSummary> {
  const t0 = Date.now();
  // Which cases grade this run, stored in every result. Without a name for the hidden variants'
  // secret (a caller that gives casesFor but no gradedWith) it stays unknown, and --resume trusts
  // earlier results as before.
  const gradedWithNow = opts.ctx.gradedWith ?? (opts.ctx.casesFor ? undefined : gradedWith(opts.ctx.fixtures, undefined));
  const ctx: GradeContext = gradedWithNow ? { ...opts.ctx, gradedWith: gradedWithNow } : opts.ctx;
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
  const outdated: string[] = [];
  const queue = [...mine];
  // The first output that cannot be written stops every worker after its current submission.
  let stopped: unknown;
  const worker = async (): Promise<void> => {
    for (let p = queue.shift(); p !== undefined && stopped === undefined; p = queue.shift()) {
      const student = studentIdOf(p);
      const path = resultPath(opts.out, student);
      const previous = opts.resume ? await readResult(path, ctx.lab.id) : undefined;
      const current = previous !== undefined && (gradedWithNow === undefined || sameGradedWith(previous.gradedWith, gradedWithNow));
      if (previous && !current) outdated.push(student);
      if (previous && current && !isInfrastructureFailure(previous)) {
        results.push(previous);
        skipped++;
        opts.onDone?.(previous, ++done, mine.length, true);
        continue;
      }
      try {
        const r = await gradeSubmission(p, ctx);
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
  return { graded: mine.length - skipped, skipped, outdated: outdated.sort(), total: mine.length, results, ms: Date.now() - t0 };
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
  // Every result graded with the same cases (fixtures, hidden-variant secret), or the gradebook mixes two gradings.
  const kinds = new Map<string, { example: string; from: string }>();
  for (const { r, from } of byStudent.values()) {
    const key = describeGradedWith(r.gradedWith);
    if (!kinds.has(key)) kinds.set(key, { example: r.student, from });
  }
  if (kinds.size > 1) {
    const list = [...kinds].map(([k, v]) => `${k} (e.g. ${v.example} in ${v.from})`).join("; ");
    throw new Error(`these results were graded with different cases: ${list}; regrade the odd shard with the same fixtures and --secret as the others`);
  }
  return [...byStudent.values()].map((v) => v.r).sort((a, b) => a.student.localeCompare(b.student));
}
