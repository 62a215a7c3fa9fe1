import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { splice } from "../../splice/splice.ts";
import { SOLUTIONS_DIR, exerciseFor, solutionFiles } from "../../splice/stubs.ts";
import { codeTokens, couldBeSameCode, sameCode } from "./tokens.ts";

/** Every graded region of the four labs: the shipped placeholder and the reference code. */
const regions = solutionFiles().flatMap((file) => {
  const solution = readFileSync(join(SOLUTIONS_DIR, file), "utf8");
  const shipped = splice(exerciseFor(file, solution), null, file).regions;
  const written = splice(exerciseFor(file, solution), solution, file).regions;
  return shipped.map((s) => ({ id: `${file} ${s.fn}#${s.index}`, shipped: s.code, written: written.find((w) => w.fn === s.fn && w.index === s.index)!.code }));
});

const fullCompare = (a: string, b: string) => {
  const x = codeTokens(a);
  const y = codeTokens(b);
  return x.length === y.length && x.every((t, i) => t === y[i]);
};

// Comments stand apart from the tokens around them: "/" followed by "/**/" would open a line comment.
const trivia = fc.constantFrom(" ", "  ", "\n", "\n    ", "\t", " /* c */ ", " // note\n", " /**/ ", "\n// a whole line\n", "\u200b", "\u00a0", "\u3000");

/** `code`'s tokens joined by random comments and whitespace: the same code to the grader. */
const respaced = (code: string) =>
  fc.array(trivia, { minLength: codeTokens(code).length + 1, maxLength: codeTokens(code).length + 1 }).map((gaps) => {
    const tokens = codeTokens(code);
    return gaps[0] + tokens.map((t, i) => t + gaps[i + 1]).join("");
  });

describe("untouched by tokens", () => {
  it("has regions to test, nearly all of them placeholders", () => {
    expect(regions.length).toBeGreaterThan(20);
    expect(regions.filter((r) => r.shipped.includes("throw new Error(")).length).toBeGreaterThanOrEqual(regions.length - 1);
  });

  it("the quick test rules out the reference code against every placeholder, so `check` needs no TypeScript for it", () => {
    for (const r of regions) {
      // Placeholders only: one gradient-checking region ships code with bugs to find, close to the fixed code.
      if (!r.shipped.includes("throw new Error(")) continue;
      expect(couldBeSameCode(r.written, r.shipped), r.id).toBe(false);
      expect(sameCode(r.written, r.shipped), r.id).toBe(false);
    }
  });

  it("code re-spaced or commented is the same code, and the quick test never rules it out (placeholders and written code)", () => {
    for (const r of regions) {
      for (const base of [r.shipped, r.written]) {
        fc.assert(
          fc.property(respaced(base), respaced(base), (x, y) => {
            for (const [a, b] of [
              [x, base],
              [base, x],
              [x, y],
            ] as const) {
              expect(couldBeSameCode(a, b)).toBe(true);
              expect(sameCode(a, b)).toBe(true);
            }
          }),
          { numRuns: 15 },
        );
      }
    }
  });

  it("tells comments from code the way TypeScript does where it decides alone", () => {
    expect(couldBeSameCode("a / /*c*/ b", "a / b")).toBe(true);
    expect(couldBeSameCode("a //*c*/ b", "a")).toBe(true); // a line comment
    expect(couldBeSameCode("a /*/ b */ c", "a c")).toBe(true);
    expect(couldBeSameCode("x = 1 // one\ny = 2", "x = 1; y = 2")).toBe(false);
    // A regular expression may hold "//": left to the tokens (and found to differ there).
    expect(couldBeSameCode("r = /\\//; s", "r = /\\//;\n s // s")).toBe(true);
    expect(sameCode("r = /a\\//; t", "r = /a\\//;\n s")).toBe(false);
  });

  it("the quick test is never wrong: whenever it says no, the tokens differ (edits of placeholders and code)", () => {
    const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 6 }), put: fc.constantFrom("", "x", ";", "1", '"', "// c\n", "/* */", " ", "(", "null") });
    for (const r of regions) {
      for (const base of [r.shipped, r.written]) {
        fc.assert(
          fc.property(edit, ({ at, cut, put }) => {
            const k = at % (base.length + 1);
            const variant = base.slice(0, k) + put + base.slice(k + cut);
            for (const [a, b] of [
              [variant, r.shipped],
              [r.shipped, variant],
            ] as const) {
              if (!couldBeSameCode(a, b)) expect(fullCompare(a, b)).toBe(false);
              expect(sameCode(a, b)).toBe(fullCompare(a, b));
            }
          }),
          { numRuns: 40 },
        );
      }
    }
  });
});
