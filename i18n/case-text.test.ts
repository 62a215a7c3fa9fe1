import { describe, expect, it } from "vitest";
import { caseText } from "./case-text.ts";
import { CASES_ZH } from "./zh/cases.ts";

const he = { id: "he-2-4-1", description: "He initialisation for layers [2, 4, 1]", hint: "Scale by sqrt(2 / n_{l-1})." };

describe("caseText", () => {
  it("keeps the stored English text in en", () => {
    expect(caseText(he, "en")).toEqual({ description: he.description, hint: he.hint });
  });

  it("looks the zh text up by the case id", () => {
    expect(caseText(he, "zh")).toEqual(CASES_ZH["he-2-4-1"]);
    expect(caseText(he, "zh").description).toContain("He 初始化");
  });

  it("falls back to the stored English for an id the catalog does not know", () => {
    const old = { id: "from-an-old-lab", description: "an old case", hint: "an old hint" };
    expect(caseText(old, "zh")).toEqual({ description: "an old case", hint: "an old hint" });
    expect(caseText({ id: "toString", description: "d" }, "zh")).toEqual({ description: "d" });
  });

  it("shows no hint when the case has none", () => {
    expect(caseText({ id: "he-2-4-1", description: "d" }, "zh")).toEqual({ description: CASES_ZH["he-2-4-1"].description });
  });
});
