/**
 * Writing a batch's outputs: files that readers see whole or not at all, folders made
 * one level at a time, and errors that name the path and what to do. Kept apart from
 * batch.ts so the CLI can report an unwritable --out without loading the grader.
 */
import { readdir, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mkdirp } from "./mkdirp.ts";

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

export const codeOf = (err: unknown): string => (typeof err === "object" && err !== null && typeof (err as { code?: unknown }).code === "string" ? (err as { code: string }).code : "EUNKNOWN");

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
