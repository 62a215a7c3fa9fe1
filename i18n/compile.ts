/**
 * Compiler errors in words: `grader/compile` returns errors as data (where, TypeScript's
 * code, its message as key + arguments, whom it is charged to); this module renders them
 * per language at output time. TypeScript's own message is rendered from TypeScript's
 * catalog for the language (typescript/lib/zh-cn for zh), as a Chinese-language editor
 * shows it; a line whose key that catalog lacks stays in English. Core modules never
 * import this module.
 */
import { createRequire } from "node:module";
import type { Lang } from "../grader/splice/markers.ts";
import { type CompileError, type DiagnosticMessage, type DiagnosticPart, compileErrorKind } from "../grader/compile/errors.ts";
import { fill } from "../grader/compile/diagnostic-text.ts";
import * as en from "./en/compile.ts";
import * as zh from "./zh/compile.ts";

/** TypeScript's message catalogs by language (English is the text TypeScript already gave). */
const CATALOG_FILES: Partial<Record<Lang, string>> = { zh: "typescript/lib/zh-cn/diagnosticMessages.generated.json" };
const catalogs = new Map<Lang, Readonly<Record<string, string>> | null>();

function catalog(lang: Lang): Readonly<Record<string, string>> | null {
  if (!catalogs.has(lang)) {
    const file = CATALOG_FILES[lang];
    let loaded: Record<string, string> | null = null;
    try {
      if (file) loaded = createRequire(import.meta.url)(file) as Record<string, string>;
    } catch {
      loaded = null; // no catalog installed: English, as the editor would show
    }
    catalogs.set(lang, loaded);
  }
  return catalogs.get(lang)!;
}

/** TypeScript's message of `e` in `lang`. */
export function compilerMessage(e: Pick<CompileError, "message" | "diagnostic">, lang: Lang): string {
  const templates = catalog(lang);
  if (!templates || !e.diagnostic) return e.message;
  const lines = e.diagnostic.map((line) => {
    let missing = false;
    const message = (m: DiagnosticMessage): string => {
      const t = templates[m.key];
      if (t === undefined) missing = true;
      return fill(t ?? "", m.args, message);
    };
    const text = line.parts.map((p: DiagnosticPart) => (typeof p === "string" ? p : message(p))).join("");
    return missing ? line.en : text;
  });
  return lines.map((text, k) => {
    const line = e.diagnostic![k]!;
    return (k === 0 ? "" : line.sameLine ? " " : `\n${"  ".repeat(line.depth)}`) + text;
  }).join("");
}

/** One line: where, TypeScript's message, and what it costs. */
export function renderCompileError(e: CompileError, lang: Lang): string {
  const message = compilerMessage(e, lang);
  return lang === "zh" ? zh.compileError(e, compileErrorKind(e), message) : en.compileError(e, compileErrorKind(e), message);
}
