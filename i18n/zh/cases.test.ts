/** Every fixture case and property of the four assignments has a Chinese description (and hint), with no English sentence in it. */
import { describe, expect, it } from "vitest";
import { readFixtureFile } from "../../grader/cases/files.ts";
import { ASSIGNMENTS } from "../../grader/cases/schema.ts";
import { PROPERTIES } from "../../grader/judge/properties/index.ts";
import { englishSentences } from "../zh-english.test.ts";
import { CASES_ZH } from "./cases.ts";

const texts = ASSIGNMENTS.flatMap((a) => [
  ...readFixtureFile(a).cases.map((c) => ({ id: c.id, hint: c.hint })),
  ...PROPERTIES[a].map((p) => ({ id: p.id, hint: p.hint })),
]);

describe("i18n/zh/cases.ts", () => {
  it("has a zh description for every case and property id, and a zh hint wherever the English has one", () => {
    expect(texts.length).toBeGreaterThan(60);
    const missing = texts.filter((t) => !CASES_ZH[t.id]?.description).map((t) => t.id);
    expect(missing).toEqual([]);
    const noHint = texts.filter((t) => t.hint && !CASES_ZH[t.id]?.hint).map((t) => t.id);
    expect(noHint).toEqual([]);
  });

  it("holds no entry for an unknown id", () => {
    const known = new Set(texts.map((t) => t.id));
    expect(Object.keys(CASES_ZH).filter((id) => !known.has(id))).toEqual([]);
  });

  it("holds no English sentence", () => {
    const found = Object.entries(CASES_ZH).flatMap(([id, t]) =>
      [t.description, t.hint ?? ""].flatMap(englishSentences).map((s) => `${id}: ${s}`),
    );
    expect(found).toEqual([]);
  });
});
