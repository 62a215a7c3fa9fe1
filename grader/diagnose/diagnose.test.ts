/**
 * The diagnose step end to end, in the sandbox: every catalog mistake, applied alone to
 * the reference, is diagnosed as itself (and only as itself and its declared aliases) on
 * at least one case of its function it fails; correct variants of the reference pass
 * every case and get no diagnosis; variant outputs are cached across students.
 *
 * All catalog variants run in one sandbox (the Diagnoser batches them), the correct ones in a second.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadFixtures } from "../labs/index.ts";
import type { FixtureCase } from "../cases/schema.ts";
import { compareValue } from "../judge/compare.ts";
import { decode, encode } from "../../lib/value.ts";
import { CATALOG, type Mistake } from "./catalog/index.ts";
import { Diagnoser, type FailedCase } from "./diagnose.ts";
import type { Diagnosis } from "./diagnosis.ts";
import { renderDiagnoses } from "../../i18n/diagnose.ts";
import { type VariantOutcome, callKey, runVariants } from "./run-variants.ts";

const cases: FixtureCase[] = [...loadFixtures().values()].flatMap((f) => f.cases);
const casesOf = (fn: string): FixtureCase[] => cases.filter((c) => c.fn === fn);
const failsCase = (v: VariantOutcome, c: FixtureCase): boolean =>
  !v.ok || compareValue(v.value, decode(c.expected), { rtol: c.rtol, atol: c.atol }) !== undefined;
/** A student whose output is the variant's: its value, or the error it threw. */
const asStudent = (v: VariantOutcome): FailedCase["outcome"] =>
  v.ok ? { ok: true, value: encode(v.value) } : "threw" in v ? { ok: false, error: { kind: "threw", ...v.threw } } : { ok: false, error: { kind: "crashed" } };

/** Correct ways to write the reference: they must pass every case and never be diagnosed. */
const CORRECT: Mistake[] = [
  {
    id: "he-divided-by-sqrt-n-over-2",
    file: "initialization.ts",
    fn: "initializeParametersHe",
    seen: "common",
    edits: [{ find: ".mul(Math.sqrt(2 / layersDims[l - 1]))", replace: ".div(Math.sqrt(layersDims[l - 1] / 2))" }],
  },
  {
    id: "momentum-other-order",
    file: "optimization.ts",
    fn: "updateParametersWithMomentum",
    seen: "common",
    edits: ["W", "b"].map((w) => ({
      find: `v["d${w}" + l].mul(beta).add(grads["d${w}" + l].mul(1 - beta))`,
      replace: `grads["d${w}" + l].mul(1 - beta).add(v["d${w}" + l].mul(beta))`,
    })),
  },
  {
    id: "adam-other-order",
    file: "optimization.ts",
    fn: "updateParametersWithAdam",
    seen: "common",
    edits: ["W", "b"].map((w) => ({
      find: `vCorrected["d${w}" + l].mul(learningRate).div(np.sqrt(sCorrected["d${w}" + l]).add(epsilon))`,
      replace: `vCorrected["d${w}" + l].div(np.sqrt(sCorrected["d${w}" + l]).add(epsilon)).mul(learningRate)`,
    })),
  },
  {
    id: "l2-cost-lambda-over-2m",
    file: "regularization.ts",
    fn: "computeCostWithRegularization",
    seen: "common",
    edits: [{ find: "(1 / m) * (lambd / 2) *", replace: "(lambd / (2 * m)) *" }],
  },
  {
    id: "check-1d-hand-written-norms",
    file: "gradient-checking.ts",
    fn: "gradientCheck",
    seen: "common",
    edits: [
      { index: 2, find: "np.linalg.norm(grad - gradapprox)", replace: "Math.abs(grad - gradapprox)" },
      { index: 2, find: "np.linalg.norm(grad) + np.linalg.norm(gradapprox)", replace: "Math.abs(grad) + Math.abs(gradapprox)" },
    ],
  },
  {
    id: "check-n-hand-written-norms",
    file: "gradient-checking.ts",
    fn: "gradientCheckN",
    seen: "common",
    edits: [
      { index: 3, find: "np.linalg.norm(grad.sub(gradapprox))", replace: "Math.sqrt(np.sum(np.square(grad.sub(gradapprox))))" },
      { index: 3, find: "np.linalg.norm(grad)", replace: "Math.sqrt(np.sum(np.square(grad)))" },
    ],
  },
  {
    id: "check-1d-divides-by-theta-difference",
    file: "gradient-checking.ts",
    fn: "gradientCheck",
    seen: "sample-class",
    edits: [{ index: 0, find: "(2 * epsilon)", replace: "(thetaplus - thetaminus)" }],
  },
  {
    id: "check-n-divides-by-theta-difference",
    file: "gradient-checking.ts",
    fn: "gradientCheckN",
    seen: "sample-class",
    edits: [{ index: 2, find: "(2 * epsilon)", replace: "(parametersValues.get(i, 0) + epsilon - (parametersValues.get(i, 0) - epsilon))" }],
  },
  {
    id: "minibatch-last-sliced-past-m",
    file: "optimization.ts",
    fn: "randomMiniBatches",
    seen: "common",
    edits: ["X", "Y"].map((v) => ({
      index: 2,
      find: `shuffled${v}.cols(numCompleteMinibatches * miniBatchSize, m)`,
      replace: `shuffled${v}.cols(numCompleteMinibatches * miniBatchSize, (numCompleteMinibatches + 1) * miniBatchSize)`,
    })),
  },
  {
    id: "minibatch-start-by-stepping",
    file: "optimization.ts",
    fn: "randomMiniBatches",
    seen: "common",
    edits: [
      {
        index: 1,
        find: "miniBatchX = shuffledX.cols(k * miniBatchSize, (k + 1) * miniBatchSize);",
        replace: "let start = 0;\nfor (let j = 0; j < k; j++) start += miniBatchSize;\nminiBatchX = shuffledX.cols(start, start + miniBatchSize);",
      },
      { index: 1, find: "shuffledY.cols(k * miniBatchSize, (k + 1) * miniBatchSize)", replace: "shuffledY.cols(start, start + miniBatchSize)" },
    ],
  },
];

const diagnoser = new Diagnoser();
/** Per entry, its failing cases and the diagnoses of a student whose output is the variant's. */
const found = new Map<string, { caseId: string; ds: Diagnosis[] }[]>();
const variantOut = new Map<string, VariantOutcome>();
let correctOut: Map<string, VariantOutcome>;

beforeAll(async () => {
  // 1. Every entry's variant on every case of its function: one sandbox.
  await diagnoser.ensure(cases.filter((c) => CATALOG.some((m) => m.fn === c.fn)));
  expect(diagnoser.stats.sandboxes).toBe(1);
  for (const m of CATALOG) for (const c of casesOf(m.fn)) variantOut.set(callKey(m.id, c), (await diagnoser.outcome(m.id, c))!);
  // 2. Each entry as a student: its failing cases through the Diagnoser (all cached now).
  for (const m of CATALOG) {
    const mine = casesOf(m.fn).flatMap((c) => {
      const v = variantOut.get(callKey(m.id, c))!;
      return failsCase(v, c) ? [{ fixture: c, outcome: asStudent(v) }] : [];
    });
    const ds = await diagnoser.diagnose(mine);
    found.set(m.id, mine.map((f) => ({ caseId: f.fixture.id, ds: ds.get(f.fixture.id) ?? [] })));
  }
  expect(diagnoser.stats.sandboxes).toBe(1);
  // 3. The correct variants (one sandbox).
  correctOut = await runVariants(CORRECT.flatMap((mistake) => casesOf(mistake.fn).map((call) => ({ mistake, call }))));
}, 240_000);

describe("every catalog mistake is diagnosed as itself", () => {
  it.each(CATALOG.map((m) => [m.id, m] as const))("%s", (_id, m) => {
    const mine = found.get(m.id)!;
    expect(mine.length, `${m.id} fails no case of ${m.fn}`).toBeGreaterThan(0);
    const expected = [m.id, ...(m.aliases ?? [])].sort();
    const exact = mine.filter((x) => x.ds.every((d) => d.source === "catalog") && x.ds.map((d) => (d.source === "catalog" ? d.id : "")).sort().join() === expected.join());
    expect(exact.map((x) => x.caseId), JSON.stringify(mine)).not.toEqual([]);
    // A diagnosis of its own variant is always a full match.
    for (const x of exact) for (const d of x.ds) expect(d).toMatchObject({ source: "catalog", match: "full", line: { code: expect.any(String) } });
  });

  it("declares as aliases exactly the entries that give the same numbers on every case", () => {
    for (const m of CATALOG) {
      for (const other of CATALOG) {
        if (other === m || other.fn !== m.fn) continue;
        const identical = casesOf(m.fn).every((c) => {
          const a = variantOut.get(callKey(m.id, c))!;
          const b = variantOut.get(callKey(other.id, c))!;
          if (!a.ok || !b.ok) return JSON.stringify(a) === JSON.stringify(b);
          const tol = { rtol: c.rtol, atol: c.atol };
          return compareValue(a.value, b.value, tol) === undefined && compareValue(b.value, a.value, tol) === undefined;
        });
        expect(identical, `${m.id} vs ${other.id}`).toBe((m.aliases ?? []).includes(other.id));
      }
    }
  });

  it("ran all the variants a class needs once: a second student with the same mistakes runs nothing", async () => {
    const before = { ...diagnoser.stats };
    const m = CATALOG.find((x) => x.id === "adam-eps-outside-division")!;
    const c = casesOf(m.fn).find((x) => x.id === "adam-2021-large-epsilon")!;
    const ds = await diagnoser.diagnose([{ fixture: c, outcome: asStudent(variantOut.get(callKey(m.id, c))!) }]);
    expect(ds.get(c.id)).toMatchObject([{ source: "catalog", id: m.id, match: "full" }]);
    expect(diagnoser.stats.sandboxes).toBe(before.sandboxes);
    expect(diagnoser.stats.cacheHits).toBeGreaterThan(before.cacheHits);
  });
});

describe("the seeds' mistakes", () => {
  it("names dθ = J/θ on the θ = 0 case (NaN there) and says so in words", () => {
    const hit = found.get("backward-1d-j-over-theta")!;
    expect(hit.map((x) => x.caseId)).toEqual(["backward-1d-theta-zero"]);
    const text = renderDiagnoses(hit[0]!.ds, "en").join("\n");
    expect(text).toContain("NaN");
    expect(text).toContain("dtheta = forwardPropagation(x, theta) / theta;");
    expect(renderDiagnoses(hit[0]!.ds, "zh").join("\n")).toContain("可能的错误");
  });

  it("names Adam's lowercase keys from the error it throws, and ε outside the division from the numbers", () => {
    expect(found.get("adam-lowercase-keys")!.every((x) => x.ds.length === 1)).toBe(true);
    // ε = 1e-8 hides it within the tolerance; the 2021 case (ε = 1e-2) shows it.
    expect(found.get("adam-eps-added-to-parameter")!.map((x) => x.caseId)).toContain("adam-2021-large-epsilon");
  });
});

describe("correct variants get no diagnosis", () => {
  it.each(CORRECT.map((m) => [m.id, m] as const))("%s passes every case and is not diagnosed", async (_id, m) => {
    const own = casesOf(m.fn);
    for (const c of own) {
      const v = correctOut.get(callKey(m.id, c))!;
      expect(v.ok, JSON.stringify(v)).toBe(true);
      expect(failsCase(v, c), `${m.id} on ${c.id}`).toBe(false);
    }
    const ds = await diagnoser.diagnose(own.map((c) => ({ fixture: c, outcome: asStudent(correctOut.get(callKey(m.id, c))!) })));
    expect([...ds.entries()]).toEqual([]);
  });
});
