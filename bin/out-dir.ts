/**
 * An output folder made ready before a command writes into it: created one level at a time
 * (grader/pipeline/mkdirp.ts: no endless loop under /proc) and probed with a small file, so
 * an --out that cannot be written (a file, /proc, read-only) is one clear line and exit 2.
 */
import { unlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { OutputError, codeOf } from "../grader/pipeline/write.ts";
import { mkdirp } from "../grader/pipeline/mkdirp.ts";
import { UsageError } from "./errors.ts";

export async function prepareOutDir(dir: string): Promise<string> {
  const path = resolve(dir);
  try {
    await mkdirp(path);
  } catch (err) {
    throw new UsageError(new OutputError(path, codeOf(err)).message);
  }
  const probe = join(path, `.dnnlab-write-test-${process.pid}`);
  try {
    await writeFile(probe, "");
    await unlink(probe);
  } catch (err) {
    throw new UsageError(new OutputError(path, codeOf(err)).message);
  }
  return path;
}
