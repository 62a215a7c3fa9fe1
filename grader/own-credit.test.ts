/**
 * Own-code credit, end to end (DESIGN.md Decisions): over every graded function, the
 * shipped starter, an all-zeros fill and a comment-only fill of its regions each earn 0
 * on that function, and the reference earns full marks. The fills are graded as
 * submissions (splice, compile, sandbox, judge), built from the reference with the
 * regions of the functions under test filled by grader/cases/null-fills.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NullFill, fillRegions, regionFunctions } from "./cases/null-fills.ts";
import { loadFixtures, loadLab } from "./labs/index.ts";
import { gradeBatch } from "./pipeline/batch.ts";
import type { SubmissionResult } from "./result/result.ts";
import { ROOT } from "./root.ts";

const FILES = ["initialization.ts", "gradient-checking.ts", "optimization.ts", "regularization.ts"];
const solution = (file: string): string => readFileSync(join(ROOT, "solutions", file), "utf8");
const ALL_FNS = FILES.flatMap((f) => regionFunctions(solution(f), f));
/** Functions that call other graded functions: nulled on their own, so what they call is the reference. */
const CALLERS = ["gradientCheck", "gradientCheckN"];
const GROUPS = { a: ALL_FNS.filter((fn) => !CALLERS.includes(fn)), b: CALLERS };
/**
 * Where zeros are the right answer, a zeros fill cannot be told from the reference:
 * the three initialisers of zeros, and the 1-D gradient check (J = θx is linear, so any
 * correct check gives a difference of ~0, and a correct variant gives exactly 0).
 */
const ZEROS_ARE_RIGHT = ["initializeParametersZeros", "initializeVelocity", "initializeAdam", "gradientCheck"];

const fixtures = loadFixtures();
const labs = ["hw2-1", "regularization"].map((id) => loadLab(id, fixtures));
let dir: string;
const results = new Map<string, Map<string, SubmissionResult>>();

function writeSubmission(root: string, id: string, fill: (file: string, text: string) => string): void {
  mkdirSync(join(root, id), { recursive: true });
  for (const f of FILES) writeFileSync(join(root, id, f), fill(f, solution(f)));
}

const nulled = (fns: readonly string[], kind: NullFill) => (file: string, text: string): string =>
  fns.filter((fn) => regionFunctions(text, file).includes(fn)).reduce((t, fn) => fillRegions(t, file, fn, kind), text);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dnnlab-owncredit-"));
  const cls = join(dir, "class");
  writeSubmission(cls, "reference", (_f, t) => t);
  for (const [g, fns] of Object.entries(GROUPS)) for (const kind of ["zeros", "comment"] as const) writeSubmission(cls, `${kind}-${g}`, nulled(fns, kind));
  // The starter of every file with a line added in every region: a comment (still untouched,
  // by code tokens) or a statement that does nothing (so everything runs, the planted bugs
  // of backwardPropagationN included).
  for (const [id, line] of [["starter-plus-comment", "// I checked this"], ["starter-plus-noop", "void 0;"]]) {
    mkdirSync(join(cls, id));
    for (const f of FILES) {
      const text = readFileSync(join(ROOT, "exercises", f), "utf8").replace(/^(\s*)(\/\/ ### START CODE HERE ###[^\n]*\n)/gm, `$1$2$1${line}\n`);
      writeFileSync(join(cls, id, f), text);
    }
  }
  for (const lab of labs) {
    const s = await gradeBatch({ submissions: cls, out: join(dir, `out-${lab.id}`), ctx: { lab, fixtures, limits: { callTimeoutMs: 1500 } }, workers: 2 });
    results.set(lab.id, new Map(s.results.map((r) => [r.student, r])));
  }
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const casesOf = (lab: string, student: string, fn: string) => results.get(lab)!.get(student)!.cases.filter((c) => c.fn === fn);

describe("own-code credit over every graded function", () => {
  it("finds the graded functions of all four files", () => {
    expect(ALL_FNS.length).toBe(21);
  });

  it("gives the reference full marks", () => {
    for (const lab of labs) for (const c of results.get(lab.id)!.get("reference")!.cases) expect(c.earned, `${lab.id} ${c.id}`).toBe(c.points);
  });

  describe.each([
    ["zeros", "a"],
    ["zeros", "b"],
    ["comment", "a"],
    ["comment", "b"],
  ] as const)("a %s fill (group %s)", (kind, group) => {
    const fns = GROUPS[group].filter((fn) => !(kind === "zeros" && ZEROS_ARE_RIGHT.includes(fn)));
    it.each(fns)("earns 0 on %s", (fn) => {
      let seen = 0;
      for (const lab of labs) {
        for (const c of casesOf(lab.id, `${kind}-${group}`, fn)) {
          seen++;
          expect(c.earned, `${lab.id} ${c.id}: ${JSON.stringify(c.issue)}`).toBe(0);
        }
      }
      expect(seen, `${fn} is graded in some lab`).toBeGreaterThan(0);
    });
  });

  it("keeps zeros fills of functions whose right answer is zeros at full marks (they cannot be told apart)", () => {
    for (const lab of labs) {
      for (const c of casesOf(lab.id, "zeros-a", "initializeVelocity")) expect(c.earned).toBe(c.points);
    }
  });

  it("counts a region with only a comment added as untouched (code tokens, not text)", () => {
    for (const lab of labs) {
      const r = results.get(lab.id)!.get("starter-plus-comment")!;
      expect(r.regions.length).toBeGreaterThan(0);
      expect(r.regions.every((x) => x.status === "untouched"), lab.id).toBe(true);
      expect(r.cases.every((c) => c.earned === 0)).toBe(true);
    }
  });

  it("gives the starter nothing when the student adds a statement that does nothing to every region (planted bugs included)", () => {
    const r = results.get("hw2-1")!.get("starter-plus-noop")!;
    expect(r.regions.filter((x) => x.fn === "backwardPropagationN").every((x) => x.status === "spliced")).toBe(true);
    const planted = casesOf("hw2-1", "starter-plus-noop", "backwardPropagationN").filter((c) => c.kind === "fixture");
    expect(planted.length).toBeGreaterThan(0);
    // It ran: the shipped lines give most keys right, but only the two the bugs break are graded.
    for (const c of planted) expect(c.issue).toMatchObject({ code: "mismatch", partsOk: 0, partsTotal: 2 });
    for (const lab of labs) for (const c of results.get(lab.id)!.get("starter-plus-noop")!.cases) expect(c.earned, `${lab.id} ${c.id}`).toBe(0);
  });

  it("runs the zeros fills (they lose on the values, not by not compiling)", () => {
    const cases = casesOf("regularization", "zeros-a", "backwardPropagationWithRegularization").filter((c) => c.kind === "fixture");
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) expect(c.issue).toMatchObject({ code: "mismatch", partsOk: 0, partsTotal: 3 });
  });
});
