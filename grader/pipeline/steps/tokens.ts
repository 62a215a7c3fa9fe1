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

/** TypeScript's whitespace: JavaScript's \s and the zero-width space. */
const WHITESPACE = /[\s\u200b]+/g;

/**
 * The text without its comments, or undefined when a "//" or "/*" in it might not open one.
 * Outside comments, those two can only be inside a string, a template or a regular
 * expression (which needs a backslash, or a slash inside brackets, to hold them), so a
 * text with none of quotes, backticks, backslashes or "[.../" has comments only there.
 */
function uncommented(t: string): string | undefined {
  if (!t.includes("//") && !t.includes("/*")) return t;
  if (/["'`\\]/.test(t) || /\[[^\]]*\//.test(t)) return undefined;
  let out = "";
  for (let i = 0; i < t.length; ) {
    if (t.startsWith("//", i)) {
      const nl = t.slice(i).search(/[\n\r\u2028\u2029]/);
      i = nl < 0 ? t.length : i + nl;
    } else if (t.startsWith("/*", i)) {
      const close = t.indexOf("*/", i + 2);
      i = close < 0 ? t.length : close + 2;
      out += " ";
    } else out += t[i++];
  }
  return out;
}

/**
 * A necessary condition for `sameCode`, decided without TypeScript. Equal tokens make equal
 * texts once comments and whitespace are gone (whitespace inside strings goes on both sides
 * alike), so two texts whose comments can be told apart (`uncommented`) are compared so.
 * Otherwise: the pieces (runs of identifier characters, and every other character but
 * whitespace) of a side without comments must each be found in the other side, in order:
 * equal tokens put each token's text, whole, in both, whatever lies between them. With no
 * such side the answer is "maybe". Placeholders carry no comments and a student's code
 * rarely matches them, so `check` does not load TypeScript in its main thread for this.
 */
export function couldBeSameCode(a: string, b: string): boolean {
  const [ua, ub] = [uncommented(a), uncommented(b)];
  if (ua !== undefined && ub !== undefined) return ua.replace(WHITESPACE, "") === ub.replace(WHITESPACE, "");
  const commentFree = (t: string) => !t.includes("//") && !t.includes("/*");
  const [from, into] = commentFree(b) ? [b, a] : commentFree(a) ? [a, b] : [undefined, undefined];
  if (from === undefined || into === undefined) return true;
  let at = 0;
  for (const piece of from.match(/[\p{ID_Continue}$\u200c\u200d]+|[^\s\u200b]/gu) ?? []) {
    const i = into.indexOf(piece, at);
    if (i < 0) return false;
    at = i + piece.length;
  }
  return true;
}

export const sameCode = (a: string, b: string): boolean => {
  if (!couldBeSameCode(a, b)) return false;
  const x = codeTokens(a);
  const y = codeTokens(b);
  return x.length === y.length && x.every((t, i) => t === y[i]);
};
