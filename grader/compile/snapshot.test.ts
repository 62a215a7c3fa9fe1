/**
 * The compiler started from a V8 snapshot (snapshot.ts): the same verdicts as the worker
 * thread on the whole sample class, and never started from a snapshot of other sources.
 */
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_CLASS } from "../../fixtures/submissions/sample-class.ts";
import { submissionFiles } from "../../fixtures/submissions/materialize.ts";
import { exerciseFor } from "../splice/stubs.ts";
import { CompileWorker, type FileJob } from "./bounded.ts";
import { LOCK_STALE_MS, cacheDir, lockHeld } from "../cache.ts";
import { buildSnapshot, snapshotBlob } from "./snapshot.ts";

let blob: string | undefined;
beforeAll(async () => {
  blob = snapshotBlob() ?? (await buildSnapshot());
}, 120_000);

const thread = new CompileWorker({ transport: "thread" });
const snapshot = new CompileWorker({ transport: "snapshot" });
afterAll(async () => {
  await thread.close();
  await snapshot.close();
});

const FILES = ["initialization.ts", "gradient-checking.ts", "optimization.ts", "regularization.ts"];

describe("the compile snapshot", () => {
  it("is built for this node and these sources", () => {
    expect(blob).toBeDefined();
    expect(snapshotBlob()).toBe(blob);
  });

  it("splices and compiles every sample student as the worker thread does (errors, lines, placeholders)", async () => {
    let withErrors = 0;
    for (const s of SAMPLE_CLASS) {
      const files = submissionFiles(s);
      const jobs: FileJob[] = FILES.map((file) => ({ file, pristine: exerciseFor(file), submitted: files[file] ?? null }));
      const [a, b] = await Promise.all([thread.run(jobs), snapshot.run(jobs)]);
      expect(b, s.id).toEqual(a);
      if (a.ok && a.compiled.errors.length > 0) withErrors++;
    }
    // The class has students whose code does not compile: the comparison covers diagnostics, not only clean files.
    expect(withErrors).toBeGreaterThan(0);
    expect(snapshot.transport).toBe("snapshot");
    expect(thread.transport).toBe("thread");
  }, 300_000);

  it("is not used once a source it was built from changed, or when turned off", () => {
    const dir = cacheDir()!;
    const manifest = `${blob!.slice(0, -".blob".length)}.json`;
    expect(manifest.startsWith(dir)).toBe(true);
    const good = readFileSync(manifest, "utf8");
    try {
      const m = JSON.parse(good) as { inputs: Record<string, string> };
      // What warmUp() parsed into it counts as much as the code bundled into it.
      for (const f of ["grader/compile/compile.ts", "lib/np/ops.ts", "exercises/regularization.ts", "tsconfig.json", "package-lock.json", "grader/compile/snapshot.ts"]) {
        expect(Object.keys(m.inputs), f).toContain(f);
        writeFileSync(manifest, JSON.stringify({ inputs: { ...m.inputs, [f]: "0".repeat(40) } }));
        expect(snapshotBlob(), f).toBeUndefined();
      }
      const { ["grader/compile/snapshot.ts"]: _builder, ...older } = m.inputs;
      writeFileSync(manifest, JSON.stringify({ inputs: older }));
      expect(snapshotBlob()).toBeUndefined();
      writeFileSync(manifest, JSON.stringify({ ...m, failed: "exit 1" }));
      expect(snapshotBlob()).toBeUndefined();
      writeFileSync(manifest, good);
      expect(snapshotBlob()).toBe(blob);
      process.env.DNNLAB_COMPILE_SNAPSHOT = "off";
      expect(snapshotBlob()).toBeUndefined();
    } finally {
      delete process.env.DNNLAB_COMPILE_SNAPSHOT;
      writeFileSync(manifest, good);
    }
  });

  it("a build lock holds while it is young; one left by a killed build does not keep a rebuild from starting", () => {
    const dir = mkdtempSync(join(tmpdir(), "dnnlab-lock-"));
    try {
      const lock = join(dir, "x.lock");
      expect(lockHeld(lock)).toBe(false);
      writeFileSync(lock, "");
      expect(lockHeld(lock)).toBe(true);
      const old = (Date.now() - LOCK_STALE_MS - 10_000) / 1000;
      utimesSync(lock, old, old);
      expect(lockHeld(lock)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
