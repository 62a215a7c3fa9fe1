/**
 * The shipped runs of the sample class (fixtures/experiment-runs): complete for every student the
 * demo trains, the same as training again, and what the notebooks say.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { materializeClass, submissionFiles } from "../fixtures/submissions/materialize.ts";
import { SAMPLE_CLASS } from "../fixtures/submissions/sample-class.ts";
import { parseExperimentFile } from "../reports/experiment-file.ts";
import * as initialization from "../solutions/initialization.ts";
import { checkFailures } from "./format.ts";
import { runExperiment } from "./run.ts";
import { EXPERIMENTS, EXPERIMENT_SPECS } from "./runs.ts";
import { neededRuns, placeSampleRuns, runKey, sampleRunPath, shippedRun } from "./sample-runs.ts";

const students = SAMPLE_CLASS.map((s) => ({ id: s.id, hostile: s.hostile !== undefined, files: submissionFiles(s) }));
const byId = (id: string) => students.find((s) => s.id === id)!;
const shipped = (experiment: (typeof EXPERIMENTS)[number], id: string) => {
  const text = shippedRun(experiment, runKey(experiment, byId(id).files[EXPERIMENT_SPECS[experiment].file] ?? null));
  expect(text, `${experiment} of ${id}`).toBeDefined();
  return parseExperimentFile(text!);
};

const work = mkdtempSync(join(tmpdir(), "dnnlab-sample-runs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the shipped sample runs", () => {
  it("cover every experiment of every sample student that is not hostile (else: node bin/run-ts.js experiments/sample-runs.ts)", () => {
    const missing = neededRuns(students)
      .filter((r) => !existsSync(sampleRunPath(r.experiment, r.key)))
      .map((r) => `${r.experiment} of ${r.student.id}`);
    expect(missing).toEqual([]);
  });

  it("share one run among the students whose code equals the reference, and not with a known bug", () => {
    const reference = runKey("initialization", readFileSync(join(import.meta.dirname, "..", "solutions", "initialization.ts"), "utf8"));
    expect(runKey("initialization", byId("s2026001").files["initialization.ts"])).toBe(reference);
    expect(runKey("initialization", byId("s2026007").files["initialization.ts"])).toBe(reference); // an optimization bug only
    expect(runKey("initialization", byId("s2026004").files["initialization.ts"])).not.toBe(reference);
  });

  it("agree with the notebooks for the reference (the checks of `dnnlab experiment --check`)", () => {
    for (const experiment of EXPERIMENTS) {
      const result = shipped(experiment, "s2026001");
      expect(result.rows.every((r) => r.skipped === undefined)).toBe(true);
      expect(checkFailures(result, EXPERIMENT_SPECS[experiment])).toEqual([]);
    }
  });

  it("are what training again gives (He initialisation of the reference)", () => {
    const again = runExperiment("initialization", initialization, { runs: ["he"] });
    const file = shipped("initialization", "s2026001");
    const row = file.rows.find((r) => r.run === "he")!;
    expect([row.train, row.test]).toEqual([again.rows[0].train, again.rows[0].test]);
    expect(file.curves.find((c) => c.run === "he")!.costs).toEqual(again.curves[0].costs);
    expect(file.boundaries.find((b) => b.run === "he")!.grid.z).toEqual(again.boundaries[0].grid.z);
  });

  it("show a known bug's effect: without the ×10, random initialisation trains like He", () => {
    const ok = shipped("initialization", "s2026001").rows.find((r) => r.run === "random")!;
    const bug = shipped("initialization", "s2026004").rows.find((r) => r.run === "random")!;
    expect(bug.train).not.toBe(ok.train);
  });

  it("say 'not written' for the untouched stubs instead of training", () => {
    const rows = shipped("initialization", "s2026002").rows;
    expect(rows.every((r) => r.skipped?.includes("not written yet"))).toBe(true);
  });

  it("are placed into each student's folder as `dnnlab experiment` writes them", () => {
    const two = SAMPLE_CLASS.filter((s) => ["s2026001", "s2026012"].includes(s.id));
    materializeClass(work, new Date("2026-12-14T00:00:00Z"), two);
    const { placed, notShipped } = placeSampleRuns(work, two.map((s) => s.id));
    // s2026012 (hostile) changed initialization.ts: that one is not run; its other files equal the reference
    expect(notShipped).toEqual([{ student: "s2026012", experiment: "initialization" }]);
    expect(placed).toBe(5);
    expect(readFileSync(join(work, "s2026012", "dnnlab-experiments", "optimization.json"), "utf8")).toBe(
      readFileSync(join(work, "s2026001", "dnnlab-experiments", "optimization.json"), "utf8"),
    );
  });
});
