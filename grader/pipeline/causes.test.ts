/**
 * Feedback names the real cause (issue 12.3): every test row of a function that does not
 * compile shows the compiler error at its line in the student's file; the rows of a
 * missing file say the file is missing; "not written yet" only for code not written.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFixtures, loadLab } from "../labs/index.ts";
import type { SubmissionResult } from "../result/result.ts";
import { ROOT } from "../root.ts";
import { gradeSubmission } from "./grade.ts";

const fixtures = loadFixtures();
const lab = loadLab("hw2-1", fixtures);
const HE_LINE = "parameters[\"W\" + l] = np.random.randn(layersDims[l], layersDims[l - 1]).mul(Math.sqrt(2 / layersDims[l - 1]));";
let dir: string;
let r: SubmissionResult;
let typoLine: number;
let throwLine: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dnnlab-causes-"));
  const sub = join(dir, "s-causes");
  mkdirSync(sub);
  const init = readFileSync(join(ROOT, "solutions", "initialization.ts"), "utf8");
  expect(init).toContain(HE_LINE);
  const broken = init.replace(HE_LINE, HE_LINE.replace("layersDims[l - 1]));", "layerDims[l - 1]));"));
  typoLine = broken.split("\n").findIndex((l) => l.includes("layerDims[l - 1]")) + 1;
  writeFileSync(join(sub, "initialization.ts"), broken);
  // A runtime error in updateParametersWithGd (line noted), the rest of the file untouched.
  const opt = readFileSync(join(ROOT, "exercises", "optimization.ts"), "utf8");
  const gdStub = /( *)(throw new Error\("updateParametersWithGd is not written yet[^\n]*)/;
  const withThrow = opt.replace(gdStub, '$1const w = parameters["W" + 1];\n$1throw new RangeError("bad step " + w.shape[0]);');
  expect(withThrow).not.toBe(opt);
  throwLine = withThrow.split("\n").findIndex((l) => l.includes("bad step")) + 1;
  writeFileSync(join(sub, "optimization.ts"), withThrow);
  // gradient-checking.ts left out
  r = await gradeSubmission(sub, { lab, fixtures, limits: { callTimeoutMs: 1500 } });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("feedback on the real cause", () => {
  it("shows the compiler error with the student's file:line on every row of the function", () => {
    const he = r.cases.filter((c) => c.fn === "initializeParametersHe");
    expect(he.length).toBeGreaterThan(1);
    for (const c of he) {
      expect(c.earned).toBe(0);
      expect(c.issue).toMatchObject({ code: "does_not_compile", fn: "initializeParametersHe", file: "initialization.ts", line: typoLine });
      expect((c.issue as { message: string }).message).toContain("layerDims");
    }
    // the file's note names the same line (the solution handed in differs from the exercise
    // outside the markers, so the spliced file's lines are not the student's)
    expect(r.notes.filter((n) => n.kind === "compile" && n.file === "initialization.ts")).toEqual([
      expect.objectContaining({ fn: "initializeParametersHe", line: typoLine, error: expect.objectContaining({ line: typoLine }) }),
    ]);
    // the other functions of the file still run and earn their points
    for (const c of r.cases.filter((c) => c.fn === "initializeParametersRandom")) expect(c.earned).toBe(c.points);
  });

  it("says the file is missing on the rows of its functions", () => {
    const gc = r.cases.filter((c) => c.fn.startsWith("gradientCheck") || c.fn.startsWith("forwardPropagation"));
    expect(gc.length).toBeGreaterThan(0);
    for (const c of gc) expect(c.issue).toMatchObject({ code: "file_missing", file: "gradient-checking.ts" });
  });

  it("gives a runtime error the student's file:line", () => {
    const gd = r.cases.filter((c) => c.fn === "updateParametersWithGd" && c.kind === "fixture");
    expect(gd.length).toBeGreaterThan(0);
    for (const c of gd) expect(c.issue).toMatchObject({ code: "threw", name: "RangeError", at: { file: "optimization.ts", line: throwLine } });
  });

  it("keeps 'not written' for untouched regions", () => {
    for (const c of r.cases.filter((c) => c.fn === "updateLr")) expect(c.issue).toMatchObject({ code: "not_written", fn: "updateLr" });
  });
});
