/**
 * The compile process started from a V8 startup snapshot (issue 14.1). A cold type check
 * spends most of its time before the student's first line: loading TypeScript, parsing and
 * binding lib.es*.d.ts and lib/, checking lib/ (~0.6 s of CPU, the longest path of a cold
 * `dnnlab check`). `node --build-snapshot` runs snapshot-entry.ts once, which does all
 * that, and writes the heap to a blob; a process started from the blob is there in ~0.1 s.
 *
 * The blob is taken only by the node binary that made it, so it is keyed by that binary
 * (path, version, size, time) and by this checkout; a manifest holds the SHA-1 of every
 * source it was built from (worker-bundle.ts's bundling, as a CommonJS script: a snapshot
 * is built from one script that requires only Node's own modules). Missing or stale: this
 * run uses the worker thread and a detached process builds it (one at a time: a lock file),
 * as `npm ci` does. A node that cannot build one leaves a manifest saying so, and the
 * thread is used until the sources change.
 *
 *   node bin/run-ts.js grader/compile/build-snapshot.ts [heap MB]     build it now (default 1536)
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../root.ts";
import { cacheDir, lockHeld, sha1, takeLock, writeCacheFile } from "../cache.ts";
import { bundleCompileSources, inputsFresh } from "./worker-bundle.ts";

type Paths = { blob: string; manifest: string; script: string; lock: string };

/** The default heap cap of the compiler (bounded.ts), in MB. */
export const DEFAULT_HEAP_MB = 1536;

/**
 * The V8 flags of the compile process. A snapshot starts only under the flags it was built
 * with, heap sizes included, so there is one snapshot per heap cap.
 */
export const snapshotFlags = (heapMb: number): string[] => [`--max-old-space-size=${heapMb}`, "--max-semi-space-size=16"];

function paths(dir: string, heapMb: number): Paths {
  const { size, mtimeMs } = statSync(process.execPath);
  const name = `compile-snapshot-${sha1([ROOT, process.execPath, process.version, process.arch, size, mtimeMs, ...snapshotFlags(heapMb)].join("\0")).slice(0, 12)}`;
  return { blob: join(dir, `${name}.blob`), manifest: join(dir, `${name}.json`), script: join(dir, `${name}.cjs`), lock: join(dir, `${name}.lock`) };
}

/**
 * What the snapshot read while it was built, besides the code bundled into it: warmUp()
 * parsed lib/ and the exercises' imports, and checked them under tsconfig.json, with the
 * TypeScript of the lock file. Hashed with the bundle's inputs, so an edited lib/ file makes
 * the snapshot stale as an edited grader file does.
 */
function readAtBuild(): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (rel: string) => {
    try {
      out[rel] = sha1(readFileSync(join(ROOT, rel)));
    } catch {
      out[rel] = "missing";
    }
  };
  for (const dir of ["lib", "exercises"]) {
    for (const f of readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" }).sort()) if (f.endsWith(".ts")) add(join(dir, f));
  }
  for (const f of ["tsconfig.json", "package-lock.json", join("node_modules", "typescript", "package.json"), BUILDER]) add(f);
  return out;
}

/** This file: how the snapshot is built is one of its inputs (a manifest without it is from an older builder). */
const BUILDER = join("grader", "compile", "snapshot.ts");

/**
 * What the manifest says, its inputs hashed once: "current" when the blob is there and every
 * input it was built from, this builder included, is unchanged; "failed" when this node could
 * not build a snapshot of these very sources; else "stale".
 */
function manifestState(p: Paths): "current" | "failed" | "stale" {
  let m: { inputs?: Record<string, string>; failed?: string };
  try {
    m = JSON.parse(readFileSync(p.manifest, "utf8")) as typeof m;
  } catch {
    return "stale";
  }
  if (!inputsFresh(p.manifest, p.manifest)) return "stale";
  if (m.failed !== undefined) return "failed";
  return BUILDER in (m.inputs ?? {}) && existsSync(p.blob) ? "current" : "stale";
}

/**
 * Build the snapshot into the cache folder (the manifest last). Returns the blob, or
 * undefined when there is no cache folder, another build holds the lock, or this node
 * cannot build one (recorded, with the reason, in the manifest).
 */
export async function buildSnapshot(heapMb = DEFAULT_HEAP_MB): Promise<string | undefined> {
  const dir = cacheDir();
  if (dir === undefined) return undefined;
  const p = paths(dir, heapMb);
  if (!takeLock(p.lock)) return undefined;
  const tag = `${process.pid}.${Math.random().toString(36).slice(2)}`;
  const [script, blob] = [`${p.script}.${tag}.tmp.cjs`, `${p.blob}.${tag}.tmp`];
  try {
    const before = readAtBuild();
    const built = await bundleCompileSources('import "./snapshot-entry.ts";\n', "cjs", { inlineTypeScript: true });
    if (built === undefined) return undefined;
    writeFileSync(script, "// dnnlab's compile process, bundled by grader/compile/snapshot.ts to build a V8 snapshot: a cache, safe to delete.\n" + built.code);
    const failure = await new Promise<string | undefined>((resolve) => {
      // Node warns about built-in modules it has not verified in snapshots; only an error's first lines are kept.
      let said = "";
      const child = spawn(process.execPath, [...snapshotFlags(heapMb), "--snapshot-blob", blob, "--build-snapshot", script], { cwd: dir, env: {}, timeout: 120_000, stdio: ["ignore", "ignore", "pipe"] });
      child.stderr.on("data", (d: Buffer) => (said = (said + d.toString()).slice(-4000)));
      child.on("error", (err) => resolve(err.message));
      child.on("close", (code, signal) => resolve(code === 0 ? undefined : `exit ${code ?? signal}: ${said.split("\n").find((l) => /Error/.test(l)) ?? ""}`.trim()));
    });
    // A file edited while the snapshot was built: which version it holds is unknown, so it is not kept.
    if (JSON.stringify(readAtBuild()) !== JSON.stringify(before)) return undefined;
    if (failure === undefined) renameSync(blob, p.blob);
    writeCacheFile(p.manifest, JSON.stringify({ inputs: { ...before, ...built.inputs }, ...(failure === undefined ? {} : { failed: failure }) }));
    return failure === undefined ? p.blob : undefined;
  } finally {
    rmSync(script, { force: true });
    rmSync(blob, { force: true });
    rmSync(p.lock, { force: true });
  }
}

const started = new Set<number>();

/**
 * The snapshot's blob when it is current for this node and these sources; otherwise
 * undefined, and (once per process, unless this node cannot build one) a detached build.
 * `DNNLAB_COMPILE_SNAPSHOT=off`: always undefined (the worker thread is used).
 */
export function snapshotBlob(heapMb = DEFAULT_HEAP_MB): string | undefined {
  if (process.env.DNNLAB_COMPILE_SNAPSHOT === "off") return undefined;
  const dir = cacheDir();
  if (dir === undefined) return undefined;
  const p = paths(dir, heapMb);
  const state = manifestState(p);
  if (state === "current") return p.blob;
  if (state === "failed" || started.has(heapMb) || lockHeld(p.lock)) return undefined;
  started.add(heapMb);
  try {
    const child = spawn(process.execPath, [join(ROOT, "bin", "run-ts.js"), join(ROOT, "grader", "compile", "build-snapshot.ts"), String(heapMb)], {
      cwd: ROOT,
      detached: true,
      stdio: "ignore",
      env: { ...process.env, DNNLAB_CACHE_DIR: dir, DNNLAB_SNAPSHOT_BUILD: "1" },
    });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // The next start tries again.
  }
  return undefined;
}
