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
  /** TypeScript's message in English, chained messages joined by newlines. */
  message: string;
  /** The same message as data (key and arguments per line), rendered per language by i18n/compile.ts. */
  diagnostic?: DiagnosticLine[];
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

/**
 * A TypeScript message as data: its key in TypeScript's message catalogs (e.g.
 * "Property_0_does_not_exist_on_type_1_2339") and the arguments filling its `{0}`, `{1}`…
 * An argument is text and nested messages (TypeScript passes some messages as arguments).
 */
export type DiagnosticMessage = { key: string; args: DiagnosticPart[][] };
export type DiagnosticPart = string | DiagnosticMessage;

/**
 * One line of a compiler message as TypeScript flattens it: a chain of messages, each
 * deeper one indented two spaces more (`depth`), or a related message after a space
 * (`sameLine`). `en` is the line's English text: what the student's editor shows, and the
 * fallback when a language's catalog lacks a key.
 */
export type DiagnosticLine = { depth: number; sameLine?: true; parts: DiagnosticPart[]; en: string };
