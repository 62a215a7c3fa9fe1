/**
 * Reading a submission: a folder or a .zip holding the exercise files. Only the files
 * a lab grades are read (by base name, at any depth), each capped in size; symlinks
 * are never followed; zip entries that escape the folder, are links, or inflate past
 * the caps are refused. Nothing is extracted to disk.
 */
import { lstat, readFile, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import yauzl from "yauzl";

export interface SubmissionLimits {
  /** largest exercise file read, in bytes */
  maxFileBytes: number;
  /** most zip entries looked at */
  maxEntries: number;
  /** most bytes inflated from a zip in all */
  maxTotalBytes: number;
  /** deepest folder level searched */
  maxDepth: number;
}

export const DEFAULT_SUBMISSION_LIMITS: SubmissionLimits = {
  maxFileBytes: 1 << 20,
  maxEntries: 2000,
  maxTotalBytes: 20 << 20,
  maxDepth: 6,
};

export type SubmissionNote =
  | { code: "too_large"; file: string; bytes: number; limit: number }
  | { code: "symlink_ignored"; path: string }
  | { code: "unsafe_path"; path: string }
  | { code: "duplicate_file"; file: string; used: string; ignored: string }
  | { code: "too_many_entries"; limit: number }
  | { code: "zip_too_large"; limit: number };

/**
 * Times found inside the submission. Every one of them is under the student's control, so
 * none is used unless the instructor asks (grader/submission/time.ts decides).
 */
export interface TimesInside {
  /** `submittedAt` of a submission.json at the top of the folder or zip */
  submissionJson: Date | null;
  /** the newest modification time of the graded files (folders) */
  newestMtime: Date | null;
  /** the newest entry time of the graded files (zips) */
  newestZipEntry: Date | null;
}

export interface SubmissionFiles {
  /** exercise file name → its bytes (absent when not submitted or refused) */
  files: Map<string, Uint8Array>;
  kind: "folder" | "zip";
  times: TimesInside;
  notes: SubmissionNote[];
}

export class SubmissionError extends Error {
  override name = "SubmissionError";
}

/** The student id of a submission path: its folder name, or the zip's name without .zip. */
export const studentIdOf = (path: string): string => basename(path).replace(/\.zip$/i, "");

/** Read the wanted exercise files of a folder or zip submission. */
export async function readSubmission(
  path: string,
  wanted: readonly string[],
  limits: SubmissionLimits = DEFAULT_SUBMISSION_LIMITS,
): Promise<SubmissionFiles> {
  const st = await lstat(path).catch(() => null);
  if (!st) throw new SubmissionError(`${path}: no such file or folder`);
  if (st.isSymbolicLink()) throw new SubmissionError(`${path}: is a symbolic link; submissions must be real folders or zips`);
  if (st.isDirectory()) return readFolder(path, wanted, limits);
  if (st.isFile() && /\.zip$/i.test(path)) return readZip(path, wanted, limits);
  throw new SubmissionError(`${path}: a submission is a folder or a .zip file`);
}

/** A submission.json at the top may say when it was submitted (trusted only with --time-from submission-json). */
function parseSubmittedAt(bytes: Uint8Array | undefined): Date | null {
  if (!bytes) return null;
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes)) as { submittedAt?: unknown };
    const d = typeof v.submittedAt === "string" ? new Date(v.submittedAt) : null;
    return d && !Number.isNaN(d.getTime()) ? d : null;
  } catch {
    return null;
  }
}

async function readFolder(root: string, wanted: readonly string[], limits: SubmissionLimits): Promise<SubmissionFiles> {
  const notes: SubmissionNote[] = [];
  const found = new Map<string, { path: string; depth: number; size: number; mtime: Date }>();
  const want = new Set([...wanted, "submission.json"]);
  // Breadth-first, so the shallowest copy of a file wins.
  let level: string[] = [root];
  for (let depth = 0; depth <= limits.maxDepth && level.length; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        const p = join(dir, e.name);
        if (e.isSymbolicLink()) {
          if (want.has(e.name)) notes.push({ code: "symlink_ignored", path: p.slice(root.length + 1) });
          continue;
        }
        if (e.isDirectory()) {
          if (e.name !== "node_modules" && !e.name.startsWith(".")) next.push(p);
          continue;
        }
        if (!e.isFile() || !want.has(e.name) || (e.name === "submission.json" && depth > 0)) continue;
        const s = await lstat(p);
        const prev = found.get(e.name);
        if (prev) {
          notes.push({ code: "duplicate_file", file: e.name, used: prev.path.slice(root.length + 1), ignored: p.slice(root.length + 1) });
          continue;
        }
        found.set(e.name, { path: p, depth, size: s.size, mtime: s.mtime });
      }
    }
    level = next;
  }
  const files = new Map<string, Uint8Array>();
  let newest: Date | null = null;
  let meta: Uint8Array | undefined;
  for (const [name, f] of found) {
    if (f.size > limits.maxFileBytes) {
      notes.push({ code: "too_large", file: name, bytes: f.size, limit: limits.maxFileBytes });
      continue;
    }
    const bytes = new Uint8Array(await readFile(f.path));
    if (name === "submission.json") meta = bytes;
    else {
      files.set(name, bytes);
      if (!newest || f.mtime > newest) newest = f.mtime;
    }
  }
  return { files, kind: "folder", times: { submissionJson: parseSubmittedAt(meta), newestMtime: newest, newestZipEntry: null }, notes };
}

/** Unix mode bits of a zip entry made on Unix (0 when unknown). */
const unixMode = (e: yauzl.Entry): number => (e.externalFileAttributes >>> 16) & 0xffff;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function readZip(path: string, wanted: readonly string[], limits: SubmissionLimits): Promise<SubmissionFiles> {
  const want = new Set([...wanted, "submission.json"]);
  const notes: SubmissionNote[] = [];
  const files = new Map<string, Uint8Array>();
  const depthOf = new Map<string, number>();
  let meta: Uint8Array | undefined;
  let newest: Date | null = null;
  let total = 0;
  let count = 0;
  return new Promise((resolve, reject) => {
    // decodeStrings: false, because yauzl's own name check fails the whole zip on one entry
    // named "../x" or "/x"; such an entry is refused below, with a note, and the rest graded.
    yauzl.open(path, { lazyEntries: true, autoClose: true, validateEntrySizes: true, decodeStrings: false }, (err, zip) => {
      if (err || !zip) return reject(new SubmissionError(`${basename(path)}: not a readable zip (${err?.message ?? "unknown error"})`));
      let finished = false;
      const done = (): void => {
        if (finished) return;
        finished = true;
        resolve({ files, kind: "zip", times: { submissionJson: parseSubmittedAt(meta), newestMtime: null, newestZipEntry: newest }, notes });
      };
      zip.on("error", (e: Error) => reject(new SubmissionError(`${basename(path)}: broken zip (${e.message})`)));
      zip.on("end", done);
      zip.on("entry", (entry: yauzl.Entry) => {
        if (++count > limits.maxEntries) {
          notes.push({ code: "too_many_entries", limit: limits.maxEntries });
          zip.close();
          return done();
        }
        const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false).replace(/\\/g, "/");
        const parts = name.split("/").filter(Boolean);
        if (name.startsWith("/") || /^[a-zA-Z]:/.test(name) || parts.includes("..")) {
          notes.push({ code: "unsafe_path", path: name });
          return zip.readEntry();
        }
        const base = parts.at(-1) ?? "";
        if (name.endsWith("/") || !want.has(base) || (base === "submission.json" && parts.length > 2)) return zip.readEntry();
        if ((unixMode(entry) & S_IFMT) === S_IFLNK) {
          notes.push({ code: "symlink_ignored", path: name });
          return zip.readEntry();
        }
        if (entry.uncompressedSize > limits.maxFileBytes) {
          notes.push({ code: "too_large", file: base, bytes: entry.uncompressedSize, limit: limits.maxFileBytes });
          return zip.readEntry();
        }
        const depth = parts.length;
        const prev = depthOf.get(base);
        if (prev !== undefined && prev <= depth) {
          notes.push({ code: "duplicate_file", file: base, used: "(shallower copy)", ignored: name });
          return zip.readEntry();
        }
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) {
            reject(new SubmissionError(`${basename(path)}: cannot read ${name} (${e2?.message ?? "unknown"})`));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on("data", (c: Buffer) => {
            size += c.length;
            total += c.length;
            // validateEntrySizes stops a lying header; this stops a bomb of many honest entries.
            if (size > limits.maxFileBytes || total > limits.maxTotalBytes) {
              stream.destroy();
              notes.push(total > limits.maxTotalBytes ? { code: "zip_too_large", limit: limits.maxTotalBytes } : { code: "too_large", file: base, bytes: size, limit: limits.maxFileBytes });
              zip.close();
              done();
              return;
            }
            chunks.push(c);
          });
          stream.on("error", (e3: Error) => reject(new SubmissionError(`${basename(path)}: ${name}: ${e3.message}`)));
          stream.on("end", () => {
            const bytes = new Uint8Array(Buffer.concat(chunks));
            if (base === "submission.json") meta = bytes;
            else {
              files.set(base, bytes);
              depthOf.set(base, depth);
              const t = entry.getLastModDate();
              if (!newest || t > newest) newest = t;
            }
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
