/**
 * What the type checker may skip in a spliced file: the bodies of the functions that hold
 * no region (the `model()` drivers, their helpers), about half of every exercise's text.
 * Those bodies are the pristine exercise's, which CI proves to compile, and student code
 * cannot reach into them: a region lies inside a function body, so what it declares is
 * local, and the only way it changes anything outside is its function's inferred return
 * type. So when every function holding a region declares its return type (and no region
 * is anywhere else), the other functions' diagnostics are the pristine ones, none, and
 * their bodies can be left out of the check. A skipped function must declare its return
 * type too (an empty body would change an inferred one for its callers).
 *
 * A skipped body becomes `throw 0;` and spaces, every line break kept: the lines, and so
 * every diagnostic's line and column, are those of the spliced file. Only the type check
 * sees this text; what is bundled and run is the real one.
 */
import type TS from "typescript";
import type { SpliceResult } from "../splice/splice.ts";

const STAND_IN = "throw 0;";

/** `lines` (the spliced source's) with the bodies of the skippable functions blanked; `lines` itself when nothing may be skipped. */
export function withInertBodiesBlanked(ts: typeof TS, result: SpliceResult, lines: readonly string[]): readonly string[] {
  if (result.regions.length === 0) return lines;
  const text = lines.join("\n");
  const sf = ts.createSourceFile("inert.ts", text, { languageVersion: ts.ScriptTarget.ES2022, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, ts.ScriptKind.TS);
  // 1-based line of a position.
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const holdsRegion = (node: TS.Node) => {
    const first = lineOf(node.getStart(sf));
    const last = lineOf(node.end);
    return result.regions.some((r) => r.startLine <= last && r.endLine >= first);
  };
  const blank: TS.Block[] = [];
  for (const st of sf.statements) {
    const fn = ts.isFunctionDeclaration(st) && st.body !== undefined ? st : undefined;
    if (holdsRegion(st)) {
      // A region outside a function that states its return type: anything may depend on it.
      if (fn === undefined || fn.type === undefined) return lines;
    } else if (fn?.type !== undefined) {
      blank.push(fn.body!);
    }
  }
  if (blank.length === 0) return lines;
  // Work on UTF-16 offsets, as TypeScript's positions are.
  const out = text.split("");
  for (const body of blank) {
    const from = body.getStart(sf) + 1;
    const to = body.end - 1;
    // Where `throw 0;` fits on one line of the body.
    let at = -1;
    for (let i = from, run = 0; i < to; i++) {
      run = out[i] === "\n" || out[i] === "\r" ? 0 : run + 1;
      if (run === STAND_IN.length) {
        at = i - STAND_IN.length + 1;
        break;
      }
    }
    if (at < 0) continue;
    for (let i = from; i < to; i++) if (out[i] !== "\n" && out[i] !== "\r") out[i] = " ";
    for (let k = 0; k < STAND_IN.length; k++) out[at + k] = STAND_IN[k];
  }
  return out.join("").split("\n");
}
