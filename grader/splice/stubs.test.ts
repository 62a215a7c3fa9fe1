import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseRegions } from "./markers.ts";
import { EXERCISES_DIR, SOLUTIONS_DIR, solutionFiles, staleExercises } from "./stubs.ts";

describe("exercises/", () => {
  it("is in sync with solutions/ (run `dnnlab stubs` if not)", () => {
    expect(staleExercises()).toEqual([]);
  });

  it("has exactly the regions of the solutions, with well-formed markers", () => {
    for (const f of solutionFiles()) {
      const sol = parseRegions(readFileSync(join(SOLUTIONS_DIR, f), "utf8"), f);
      const ex = parseRegions(readFileSync(join(EXERCISES_DIR, f), "utf8"), f);
      expect(sol.issues).toEqual([]);
      expect(ex.issues).toEqual([]);
      expect(ex.regions.map((r) => `${r.fn}#${r.index}`)).toEqual(sol.regions.map((r) => `${r.fn}#${r.index}`));
    }
  });

  it("throws 'is not written yet', naming the function, from every untouched graded function", async () => {
    const init = await import("../../exercises/initialization.ts");
    expect(() => init.initializeParametersHe([2, 4, 1])).toThrow(
      "initializeParametersHe is not written yet: write your code between START CODE HERE and END CODE HERE",
    );
    expect(() => init.initializeParametersZeros([2, 1])).toThrow(/initializeParametersZeros is not written yet/);
    const gc = await import("../../exercises/gradient-checking.ts");
    expect(() => gc.gradientCheck(2, 4)).toThrow(/gradientCheck is not written yet/);
  });

  it("ships backwardPropagationN with the two planted mistakes instead of a placeholder", () => {
    const text = readFileSync(join(EXERCISES_DIR, "gradient-checking.ts"), "utf8");
    const region = parseRegions(text, "gradient-checking.ts").regions.find((r) => r.fn === "backwardPropagationN")!;
    expect(region.body).toContain(".mul(1 / m).mul(2)");
    expect(region.body).toContain(".mul(4 / m)");
    expect(region.body).not.toContain("not written yet");
  });
});
