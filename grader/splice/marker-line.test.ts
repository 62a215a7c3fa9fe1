import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyLine } from "./marker-line.ts";
import { functionOfEachLine, parseRegions } from "./markers.ts";

const SOLUTION = [
  "export function double(x: number): number {",
  "  let y = 0;",
  "  // ### START CODE HERE ### (≈ 1 line)",
  "  y = 2 * x;",
  "  // ### END CODE HERE ###",
  "  return y;",
  "}",
].join("\n");

/**
 * The regex the scanner replaced (issue 13.4). Fine on short lines, so it serves as the
 * reference the scanner must agree with; on `// start code here` + 400 spaces + `.` it
 * backtracks for minutes.
 */
const OLD_MARKER_LIKE =
  /^(?:\/\/+|\/\*+|#+|\*+)?\s*#*\s*(start|begin|end)\s*(?:of\s+)?(?:your\s+)?code\s*here\s*#*\s*(?:\*\/)?\s*(\(.*\))?\s*(?:\*\/)?\s*$/i;
const OLD_ACCEPTED_START = /^\/\/ ### START CODE HERE ###(?:\s+(.*))?$/;
const OLD_ACCEPTED_END = /^\/\/ ### END CODE HERE ###$/;

function oldClassify(line: string) {
  const text = line.trim();
  if (OLD_ACCEPTED_START.test(text) || OLD_ACCEPTED_END.test(text)) return { accepted: true };
  const like = OLD_MARKER_LIKE.exec(text);
  if (!like) return undefined;
  const kind = like[1].toLowerCase() === "end" ? "end" : "start";
  return { kind, hint: kind === "end" ? undefined : like[2] }; // an END's hint is not kept
}

function newClassify(line: string) {
  const m = classifyLine(line);
  if (!m) return undefined;
  if (!m.renamed) return { accepted: true };
  const hint = / \((.*)\)$/s.exec(m.renamed.expected.slice("// ### START CODE HERE ###".length));
  return { kind: m.kind, hint: hint ? `(${hint[1]})` : undefined };
}

describe("classifyLine against hostile lines (issue 13.4)", () => {
  // Each of these took the old regex from seconds to hours; the assertions are on the
  // result, and the test's default timeout is what the old code would have hit.
  it("a marker-like comment followed by 100,000 spaces and a dot is an ordinary line", () => {
    expect(classifyLine(`// start code here${" ".repeat(100_000)}.`)).toBeUndefined();
    expect(classifyLine(`# ### END CODE HERE ###${"\t".repeat(100_000)}x`)).toBeUndefined();
    expect(classifyLine(`// ### START CODE HERE ###${" ".repeat(100_000)}x\u2028y`)).toBeUndefined();
  });

  it("still sees a marker with 100,000 spaces inside it", () => {
    expect(classifyLine(`// start${" ".repeat(100_000)}code here ###`)).toMatchObject({ kind: "start", renamed: { expected: "// ### START CODE HERE ###" } });
    expect(classifyLine(`// ### START CODE HERE ###${" ".repeat(100_000)}(≈ 2 lines)`)).toEqual({ kind: "start", hint: "≈ 2 lines" });
  });

  it("parses a 10,000-line file of hostile lines, and a function declaration with 100,000 spaces", () => {
    const hostile = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? `// start code here${" ".repeat(400)}.` : `    ${"#".repeat(300)}${" ".repeat(300)}end code here${" ".repeat(300)}!`));
    const submission = SOLUTION.replace("  y = 2 * x;", ["  y = 2 * x;", ...hostile].join("\n"));
    const { regions, issues } = parseRegions(submission, "exercises/demo.ts");
    expect(issues).toEqual([]);
    expect(regions.map((r) => [r.fn, r.startLine, r.endLine])).toEqual([["double", 3, 10_005]]);

    const decl = `function${" ".repeat(100_000)}!`;
    expect(functionOfEachLine([decl, "  x;"].join("\n"))).toEqual(["<top level>", "<top level>"]);
    expect(functionOfEachLine([`function${" ".repeat(100_000)}* gen() {`, "  x;"].join("\n"))).toEqual(["gen", "gen"]);
  });
});

describe("classifyLine agrees with the regex it replaced (on lines short enough for it)", () => {
  const tokens = [
    "//", "///", "/*", "/**", "*/", "*", "#", "###", " ", "  ", "\t", "\u00a0", "\u2028",
    "start", "START", "Start", "begin", "BEGIN", "end", "END", "of", "of ", "your ", "your",
    "code", "CODE", "here", "HERE", "(", ")", "(≈ 2 lines)", "x", ".", "// ### START CODE HERE ###",
    "// ### END CODE HERE ###",
  ];
  const line = fc.array(fc.constantFrom(...tokens), { maxLength: 12 }).map((ts) => ts.join(""));
  // Lines built around a plausible marker, so the interesting branches are reached often.
  const nearMarker = fc
    .tuple(
      fc.constantFrom("", "//", "// ", "/* ", "# ", "* ", "//##"),
      fc.constantFrom("", " ", "# ", "### "),
      fc.constantFrom("start", "Begin", "END", "stop"),
      fc.constantFrom(" ", "", " of ", " your ", " of your ", " of  your", "of"),
      fc.constantFrom("code", "Code", "cod"),
      fc.constantFrom(" ", "", "  "),
      fc.constantFrom("here", "HERE", "there"),
      fc.constantFrom("", " ###", "#", " ### */", " */ (hint) */", " (a) (b)", " (x", " (≈ 2 lines)", " */ */", " ) (", " (\u2028)", " .", "*/(a)*/"),
    )
    .map((parts) => parts.join(""));

  it("on random token soups and near-markers", () => {
    fc.assert(
      fc.property(fc.oneof(line, nearMarker), (l) => {
        expect(newClassify(l)).toEqual(oldClassify(l));
      }),
      { numRuns: 3000 },
    );
  });
});
