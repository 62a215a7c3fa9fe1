/**
 * The hook on real sample students: graded by the pipeline, then their failed cases and
 * compiled sources handed to diagnoseWith, as the pipeline's diagnose step does.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { materializeClass } from "../../fixtures/submissions/materialize.ts";
import { SAMPLE_CLASS } from "../../fixtures/submissions/sample-class.ts";
import { compileSubmission } from "../compile/compile.ts";
import { loadFixtures, loadLab } from "../labs/index.ts";
import { gradeSubmission } from "../pipeline/grade.ts";
import type { SubmissionResult } from "../result/result.ts";
import { splice } from "../splice/splice.ts";
import { exerciseFor } from "../splice/stubs.ts";
import { Diagnoser } from "./diagnose.ts";
import type { Diagnosis } from "./diagnosis.ts";
import { diagnoseWith } from "./hook.ts";
import { toDiagnosesJson } from "./summary.ts";
import { renderFeedback, renderTerminal } from "../feedback/feedback.ts";

const fixtures = loadFixtures();
const labs = [loadLab("hw2-1", fixtures), loadLab("regularization", fixtures)];
const IDS = ["s2026001", "s2026003", "s2026005", "s2026007", "s2026008", "s2026009", "s2026010", "s2026011"];
const students = SAMPLE_CLASS.filter((s) => IDS.includes(s.id));
const diagnoser = new Diagnoser();
const hook = diagnoseWith(diagnoser);
/** student → case id → diagnoses */
const found = new Map<string, Map<string, Diagnosis[]>>();
const graded = new Map<string, SubmissionResult[]>();
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dnnlab-diagnose-"));
  const paths = materializeClass(dir, new Date(labs[0]!.deadline), students);
  for (const path of paths) {
    const id = path.split("/").pop()!;
    const spliced = ["initialization.ts", "gradient-checking.ts", "optimization.ts", "regularization.ts"].map((f) =>
      splice(exerciseFor(f), readFileSync(join(path, f), "utf8"), f),
    );
    const { sources } = compileSubmission(spliced);
    const all = new Map<string, Diagnosis[]>();
    const results: SubmissionResult[] = [];
    for (const lab of labs) {
      const r = await gradeSubmission(path, { lab, fixtures });
      results.push(r);
      const failed = r.cases.filter((c) => c.earned < c.points);
      for (const [k, v] of await hook({ lab, fixtures, limits: {}, failed, sources })) all.set(k, v);
    }
    found.set(id, all);
    graded.set(id, results);
  }
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const catalogIds = (student: string): Set<string> =>
  new Set([...found.get(student)!.values()].flat().flatMap((d) => (d.source === "catalog" ? [d.id] : [])));

describe("diagnosing the sample class", () => {
  it("diagnoses nothing for the reference solution (nothing failed)", () => {
    expect(found.get("s2026001")!.size).toBe(0);
  });

  it.each([
    ["s2026003", "he-fan-out"],
    ["s2026005", "backward-n-planted-db1"],
    ["s2026007", "adam-eps-outside-division"],
    ["s2026009", "schedule-no-floor"],
    ["s2026010", "dropout-no-rescale-layer1"],
    ["s2026011", "l2-backward-term-missing"],
  ])("%s: %s, and nothing else", (student, id) => {
    expect(catalogIds(student)).toEqual(new Set([id]));
    // Every failed fixture case with a wrong output got the diagnosis.
    for (const r of graded.get(student)!) {
      for (const c of r.cases) {
        if (c.kind !== "fixture" || c.issue?.code !== "mismatch") continue;
        expect(found.get(student)!.get(c.id), `${student} ${c.id}`).toBeDefined();
      }
    }
  });

  it("calls a mistake made on one line of the two an entry covers a partial match (Adam's W line only)", () => {
    const ds = [...found.get("s2026007")!.values()].flat();
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) expect(d).toMatchObject({ source: "catalog", id: "adam-eps-outside-division", match: "partial" });
  });

  it("names an entry by the leaves the student got wrong: the last batch's X is empty, its Y right (s2026008)", () => {
    const ds = [...found.get("s2026008")!.values()].flat();
    expect(ds.length).toBeGreaterThan(0);
    for (const d of ds) expect(d).toMatchObject({ source: "catalog", id: "minibatch-last-empty", match: "partial" });
  });

  it("uses the outcomes the pipeline kept instead of rerunning the student", async () => {
    const lab = labs[0]!;
    const c = fixtures.get("optimization")!.cases.find((x) => x.id === "update-lr-notebook")!;
    const q = lab.questions.find((x) => x.assignment === "optimization")!;
    const ds = await hook({
      lab,
      fixtures,
      limits: {},
      failed: [{ id: c.id, kind: "fixture", fn: c.fn, question: q.id, issue: { code: "mismatch" } }],
      sources: {},
      // lr0 / 1 + decayRate·epoch at (0.5, 2, 1)
      outcomes: new Map([[c.id, { ok: true, value: 0.5 / 1 + 1 * 2 }]]),
    });
    expect(ds.get(c.id)).toEqual([
      { source: "catalog", id: "update-lr-precedence", match: "full", line: { kind: "wrote", code: "learningRate = learningRate0 / 1 + decayRate * epochNum;" } },
    ]);
  });

  it("reran the variants of the class once: later students hit the cache", () => {
    expect(diagnoser.stats.sandboxes).toBeLessThanOrEqual(found.size);
    expect(diagnoser.stats.variantCalls).toBeGreaterThan(0);
  });
});

describe("diagnoses through the grading pipeline", () => {
  it("land on the failed cases of the result, in the feedback page and in check's report, without rerunning the student", async () => {
    const d = new Diagnoser();
    const lab = labs[0]!;
    const path = join(dir, "s2026009");
    const r = await gradeSubmission(path, { lab, fixtures, diagnose: diagnoseWith(d) });
    const diagnosed = r.cases.filter((c) => c.diagnoses?.length);
    expect(diagnosed.length).toBeGreaterThan(0);
    for (const c of diagnosed) {
      expect(c.fn).toBe("scheduleLrDecay");
      expect(c.earned).toBeLessThan(c.points);
      expect(c.diagnoses![0]).toMatchObject({ source: "catalog", id: "schedule-no-floor" });
    }
    expect(d.stats.studentReruns).toBe(0);
    const md = renderFeedback(r, lab, "en");
    expect(md).toContain("Likely mistake: The rate decays a little every epoch instead of in steps.");
    expect(md).toContain("learningRate = learningRate0 / (1 + decayRate * epochNum / timeInterval);");
    expect(renderFeedback(r, lab, "zh")).toContain("可能的错误：学习率每个 epoch 都衰减一点");
    expect(renderTerminal(r, lab, "en", { color: false })).toContain("Likely mistake:");
    // The class summary counts it.
    const summary = JSON.parse(toDiagnosesJson([r, ...graded.get("s2026001")!.filter((x) => x.lab === lab.id)], lab.id));
    expect(summary.counts).toEqual([
      { id: "schedule-no-floor", source: "catalog", fn: "scheduleLrDecay", students: 1, cases: diagnosed.length, who: ["s2026009"] },
    ]);
    expect(summary).toMatchObject({ graded: 2, diagnosed: 1 });
  });

  it("show a hidden case's diagnosis without its values", async () => {
    const lab = labs[0]!;
    const r = await gradeSubmission(join(dir, "s2026003"), { lab, fixtures, diagnose: diagnoseWith(diagnoser) });
    const hidden = r.cases.find((c) => c.hidden && c.diagnoses?.length);
    expect(hidden, "a hidden He case is diagnosed").toBeDefined();
    const md = renderFeedback(r, lab, "en");
    const block = md.slice(md.indexOf(hidden!.description));
    expect(block).toContain("Likely mistake: The weights are scaled with the size of their own layer");
    expect(JSON.stringify(hidden!.diagnoses)).not.toMatch(/\d\.\d/);
  });
});
