/**
 * What compiling a submission returns, as plain data: loaded by the CLI and the i18n
 * renderers without loading TypeScript itself (9 MB), which only the compile worker needs.
 */

/** One compiler error, charged to a function (and region) when one can be blamed. */
export type CompileError = {
  /** `SpliceResult.file`. */
  file: string;
  /** 1-based, in the spliced source (`SpliceResult.source`). */
  line: number;
  /** 1-based. */
  column: number;
  /** The function whose code was replaced by its placeholder; absent when the whole file was. */
  fn?: string;
  /** The region of `fn`, when the error lies in one (or `fn` has only one region with code). */
  index?: number;
  /** TypeScript's diagnostic code, e.g. 2339. */
  code: number;
  /** TypeScript's message, chained messages joined by newlines. */
  message: string;
  /** The offending line of the spliced source. */
  excerpt?: string;
};

/** What an error costs, which decides how it is worded. */
export type CompileErrorKind = "function" | "file";

export type CompileResult = {
  /** The final TypeScript per `SpliceResult.file`: it type-checks, so it is safe to bundle. */
  sources: Record<string, string>;
  errors: CompileError[];
};

export function compileErrorKind(e: CompileError): CompileErrorKind {
  return e.fn === undefined ? "file" : "function";
}
