/**
 * Marker and splice issues in words: `grader/splice` returns issues as data with codes;
 * this module picks the language's renderer at output time. Core modules never import it.
 */
import type { Lang, MarkerIssue } from "../grader/splice/markers.ts";
import type { SpliceIssue } from "../grader/splice/splice.ts";
import * as en from "./en/markers.ts";
import * as zh from "./zh/markers.ts";

/** One sentence saying what is wrong, where, and what to do. */
export function renderMarkerIssue(issue: MarkerIssue, lang: Lang): string {
  return lang === "zh" ? zh.markerIssue(issue) : en.markerIssue(issue);
}

/** One sentence saying what is wrong, where, and what to do. */
export function renderSpliceIssue(issue: SpliceIssue, lang: Lang): string {
  return lang === "zh" ? zh.spliceIssue(issue) : en.spliceIssue(issue);
}
