import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CompileError, compileSubmission, warmUp } from "./compile.ts";
import { compilerMessage, renderCompileError } from "../../i18n/compile.ts";
import { generateStub, placeholderLine } from "../splice/markers.ts";
import { type SpliceResult, splice } from "../splice/splice.ts";
import { ROOT, exerciseFor, solutionFiles } from "../splice/stubs.ts";
import { SCALE_FILE, SCALE_LINES, text } from "../../fixtures/compile-sources.ts";

const FILE = SCALE_FILE;

/** A small assignment against the real lib, so types come from lib/np as in the exercises. */
const SOLUTION = text(
  ...SCALE_LINES,
  "export function sumTwice(xs: number[]): number {",
  "  let s = 0;",
  "  for (const x of xs) {",
  "    // ### START CODE HERE ### (≈ 1 line)",
  "    s += x;",
  "    // ### END CODE HERE ###",
  "  }",
  "  // ### START CODE HERE ###",
  "  s = s * 2;",
  "  // ### END CODE HERE ###",
  "  return s;",
  "}",
  "",
  "export function costOf(a: Matrix): number {",
  "  let cost: number;",
  "  // ### START CODE HERE ### (≈ 1 line)",
  "  cost = np.sum(a);",
  "  // ### END CODE HERE ###",
  "  return cost;",
  "}",
  "",
);

const PRISTINE = generateStub(SOLUTION, FILE);

/** The solution with some region bodies rewritten: `edits` maps a solution line to its replacement lines. */
function submit(edits: Record<string, string[]>, solution = SOLUTION, file = FILE): SpliceResult {
  let submitted = solution;
  for (const [line, replacement] of Object.entries(edits)) {
    expect(submitted).toContain(line);
    submitted = submitted.replace(line, replacement.join("\n"));
  }
  return splice(generateStub(solution, file), submitted, file);
}

/** 1-based line of the first line of `source` that contains `needle` (or is exactly `needle` when `exact`). */
function lineOf(source: string, needle: string, exact = false): number {
  const i = source.split("\n").findIndex((l) => (exact ? l === needle : l.includes(needle)));
  expect(i, `"${needle}" in source`).toBeGreaterThanOrEqual(0);
  return i + 1;
}

const where = (errors: readonly CompileError[]) => errors.map(({ fn, index, line, code }) => ({ fn, index, line, code }));

describe("compileSubmission", () => {
  it("can be warmed up before the first submission (parsing lib once for a worker)", () => {
    expect(() => warmUp()).not.toThrow();
  });

  it("compiles the four solutions spliced into their exercises with no errors, keeping every line", () => {
    const spliced = solutionFiles().map((f) => splice(exerciseFor(f), readFileSync(join(ROOT, "solutions", f), "utf8"), f));
    expect(spliced.map((s) => s.file)).toEqual([
      "gradient-checking.ts",
      "initialization.ts",
      "optimization.ts",
      "regularization.ts",
    ]);
    const { sources, errors } = compileSubmission(spliced);
    expect(errors).toEqual([]);
    for (const s of spliced) expect(sources[s.file]).toBe(s.source);
  });

  it("replaces only initializeParametersHe's region in the real exercise when it has a typo", () => {
    const solution = readFileSync(join(ROOT, "solutions", "initialization.ts"), "utf8");
    const at = solution.indexOf("export function initializeParametersHe");
    const submitted = solution.slice(0, at) + solution.slice(at).replace("np.zeros([layersDims[l], 1])", "np.zero([layersDims[l], 1])");
    expect(submitted).not.toBe(solution);
    const result = splice(exerciseFor("initialization.ts"), submitted, "initialization.ts");
    const { sources, errors } = compileSubmission([result]);
    expect(where(errors)).toEqual([
      { fn: "initializeParametersHe", index: 0, line: lineOf(result.source, "np.zero(["), code: 2551 },
    ]);
    expect(errors[0].message).toMatch(/^Property 'zero' does not exist on type '\{ linalg: .*'\. Did you mean 'zeros'\?$/);
    expect(sources["initialization.ts"]).toContain(placeholderLine("initializeParametersHe", "    "));
    expect(sources["initialization.ts"]).toContain("np.random.randn(layersDims[l], layersDims[l - 1]).mul(10);");
  });

  it("type-checks every exercise as shipped, which the fallback to the exercise relies on", () => {
    // Marked as student code, so the placeholders are really checked rather than trusted.
    const spliced = solutionFiles().map((f) => {
      const result = splice(exerciseFor(f), exerciseFor(f), f);
      return { ...result, regions: result.regions.map((r) => ({ ...r, status: "spliced" as const })) };
    });
    expect(compileSubmission(spliced).errors).toEqual([]);
  });

  it("does not type-check a file without student code: it is the exercise as shipped", () => {
    const spliced = solutionFiles().map((f) => splice(exerciseFor(f), exerciseFor(f), f));
    expect(spliced.flatMap((s) => s.regions.map((r) => r.status))).not.toContain("spliced");
    const { sources, errors } = compileSubmission(spliced);
    expect(errors).toEqual([]);
    for (const s of spliced) expect(sources[s.file]).toBe(s.source);
  });

  it("replaces only the region with a type error, reported at the line of the student's spliced file", () => {
    const result = submit({ "  y = x.mul(k);": ["  // scale by k", "  y = x.mull(k);"] });
    const { sources, errors } = compileSubmission([result]);
    expect(errors).toEqual([
      {
        file: FILE,
        line: lineOf(result.source, "x.mull(k)"),
        column: 9,
        fn: "scale",
        index: 0,
        code: 2551,
        message: "Property 'mull' does not exist on type 'Matrix'. Did you mean 'mul'?",
        diagnostic: [
          {
            depth: 0,
            parts: [{ key: "Property_0_does_not_exist_on_type_1_Did_you_mean_2_2551", args: [["mull"], ["Matrix"], ["mul"]] }],
            en: "Property 'mull' does not exist on type 'Matrix'. Did you mean 'mul'?",
          },
        ],
        excerpt: "  y = x.mull(k);",
      },
    ]);
    expect(sources[FILE]).toBe(
      result.source.replace("  // scale by k\n  y = x.mull(k);", placeholderLine("scale", "  ")),
    );
    expect(sources[FILE]).toContain("    s += x;");
    expect(sources[FILE]).toContain("  cost = np.sum(a);");
  });

  it("gives the line of the student's file even after an earlier region was replaced by a shorter placeholder", () => {
    const result = submit({
      "  y = x.mul(k);": ["  const twice = k * 2;", "  if (twice > 0) {", "    y = x.mul(k);"],
      "  cost = np.sum(a);": ["  cost = np.sum(a);", '  cost = "zero";'],
    });
    const { errors } = compileSubmission([result]);
    expect(where(errors)).toEqual([
      { fn: "scale", index: 0, line: lineOf(result.source, "if (twice > 0) {"), code: 1005 },
      { fn: "costOf", index: 0, line: lineOf(result.source, 'cost = "zero"'), code: 2322 },
    ]);
    expect(errors[1].excerpt).toBe('  cost = "zero";');
  });

  it("charges an unclosed brace in a region to that region, at the brace it could not match, and compiles the rest", () => {
    const result = submit({ "    s += x;": ["    if (x > 0) {", "      s += x;"] });
    const { sources, errors } = compileSubmission([result]);
    expect(errors).toEqual([
      {
        file: FILE,
        line: lineOf(result.source, "if (x > 0) {"),
        column: 16,
        fn: "sumTwice",
        index: 0,
        code: 1005,
        message: "'}' expected. The parser expected to find a '}' to match the '{' token here.",
        diagnostic: [
          { depth: 0, parts: [{ key: "_0_expected_1005", args: [["}"]] }], en: "'}' expected." },
          {
            depth: 0,
            sameLine: true,
            parts: [{ key: "The_parser_expected_to_find_a_1_to_match_the_0_token_here_1007", args: [["{"], ["}"]] }],
            en: "The parser expected to find a '}' to match the '{' token here.",
          },
        ],
        excerpt: "    if (x > 0) {",
      },
    ]);
    expect(sources[FILE]).toContain("  y = x.mul(k);");
    expect(sources[FILE]).toContain("  s = s * 2;"); // the function's other region keeps its code
    expect(sources[FILE]).toContain(placeholderLine("sumTwice", "    "));
  });

  it("reports two broken regions of one file, both replaced", () => {
    const result = submit({ "  y = x.mul(k);": ["  y = x.mull(k);"], "  cost = np.sum(a);": ["  cost = np.sum(a, 1);"] });
    const { sources, errors } = compileSubmission([result]);
    expect(where(errors)).toEqual([
      { fn: "scale", index: 0, line: lineOf(result.source, "x.mull(k)"), code: 2551 },
      { fn: "costOf", index: 0, line: lineOf(result.source, "np.sum(a, 1)"), code: 2769 },
    ]);
    expect(sources[FILE]).toContain(placeholderLine("scale", "  "));
    expect(sources[FILE]).toContain(placeholderLine("costOf", "  "));
    expect(sources[FILE]).toContain("    s += x;");
  });

  it("charges a region that redeclares a variable used after it, reporting the region's line only", () => {
    const result = submit({ "  cost = np.sum(a);": ["  let cost = np.sum(a);"] });
    const { sources, errors } = compileSubmission([result]);
    // tsc also flags `let cost: number;` above the region: the same mistake, not reported twice.
    expect(where(errors)).toEqual([{ fn: "costOf", index: 0, line: lineOf(result.source, "let cost = np.sum(a)"), code: 2451 }]);
    expect(sources[FILE]).toContain(placeholderLine("costOf", "  "));
  });

  it("charges a region whose `}` closes its function early, and keeps its code out", () => {
    const result = submit({ "  y = x.mul(k);": ["  y = x;", "  return y;", "}", "console.log('top level');", "{"] });
    const { sources, errors } = compileSubmission([result]);
    expect(where(errors)).toEqual([
      { fn: "scale", index: 0, line: lineOf(result.source, "}", true), code: 1128 },
      { fn: "scale", index: 0, line: lineOf(result.source, "{", true), code: 1005 },
    ]);
    expect(sources[FILE]).not.toContain("top level");
  });

  it("survives an unterminated template literal in a region", () => {
    const result = submit({ "  cost = np.sum(a);": ["  cost = `${np.sum(a)"] });
    const { sources, errors } = compileSubmission([result]);
    expect(where(errors)).toEqual([{ fn: "costOf", index: 0, line: lineOf(result.source, "cost = `"), code: 1005 }]);
    expect(errors[0].message).toBe("'}' expected.");
    expect(sources[FILE]).toContain("  y = x.mul(k);");
  });

  it("survives a region of garbage that is not TypeScript at all", () => {
    const result = submit({ "    s += x;": ["    )]}>>> \u0007 @@ ` '", "    <<<<<<< HEAD"] });
    const { sources, errors } = compileSubmission([result]);
    expect(errors.length).toBeGreaterThan(0);
    expect(new Set(errors.map((e) => e.fn))).toEqual(new Set(["sumTwice"]));
    expect(sources[FILE]).toContain("  y = x.mul(k);");
    expect(sources[FILE]).toContain("  cost = np.sum(a);");
  });

  it("compiles a binary file (already replaced by splice) without errors", () => {
    const result = splice(PRISTINE, "\0\0\u0001binary", FILE);
    const { sources, errors } = compileSubmission([result]);
    expect(errors).toEqual([]);
    expect(sources[FILE]).toBe(result.source);
  });

  it("accepts any-typed hacks that compile: types are checked, not style", () => {
    const result = submit({
      "  y = x.mul(k);": ["  // eslint-disable-next-line", "  y = (x as any).mul(k as any) as any;"],
      "  cost = np.sum(a);": ["  const anything: any = np;", "  cost = anything.sum(a);"],
    });
    const { sources, errors } = compileSubmission([result]);
    expect(errors).toEqual([]);
    expect(sources[FILE]).toBe(result.source);
  });

  it("charges to the enclosing function an error its region causes below it (a variable it may leave unassigned)", () => {
    const result = submit({ "  y = x.mul(k);": ["  if (k > 0) y = x.mul(k);"] });
    const { sources, errors } = compileSubmission([result]);
    expect(errors).toEqual([
      {
        file: FILE,
        line: lineOf(result.source, "return y;"),
        column: 10,
        fn: "scale",
        index: 0,
        code: 2454,
        message: "Variable 'y' is used before being assigned.",
        diagnostic: [expect.objectContaining({ parts: [{ key: "Variable_0_is_used_before_being_assigned_2454", args: [["y"]] }] })],
        excerpt: "  return y;",
      },
    ]);
    expect(sources[FILE]).toContain(placeholderLine("scale", "  "));
  });

  it("replaces the whole file by its exercise when an error cannot be traced to a function", () => {
    // helper's return type is inferred, so its region breaks `useIt`, which has no region.
    const solution = text(
      "export function helper(x: number) {",
      "  let y = 0;",
      "  // ### START CODE HERE ###",
      "  y = x + 1;",
      "  // ### END CODE HERE ###",
      "  return y;",
      "}",
      "",
      "export function useIt(): number {",
      "  return helper(1);",
      "}",
      "",
      "export function other(): number {",
      "  let z: number;",
      "  // ### START CODE HERE ###",
      "  z = 3;",
      "  // ### END CODE HERE ###",
      "  return z;",
      "}",
      "",
    );
    const result = submit({ "  y = x + 1;": ['  if (x < 0) return "negative";', "  y = x + 1;"] }, solution);
    const { sources, errors } = compileSubmission([result]);
    expect(where(errors)).toEqual([{ fn: undefined, index: undefined, line: lineOf(result.source, "return helper(1)"), code: 2322 }]);
    expect(sources[FILE]).toBe(generateStub(solution, FILE));
  });

  it("reports, without throwing, an exercise that does not compile even untouched", () => {
    const solution = text(
      'const broken: number = "not a number";',
      "export function f(): number {",
      "  let z: number;",
      "  // ### START CODE HERE ###",
      "  z = 3;",
      "  // ### END CODE HERE ###",
      "  return z;",
      "}",
      "",
    );
    const { sources, errors } = compileSubmission([submit({}, solution)]);
    expect(where(errors)).toEqual([{ fn: undefined, index: undefined, line: 1, code: 2322 }]);
    expect(sources[FILE]).toBe(generateStub(solution, FILE));
  });

  it("does not let a region read solutions or fixtures through a type import, while lib stays reachable", () => {
    const result = submit({
      "  y = x.mul(k);": ['  const lib: typeof import("../lib/nn.ts") | null = null;', "  y = x.mul(k);"],
      "  cost = np.sum(a);": ['  const peek: typeof import("../solutions/initialization.ts") | null = null;', "  cost = np.sum(a);"],
    });
    const { errors } = compileSubmission([result]);
    expect(where(errors)).toEqual([{ fn: "costOf", index: 0, line: lineOf(result.source, "const peek"), code: 2307 }]);
  });

  it("stops after maxRounds and falls back to the exercise for files still failing", () => {
    // One round finds and replaces scale's region, but no round is left to prove the result compiles.
    const result = submit({ "  y = x.mul(k);": ["  y = x.mull(k);"] });
    const { sources, errors } = compileSubmission([result], { maxRounds: 1 });
    expect(where(errors)).toEqual([{ fn: "scale", index: 0, line: lineOf(result.source, "x.mull(k)"), code: 2551 }]);
    expect(sources[FILE]).toBe(PRISTINE);
  });

  it("checks several files independently: an error in one leaves the other's code in", () => {
    const good = submit({}, SOLUTION, "good.ts");
    const bad = submit({ "  y = x.mul(k);": ["  y = 42;"] }, SOLUTION, "bad.ts");
    const { sources, errors } = compileSubmission([good, bad]);
    expect(errors.map((e) => [e.file, e.fn, e.code])).toEqual([["bad.ts", "scale", 2322]]);
    expect(sources["good.ts"]).toBe(good.source);
  });
});

describe("compileSubmission: the lean environment, then the full one on a type error", () => {
  const solutions = () => solutionFiles().map((f) => splice(exerciseFor(f), readFileSync(join(ROOT, "solutions", f), "utf8"), f));

  it("the four solutions need nothing beyond the lean environment (the fast path is the common one)", () => {
    expect(compileSubmission(solutions(), { env: "lean" }).errors).toEqual([]);
  });

  it("Node and DOM APIs the lean environment leaves out still compile: the full environment has the last word", () => {
    const fullOnly = [
      "  const t0 = performance.now();",
      "  const copy = structuredClone({ k });",
      '  const b = Buffer.from("ab").toString("hex");',
      "  y = x.mul(copy.k + 0 * (t0 + b.length));",
    ];
    const r = submit({ "  y = x.mul(k);": fullOnly });
    expect(compileSubmission([r], { env: "lean" }).errors.map((e) => e.code).sort()).toEqual([2304, 2304, 2591]);
    const { sources, errors } = compileSubmission([r]);
    expect(errors).toEqual([]);
    expect(sources[FILE]).toBe(r.source);
  });

  it("a real type error gets the full environment's verdict", () => {
    const r = submit({ "  y = x.mul(k);": ['  y = x.mul("k");'] });
    const auto = compileSubmission([r]);
    expect(auto).toEqual(compileSubmission([r], { env: "full" }));
    expect(auto.errors.map((e) => [e.fn, e.code])).toEqual([["scale", 2345]]);
  });
});

describe("renderCompileError", () => {
  const inFunction: CompileError = {
    file: "initialization.ts",
    line: 42,
    column: 5,
    fn: "initializeParametersHe",
    index: 0,
    code: 2551,
    message: "Property 'mull' does not exist on type 'Matrix'. Did you mean 'mul'?",
    diagnostic: [
      {
        depth: 0,
        parts: [{ key: "Property_0_does_not_exist_on_type_1_Did_you_mean_2_2551", args: [["mull"], ["Matrix"], ["mul"]] }],
        en: "Property 'mull' does not exist on type 'Matrix'. Did you mean 'mul'?",
      },
    ],
    excerpt: "    parameters[\"W\" + l] = np.random.randn(2, 3).mull(2);",
  };
  const wholeFile: CompileError = {
    file: "initialization.ts",
    line: 97,
    column: 3,
    code: 2322,
    message: "Type 'string | number' is not assignable to type 'number'.\n  Type 'string' is not assignable to type 'number'.\n    A line whose key the catalog lacks stays English.",
    diagnostic: [
      { depth: 0, parts: [{ key: "Type_0_is_not_assignable_to_type_1_2322", args: [["string | number"], ["number"]] }], en: "Type 'string | number' is not assignable to type 'number'." },
      { depth: 1, parts: [{ key: "Type_0_is_not_assignable_to_type_1_2322", args: [["string"], ["number"]] }], en: "Type 'string' is not assignable to type 'number'." },
      { depth: 2, parts: [{ key: "No_such_key_in_any_catalog_9999", args: [] }], en: "A line whose key the catalog lacks stays English." },
    ],
  };

  const renderAll = (lang: "en" | "zh") => [inFunction, wholeFile].map((e) => renderCompileError(e, lang));

  it("says where, what TypeScript says, and what the error costs: the function, or the whole file when no function can be blamed", () => {
    expect(renderAll("en")).toMatchInlineSnapshot(`
      [
        "initialization.ts:42:5 in initializeParametersHe: Property 'mull' does not exist on type 'Matrix'. Did you mean 'mul'? — this function scores 0 until it compiles",
        "initialization.ts:97:3: Type 'string | number' is not assignable to type 'number'.
        Type 'string' is not assignable to type 'number'.
          A line whose key the catalog lacks stays English. — this error could not be traced to one function, so every function in initialization.ts scores 0 until the file compiles",
      ]
    `);
    expect(renderAll("zh")).toMatchInlineSnapshot(`
      [
        "initialization.ts:42:5（initializeParametersHe 中）：属性“mull”在类型“Matrix”上不存在。你是否指的是“mul”？ —— 该函数在通过编译之前计 0 分",
        "initialization.ts:97:3：不能将类型“string | number”分配给类型“number”。
        不能将类型“string”分配给类型“number”。
          A line whose key the catalog lacks stays English. —— 无法确定是哪个函数导致了这个错误，因此在 initialization.ts 通过编译之前，其中所有函数都计 0 分",
      ]
    `);
  });

  it("renders what the compiler found in Chinese from TypeScript's zh-cn catalog", () => {
    const result = submit({ "  y = x.mul(k);": ['  y = x.mul("k");'] });
    const [e] = compileSubmission([result]).errors;
    expect(e!.message).toBe("Argument of type 'string' is not assignable to parameter of type 'Operand'.");
    expect(compilerMessage(e!, "zh")).toBe("类型“string”的参数不能赋给类型“Operand”的参数。");
    expect(compilerMessage(e!, "en")).toBe(e!.message);
  });

  it("reads a message whose arguments held the encoding's delimiters correctly (they reach the compiler as U+FFFD)", () => {
    // A string literal type with private-use characters ends up in the message's arguments.
    const result = submit({ "  y = x.mul(k);": ['  const t: "\uE000a\uE002b\uE003" = "c";', "  y = x.mul(k);"] });
    const [e] = compileSubmission([result]).errors;
    expect(e!.code).toBe(2322);
    expect(e!.message).toBe(`Type '"c"' is not assignable to type '"\uFFFDa\uFFFDb\uFFFD"'.`);
    expect(compilerMessage(e!, "zh")).toBe(`不能将类型“"c"”分配给类型“"\uFFFDa\uFFFDb\uFFFD"”。`);
  });
});
