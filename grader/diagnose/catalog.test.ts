/**
 * The catalog as data: enough entries across the four assignments, the seeds' three
 * mistakes, unique ids, edits that apply exactly once, words in both languages.
 */
import { describe, expect, it } from "vitest";
import * as en from "../../i18n/en/diagnose.ts";
import * as zh from "../../i18n/zh/diagnose.ts";
import { CATALOG, type Mistake, mistakeById } from "./catalog/index.ts";
import { CatalogError, applyMistake, likelyLine, referenceBodies, referenceSource, variantSource } from "./variants.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SOLUTIONS_DIR } from "../splice/stubs.ts";
import { catalogMarkdown } from "./catalog-doc.ts";

describe("the mistake catalog", () => {
  it("has at least 40 entries with unique kebab-case ids, over all four assignments", () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(40);
    const ids = CATALOG.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(CATALOG.map((m) => m.file))).toEqual(
      new Set(["initialization.ts", "gradient-checking.ts", "optimization.ts", "regularization.ts"]),
    );
  });

  it("holds the three mistakes of the seeds' lab reports", () => {
    // Adam reading v["dw1"]-style lowercase keys; ε added outside the division; dθ = J/θ.
    expect(mistakeById("adam-lowercase-keys")?.edits[0]!.replace).toContain('v["dw" + l]');
    expect(mistakeById("adam-eps-added-to-parameter")?.fn).toBe("updateParametersWithAdam");
    expect(mistakeById("backward-1d-j-over-theta")?.edits[0]!.replace).toBe("dtheta = forwardPropagation(x, theta) / theta;");
    expect(CATALOG.filter((m) => m.seen === "seed-report").length).toBeGreaterThanOrEqual(3);
  });

  it.each(CATALOG.map((m) => [m.id, m] as const))("%s applies to the reference exactly once and changes only its function", (_id, m) => {
    const src = variantSource(m);
    const ref = referenceSource(m.file);
    expect(src).not.toBe(ref);
    // Only lines of the function's own regions differ (same line count outside them).
    const bodies = referenceBodies(readFileSync(join(SOLUTIONS_DIR, m.file), "utf8"), m.file);
    const edited = applyMistake(bodies, m);
    const changed = [...edited.keys()].filter((k) => edited.get(k) !== bodies.get(k));
    expect(changed.length).toBeGreaterThan(0);
    for (const k of changed) expect(k.startsWith(`${m.fn}#`)).toBe(true);
  });

  it("refuses an edit that matches twice, not at all, or changes nothing", () => {
    const base = mistakeById("adam-eps-outside-division")!;
    const bodies = referenceBodies(readFileSync(join(SOLUTIONS_DIR, base.file), "utf8"), base.file);
    const twice: Mistake = { ...base, edits: [{ find: 'grads["dW" + l]', replace: "x" }] };
    const never: Mistake = { ...base, edits: [{ find: "no such code", replace: "x" }] };
    const same: Mistake = { ...base, edits: [{ find: "beta1 ** t", replace: "beta1 ** t" }] };
    const region: Mistake = { ...base, edits: [{ index: 3, find: "v", replace: "w" }] };
    for (const bad of [twice, never, region]) expect(() => applyMistake(bodies, bad)).toThrow(CatalogError);
    expect(() => applyMistake(bodies, same)).toThrow(/occurs 2 times|changes nothing/);
  });

  it("has words in English and Chinese for every entry, and none for ids it lacks", () => {
    const ids = new Set(CATALOG.map((m) => m.id));
    expect(new Set(Object.keys(en.mistakes))).toEqual(ids);
    expect(new Set(Object.keys(zh.mistakes))).toEqual(ids);
    for (const id of ids) {
      const w = (zh.mistakes as Record<string, en.MistakeWords>)[id]!;
      // Chinese throughout: every zh sentence has CJK characters.
      expect(w.looks).toMatch(/[\u4e00-\u9fff]/);
      expect(w.hint).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("declares aliases both ways", () => {
    for (const m of CATALOG) {
      for (const a of m.aliases ?? []) expect(mistakeById(a)?.aliases, `${a} should list ${m.id}`).toContain(m.id);
    }
  });

  it("names the likely line: what the student wrote, or the line left out", () => {
    expect(likelyLine(mistakeById("schedule-no-floor")!)).toEqual({
      kind: "wrote",
      code: "learningRate = learningRate0 / (1 + decayRate * epochNum / timeInterval);",
    });
    expect(likelyLine(mistakeById("dropout-no-rescale")!)).toEqual({ kind: "missing", code: "A1 = A1.div(keepProb);" });
  });
});

describe("docs/diagnoses.md", () => {
  it("lists the catalog as it is (npx vitest run grader/diagnose -u rewrites it)", async () => {
    await expect(catalogMarkdown(en.mistakes)).toMatchFileSnapshot("../../docs/diagnoses.md");
  });
});
