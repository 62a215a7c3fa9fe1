/**
 * Code as a stream of normalised tokens, for similarity: the TypeScript scanner reads the
 * text (comments and whitespace are trivia and never become tokens), every identifier
 * becomes the same token `$id`, and each token remembers its line. So renaming variables,
 * moving or rewording comments and changing spacing leave the stream as it was; what the
 * code does (keywords, operators, literals, the order of operations) stays in it.
 */
import ts from "typescript";

export interface Token {
  /** the normalised text: "$id" for identifiers, the literal's text for the rest */
  text: string;
  /** 0-based line of the token in the code it came from */
  line: number;
}

/** At most this many tokens per piece of code (a hostile region cannot blow up the index). */
export const MAX_TOKENS = 20_000;

export function tokenize(code: string): Token[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ true, ts.LanguageVariant.Standard, code);
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (pos: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const tokens: Token[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken && tokens.length < MAX_TOKENS; kind = scanner.scan()) {
    const text =
      kind === ts.SyntaxKind.Identifier || kind === ts.SyntaxKind.PrivateIdentifier
        ? "$id"
        : kind === ts.SyntaxKind.StringLiteral || kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral
          ? JSON.stringify(scanner.getTokenValue())
          : scanner.getTokenText();
    tokens.push({ text, line: lineOf(scanner.getTokenStart()) });
  }
  return tokens;
}
