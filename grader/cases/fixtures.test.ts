import { describe, expect, it } from "vitest";
import { decode } from "../../lib/value.ts";
import { compareValue } from "../judge/compare.ts";
import { callGraded } from "../sandbox/call.ts";
import { buildFixtureFile, loadSolution, readFixtureFile, serialize } from "./generate.ts";
import { RECIPES } from "./recipes/index.ts";
import type { Assignment } from "./schema.ts";
import { readFileSync } from "node:fs";
import { fixturePath } from "./generate.ts";

const assignments = Object.keys(RECIPES) as Assignment[];

describe.each(assignments)("fixtures/%s.json", (assignment) => {
  it("parses with the fixture schema and has unique ids", () => {
    const f = readFixtureFile(assignment);
    const ids = f.cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(f.cases.length).toBe(RECIPES[assignment]!.length);
  });

  it("is what the recipes and the reference solution give today (run `dnnlab fixtures` if not)", async () => {
    const want = serialize(await buildFixtureFile(assignment));
    expect(readFileSync(fixturePath(assignment), "utf8") === want).toBe(true);
  });

  it("has at least one visible and one hidden case for every graded function it tests", () => {
    const f = readFixtureFile(assignment);
    for (const fn of new Set(f.cases.map((c) => c.fn))) {
      const cases = f.cases.filter((c) => c.fn === fn);
      expect(cases.some((c) => !c.hidden), `${fn} visible`).toBe(true);
      expect(cases.some((c) => c.hidden), `${fn} hidden`).toBe(true);
    }
  });
});

describe.each(assignments)("notebook values of %s (COURSE-FACTS.md)", (assignment) => {
  const withValues = RECIPES[assignment]!.filter((r) => r.notebook?.length);
  it.each(withValues.map((r) => [r.id, r] as const))("%s reproduces the notebook", async (_id, recipe) => {
    const solution = await loadSolution(assignment);
    const output = callGraded(solution, recipe.fn, recipe.args().map((a) => a));
    for (const nb of recipe.notebook!) {
      const got = nb.pick(output as never);
      const mismatch = compareValue(got, nb.value, { rtol: nb.rtol, atol: nb.atol }, nb.what);
      expect(mismatch, `${recipe.id}: ${nb.what}`).toBeUndefined();
    }
  });
});

describe("fixture expected values", () => {
  it("decode back to what the solution returns (round trip through JSON)", async () => {
    for (const a of assignments) {
      const f = readFixtureFile(a);
      for (const c of f.cases.slice(0, 3)) expect(() => decode(c.expected)).not.toThrow();
    }
  });
});
