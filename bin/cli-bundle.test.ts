/**
 * The cached CLI bundle that `check` starts from (bin/cli-bundle.ts builds it,
 * bin/cli-cache.js finds it): it runs the same commands with the same output as the
 * sources, and it is never used once a file it was built from has changed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../grader/root.ts";
import { buildCliBundle } from "./cli-bundle.ts";
import { LOCK_STALE_MS as GRADER_LOCK_STALE_MS, cacheDir } from "../grader/cache.ts";
import { LOCK_STALE_MS, cacheFolder, cliCachePaths, freshCliBundle } from "./cli-cache.js";

const cache = mkdtempSync(join(tmpdir(), "dnnlab-cli-bundle-"));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

const run = (cmd: string, args: string[], env: Record<string, string> = {}) =>
  execa(process.execPath, [cmd, ...args], { cwd: ROOT, reject: false, env: { NO_COLOR: "1", CI: "1", ...env } });

let entry: string | undefined;
beforeAll(async () => {
  entry = await buildCliBundle(cache);
}, 60_000);

describe("the CLI bundle", () => {
  it("finds the cache folder and honours locks as the grader's caches do (plain JS cannot import them)", () => {
    expect(cacheFolder()).toBe(cacheDir());
    expect(cacheFolder(ROOT, { DNNLAB_CACHE_DIR: "off" })).toBeUndefined();
    expect(LOCK_STALE_MS).toBe(GRADER_LOCK_STALE_MS);
  });

  it("is built, and found fresh for this checkout", () => {
    expect(entry).toBeDefined();
    expect(existsSync(entry!)).toBe(true);
    expect(freshCliBundle(cache)).toBe(entry);
    const manifest = JSON.parse(readFileSync(cliCachePaths(cache).manifest, "utf8")) as { inputs: Record<string, string> };
    // Everything check reaches, by its path in the checkout: the CLI, the pipeline, the sandbox, lib/, the catalogs.
    for (const f of ["bin/main.ts", "bin/cli.ts", "grader/pipeline/check-folder.ts", "grader/sandbox/sandbox.ts", "lib/np/index.ts", "i18n/zh/feedback.ts", "package-lock.json", "bin/cli-bundle.ts"]) {
      expect(Object.keys(manifest.inputs)).toContain(f);
    }
  });

  it("prints the same --help and --version as the sources", async () => {
    for (const args of [["check", "--help"], ["--version"], ["grade", "--help"]]) {
      const fromBundle = await run(entry!, args);
      const fromSources = await run(join(ROOT, "bin", "dnnlab.js"), args, { DNNLAB_CACHE_DIR: "off" });
      expect(fromBundle.exitCode, args.join(" ")).toBe(0);
      expect(fromBundle.stdout, args.join(" ")).toBe(fromSources.stdout);
    }
  }, 60_000);

  it("checks a submission as the sources do (paths found from each module's own source file)", async () => {
    const args = ["check", join(ROOT, "solutions"), "--lab", "hw2-1", "--lang", "zh"];
    const fromBundle = await run(entry!, args, { DNNLAB_CACHE_DIR: cache });
    const fromSources = await run(join(ROOT, "bin", "dnnlab.js"), args, { DNNLAB_CACHE_DIR: "off" });
    expect(fromBundle.exitCode).toBe(0);
    expect(fromBundle.stdout).toMatch(/30 \/ 30|总分/);
    expect(fromBundle.stdout).toBe(fromSources.stdout);
  }, 120_000);

  it("is not used once an input changed, is missing, or the manifest is not one", () => {
    const { manifest } = cliCachePaths(cache);
    const good = readFileSync(manifest, "utf8");
    try {
      const m = JSON.parse(good) as { bundle: string; inputs: Record<string, string> };
      const first = Object.keys(m.inputs)[0]!;
      writeFileSync(manifest, JSON.stringify({ ...m, inputs: { ...m.inputs, [first]: "0".repeat(40) } }));
      expect(freshCliBundle(cache)).toBeUndefined();
      writeFileSync(manifest, JSON.stringify({ ...m, inputs: { ...m.inputs, "lib/gone.ts": "0".repeat(40) } }));
      expect(freshCliBundle(cache)).toBeUndefined();
      writeFileSync(manifest, JSON.stringify({ ...m, bundle: "../../elsewhere" }));
      expect(freshCliBundle(cache)).toBeUndefined();
      writeFileSync(manifest, JSON.stringify({ ...m, inputs: {} }));
      expect(freshCliBundle(cache)).toBeUndefined();
      writeFileSync(manifest, "{ not json");
      expect(freshCliBundle(cache)).toBeUndefined();
      writeFileSync(manifest, good);
      expect(freshCliBundle(cache)).toBe(entry);
    } finally {
      writeFileSync(manifest, good);
    }
  });

  it("builds once at a time: a live lock makes a second build step back, a lock left by a killed build is taken over", async () => {
    const { lock } = cliCachePaths(cache);
    writeFileSync(lock, "");
    try {
      expect(await buildCliBundle(cache)).toBeUndefined();
      const old = (Date.now() - LOCK_STALE_MS - 10_000) / 1000;
      utimesSync(lock, old, old);
      expect(await buildCliBundle(cache)).toBe(entry);
      expect(existsSync(lock)).toBe(false);
    } finally {
      rmSync(lock, { force: true });
    }
  }, 60_000);

  it("a stale bundle: dnnlab check runs from the sources and rebuilds in the background", async () => {
    const own = mkdtempSync(join(tmpdir(), "dnnlab-cli-bundle-stale-"));
    try {
      const r = await run(join(ROOT, "bin", "dnnlab.js"), ["check", "--help"], { DNNLAB_CACHE_DIR: own });
      expect(r.exitCode).toBe(0);
      // The rebuild is a detached process of its own: wait for its manifest (not a speed check).
      for (let i = 0; i < 600 && freshCliBundle(own) === undefined; i++) await new Promise((res) => setTimeout(res, 100));
      expect(freshCliBundle(own)).toBeDefined();
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  }, 90_000);
});
