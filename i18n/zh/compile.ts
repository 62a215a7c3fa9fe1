/**
 * 编译错误的中文说明：位置（文件:行:列、函数）、TypeScript 的原始信息，以及该错误的后果。
 * TypeScript's own message comes from TypeScript's zh-cn catalog (i18n/compile.ts).
 * Same cases as `../en/compile.ts`.
 */
import type { CompileError, CompileErrorKind } from "../../grader/compile/errors.ts";

// The kind and TypeScript's message in this language are passed in by `renderCompileError` (i18n/compile.ts).

export function compileError(e: CompileError, kind: CompileErrorKind, raw: string): string {
  const loc = `${e.file}:${e.line}:${e.column}`;
  // TypeScript's zh-cn catalog ends some messages with a half-width "?" (你是否指的是“x”?).
  const message = raw.replace(/\?$/, "？");
  switch (kind) {
    case "function":
      return `${loc}（${e.fn} 中）：${message} —— 该函数在通过编译之前计 0 分`;
    case "file":
      return `${loc}：${message} —— 无法确定是哪个函数导致了这个错误，因此在 ${e.file} 通过编译之前，其中所有函数都计 0 分`;
    default: {
      const unhandled: never = kind;
      return unhandled;
    }
  }
}
