/**
 * The constant part of the child's bundle (runner + lib/, base-bundle.ts) and its V8 code
 * cache: made by a trusted helper, taken by V8 only from a node with the same flags, and a
 * cache V8 refuses (other flags, other node, junk) is only a normal compile.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheDir } from "../cache.ts";
import { BASE_CACHE_FILE, BASE_FILE, baseBundle, baseCache } from "./base-bundle.ts";
import { bundleSubmission } from "./bundle.ts";
import { childNode, childV8Flags, detectIsolation } from "./isolation.ts";
import { startSandbox } from "./sandbox.ts";

const src = (...lines: string[]) => lines.join("\n") + "\n";

const GOOD = src(
  `import { np, Matrix } from "../lib/np/index.ts";`,
  `export function ones(n: number): Matrix { return np.ones([n, 1]); }`,
  // One copy of lib/ in the child: the class the submission imports is the one the runner encodes.
  `export function same(): boolean { return np.ones([1, 1]) instanceof Matrix; }`,
);

/** Whether V8 in `node flags…` takes `cache` for the constant part in `dir`. */
function taken(dir: string, cache: Buffer, flags: string[]): boolean {
  const code = `const vm=require("vm"),fs=require("fs");const s=new vm.Script(fs.readFileSync(process.argv[1],"utf8"),{filename:process.argv[1],cachedData:fs.readFileSync(process.argv[2])});process.stdout.write(String(!s.cachedDataRejected))`;
  const file = join(dir, "probe.cache");
  writeFileSync(file, cache);
  return execFileSync(childNode(), [...flags, "-e", code, join(dir, BASE_FILE), file], { encoding: "utf8" }) === "true";
}

describe("the constant part and its code cache (issue 14.2)", () => {
  it("puts lib/ modules that import a package (lib/value.ts: zod) outside it", async () => {
    const base = await baseBundle();
    expect(base.libModules.has("lib/np/index.ts")).toBe(true);
    expect(base.libModules.has("lib/value.ts")).toBe(false);
    expect([...base.libModules].some((m) => m.endsWith(".test.ts"))).toBe(false);
    expect(base.warm).toContain("lib/np/index.ts");
  });

  it("makes a cache that V8 takes with the child's flags only", async () => {
    const b = await bundleSubmission({ "good.ts": GOOD });
    try {
      const support = await detectIsolation();
      const flags = childV8Flags(support, 192);
      const cache = await baseCache(b.base!.bundle, childNode(), flags);
      expect(cache).not.toBeNull();
      expect(taken(b.dir, cache!, flags)).toBe(true);
      // A V8 flag that changes compiled code (--max-old-space-size is in V8's flag hash on Node 20, not on 24).
      expect(taken(b.dir, cache!, [...flags, "--no-opt"])).toBe(false);
    } finally {
      await b.dispose();
    }
  });

  it("runs the submission from the cache, and from source when V8 refuses the cache", async () => {
    for (const cache of ["helper's", "other flags", "junk"] as const) {
      const b = await bundleSubmission({ "good.ts": GOOD });
      const sb = await startSandbox(b, { heapMb: 128 });
      try {
        const cacheFile = join(b.dir, BASE_CACHE_FILE);
        // The child starts on the first call: the cache can still be swapped for one V8 refuses.
        if (cache === "other flags") writeFileSync(cacheFile, (await baseCache(b.base!.bundle, childNode(), [...childV8Flags(await detectIsolation(), 128), "--no-opt"]))!);
        if (cache === "junk") writeFileSync(cacheFile, Buffer.alloc(readFileSync(cacheFile).length, 0x5a));
        const ones = await sb.call("good.ts", "ones", [2]);
        expect(ones.ok, `${cache}: ${JSON.stringify(ones)}`).toBe(true);
        expect(ones).toMatchObject({ value: { $matrix: { shape: [2, 1], data: [1, 1] } } });
        expect(await sb.call("good.ts", "same", [])).toMatchObject({ ok: true, value: true });
      } finally {
        await sb.close();
      }
    }
  });

  it("keeps the helper's cache in the cache folder: a later process takes it from there, a new part or node gets its own", async () => {
    const base = await baseBundle();
    const flags = childV8Flags(await detectIsolation(), 192);
    const made = await baseCache(base, childNode(), flags);
    expect(made).not.toBeNull();
    const kept = readdirSync(cacheDir()!).filter((f) => f.startsWith("sandbox-base-"));
    const same = kept.find((f) => readFileSync(join(cacheDir()!, f)).equals(made!));
    expect(same).toBeDefined();
    // What a later process reads (a copy of the part is a new key for the in-process memo, not for the folder).
    const planted = Buffer.from("kept bytes");
    writeFileSync(join(cacheDir()!, same!), planted);
    try {
      expect(await baseCache({ ...base }, childNode(), flags)).toEqual(planted);
      // Another constant part (lib/ edited) does not take it: the helper makes one.
      const other = await baseCache({ ...base, js: `${base.js}\n` }, childNode(), flags);
      expect(other).not.toBeNull();
      expect(other!.equals(planted)).toBe(false);
    } finally {
      writeFileSync(join(cacheDir()!, same!), made!);
    }
  }, 60_000);
});
