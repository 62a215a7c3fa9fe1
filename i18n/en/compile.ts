/**
 * English text for compiler errors: where (file:line:column, function), TypeScript's own
 * message, and what the error costs. Same cases as `../zh/compile.ts`.
 */
import type { CompileError, CompileErrorKind } from "../../grader/compile/errors.ts";

// The kind and TypeScript's message in this language are passed in by `renderCompileError` (i18n/compile.ts).

export function compileError(e: CompileError, kind: CompileErrorKind, message: string): string {
  const loc = `${e.file}:${e.line}:${e.column}`;
  switch (kind) {
    case "function":
      return `${loc} in ${e.fn}: ${message} — this function scores 0 until it compiles`;
    case "file":
      return `${loc}: ${message} — this error could not be traced to one function, so every function in ${e.file} scores 0 until the file compiles`;
    default: {
      const unhandled: never = kind;
      return unhandled;
    }
  }
}
