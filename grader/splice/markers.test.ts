import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type MarkerIssue,
  type MarkerIssuesError,
  type MarkerIssueCode,
  TOP_LEVEL,
  classifyLine,
  functionOfEachLine,
  generateStub,
  isPlaceholder,
  parseRegions,
  placeholderLine,
} from "./markers.ts";
import { renderMarkerIssue } from "../../i18n/splice.ts";
import { text } from "../../fixtures/compile-sources.ts";

const FILE = "solutions/demo.ts";

/** A small solution: plain regions, an arrow function, two regions in one function, a planted-bug stub. */
const SOLUTION = text(
  "/** Doubles x. */",
  "export function double(x: number): number {",
  "  let y: number;",
  "  // ### START CODE HERE ### (≈ 1 line)",
  "  y = 2 * x;",
  "  // ### END CODE HERE ###",
  "  return y;",
  "}",
  "",
  "export const square = (x: number): number => {",
  "  let y: number;",
  "  // ### START CODE HERE ### (≈ 1 line)",
  "  y = x * x;",
  "  // ### END CODE HERE ###",
  "  return y;",
  "};",
  "",
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
  "export function buggyGrad(x: number): number {",
  "  let g: number;",
  "  // ### START CODE HERE ### (≈ 1 line: fix the mistake)",
  "  g = 2 * x;",
  "  /* ### STUB CODE ###",
  "  g = 3 * x;",
  "  ### END STUB CODE ### */",
  "  // ### END CODE HERE ###",
  "  return g;",
  "}",
  "",
);

const codes = (issues: readonly MarkerIssue[]) => issues.map((i) => [i.code, i.line, i.fn]);

describe("parseRegions", () => {
  it("finds each region with its function, index, marker lines, indent, hint and body", () => {
    const { regions, issues } = parseRegions(SOLUTION, FILE);
    expect(issues).toEqual([]);
    expect(regions.map(({ fn, index, startLine, endLine, indent, hint }) => ({ fn, index, startLine, endLine, indent, hint }))).toEqual([
      { fn: "double", index: 0, startLine: 4, endLine: 6, indent: "  ", hint: "≈ 1 line" },
      { fn: "square", index: 0, startLine: 12, endLine: 14, indent: "  ", hint: "≈ 1 line" },
      { fn: "sumTwice", index: 0, startLine: 21, endLine: 23, indent: "    ", hint: "≈ 1 line" },
      { fn: "sumTwice", index: 1, startLine: 25, endLine: 27, indent: "  ", hint: undefined },
      { fn: "buggyGrad", index: 0, startLine: 33, endLine: 38, indent: "  ", hint: "≈ 1 line: fix the mistake" },
    ]);
    expect(regions[0].body).toBe("  y = 2 * x;");
  });

  it("reads the stub code of a region that ships its own, re-indented to the marker", () => {
    const { regions } = parseRegions(SOLUTION, FILE);
    expect(regions[4].stubCode).toBe("  g = 3 * x;");
    expect(regions[0].stubCode).toBeUndefined();
    const deeper = text(
      "function f() {",
      "  // ### START CODE HERE ###",
      "  ok();",
      "  /* ### STUB CODE ###",
      "      if (a) {",
      "        b();",
      "      }",
      "  ### END STUB CODE ### */",
      "  // ### END CODE HERE ###",
      "}",
    );
    expect(parseRegions(deeper, FILE).regions[0].stubCode).toBe(text("  if (a) {", "    b();", "  }"));
  });

  it("names a marker outside any function <top level>", () => {
    const src = text("// ### START CODE HERE ###", "const a = 1;", "// ### END CODE HERE ###");
    expect(parseRegions(src, FILE).regions[0].fn).toBe(TOP_LEVEL);
  });

  it("does not let a sibling helper declared above the START capture the region", () => {
    const src = text(
      "export function outer() {",
      "  function helper() { return 1; }",
      "  const inner = (a: number) => a;",
      "  // ### START CODE HERE ###",
      "  x();",
      "  // ### END CODE HERE ###",
      "}",
    );
    expect(parseRegions(src, FILE).regions[0].fn).toBe("outer");
  });

  it("does not let an unindented helper written inside one region capture the next region", () => {
    const src = text(
      "export function f() {",
      "  // ### START CODE HERE ###",
      "const helper = (a: number) => a;",
      "function other() {}",
      "  // ### END CODE HERE ###",
      "  // ### START CODE HERE ###",
      "  y();",
      "  // ### END CODE HERE ###",
      "}",
    );
    expect(parseRegions(src, FILE).regions.map((r) => [r.fn, r.index])).toEqual([
      ["f", 0],
      ["f", 1],
    ]);
  });

  it("only counts whole-line markers: marker text inside a template literal does not end the region", () => {
    const src = text(
      "export function f(): string {",
      "  let s: string;",
      "  // ### START CODE HERE ###",
      "  s = `the region stops at ### END CODE HERE ###`;",
      "  s += `",
      "### END CODE HERE ### is where you stop",
      "  and the END CODE HERE marker goes below your code",
      "`;",
      "  // ### END CODE HERE ###",
      "  return s;",
      "}",
    );
    const { regions, issues } = parseRegions(src, FILE);
    expect(issues).toEqual([]);
    expect(regions).toHaveLength(1);
    expect(regions[0].endLine).toBe(9);
  });

  it("accepts markers indented with tabs, with trailing spaces, and with any hint", () => {
    const src = text(
      "export function f() {",
      "\t// ### START CODE HERE ### about three lines   ",
      "\tx();",
      "\t// ### END CODE HERE ###  ",
      "}",
    );
    const { regions, issues } = parseRegions(src, FILE);
    expect(issues).toEqual([]);
    expect(regions[0]).toMatchObject({ fn: "f", indent: "\t", hint: "about three lines", body: "\tx();" });
  });

  it("accepts CRLF line endings and returns bodies with LF", () => {
    const { regions, issues } = parseRegions(SOLUTION.replace(/\n/g, "\r\n"), FILE);
    expect(issues).toEqual([]);
    expect(regions).toEqual(parseRegions(SOLUTION, FILE).regions);
  });

  it("reports a START with no END and still finds the region after it", () => {
    const src = SOLUTION.replace("  y = 2 * x;\n  // ### END CODE HERE ###\n", "  y = 2 * x;\n");
    const { regions, issues } = parseRegions(src, FILE);
    expect(codes(issues)).toEqual([["missing_end", 4, "double"]]);
    expect(regions.map((r) => r.fn)).toEqual(["square", "sumTwice", "sumTwice", "buggyGrad"]);
  });

  it("reports an END with no START", () => {
    const src = SOLUTION.replace("  // ### START CODE HERE ### (≈ 1 line)\n  y = x * x;", "  y = x * x;");
    expect(codes(parseRegions(src, FILE).issues)).toEqual([["missing_start", 13, "square"]]);
  });

  it("reports a START nested inside another region", () => {
    const src = text(
      "export function f() {",
      "  // ### START CODE HERE ###",
      "  a();",
      "  // ### START CODE HERE ###",
      "  b();",
      "  // ### END CODE HERE ###",
      "  // ### END CODE HERE ###",
      "}",
    );
    const { regions, issues } = parseRegions(src, FILE);
    expect(regions).toEqual([]);
    expect(issues).toEqual([{ code: "nested_start", file: FILE, line: 4, fn: "f", index: 0, outerLine: 2 }]);
  });

  it("reports an END placed before its START as one reordering", () => {
    const src = text("export function f() {", "  // ### END CODE HERE ###", "  a();", "  // ### START CODE HERE ###", "}");
    expect(parseRegions(src, FILE).issues).toEqual([
      { code: "end_before_start", file: FILE, line: 2, fn: "f", index: 0, startLine: 4 },
    ]);
  });

  it("splits a START and an END that sit in different functions into two broken regions", () => {
    // double lost its END and square lost its START: one "pair" would swallow code across functions.
    const src = SOLUTION.replace("  y = 2 * x;\n  // ### END CODE HERE ###\n", "  y = 2 * x;\n").replace(
      "  // ### START CODE HERE ### (≈ 1 line)\n  y = x * x;",
      "  y = x * x;",
    );
    expect(codes(parseRegions(src, FILE).issues)).toEqual([
      ["missing_end", 4, "double"],
      ["missing_start", 12, "square"],
    ]);
  });

  it.each([
    ["  // ## START CODE HERE ##", "start"],
    ["  // ### BEGIN CODE HERE ###", "start"],
    ["  //### START CODE HERE", "start"],
    ["  // ### start code here ### (≈ 1 line)", "start"],
    ["  # ### START CODE HERE ###", "start"],
    ["  /* ### START CODE HERE ### */", "start"],
  ] as const)("reports a renamed START marker %j with its line", (line, kind) => {
    const src = SOLUTION.replace("  // ### START CODE HERE ### (≈ 1 line)\n  y = 2 * x;", `${line}\n  y = 2 * x;`);
    const { regions, issues } = parseRegions(src, FILE);
    expect(issues).toEqual([
      expect.objectContaining({ code: "renamed_marker", line: 4, fn: "double", index: 0, kind, found: line.trim() }),
    ]);
    expect(regions.map((r) => r.fn)).not.toContain("double");
  });

  it("reports a renamed END marker and what to write instead", () => {
    const src = SOLUTION.replace("  y = 2 * x;\n  // ### END CODE HERE ###", "  y = 2 * x;\n  # ### END CODE HERE ###");
    expect(parseRegions(src, FILE).issues).toEqual([
      {
        code: "renamed_marker",
        file: FILE,
        line: 6,
        fn: "double",
        index: 0,
        kind: "end",
        found: "# ### END CODE HERE ###",
        expected: "// ### END CODE HERE ###",
      },
    ]);
  });

  it("keeps the hint in the spelling it suggests for a renamed START", () => {
    expect(classifyLine("  // ## START CODE HERE ## (≈ 2 lines)")?.renamed?.expected).toBe("// ### START CODE HERE ### (≈ 2 lines)");
  });

  it("does not mistake ordinary lines that mention markers for markers", () => {
    for (const line of [
      "  const s = '### END CODE HERE ###';",
      "  // write your code between START CODE HERE and END CODE HERE",
      "  ### END CODE HERE ### is where you stop",
      "  /* ### STUB CODE ###",
      "  ### END STUB CODE ### */",
      placeholderLine("f", "  "),
    ]) {
      expect(classifyLine(line), line).toBeUndefined();
    }
  });

  it("reports a STUB CODE block that is never closed", () => {
    const src = SOLUTION.replace("  ### END STUB CODE ### */\n", "");
    expect(codes(parseRegions(src, FILE).issues)).toEqual([["stub_block_unclosed", 35, "buggyGrad"]]);
  });
});

describe("functionOfEachLine", () => {
  it("gives each line its enclosing function, and top level between functions", () => {
    const fns = functionOfEachLine(SOLUTION);
    expect([fns[0], fns[1], fns[6], fns[7], fns[8], fns[14], fns[25]]).toEqual([
      TOP_LEVEL,
      "double",
      "double",
      TOP_LEVEL,
      "double", // a blank line belongs to the function above it
      "square",
      "sumTwice",
    ]);
  });
});

describe("generateStub", () => {
  it("replaces each region by one placeholder indented like its marker and keeps everything else", () => {
    const stub = generateStub(SOLUTION, FILE);
    expect(stub).toBe(
      SOLUTION.replace("  y = 2 * x;", placeholderLine("double", "  "))
        .replace("  y = x * x;", placeholderLine("square", "  "))
        .replace("    s += x;", placeholderLine("sumTwice", "    "))
        .replace("  s = s * 2;", placeholderLine("sumTwice", "  "))
        .replace("  g = 2 * x;\n  /* ### STUB CODE ###\n  g = 3 * x;\n  ### END STUB CODE ### */", "  g = 3 * x;"),
    );
  });

  it("writes a placeholder that names the function and says what to do", () => {
    expect(placeholderLine("initializeParametersHe", "    ")).toMatchInlineSnapshot(
      `"    throw new Error("initializeParametersHe is not written yet: write your code between START CODE HERE and END CODE HERE");"`,
    );
  });

  it("keeps the planted-bug stub code of a region that ships its own stub", () => {
    const stub = generateStub(SOLUTION, FILE);
    const region = parseRegions(stub, FILE).regions.find((r) => r.fn === "buggyGrad")!;
    expect(region.body).toBe("  g = 3 * x;");
  });

  it("writes LF line endings for a CRLF solution", () => {
    expect(generateStub(SOLUTION.replace(/\n/g, "\r\n"), FILE)).toBe(generateStub(SOLUTION, FILE));
  });

  it("refuses a solution with broken markers, listing every issue with file:line", () => {
    const broken = SOLUTION.replace("  y = 2 * x;\n  // ### END CODE HERE ###\n", "  y = 2 * x;\n").replace(
      "  // ### START CODE HERE ###\n  s = s * 2;",
      "  // ## START CODE HERE ##\n  s = s * 2;",
    );
    expect(() => generateStub(broken, FILE)).toThrowErrorMatchingInlineSnapshot(`
      [MarkerIssuesError: solutions/demo.ts: cannot use this file, its markers are broken (2):
        - solutions/demo.ts:4 missing_end (double)
        - solutions/demo.ts:24 renamed_marker (sumTwice)]
    `);
    try {
      generateStub(broken, FILE);
    } catch (e) {
      expect((e as MarkerIssuesError).issues.map((i) => renderMarkerIssue(i, "en"))).toEqual([
        `solutions/demo.ts:4: the START CODE HERE marker in double has no END CODE HERE marker after it; restore the line "// ### END CODE HERE ###" under your code in double.`,
        `solutions/demo.ts:24: the line "// ## START CODE HERE ##" in sumTwice looks like a marker but is not spelled exactly as one; replace it with "// ### START CODE HERE ###".`,
      ]);
    }
  });
});

describe("isPlaceholder", () => {
  it("recognises the placeholder however it is indented or wrapped", () => {
    expect(isPlaceholder(placeholderLine("f", "  "))).toBe(true);
    expect(isPlaceholder('\tthrow new Error(\n\t\t"f is not written yet: write your code between START CODE HERE and END CODE HERE"\n\t)')).toBe(true);
  });

  it("recognises shipped stub code, ignoring whitespace", () => {
    expect(isPlaceholder("g = 3*x;", "  g = 3 * x;")).toBe(true);
    expect(isPlaceholder("g = 2 * x;", "  g = 3 * x;")).toBe(false);
  });

  it("does not take the student's code or an emptied region for the placeholder", () => {
    expect(isPlaceholder("  y = 2 * x;")).toBe(false);
    expect(isPlaceholder("")).toBe(false);
  });
});

/** One sample of every issue code; the type makes a new code without a sample a compile error. */
const SAMPLES: { [C in MarkerIssueCode]: Extract<MarkerIssue, { code: C }> } = {
  missing_end: { code: "missing_end", file: "exercises/gradient-checking.ts", line: 60, fn: "gradientCheck", index: 0 },
  missing_start: { code: "missing_start", file: "exercises/gradient-checking.ts", line: 12, fn: TOP_LEVEL, index: 0 },
  nested_start: { code: "nested_start", file: "exercises/optimization.ts", line: 88, fn: "updateParametersWithAdam", index: 1, outerLine: 80 },
  end_before_start: { code: "end_before_start", file: "exercises/initialization.ts", line: 75, fn: "initializeParametersHe", index: 0, startLine: 78 },
  renamed_marker: {
    code: "renamed_marker",
    file: "exercises/initialization.ts",
    line: 35,
    fn: "initializeParametersZeros",
    index: 0,
    kind: "start",
    found: "// ## START CODE HERE ## (≈ 2 lines)",
    expected: "// ### START CODE HERE ### (≈ 2 lines)",
  },
  stub_block_unclosed: { code: "stub_block_unclosed", file: "solutions/gradient-checking.ts", line: 143, fn: "backwardPropagationN", index: 0 },
};

const renderAll = (lang: "en" | "zh") => Object.values(SAMPLES).map((issue) => renderMarkerIssue(issue, lang));

describe("renderMarkerIssue", () => {
  it("says in English what is wrong, where, and what to do, for every issue code", () => {
    expect(renderAll("en")).toMatchInlineSnapshot(`
      [
        "exercises/gradient-checking.ts:60: the START CODE HERE marker in gradientCheck has no END CODE HERE marker after it; restore the line "// ### END CODE HERE ###" under your code in gradientCheck.",
        "exercises/gradient-checking.ts:12: the END CODE HERE marker outside any function has no START CODE HERE marker before it; restore the line "// ### START CODE HERE ###" above your code outside any function.",
        "exercises/optimization.ts:88: this START CODE HERE marker in updateParametersWithAdam opens inside the region already started at line 80; regions cannot be nested, so remove the extra START and END markers.",
        "exercises/initialization.ts:75: the END CODE HERE marker in initializeParametersHe comes before its START CODE HERE marker at line 78; put "// ### START CODE HERE ###" above your code and "// ### END CODE HERE ###" below it.",
        "exercises/initialization.ts:35: the line "// ## START CODE HERE ## (≈ 2 lines)" in initializeParametersZeros looks like a marker but is not spelled exactly as one; replace it with "// ### START CODE HERE ### (≈ 2 lines)".",
        "solutions/gradient-checking.ts:143: the STUB CODE block in backwardPropagationN is never closed; add the line "### END STUB CODE ### */" before the END CODE HERE marker.",
      ]
    `);
  });

  it("says the same in Chinese, for every issue code", () => {
    expect(renderAll("zh")).toMatchInlineSnapshot(`
      [
        "exercises/gradient-checking.ts:60：gradientCheck 中的 START CODE HERE 标记后面没有对应的 END CODE HERE 标记；请在 gradientCheck 中你的代码下方恢复 "// ### END CODE HERE ###" 这一行。",
        "exercises/gradient-checking.ts:12：函数之外的 END CODE HERE 标记前面没有对应的 START CODE HERE 标记；请在函数之外你的代码上方恢复 "// ### START CODE HERE ###" 这一行。",
        "exercises/optimization.ts:88：updateParametersWithAdam 中的这个 START CODE HERE 标记位于第 80 行开始的区域内部；区域不能嵌套，请删除多余的 START 和 END 标记。",
        "exercises/initialization.ts:75：initializeParametersHe 中的 END CODE HERE 标记出现在第 78 行的 START CODE HERE 标记之前；请把 "// ### START CODE HERE ###" 放在你的代码上方，把 "// ### END CODE HERE ###" 放在下方。",
        "exercises/initialization.ts:35：initializeParametersZeros 中的 "// ## START CODE HERE ## (≈ 2 lines)" 看起来像标记，但写法不完全正确；请改为 "// ### START CODE HERE ### (≈ 2 lines)"。",
        "solutions/gradient-checking.ts:143：backwardPropagationN 中的 STUB CODE 块没有结束；请在 END CODE HERE 标记之前加上 "### END STUB CODE ### */" 这一行。",
      ]
    `);
  });
});

// ---------------------------------------------------------------------------------------
// Properties

/** An ordinary code line: never a marker, never an `export` that could move a function boundary. */
const codeLine = fc
  .oneof(
    fc.string({ unit: fc.constantFrom(..."abxy =+-*/#();`'\"{}<>.\t ENDSTARTCODEHERE"), maxLength: 40 }),
    fc.constantFrom("const s = `### END CODE HERE ###`;", "// a note on ### START CODE HERE ###", "", "  "),
  )
  .filter((l) => classifyLine(l) === undefined && !/^\s*export\b/.test(l) && !/STUB CODE/.test(l));

describe("generateStub (properties)", () => {
  it("keeps every line outside the regions and gives each region exactly one placeholder line", () => {
    fc.assert(
      fc.property(fc.array(fc.array(codeLine, { maxLength: 4 }), { minLength: 1, maxLength: 5 }), (bodies) => {
        const src = bodies
          .flatMap((body, k) => [
            `export function f${k}() {`,
            "  // ### START CODE HERE ###",
            ...body.map((l) => "  " + l),
            "  // ### END CODE HERE ###",
            "}",
          ])
          .join("\n");
        const stub = generateStub(src, FILE);
        const { regions, issues } = parseRegions(stub, FILE);
        expect(issues).toEqual([]);
        expect(regions.map((r) => r.body)).toEqual(bodies.map((_, k) => placeholderLine(`f${k}`, "  ")));
        expect(stub.split("\n")).toHaveLength(bodies.length * 5);
      }),
    );
  });
});
