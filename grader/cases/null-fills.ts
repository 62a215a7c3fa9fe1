/**
 * "Null" implementations of a graded function: what a student gets without writing real
 * code. Own-code credit (DESIGN.md Decisions) is measured against them: an output part
 * that one of them already gets right earns nothing. Two fills of the reference solution's
 * regions of one function (every region of that function at once; the rest of the file is
 * the reference):
 *
 * - "zeros": the reference code runs, then every value the region assigns or returns is
 *   replaced by zeros of the same kind (a Matrix of the same shape, 0, false; arrays and
 *   objects element by element), so the shipped lines after it compute on zeros;
 * - "comment": the region holds only a comment (`// TODO`).
 *
 * The shipped starter (exercises/) is the third. Pure text transforms; the self-test
 * (grader/self-test.test.ts) grades the same fills as submissions.
 */
import { parseRegions } from "../splice/markers.ts";

export type NullFill = "zeros" | "comment";

const ZERO_LIKE_BASE = "__dnnlabZeroLike";

/**
 * Put at the top of a zeros-filled region (a function declaration, so it hoists within the
 * region's block and the region stays self-contained, as a submitted region must be):
 * zeros of the same kind as a value.
 */
const zeroLikeFn = (ZERO_LIKE: string, indent: string): string[] => [
  `${indent}// eslint-disable-next-line @typescript-eslint/no-explicit-any`,
  `${indent}function ${ZERO_LIKE}(v: any): any {`,
  `${indent}  if (typeof v === "number") return 0;`,
  `${indent}  if (typeof v === "boolean") return false;`,
  `${indent}  if (Array.isArray(v)) return v.map(${ZERO_LIKE});`,
  `${indent}  if (v !== null && typeof v === "object" && typeof v.mul === "function" && "nrows" in v) return v.mul(0);`,
  `${indent}  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, ${ZERO_LIKE}(x)]));`,
  `${indent}  return v;`,
  `${indent}}`,
];

/** What a line of a region assigns: plain names, element or property targets, array destructuring. */
function targetsOf(line: string): string[] {
  const destructure = /^\s*(?:let\s+|var\s+)?\[([^\]]+)\]\s*=[^=]/.exec(line);
  if (destructure) return destructure[1].split(",").map((s) => s.trim()).filter((s) => /^[A-Za-z_$][\w$]*$/.test(s));
  const m = /^\s*(?:let\s+|var\s+)?([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[[^\]]+\])*)\s*(?::\s*[^=]+)?[-+*/]?=(?!=)/.exec(line);
  return m ? [m[1]] : [];
}

/** Each region gets its own helper name: two regions of one function share its scope. */
function zeroBody(lines: readonly string[], indent: string, k: number): string[] {
  const ZERO_LIKE = `${ZERO_LIKE_BASE}${k}`;
  const out = lines.map((l) => l.replace(/^(\s*)const\s/, "$1let ").replace(/^(\s*)return\s+(.+?);?\s*$/, `$1return ${ZERO_LIKE}($2);`));
  const targets = [...new Set(lines.flatMap(targetsOf))];
  return [...zeroLikeFn(ZERO_LIKE, indent), ...out, ...targets.map((t) => `${indent}${t} = ${ZERO_LIKE}(${t});`)];
}

/** The solution text with every region of `fn` filled the null way. */
export function fillRegions(solutionText: string, file: string, fn: string, fill: NullFill): string {
  const lines = solutionText.replace(/\r\n?/g, "\n").split("\n");
  const regions = parseRegions(lines.join("\n"), file).regions.filter((r) => r.fn === fn);
  if (regions.length === 0) throw new Error(`${file}: ${fn} has no marked region`);
  // From the last region up, so earlier line numbers stay valid.
  for (const r of [...regions].sort((a, b) => b.startLine - a.startLine)) {
    const body = lines.slice(r.startLine, r.endLine - 1);
    const filled = fill === "comment" ? [`${r.indent}// TODO`] : zeroBody(body, r.indent, r.index);
    lines.splice(r.startLine, r.endLine - 1 - r.startLine, ...filled);
  }
  return lines.join("\n");
}

/** The functions with marked regions in a solution file, in file order. */
export function regionFunctions(solutionText: string, file: string): string[] {
  return [...new Set(parseRegions(solutionText.replace(/\r\n?/g, "\n"), file).regions.map((r) => r.fn))];
}
