// The cached bundle of the CLI (built by bin/cli-bundle.ts), looked up before anything else
// loads: plain JavaScript, so that a fresh bundle starts without tsx. tsx's loader costs
// ~0.2 s to start and resolves and transforms each of the CLI's ~200 modules through its
// hooks thread; the bundle is a handful of plain ES modules (issue 14.1: cold `check`).
//
// A bundle is used only when every file it was built from still has the SHA-1 recorded in
// its manifest: an edited source means the sources run (through tsx) and a rebuild starts
// in the background, so no run ever executes code older than the checkout.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The checkout this file belongs to. */
export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** The commands that run from the bundle: those that never import a .ts file at run time. */
export const BUNDLED_COMMANDS = new Set(["check"]);

/**
 * The cache folder, as grader/cache.ts chooses it (a test holds the two together): $DNNLAB_CACHE_DIR, "off" for
 * none, else node_modules/.cache/dnnlab of the checkout. Undefined when off or not makeable
 * (or, with `create` false, not there).
 */
export function cacheFolder(root = ROOT, env = process.env, create = true) {
  const wanted = env.DNNLAB_CACHE_DIR;
  if (wanted === "off") return undefined;
  const dir = wanted ?? join(root, "node_modules", ".cache", "dnnlab");
  try {
    if (!create) return existsSync(dir) ? dir : undefined;
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    return dir;
  } catch {
    return undefined;
  }
}

export const sha1 = (data) => createHash("sha1").update(data).digest("hex");

/** The manifest's and the build lock's paths: one per checkout, so checkouts may share a cache folder. */
export function cliCachePaths(dir, root = ROOT) {
  const name = `cli-${sha1(root).slice(0, 12)}`;
  return { manifest: join(dir, `${name}.json`), lock: join(dir, `${name}.lock`) };
}

/**
 * The bundle's entry when the manifest in `dir` names a bundle that exists and whose every
 * input is unchanged; otherwise undefined.
 */
export function freshCliBundle(dir, root = ROOT) {
  try {
    const m = JSON.parse(readFileSync(cliCachePaths(dir, root).manifest, "utf8"));
    if (m?.version !== 1 || typeof m.bundle !== "string" || !/^cli-[0-9a-f]{40}$/.test(m.bundle)) return undefined;
    const entry = join(dir, m.bundle, "main.mjs");
    const inputs = Object.entries(m.inputs ?? {});
    if (inputs.length === 0 || !existsSync(entry)) return undefined;
    for (const [rel, hash] of inputs) if (sha1(readFileSync(join(root, rel))) !== hash) return undefined;
    return entry;
  } catch {
    return undefined;
  }
}

/** A lock younger than this is a build under way (grader/cache.ts's, which this file cannot import). */
export const LOCK_STALE_MS = 120_000;

/**
 * Start a rebuild in a process of its own, detached and silent, unless one is under way:
 * the command that found the bundle stale neither waits for it nor shares its output.
 */
export function rebuildInBackground(dir, root = ROOT) {
  try {
    if (Date.now() - statSync(cliCachePaths(dir, root).lock).mtimeMs < LOCK_STALE_MS) return;
  } catch {
    // no lock: nobody is building
  }
  try {
    const child = spawn(process.execPath, [join(root, "bin", "run-ts.js"), join(root, "bin", "cli-bundle.ts")], {
      cwd: root,
      detached: true,
      stdio: "ignore",
      env: { ...process.env, DNNLAB_CACHE_DIR: dir },
    });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // The next run tries again; this one runs from the sources either way.
  }
}
