/**
 * Issue 13.5 at the pipeline level: a submission that crashes the TypeScript parser fails
 * that student only (`compile_failed` with a reason), and the next student of the batch is
 * graded as usual by the same (restarted) compile worker.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFixtures, loadLab } from "../labs/index.ts";
import { finalScore, possibleScore } from "../result/result.ts";
import { ROOT } from "../root.ts";
import { gradeSubmission } from "./grade.ts";

const fixtures = loadFixtures();
const lab = loadLab("regularization", fixtures);
const dir = mkdtempSync(join(tmpdir(), "dnnlab-bounded-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const solution = readFileSync(join(ROOT, "solutions", "regularization.ts"), "utf8");
function student(id: string, text: string): string {
  const folder = join(dir, id);
  mkdirSync(folder);
  writeFileSync(join(folder, "regularization.ts"), text);
  return folder;
}

describe("a compiler crash fails one student, not the batch (issue 13.5)", () => {
  it("30,000 nested parentheses in a region: compile_failed with the reason; the next student is graded in full", async () => {
    const start = "// ### START CODE HERE ###";
    const at = solution.indexOf(start);
    const lineEnd = solution.indexOf("\n", at);
    const deep = `${solution.slice(0, lineEnd + 1)}    const deep = ${"(".repeat(30_000)}1${")".repeat(30_000)};\n${solution.slice(lineEnd + 1)}`;
    const bad = await gradeSubmission(student("s-deep", deep), { lab, fixtures });
    expect(bad.failure).toMatchObject({ code: "compile_failed" });
    expect(bad.failure!.message).toMatch(/^stack_overflow: /);
    expect(finalScore(bad)).toBe(0);

    const good = await gradeSubmission(student("s-good", solution), { lab, fixtures });
    expect(good.failure).toBeUndefined();
    expect(finalScore(good)).toBe(possibleScore(good));
  }, 120_000);
});
