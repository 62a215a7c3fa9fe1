/**
 * The type check's caches (cache.ts): the compile worker bundled into one plain .mjs
 * (worker-bundle.ts) and V8's code cache of typescript.js (typescript.ts). Each runs in a
 * cache folder of its own, so what the repository's cache holds plays no part.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../root.ts";
import { SCALE_FILE, SCALE_PRISTINE, SCALE_REGION_LINE, SCALE_SOLUTION } from "../../fixtures/compile-sources.ts";
import { splice } from "../splice/splice.ts";

const dir = mkdtempSync(join(tmpdir(), "dnnlab-cache-test-"));
process.env.DNNLAB_CACHE_DIR = dir;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Imported after DNNLAB_CACHE_DIR is set: the folder is read once.
const { buildWorkerBundle, workerBundle } = await import("./worker-bundle.ts");
const { CompileWorker } = await import("./bounded.ts");
const { compileSubmission } = await import("./compile.ts");

const FILE = SCALE_FILE;
const SOLUTION = SCALE_SOLUTION;
const PRISTINE = SCALE_PRISTINE;
const TYPO = SOLUTION.replace(SCALE_REGION_LINE, "  y = x.mull(k);");

describe("the compile worker as a bundle (worker-bundle.ts)", () => {
  it("is not there at first; once built it is, and it lists what it was built from", async () => {
    expect(workerBundle()).toBeUndefined();
    expect(await buildWorkerBundle()).toBe(true);
    const path = workerBundle();
    expect(path).toMatch(new RegExp(`^${dir}/compile-worker-[0-9a-f]{12}\\.mjs$`));
    const manifest = JSON.parse(readFileSync(path!.replace(/\.mjs$/, ".json"), "utf8")) as { inputs: Record<string, string> };
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(["grader/compile/worker.ts", "grader/compile/compile.ts", "grader/splice/splice.ts"]));
    // The root is this checkout's, written in; nothing else of grader/root.ts is.
    expect(readFileSync(path!, "utf8")).toContain(`ROOT = ${JSON.stringify(ROOT)}`);
  });

  it("a bundle built from another version of an input is stale", () => {
    const path = workerBundle()!;
    const manifestPath = path.replace(/\.mjs$/, ".json");
    const original = readFileSync(manifestPath, "utf8");
    const manifest = JSON.parse(original) as { inputs: Record<string, string> };
    manifest.inputs["grader/compile/compile.ts"] = "0".repeat(40);
    writeFileSync(manifestPath, JSON.stringify(manifest));
    try {
      expect(workerBundle()).toBeUndefined();
    } finally {
      writeFileSync(manifestPath, original);
    }
    expect(workerBundle()).toBe(path);
  });

  it("a worker started from it charges a type error as the sources do", async () => {
    expect(workerBundle()).toBeDefined();
    const worker = new CompileWorker();
    try {
      const out = await worker.run([{ file: FILE, pristine: PRISTINE, submitted: TYPO }]);
      const inProcess = compileSubmission([splice(PRISTINE, TYPO, FILE)]);
      expect(out.ok).toBe(true);
      expect(out.ok && out.compiled).toEqual(inProcess);
      expect(inProcess.errors).toMatchObject([{ fn: "scale", line: 6, code: 2551 }]);
    } finally {
      await worker.close();
    }
  }, 60_000);
});

describe("typescript.js with V8's code cache (typescript.ts)", () => {
  it("is compiled from the cache a first check wrote, and checks the same", () => {
    const script = [
      'const { typescript, typeScriptFromCodeCache } = await import("./grader/compile/typescript.ts");',
      'const { compileSubmission } = await import("./grader/compile/compile.ts");',
      'const { splice } = await import("./grader/splice/splice.ts");',
      "const [pristine, typo] = JSON.parse(process.argv[1]);",
      'const errors = compileSubmission([splice(pristine, typo, "demo.ts")]).errors.map((e) => [e.fn, e.line, e.code]);',
      "console.log(JSON.stringify({ fromCache: typeScriptFromCodeCache(), version: typescript().version, errors }));",
    ].join("\n");
    const codeCache = mkdtempSync(join(tmpdir(), "dnnlab-cache-test-"));
    try {
      const run = () =>
        JSON.parse(
          execFileSync(process.execPath, ["--import", "tsx/esm", "--input-type=module", "-e", script, JSON.stringify([PRISTINE, TYPO])], {
            cwd: ROOT,
            env: { ...process.env, DNNLAB_CACHE_DIR: codeCache },
            encoding: "utf8",
          }),
        ) as { fromCache: boolean; version: string; errors: unknown[] };
      const first = run();
      const second = run();
      expect(first.fromCache).toBe(false);
      expect(second.fromCache).toBe(true);
      expect(second.version).toBe(first.version);
      expect(second.errors).toEqual([["scale", 6, 2551]]);
      expect(first.errors).toEqual(second.errors);
    } finally {
      rmSync(codeCache, { recursive: true, force: true });
    }
  }, 60_000);
});
