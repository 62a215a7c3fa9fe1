/**
 * "Untouched" by code tokens (DESIGN.md Decisions): a region whose TypeScript tokens are
 * those the exercise shipped — comments and whitespace aside — is still the starter, not
 * an attempt. Uses TypeScript's scanner (no parse, no type check).
 */
import { typescript } from "../../compile/typescript.ts";

/** The code tokens of a piece of TypeScript, trivia (comments, whitespace, newlines) skipped. */
export function codeTokens(text: string): string[] {
  // Loaded on first use, as grader/compile loads it (with V8's code cache).
  const ts = typescript();
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
