import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { FORMULA_IDS } from "../reports/formulas.ts";
import { fill, keyPaths, placeholders, stringsFor } from "./reports.ts";

const raw = (lang: string): unknown => JSON.parse(readFileSync(new URL(`./${lang}/reports.json`, import.meta.url), "utf8"));

/** key path → string value */
function flat(value: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const path of keyPaths(value, prefix)) {
    const v = path.split(/\.|\[(\d+)\]/).filter(Boolean).reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], value);
    out.set(path, v as string);
  }
  return out;
}

describe("reports/i18n", () => {
  const en = flat(raw("en"));
  const zh = flat(raw("zh"));

  it("zh.json and en.json have the same keys (both ways, arrays of the same length)", () => {
    expect([...zh.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !zh.has(k))).toEqual([]);
  });

  it("every string uses the same {placeholders} in both languages", () => {
    const differ = [...en.keys()].filter((k) => placeholders(en.get(k)!).join() !== placeholders(zh.get(k)!).join());
    expect(differ).toEqual([]);
  });

  it("every value is a string, and only notes may be empty", () => {
    for (const m of [en, zh]) {
      for (const [k, v] of m) {
        expect(typeof v, k).toBe("string");
        if (!/\.note$/.test(k)) expect(v.trim(), k).not.toBe("");
      }
    }
  });

  it("the Chinese strings are Chinese where they are sentences", () => {
    expect(stringsFor("zh").sections.purpose).toBe("实验目的");
    expect(stringsFor("zh").sections.conclusions).toBe("结论分析与体会");
    expect(stringsFor("zh").principles.adam.text).toMatch(/[\u4e00-\u9fff]/);
  });

  it("has a title and a text for every formula of formulas.ts", () => {
    for (const lang of ["en", "zh"] as const) {
      for (const id of FORMULA_IDS) {
        expect(stringsFor(lang).principles[id].title, `${lang} ${id}`).toBeTruthy();
        expect(stringsFor(lang).principles[id].text, `${lang} ${id}`).toBeTruthy();
      }
    }
  });

  it("fill replaces known placeholders and leaves unknown ones visible", () => {
    expect(fill("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});
