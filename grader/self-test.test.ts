/**
 * The self-test matrix: the sample class graded end to end (splice, compile, sandbox,
 * judge). The reference solutions score 100%, untouched stubs 0, each known-bug
 * submission loses points on exactly the functions it breaks, and correct variants keep
 * full marks. The hostile students of the sample class are graded in grader/hostile.test.ts,
 * in one batch with these, which checks the same of them and that they change nobody
 * else's score.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { materializeClass, sampleClassHere, sampleTimeContext } from "../fixtures/submissions/materialize.ts";
import { gradeBatch } from "./pipeline/batch.ts";
import type { Lab } from "./labs/lab.ts";
import { loadFixtures, loadLab } from "./labs/index.ts";
import { type SubmissionResult, finalScore, possibleScore, rawScore } from "./result/result.ts";

const fixtures = loadFixtures();
// The sample class without its hostile battery (grader/hostile.test.ts grades that).
const SAMPLE_CLASS = (await sampleClassHere()).filter((s) => !s.hostile);
const labs = ["hw2-1", "regularization"].map((id) => loadLab(id, fixtures));
let dir: string;
const results = new Map<string, Map<string, SubmissionResult>>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dnnlab-selftest-"));
  materializeClass(join(dir, "class"), new Date(labs[0].deadline), SAMPLE_CLASS);
  const timing = sampleTimeContext(join(dir, "class"), new Date(labs[0].deadline));
  for (const lab of labs) {
    const out = join(dir, `out-${lab.id}`);
    const s = await gradeBatch({ submissions: join(dir, "class"), out, ctx: { lab, fixtures, limits: { callTimeoutMs: 1500 }, ...timing }, workers: 2 });
    results.set(lab.id, new Map(s.results.map((r) => [r.student, r])));
  }
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fnsOf = (lab: Lab): Set<string> => new Set(lab.questions.flatMap((q) => q.tests.map((t) => t.id)));

describe.each(labs.map((l) => [l.id, l] as const))("self-test matrix, lab %s", (labId, lab) => {
  it.each(SAMPLE_CLASS.map((s) => [`${s.id} (${s.story})`, s] as const))("%s", (_title, s) => {
    const r = results.get(labId)!.get(s.id)!;
    expect(r, "graded").toBeDefined();
    expect(fnsOf(lab).size).toBeGreaterThan(0);
    if (s.losesAll) {
      expect(rawScore(r)).toBe(0);
      return;
    }
    const broken = new Set(s.loses ?? []);
    const extra = new Set(s.losesTests ?? []);
    // Points are lost only on tests of the broken functions (a case that cannot see the bug,
    // like Adam's notebook case at ε = 1e-8, may keep its points), and each broken function
    // that the lab grades loses some.
    for (const c of r.cases) {
      if (broken.has(c.fn) || extra.has(c.id)) continue;
      expect(c.earned, `${c.id} (${c.fn}) should keep its points: ${JSON.stringify(c.issue)}`).toBe(c.points);
    }
    for (const fn of broken) {
      const cases = r.cases.filter((c) => c.fn === fn);
      if (cases.length) expect(cases.some((c) => c.earned < c.points), `${fn} should lose points`).toBe(true);
    }
    for (const id of extra) {
      const c = r.cases.find((x) => x.id === id);
      if (c) expect(c.earned, `${id} should lose points`).toBeLessThan(c.points);
    }
    if (!s.minutesLate) expect(r.late.penaltyPoints).toBe(0);
  });
});

describe("self-test details", () => {
  it("gives the reference solution full marks in both labs", () => {
    for (const lab of labs) {
      const r = results.get(lab.id)!.get("s2026001")!;
      expect(finalScore(r)).toBe(possibleScore(r));
      expect(possibleScore(r)).toBe(100);
    }
  });

  it("takes hand-in times from the instructor's timestamps file: the late student and the copy made after the deadline lose their late share", () => {
    // The class is dated against hw2-1's deadline (the regularization lab's is a week later).
    for (const lab of labs.slice(0, 1)) {
      const late = results.get(lab.id)!.get("s2026028")!;
      expect(late.time).toEqual({ source: "timestamps" });
      expect(rawScore(late)).toBe(100);
      expect(late.late.penaltyPercent).toBe(30); // 2 d 3 h late: 3 started days × 10%
      expect(finalScore(late)).toBe(70);
      // Its submission.json claims a day early; only the timestamps file counts.
      const copied = results.get(lab.id)!.get("s2026029")!;
      expect(copied.late.penaltyPercent).toBe(40);
      expect(finalScore(copied)).toBe(60);
      expect(results.get(lab.id)!.get("s2026001")!.late.penaltyPoints).toBe(0);
    }
  });

  it("gives untouched stubs nothing in either lab", () => {
    for (const lab of labs) expect(rawScore(results.get(lab.id)!.get("s2026002")!)).toBe(0);
  });

  it("runs every graded child under the permission model with no network", () => {
    const r = results.get("hw2-1")!.get("s2026001")!;
    expect(r.isolation?.permissionModel).toBe(true);
    expect(r.isolation?.network).toBe("none");
  });
});
