import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CompileWorker, type FileJob } from "./bounded.ts";
import { DEFAULT_HEAP_MB, buildSnapshot, snapshotBlob } from "./snapshot.ts";
import { ROOT } from "../root.ts";
import { SCALE_FILE, SCALE_PRISTINE, SCALE_REGION_LINE, SCALE_SOLUTION } from "../../fixtures/compile-sources.ts";

const FILE = SCALE_FILE;
const SOLUTION = SCALE_SOLUTION;
const PRISTINE = SCALE_PRISTINE;

const job = (region: string): FileJob[] => [{ file: FILE, pristine: PRISTINE, submitted: SOLUTION.replace(SCALE_REGION_LINE, region) }];

/** 30,000 nested parentheses: the TypeScript parser recurses once per level and overflows its stack. */
const DEEP_PARENS = `  y = x.mul(${"(".repeat(30_000)}k${")".repeat(30_000)});`;

/** Permutations of a 10-member union, 40 times over: the checker builds 3.6-million-member unions until the heap is gone. */
const UNION_BOMB = [
  '  type Perm<T, U = T> = [T] extends [never] ? [] : T extends T ? [T, ...Perm<Exclude<U, T>>] : never;',
  '  type L = "a" | "b" | "c" | "d" | "e" | "f" | "g" | "h" | "i";',
  ...Array.from({ length: 40 }, (_, i) => `  type P${i} = Perm<L | "x${i}">; const p${i}: P${i} = null!; void p${i};`),
  "  y = x.mul(k);",
].join("\n");

// Both places the compiler runs: a worker thread, and a process started from the snapshot.
beforeAll(async () => {
  for (const heapMb of [256, DEFAULT_HEAP_MB]) if (snapshotBlob(heapMb) === undefined) await buildSnapshot(heapMb);
}, 240_000);

describe.each(["thread", "snapshot"] as const)("CompileWorker in a %s: splice and compile under bounds (issue 13.5)", (transport) => {
  // A small heap so the bomb dies in seconds; the normal submission fits well within it.
  const worker = new CompileWorker({ maxHeapMb: 256, timeoutMs: 120_000, transport });
  afterAll(() => worker.close());

  it("runs where it was asked to", async () => {
    await worker.run(job("  y = x.mul(k);"));
    expect(worker.transport).toBe(transport);
  });

  it("compiles a good submission", async () => {
    const out = await worker.run(job("  y = x.mul(k);"));
    expect(out.ok && out.compiled.errors).toEqual([]);
    expect(out.ok && out.spliced[0].regions.map((r) => r.status)).toEqual(["spliced"]);
  });

  it("30,000 nested parentheses fail that submission with a reason, and the next one compiles", async () => {
    const bad = await worker.run(job(DEEP_PARENS));
    expect(bad).toMatchObject({ ok: false, reason: "stack_overflow" });
    const next = await worker.run(job("  y = x.mul(2 * k);"));
    expect(next.ok && next.compiled.errors).toEqual([]);
  });

  it("a heap-exhausting type fails that submission as out of memory, the thread is replaced, the next one compiles", async () => {
    const before = worker.restarts;
    const bad = await worker.run(job(UNION_BOMB));
    expect(bad).toMatchObject({ ok: false, reason: "out_of_memory" });
    expect(worker.restarts).toBe(before + 1);
    const next = await worker.run(job("  y = x.mul(k);"));
    expect(next.ok && next.compiled.errors).toEqual([]);
  }, 120_000);

  it("a job over its wall-clock bound fails as timeout", async () => {
    const hasty = new CompileWorker({ timeoutMs: 1, transport });
    try {
      expect(await hasty.run(job("  y = x.mul(k);"))).toMatchObject({ ok: false, reason: "timeout" });
    } finally {
      await hasty.close();
    }
  });

  it("a warm-up alone never keeps the process alive; a job waiting behind it does", () => {
    // In a process of its own: whether node exits is the behaviour under test.
    const script = (tail: string) =>
      [
        'const { CompileWorker } = await import("./bounded.ts");',
        `const w = new CompileWorker({ transport: "${transport}" });`,
        'void w.warm().then(() => console.log("warmed"));',
        tail,
      ].join("\n");
    const run = (tail: string) => {
      // A file, not -e: the worker inherits node's flags, and --input-type is for -e only.
      const path = join(ROOT, "grader", "compile", `.warm-test-${process.pid}.mts`);
      writeFileSync(path, script(tail));
      try {
        return execFileSync(process.execPath, ["--import", "tsx/esm", path], { cwd: ROOT, encoding: "utf8" }).trim().split("\n");
      } finally {
        rmSync(path, { force: true });
      }
    };
    // Nothing else to do: node exits at once, the warm-up unfinished.
    expect(run("")).toEqual([""]);
    // A job queued behind the warm-up holds the process open until both are done.
    const job = JSON.stringify([{ file: FILE, pristine: PRISTINE, submitted: SOLUTION }]);
    expect(run(`const out = await w.run(${job}); console.log(out.ok && out.compiled.errors.length === 0 ? "compiled" : JSON.stringify(out)); await w.close();`)).toEqual(["warmed", "compiled"]);
  }, 120_000);
});
