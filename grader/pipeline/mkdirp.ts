import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

const codeOf = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | undefined)?.code;

/**
 * `mkdir -p` one level at a time: Node 20's `mkdir(…, { recursive: true })` never returns
 * (and spins a core) for a path under /proc, where creating fails with ENOENT under a folder
 * that exists. Throws the errno error of the level that failed.
 */
export async function mkdirp(path: string): Promise<void> {
  const missing: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    try {
      if ((await stat(p)).isDirectory()) break;
      throw Object.assign(new Error(`${p}: not a folder`), { code: "ENOTDIR" });
    } catch (err) {
      if (codeOf(err) !== "ENOENT" || dirname(p) === p) throw err;
      missing.unshift(p);
    }
  }
  for (const dir of missing) {
    try {
      await mkdir(dir);
    } catch (err) {
      if (codeOf(err) !== "EEXIST") throw err;
    }
  }
}

