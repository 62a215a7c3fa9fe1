/**
 * Compiler errors in words: `grader/compile` returns errors as data (where, TypeScript's
 * code and message, whom it is charged to); this module renders them per language at
 * output time. Core modules never import it.
 */
import type { Lang } from "../grader/splice/markers.ts";
import { type CompileError, compileErrorKind } from "../grader/compile/compile.ts";
import * as en from "./en/compile.ts";
import * as zh from "./zh/compile.ts";

/** One line: where, TypeScript's message, and what it costs. */
export function renderCompileError(e: CompileError, lang: Lang): string {
  return lang === "zh" ? zh.compileError(e, compileErrorKind(e)) : en.compileError(e, compileErrorKind(e));
}
