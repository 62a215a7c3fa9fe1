/**
 * "Untouched" by code tokens (DESIGN.md Decisions): a region whose TypeScript tokens are
 * those the exercise shipped — comments and whitespace aside — is still the starter, not
 * an attempt. Uses TypeScript's scanner (no parse, no type check).
 */
import { createRequire } from "node:module";
import type * as TS from "typescript";

// `require`, like grader/compile: the CommonJS typescript.js is much cheaper to load this way.
const ts = createRequire(import.meta.url)("typescript") as typeof TS;

/** The code tokens of a piece of TypeScript, trivia (comments, whitespace, newlines) skipped. */
export function codeTokens(text: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true, ts.LanguageVariant.Standard, text);
  const out: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) out.push(scanner.getTokenText());
  return out;
}

export const sameCode = (a: string, b: string): boolean => {
  const x = codeTokens(a);
  const y = codeTokens(b);
  return x.length === y.length && x.every((t, i) => t === y[i]);
};
