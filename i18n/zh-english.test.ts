/**
 * zh output is Chinese: no untranslated English sentence in the zh catalogs the reports and
 * the demo render from (code, identifiers, formulas and names aside).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reportMarkdown, storyZh } from "../fixtures/submissions/materialize.ts";
import { SAMPLE_CLASS } from "../fixtures/submissions/sample-class.ts";
import { ROOT } from "../grader/root.ts";

/** Runs of 4 or more plain English words, once code spans, formulas, URLs and identifiers are taken out. */
export function englishSentences(text: string): string[] {
  const prose = text
    .replace(/`[^`]*`/g, " ")
    .replace(/\$[^$]*\$/g, " ")
    .replace(/\{\{?[^}]*\}?\}/g, " ")
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\b\w*[A-Z]\w*[a-z]\w*[A-Z]\w*\b|\b\w*[_\d]\w*\b|\b[a-z]+[A-Z]\w*\b/g, " ");
  return [...prose.matchAll(/\b[A-Za-z]+(?:[ ,'’-]+[A-Za-z]+){3,}\b/g)].map((m) => m[0]);
}

const strings = (v: unknown): string[] =>
  typeof v === "string" ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === "object" ? Object.values(v).flatMap(strings) : [];

describe("zh catalogs hold no English sentence", () => {
  it("the detector finds an English sentence and leaves code and names alone", () => {
    expect(englishSentences("收获是：everything right and more here。")).toEqual(["everything right and more here"]);
    expect(englishSentences("请在 START CODE HERE 与 END CODE HERE 标记之间写代码")).toEqual([]);
    expect(englishSentences("`np.random.randn(n_l, n_{l-1})` 乘以 updateParametersWithAdam 的 $\\sqrt{2/n}$")).toEqual([]);
  });

  it("the report strings (i18n/zh/reports.json)", () => {
    const zh = JSON.parse(readFileSync(join(ROOT, "i18n", "zh", "reports.json"), "utf8")) as unknown;
    const found = strings(zh).flatMap(englishSentences).filter((s) => !/^(START|END) CODE HERE/.test(s));
    expect(found).toEqual([]);
  });

  it("the sample class's stories and report.md", () => {
    for (const s of SAMPLE_CLASS) {
      expect(storyZh(s), s.id).not.toBe(s.story);
      expect(englishSentences(reportMarkdown(s)), s.id).toEqual([]);
    }
  });
});

/** Doubled sentence punctuation, e.g. TypeScript's zh-cn "…？" followed by our "。". */
export const doubledPunctuation = (text: string): string[] => [...text.matchAll(/[。？！?!][。．.]|[。；，：][。；，]/g)].map((m) => text.slice(Math.max(0, m.index - 30), m.index + 2));

/**
 * English words that only prose uses (a short title such as "−3 points" slips past the
 * 4-word detector), outside code spans, identifiers and case ids.
 */
const ENGLISH_WORDS = /\b(the|is|are|was|not|could|does|did|more|points?|expected|with|for|and|which|found|hidden|cases?|tests?|failed|passed|scored|got|returned|raised|checking|keeps|should)\b/gi;
export function englishWords(text: string): string[] {
  const prose = withoutIds(text).replace(/`[^`]*`/g, " ").replace(/\b\w*[A-Z]\w*[a-z]\w*[A-Z]\w*\b|\b\w*[_\d]\w*\b|\b[a-z]+[A-Z]\w*\b/g, " ");
  return [...prose.matchAll(ENGLISH_WORDS)].map((m) => prose.slice(Math.max(0, m.index - 25), m.index + 25));
}

/** JSON keys and case ids (the dashboard's chart labels tests "Q3 fn: case-id") are data, not prose. */
export const withoutIds = (text: string): string => text.replace(/"[a-z_]+":/g, " ").replace(/\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b/g, " ");
