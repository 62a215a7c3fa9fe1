import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type MarkerIssueCode, classifyLine, generateStub, isPlaceholder, parseRegions, placeholderLine } from "./markers.ts";
import {
  type SpliceIssue,
  type SpliceIssueCode,
  type SpliceResult,
  attributeLine,
  decodeSubmission,
  regionLineRanges,
  splice,
  spliceFiles,
} from "./splice.ts";
import { renderSpliceIssue } from "../../i18n/splice.ts";
import { text } from "../../fixtures/compile-sources.ts";

const FILE = "exercises/demo.ts";

const SOLUTION = text(
  "export function double(x: number): number {",
  "  let y: number;",
  "  // ### START CODE HERE ### (≈ 1 line)",
  "  y = 2 * x;",
  "  // ### END CODE HERE ###",
  "  return y;",
  "}",
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

/** The shipped exercise, as a student receives it. */
const PRISTINE = generateStub(SOLUTION, FILE);

/** A copy of `source` whose regions hold the given body lines (in file order). */
function replaceBodies(source: string, bodies: readonly (readonly string[])[]): string {
  const lines = source.split("\n");
  const out: string[] = [];
  let next = 0;
  parseRegions(source, FILE).regions.forEach((r, k) => {
    out.push(...lines.slice(next, r.startLine), ...bodies[k]);
    next = r.endLine - 1;
  });
  return [...out, ...lines.slice(next)].join("\n");
}

const PLACEHOLDERS = parseRegions(PRISTINE, FILE).regions.map((r) => r.body.split("\n"));

/** The exercise with some regions answered, keyed "fn#index"; the others keep what was shipped. */
function answer(bodies: Record<string, string[]>): string {
  const regions = parseRegions(PRISTINE, FILE).regions;
  return replaceBodies(
    PRISTINE,
    regions.map((r, k) => bodies[`${r.fn}#${r.index}`] ?? PLACEHOLDERS[k]),
  );
}

const ANSWERS = {
  "double#0": ["  y = x + x;"],
  "sumTwice#0": ["    s = s + x;"],
  "sumTwice#1": ["  s *= 2;"],
  "buggyGrad#0": ["  g = 2 * x;"],
};
const STUDENT = answer(ANSWERS);

const statuses = (r: SpliceResult) => Object.fromEntries(r.regions.map((o) => [`${o.fn}#${o.index}`, o.status]));
const issueCodes = (r: SpliceResult) =>
  Object.fromEntries(r.regions.map((o) => [`${o.fn}#${o.index}`, o.issues.map((i) => i.code)]));

/** `source` with one line (found by its exact text, first match) replaced by `lines`. */
function swapLine(source: string, line: string, ...lines: string[]): string {
  const all = source.split("\n");
  const k = all.indexOf(line);
  if (k < 0) throw new Error(`fixture has no line ${JSON.stringify(line)}`);
  all.splice(k, 1, ...lines);
  return all.join("\n");
}

describe("splice", () => {
  it("splices the student's code into every region and keeps the rest of the pristine file", () => {
    const result = splice(PRISTINE, STUDENT, FILE);
    expect(result.source).toBe(STUDENT);
    expect(statuses(result)).toEqual({
      "double#0": "spliced",
      "sumTwice#0": "spliced",
      "sumTwice#1": "spliced",
      "buggyGrad#0": "spliced",
    });
    expect(result.regions.map((r) => r.code)).toEqual(Object.values(ANSWERS).map((b) => b.join("\n")));
    expect(result.outsideChanged).toBe(false);
    expect(result.ignored).toEqual([]);
  });

  it("marks a region that still holds the placeholder as untouched and leaves the placeholder in", () => {
    const result = splice(PRISTINE, answer({ "double#0": ANSWERS["double#0"] }), FILE);
    expect(statuses(result)).toMatchObject({ "double#0": "spliced", "sumTwice#0": "untouched", "sumTwice#1": "untouched" });
    expect(result.regions[1].code).toBe(placeholderLine("sumTwice", "    "));
  });

  it("counts a placeholder that was only re-indented as untouched", () => {
    const result = splice(PRISTINE, answer({ "double#0": [`\t\t${placeholderLine("double", "").slice(0, 30)}`, `   ${placeholderLine("double", "").slice(30)}`] }), FILE);
    expect(result.regions[0]).toMatchObject({ status: "untouched", code: placeholderLine("double", "  ") });
  });

  it("keeps the planted-bug stub code of a region that ships its own stub", () => {
    const untouched = splice(PRISTINE, PRISTINE, FILE).regions[3];
    expect(untouched).toMatchObject({ fn: "buggyGrad", status: "untouched", code: "  g = 3 * x;" });
    const fixed = splice(PRISTINE, STUDENT, FILE).regions[3];
    expect(fixed).toMatchObject({ fn: "buggyGrad", status: "spliced", code: "  g = 2 * x;" });
  });

  it("ignores edits outside the markers and says so", () => {
    let edited = swapLine(STUDENT, "  return y;", "  return 42; // always right");
    edited = swapLine(edited, "export function double(x: number): number {", "import { readFileSync } from 'node:fs';", "export function double(x: number): number {");
    const result = splice(PRISTINE, edited, FILE);
    expect(result.source).toBe(STUDENT);
    expect(result.outsideChanged).toBe(true);
    expect(Object.values(statuses(result))).toEqual(["spliced", "spliced", "spliced", "spliced"]);
  });

  it("does not count re-indenting, extra blank lines or CRLF line endings as changes outside the markers", () => {
    const reformatted = STUDENT.replace(/^ {2}return/gm, "\treturn").replace(/\n\n/g, "\n\n\n").replace(/\n/g, "\r\n") + "\r\n";
    const result = splice(PRISTINE, reformatted, FILE);
    expect(result.outsideChanged).toBe(false);
    expect(result.source).toBe(STUDENT);
  });

  it("accepts CRLF line endings and writes LF", () => {
    const result = splice(PRISTINE.replace(/\n/g, "\r\n"), STUDENT.replace(/\n/g, "\r\n"), FILE);
    expect(result.source).toBe(STUDENT);
    expect(result.source).not.toContain("\r");
  });

  it("splices tab-indented code into a space-indented exercise", () => {
    const tabbed = answer({ "sumTwice#0": ["\t\tif (x > 0) {", "\t\t\ts += x;", "\t\t}"] }).replace(/^ {4}\/\/ ###/gm, "\t\t// ###");
    const result = splice(PRISTINE, tabbed, FILE);
    expect(result.regions[1]).toMatchObject({ fn: "sumTwice", index: 0, status: "spliced", code: "\t\tif (x > 0) {\n\t\t\ts += x;\n\t\t}" });
    expect(result.source).toContain("    // ### START CODE HERE ### (≈ 1 line)\n\t\tif (x > 0) {");
  });

  it("does not end a region at marker text inside a template literal on a non-marker line", () => {
    const body = [
      "  const note = `### END CODE HERE ###`;",
      "  const more = `",
      "### END CODE HERE ### is where the region stops",
      "`;",
      "  y = note.length + more.length + x;",
    ];
    const result = splice(PRISTINE, answer({ "double#0": body }), FILE);
    expect(result.regions[0]).toMatchObject({ status: "spliced", code: body.join("\n") });
    expect(result.outsideChanged).toBe(false);
  });

  it("gives 0 to a region whose END marker is missing and splices the others", () => {
    const broken = swapLine(STUDENT, "  // ### END CODE HERE ###"); // double's END, the first one
    const result = splice(PRISTINE, broken, FILE);
    expect(statuses(result)).toEqual({
      "double#0": "marker_error",
      "sumTwice#0": "spliced",
      "sumTwice#1": "spliced",
      "buggyGrad#0": "spliced",
    });
    expect(result.regions[0].issues).toEqual([{ code: "missing_end", file: FILE, line: 3, fn: "double", index: 0 }]);
    expect(result.regions[0].code).toBe(placeholderLine("double", "  "));
    expect(result.source).toContain(placeholderLine("double", "  "));
  });

  it("gives 0 to a region whose START marker is missing and splices the others", () => {
    const broken = swapLine(STUDENT, "  // ### START CODE HERE ### (≈ 1 line)");
    const result = splice(PRISTINE, broken, FILE);
    expect(issueCodes(result)).toEqual({ "double#0": ["missing_start"], "sumTwice#0": [], "sumTwice#1": [], "buggyGrad#0": [] });
    expect(statuses(result)["sumTwice#1"]).toBe("spliced");
  });

  it("reports a renamed START marker with its line and splices the others", () => {
    const broken = swapLine(STUDENT, "  // ### START CODE HERE ###", "  // ## START CODE HERE ##");
    const result = splice(PRISTINE, broken, FILE);
    expect(statuses(result)).toMatchObject({ "sumTwice#0": "spliced", "sumTwice#1": "marker_error", "double#0": "spliced" });
    expect(result.regions[2].issues).toEqual([
      {
        code: "renamed_marker",
        file: FILE,
        line: 16,
        fn: "sumTwice",
        index: 1,
        kind: "start",
        found: "// ## START CODE HERE ##",
        expected: "// ### START CODE HERE ###",
      },
    ]);
  });

  it("gives 0 to the regions of a function whose regions were nested", () => {
    // sumTwice's first END moved below the second region's END.
    const lines = STUDENT.split("\n");
    lines.splice(13, 1);
    lines.splice(17, 0, "  // ### END CODE HERE ###");
    const result = splice(PRISTINE, lines.join("\n"), FILE);
    expect(issueCodes(result)).toEqual({
      "double#0": [],
      "sumTwice#0": ["nested_start"],
      "sumTwice#1": ["nested_start"],
      "buggyGrad#0": [],
    });
    expect(statuses(result)["sumTwice#0"]).toBe("marker_error");
  });

  it("gives 0 to a region whose END comes before its START", () => {
    const lines = STUDENT.split("\n");
    [lines[2], lines[4]] = [lines[4], lines[2]];
    const result = splice(PRISTINE, lines.join("\n"), FILE);
    expect(result.regions[0]).toMatchObject({ status: "marker_error", issues: [{ code: "end_before_start", line: 3, startLine: 5 }] });
    expect(statuses(result)).toMatchObject({ "sumTwice#0": "spliced", "buggyGrad#0": "spliced" });
  });

  it("gives 0 to a function whose region was duplicated", () => {
    const duplicated = swapLine(
      STUDENT,
      "  return y;",
      "  // ### START CODE HERE ### (≈ 1 line)",
      "  y = 3 * x;",
      "  // ### END CODE HERE ###",
      "  return y;",
    );
    const result = splice(PRISTINE, duplicated, FILE);
    expect(result.regions[0]).toMatchObject({
      status: "marker_error",
      issues: [{ code: "duplicate_region", file: FILE, line: 6, fn: "double", expected: 1, found: 2 }],
      code: placeholderLine("double", "  "),
    });
    expect(statuses(result)).toMatchObject({ "sumTwice#0": "spliced", "buggyGrad#0": "spliced" });
  });

  it("reports a region whose markers were both deleted as missing", () => {
    const result = splice(PRISTINE, swapLine(swapLine(STUDENT, "  // ### START CODE HERE ### (≈ 1 line)"), "  // ### END CODE HERE ###"), FILE);
    expect(result.regions[0]).toMatchObject({
      status: "missing",
      issues: [{ code: "region_missing", file: FILE, fn: "double", expected: 1, found: 0 }],
    });
    expect(result.outsideChanged).toBe(true); // the student's line now sits outside any region
    expect(statuses(result)["sumTwice#1"]).toBe("spliced");
  });

  it("gives 0 to a function left with fewer regions than the exercise", () => {
    // sumTwice's first END and second START deleted: one region now spans both.
    const merged = STUDENT.split("\n").filter((_, i) => i !== 13 && i !== 15).join("\n");
    const result = splice(PRISTINE, merged, FILE);
    expect(result.regions[1].issues).toEqual([{ code: "region_missing", file: FILE, fn: "sumTwice", expected: 2, found: 1 }]);
    expect(statuses(result)).toEqual({
      "double#0": "spliced",
      "sumTwice#0": "marker_error",
      "sumTwice#1": "marker_error",
      "buggyGrad#0": "spliced",
    });
  });

  it("ignores a region written where the exercise has none", () => {
    const extra = `${STUDENT}\nfunction helper(): number {\n  // ### START CODE HERE ###\n  return 1;\n  // ### END CODE HERE ###\n}\n`;
    const result = splice(PRISTINE, extra, FILE);
    expect(result.ignored).toEqual([{ code: "unexpected_region", file: FILE, line: 31, fn: "helper", index: 0 }]);
    expect(result.source).toBe(STUDENT);
    expect(result.outsideChanged).toBe(true);
  });

  it("keeps marker problems in places the exercise does not mark among the ignored issues", () => {
    const result = splice(PRISTINE, `${STUDENT}\n// ### END CODE HERE ###\n`, FILE);
    expect(result.ignored).toEqual([{ code: "missing_start", file: FILE, line: 30, fn: "<top level>", index: 0 }]);
    expect(Object.values(statuses(result))).toEqual(["spliced", "spliced", "spliced", "spliced"]);
  });

  it.each([
    ["empty", ""],
    ["empty", " \n\r\n\t"],
    ["binary", "export function double(\0\0\0"],
    ["encoding", "export function double(x) { // caf\uFFFD"],
  ] as const)("gives 0 to every region of an unreadable (%s) file", (reason, submitted) => {
    const result = splice(PRISTINE, submitted, FILE);
    expect(result.source).toBe(PRISTINE);
    expect(result.regions.every((r) => r.status === "marker_error")).toBe(true);
    expect(result.regions.map((r) => r.issues)).toEqual(Array(4).fill([{ code: "unreadable_file", file: FILE, reason }]));
  });

  it("decodes invalid UTF-8 so that it is reported, and drops a byte-order mark", () => {
    expect(splice(PRISTINE, decodeSubmission(Uint8Array.from([0x66, 0xff, 0xfe, 0x41])), FILE).regions[0].issues).toEqual([
      { code: "unreadable_file", file: FILE, reason: "encoding" },
    ]);
    const withBom = decodeSubmission(new TextEncoder().encode(`\uFEFF${STUDENT}`));
    expect(splice(PRISTINE, withBom, FILE).source).toBe(STUDENT);
  });

  it("gives every region of a file missing from the submission the status missing", () => {
    const result = splice(PRISTINE, null, FILE);
    expect(result.source).toBe(PRISTINE);
    expect(result.regions.map((r) => [r.status, r.issues])).toEqual(Array(4).fill(["missing", [{ code: "file_missing", file: FILE }]]));
  });

  it("refuses a pristine file with broken markers (an instructor error, not the student's)", () => {
    expect(() => splice(swapLine(PRISTINE, "  // ### END CODE HERE ###"), STUDENT, FILE)).toThrow(
      expect.objectContaining({ issues: [{ code: "missing_end", file: FILE, line: 3, fn: "double", index: 0 }] }),
    );
  });
});

describe("regionLineRanges and attributeLine", () => {
  const result = splice(PRISTINE, answer({ "double#0": ["  const two = 2;", "  const twice = two * x;", "  y = twice;"] }), FILE);

  it("gives each region's marker lines in the spliced source", () => {
    expect(regionLineRanges(result)).toEqual([
      { fn: "double", index: 0, startLine: 3, endLine: 7 },
      { fn: "sumTwice", index: 0, startLine: 14, endLine: 16 },
      { fn: "sumTwice", index: 1, startLine: 18, endLine: 20 },
      { fn: "buggyGrad", index: 0, startLine: 26, endLine: 28 },
    ]);
    const lines = result.source.split("\n");
    for (const r of regionLineRanges(result)) {
      expect(classifyLine(lines[r.startLine - 1])?.kind).toBe("start");
      expect(classifyLine(lines[r.endLine - 1])?.kind).toBe("end");
    }
  });

  it("attributes a line inside a region to that region, and other lines to their function", () => {
    expect(attributeLine(result, 5)).toEqual({ fn: "double", index: 0 });
    expect(attributeLine(result, 19)).toEqual({ fn: "sumTwice", index: 1 });
    expect(attributeLine(result, 8)).toEqual({ fn: "double" }); // return y;
    expect(attributeLine(result, 11)).toEqual({ fn: "sumTwice" }); // the signature line
    expect(attributeLine(result, 9)).toEqual({ fn: "<top level>" }); // the closing brace
  });
});

/** One sample of every issue only splicing finds; the type makes a new code without a sample a compile error. */
const SAMPLES: { [C in Exclude<SpliceIssueCode, MarkerIssueCode>]: Extract<SpliceIssue, { code: C }> } = {
  unreadable_file: { code: "unreadable_file", file: "alice/optimization.ts", reason: "encoding" },
  file_missing: { code: "file_missing", file: "alice/regularization.ts" },
  duplicate_region: { code: "duplicate_region", file: "alice/gradient-checking.ts", line: 70, fn: "gradientCheck", expected: 3, found: 4 },
  region_missing: { code: "region_missing", file: "alice/gradient-checking.ts", fn: "gradientCheckN", expected: 4, found: 3 },
  unexpected_region: { code: "unexpected_region", file: "alice/initialization.ts", line: 90, fn: "myHelper", index: 0 },
};

const renderAll = (lang: "en" | "zh") => [
  ...Object.values(SAMPLES).map((issue) => renderSpliceIssue(issue, lang)),
  renderSpliceIssue({ code: "unreadable_file", file: "bob/initialization.ts", reason: "empty" }, lang),
  renderSpliceIssue({ code: "unreadable_file", file: "bob/initialization.ts", reason: "binary" }, lang),
  renderSpliceIssue({ code: "region_missing", file: "bob/initialization.ts", fn: "initializeParametersHe", expected: 1, found: 0 }, lang),
  renderSpliceIssue({ code: "missing_end", file: "bob/initialization.ts", line: 75, fn: "initializeParametersHe", index: 0 }, lang),
];

describe("renderSpliceIssue", () => {
  it("says in English what is wrong, where, and what to do, for every splice issue", () => {
    expect(renderAll("en")).toMatchInlineSnapshot(`
      [
        "alice/optimization.ts: the file is not valid UTF-8 text, so none of its code could be graded; save it as plain UTF-8 text and submit it again.",
        "alice/regularization.ts: the file is missing from the submission, so its functions score 0; add it (start from the released exercise) with your code in it.",
        "alice/gradient-checking.ts:70: gradientCheck has 4 regions marked with START/END CODE HERE where the exercise has 3; remove the extra markers so each region appears once.",
        "alice/gradient-checking.ts: gradientCheckN has 3 regions marked with START/END CODE HERE where the exercise has 4; restore the missing markers from the released exercise and put your code between them.",
        "alice/initialization.ts:90: the region in myHelper is not one of the exercise's graded regions, so its code was ignored; put your code between the markers of the graded functions.",
        "bob/initialization.ts: the file is empty, so none of its code could be graded; submit the file with your code in it.",
        "bob/initialization.ts: the file contains binary data (NUL bytes), so none of its code could be graded; save it as plain UTF-8 text and submit it again.",
        "bob/initialization.ts: the START/END CODE HERE markers of initializeParametersHe are gone; restore them from the released exercise and put your code between them.",
        "bob/initialization.ts:75: the START CODE HERE marker in initializeParametersHe has no END CODE HERE marker after it; restore the line "// ### END CODE HERE ###" under your code in initializeParametersHe.",
      ]
    `);
  });

  it("says the same in Chinese, for every splice issue", () => {
    expect(renderAll("zh")).toMatchInlineSnapshot(`
      [
        "alice/optimization.ts：该文件不是有效的 UTF-8 文本，其中的代码都无法评分；请将其保存为 UTF-8 纯文本后重新提交。",
        "alice/regularization.ts：提交中缺少该文件，其中的函数计 0 分；请以发布的练习为基础加入该文件并写入你的代码。",
        "alice/gradient-checking.ts:70：gradientCheck 中有 4 个 START/END CODE HERE 区域，而练习中只有 3 个；请删除多余的标记，使每个区域只出现一次。",
        "alice/gradient-checking.ts：gradientCheckN 中有 3 个 START/END CODE HERE 区域，而练习中有 4 个；请从发布的练习中恢复缺失的标记，并把代码写在标记之间。",
        "alice/initialization.ts:90：myHelper 中的区域不是练习的评分区域，其中的代码已被忽略；请把代码写在评分函数的标记之间。",
        "bob/initialization.ts：该文件是空文件，其中的代码都无法评分；请在该文件中写入你的代码后重新提交。",
        "bob/initialization.ts：该文件包含二进制数据（NUL 字节），其中的代码都无法评分；请将其保存为 UTF-8 纯文本后重新提交。",
        "bob/initialization.ts：initializeParametersHe 的 START/END CODE HERE 标记不见了；请从发布的练习中恢复这些标记，并把代码写在它们之间。",
        "bob/initialization.ts:75：initializeParametersHe 中的 START CODE HERE 标记后面没有对应的 END CODE HERE 标记；请在 initializeParametersHe 中你的代码下方恢复 "// ### END CODE HERE ###" 这一行。",
      ]
    `);
  });
});

describe("spliceFiles", () => {
  it("reads the pristine and submitted files and splices them; an absent submission is missing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dnnlab-splice-"));
    try {
      await writeFile(join(dir, "pristine.ts"), PRISTINE);
      await writeFile(join(dir, "submitted.ts"), STUDENT.replace(/\n/g, "\r\n"));
      expect((await spliceFiles(join(dir, "pristine.ts"), join(dir, "submitted.ts"), FILE)).source).toBe(STUDENT);
      const absent = await spliceFiles(join(dir, "pristine.ts"), join(dir, "nope.ts"), FILE);
      expect(absent.regions.map((r) => r.status)).toEqual(["missing", "missing", "missing", "missing"]);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

// ---------------------------------------------------------------------------------------
// Properties

/** An ordinary code line: never a marker, never an `export` that could move a function boundary. */
const codeLine = fc
  .oneof(
    fc.string({ unit: fc.constantFrom(..."abxy =+-*/#();`'\"{}<>.\t ENDSTARTCODEHERE"), maxLength: 30 }),
    fc.constantFrom("const s = `### END CODE HERE ###`;", "function helper() {", "}", "", "   "),
  )
  .filter((l) => classifyLine(l) === undefined && !/^\s*export\b/.test(l) && !/STUB CODE/.test(l));

const body = fc.array(codeLine, { maxLength: 4 });

/** A random solution: functions with 1–3 regions each, assorted indents and hints, some shipping stub code. */
const solutionSpec = fc.array(
  fc.record({
    indent: fc.constantFrom("  ", "    ", "\t"),
    regions: fc.array(
      fc.record({ hint: fc.option(fc.constantFrom("(≈ 1 line)", "(≈ 3 lines: mind the ε)")), reference: body, stub: fc.option(body) }),
      { minLength: 1, maxLength: 3 },
    ),
  }),
  { minLength: 1, maxLength: 4 },
);

type Spec = typeof solutionSpec extends fc.Arbitrary<infer T> ? T : never;

function buildSolution(spec: Spec): string {
  return spec
    .flatMap(({ indent, regions }, f) => [
      `/** Function ${f}. */`,
      `export function fn${f}(x: number): number {`,
      `${indent}let y = 0;`,
      ...regions.flatMap(({ hint, reference, stub }, k) => [
        `${indent}// ### START CODE HERE ###${hint ? " " + hint : ""}`,
        ...reference.map((l) => indent + l),
        ...(stub ? [`${indent}/* ### STUB CODE ###`, ...stub.map((l) => indent + l), `${indent}### END STUB CODE ### */`] : []),
        `${indent}// ### END CODE HERE ###`,
        `${indent}y += ${k};`,
      ]),
      `${indent}return y;`,
      "}",
      "",
    ])
    .join("\n");
}

const regionCount = (spec: Spec) => spec.reduce((n, f) => n + f.regions.length, 0);

describe("splice (properties)", () => {
  it("puts exactly the submitted bodies back, in every region, whatever the layout", () => {
    const scenario = solutionSpec.chain((spec) =>
      fc.record({
        spec: fc.constant(spec),
        bodies: fc.array(body, { minLength: regionCount(spec), maxLength: regionCount(spec) }),
        crlf: fc.boolean(),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ spec, bodies, crlf }) => {
        const pristine = generateStub(buildSolution(spec), FILE);
        const shipped = parseRegions(pristine, FILE).regions;
        const submission = replaceBodies(pristine, bodies);
        const result = splice(pristine, crlf ? submission.replace(/\n/g, "\r\n") : submission, FILE);
        // Lines, not `body` strings: an empty region and one blank line have the same body "".
        const shippedLines = shipped.map((r) => pristine.split("\n").slice(r.startLine, r.endLine - 1));
        const kept = bodies.map((b, k) => (isPlaceholder(b.join("\n"), shipped[k].body) ? shippedLines[k] : b));
        expect(result.source).toBe(replaceBodies(pristine, kept));
        expect(result.regions.map((r) => r.status)).toEqual(
          bodies.map((b, k) => (isPlaceholder(b.join("\n"), shipped[k].body) ? "untouched" : "spliced")),
        );
        expect(result.outsideChanged).toBe(false);
        expect(result.ignored).toEqual([]);
      }),
    );
  });

  it("is the identity when the pristine file is spliced into itself", () => {
    fc.assert(
      fc.property(solutionSpec, (spec) => {
        const pristine = generateStub(buildSolution(spec), FILE);
        const result = splice(pristine, pristine, FILE);
        expect(result.source).toBe(pristine);
        expect(result.regions.every((r) => r.status === "untouched")).toBe(true);
      }),
    );
  });

  it("discards any comment or statement added outside the markers, and says so", () => {
    const scenario = solutionSpec.chain((spec) =>
      fc.record({
        spec: fc.constant(spec),
        bodies: fc.array(body, { minLength: regionCount(spec), maxLength: regionCount(spec) }),
        inserts: fc.array(fc.tuple(fc.nat(), fc.constantFrom("// my note", "  console.log(x);", "let cheat = 1;")), { minLength: 1, maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ spec, bodies, inserts }) => {
        const pristine = generateStub(buildSolution(spec), FILE);
        const submission = replaceBodies(pristine, bodies);
        const lines = submission.split("\n");
        const inRegion = new Set(parseRegions(submission, FILE).regions.flatMap((r) => Array.from({ length: r.endLine - r.startLine }, (_, k) => r.startLine + k)));
        const outside = lines.map((_, i) => i).filter((i) => !inRegion.has(i)); // 0-based places where a line can go before
        const places = inserts.map(([at, line]) => [outside[at % outside.length], line] as const).sort((a, b) => b[0] - a[0]);
        for (const [at, line] of places) lines.splice(at, 0, line); // from the bottom up, so earlier places stay valid
        const edited = splice(pristine, lines.join("\n"), FILE);
        const clean = splice(pristine, submission, FILE);
        expect(edited.source).toBe(clean.source);
        expect(edited.outsideChanged).toBe(true);
      }),
    );
  });
});
