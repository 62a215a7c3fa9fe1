/**
 * Skipping the bodies of functions without regions (inert-bodies.ts) must never change a
 * verdict: the same errors, charged to the same functions at the same lines and columns,
 * and the same sources, as checking every body.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileSubmission } from "./compile.ts";
import { withInertBodiesBlanked } from "./inert-bodies.ts";
import { typescript } from "./typescript.ts";
import { generateStub } from "../splice/markers.ts";
import { splice } from "../splice/splice.ts";
import { ROOT, exerciseFor, solutionFiles } from "../splice/stubs.ts";
import { text } from "../../fixtures/compile-sources.ts";

const ts = typescript();

const SOLUTION = text(
  "export function graded(x: number): number {",
  "  let y = 0;",
  "  // ### START CODE HERE ###",
  "  y = x + 1;",
  "  // ### END CODE HERE ###",
  "  return y;",
  "}",
  "",
  "export function driver(n: number): number {",
  "  let total = 0;",
  "  for (let i = 0; i < n; i++) total += graded(i);",
  "  return total;",
  "}",
  "",
  "export function inferred(n: number) {",
  "  return n * 2;",
  "}",
  "",
);

const spliceOf = (solution: string, file = "demo.ts") => splice(generateStub(solution, file), solution, file);

describe("withInertBodiesBlanked", () => {
  it("blanks the body of a function without a region that states its return type, keeping every line's length", () => {
    const s = spliceOf(SOLUTION);
    const lines = s.source.split("\n");
    const blanked = withInertBodiesBlanked(ts, s, lines);
    expect(blanked.map((l) => l.length)).toEqual(lines.map((l) => l.length));
    const changed = blanked.flatMap((l, i) => (l !== lines[i] ? [i + 1] : []));
    // driver's body (lines 10-12) only: graded holds the region, inferred states no return type.
    expect(changed).toEqual([10, 11, 12]);
    expect(blanked.slice(9, 12).join("\n")).toMatch(/^ *throw 0; *\n *\n *$/);
  });

  it("blanks nothing when a function holding a region infers its return type (its callers depend on its body)", () => {
    const solution = SOLUTION.replace("export function graded(x: number): number {", "export function graded(x: number) {");
    const s = spliceOf(solution);
    const lines = s.source.split("\n");
    expect(withInertBodiesBlanked(ts, s, lines)).toBe(lines);
  });

  it("blanks nothing when a region is outside any function", () => {
    const solution = text("// ### START CODE HERE ###", "const k = 2;", "// ### END CODE HERE ###", SOLUTION);
    const s = spliceOf(solution);
    const lines = s.source.split("\n");
    expect(withInertBodiesBlanked(ts, s, lines)).toBe(lines);
  });
});

describe("the exercises' verdicts with and without the skipped bodies", () => {
  // A type error in every region of the four exercises, one submission per region: a wrong
  // declaration, or (every other region) a return of the wrong type; the rest is the solution.
  const submissions = solutionFiles().flatMap((file) => {
    const solution = readFileSync(join(ROOT, "solutions", file), "utf8");
    const pristine = exerciseFor(file);
    const starts = [...solution.matchAll(/\/\/ ### START CODE HERE ###.*\n/g)].map((m) => m.index! + m[0].length);
    return starts.flatMap((at, k) => [
      { name: `${file} region ${k}: a string where a number is wanted`, file, submitted: `${solution.slice(0, at)}    const oops${k}: number = "x";\n${solution.slice(at)}` },
      ...(k % 2 === 1 ? [{ name: `${file} region ${k}: returns a string early`, file, submitted: `${solution.slice(0, at)}    if (Math.random() > 2) return "early";\n${solution.slice(at)}` }] : []),
    ]).map((s) => ({ ...s, pristine }));
  });

  it.each(submissions)("$name", ({ file, pristine, submitted }) => {
    const spliced = [splice(pristine, submitted, file)];
    // One environment for both (what is skipped does not depend on it), the lean one: faster.
    const skipped = compileSubmission(spliced, { env: "lean" });
    const full = compileSubmission(spliced, { env: "lean", checkAllBodies: true });
    expect(skipped).toEqual(full);
    expect(skipped.errors.length).toBeGreaterThan(0);
  });
});
