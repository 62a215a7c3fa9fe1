import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { materializeClass } from "../../fixtures/submissions/materialize.ts";
import { SAMPLE_CLASS } from "../../fixtures/submissions/sample-class.ts";
import { decode } from "../../lib/value.ts";
import { loadFixtures, loadLab } from "../labs/index.ts";
import { gradeSubmission } from "../pipeline/grade.ts";
import { renderFeedback } from "../feedback/feedback.ts";
import { callGraded } from "../sandbox/call.ts";
import { loadSolution } from "./generate.ts";
import type { Assignment } from "./schema.ts";
import { hiddenVariants, variantSeed } from "./variants.ts";

const SECRET = "a-course-secret-for-tests";
const fixtures = loadFixtures();
const casesFor = await hiddenVariants(fixtures, { secret: SECRET });
const hiddenOf = (student: string) => [...casesFor(student)].flatMap(([a, f]) => f.cases.filter((c) => c.hidden).map((c) => ({ a, c })));
const sharedOf = (a: string, id: string) => fixtures.get(a)!.cases.find((c) => c.id === id)!;

describe("variantSeed", () => {
  it("depends on the secret, the student, the case and the recipe's seed, and on nothing else", () => {
    const s = variantSeed(SECRET, "s1", "case", 3);
    expect(variantSeed(SECRET, "s1", "case", 3)).toBe(s);
    for (const other of [variantSeed("other", "s1", "case", 3), variantSeed(SECRET, "s2", "case", 3), variantSeed(SECRET, "s1", "case2", 3), variantSeed(SECRET, "s1", "case", 4)]) {
      expect(other).not.toBe(s);
    }
    expect(s).toBeGreaterThanOrEqual(0);
    expect(s).toBeLessThan(2 ** 32);
  });
});

describe("hiddenVariants", () => {
  it("gives each student other inputs on seeded hidden cases and the same ones on a regrade", () => {
    const a = hiddenOf("s2026001");
    const b = hiddenOf("s2026003");
    const varied = a.filter(({ c }, i) => JSON.stringify(c.args) !== JSON.stringify(b[i].c.args));
    expect(varied.length).toBeGreaterThan(a.length / 2);
    expect(JSON.stringify(hiddenOf("s2026001"))).toBe(JSON.stringify(a));
  });

  it("leaves visible cases as they are", () => {
    for (const [a, f] of casesFor("s2026001")) for (const c of f.cases.filter((x) => !x.hidden)) expect(c).toBe(sharedOf(a, c.id));
  });

  it("computes a variant's expected value with the reference on the variant's inputs", async () => {
    for (const { a, c } of hiddenOf("s2026042").filter(({ a, c }) => JSON.stringify(c.args) !== JSON.stringify(sharedOf(a, c.id).args)).slice(0, 6)) {
      const solution = await loadSolution(a as Assignment);
      expect(JSON.stringify(callGraded(solution, c.fn, c.args.map(decode)))).toBe(JSON.stringify(decode(c.expected)));
    }
  });
});

describe("grading with variants", () => {
  it("gives the reference full marks and a known bug the same loss, and shows no hidden value or the secret", async () => {
    const lab = loadLab("hw2-1", fixtures);
    const dir = mkdtempSync(join(tmpdir(), "dnnlab-variants-"));
    const students = SAMPLE_CLASS.filter((s) => s.id === "s2026001" || s.id === "s2026009");
    materializeClass(dir, new Date(lab.deadline), students);
    const ctx = { lab, fixtures, casesFor };
    const right = await gradeSubmission(join(dir, "s2026001"), ctx);
    expect(right.cases.filter((c) => c.earned < c.points).map((c) => c.id)).toEqual([]);
    const buggy = await gradeSubmission(join(dir, "s2026009"), ctx);
    const plain = await gradeSubmission(join(dir, "s2026009"), { lab, fixtures });
    expect(buggy.cases.map((c) => [c.id, c.earned])).toEqual(plain.cases.map((c) => [c.id, c.earned]));
    const text = JSON.stringify(buggy) + renderFeedback(buggy, lab, "en") + renderFeedback(buggy, lab, "zh");
    expect(text).not.toContain(SECRET);
    for (const c of buggy.cases.filter((x) => x.hidden && x.issue?.code === "mismatch")) {
      const m = (c.issue as { mismatch: { code: string; expected?: unknown } }).mismatch;
      if (m.code === "value_mismatch") expect(m.expected).toBeNull();
    }
  }, 120_000);
});
