/**
 * 编译错误的中文说明：位置（文件:行:列、函数）、TypeScript 的原始信息，以及该错误的后果。
 * TypeScript's own message stays in English, as the student's editor shows it.
 * Same cases as `../en/compile.ts`.
 */
import type { CompileError, CompileErrorKind } from "../../grader/compile/compile.ts";

// The kind is passed in by `renderCompileError` (i18n/compile.ts).

export function compileError(e: CompileError, kind: CompileErrorKind): string {
  const loc = `${e.file}:${e.line}:${e.column}`;
  switch (kind) {
    case "function":
      return `${loc}（${e.fn} 中）：${e.message} —— 该函数在通过编译之前计 0 分`;
    case "file":
      return `${loc}：${e.message} —— 无法确定是哪个函数导致了这个错误，因此在 ${e.file} 通过编译之前，其中所有函数都计 0 分`;
    default: {
      const unhandled: never = kind;
      return unhandled;
    }
  }
}
