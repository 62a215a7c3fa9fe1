/**
 * Compiling a spliced submission: every file must parse and type-check before it is
 * bundled and run, and every compiler error is charged to the function whose region
 * caused it — never to the whole submission when one region is to blame.
 *
 * The steps, per submission:
 *
 *  1. Each spliced region is parsed on its own, as a list of statements. A region that
 *     does not parse (an unclosed brace or template, a `}` that would close its
 *     function) is replaced by its placeholder at once, with its own parse errors: the
 *     whole file's parse errors would point wherever the parser gave up, often at the end
 *     of the file in another function.
 *  2. The files are type-checked as `exercises/<file>` of this repo, with tsconfig.json's
 *     options. A diagnostic on a region's lines is charged to that region; one outside
 *     any region (a redeclared name reported at the original declaration too) to the
 *     enclosing function's regions. Those regions get their placeholder (which compiles)
 *     and the file is checked again, a bounded number of rounds.
 *  3. A diagnostic nothing can be charged to replaces the whole file by its pristine
 *     exercise (every region a placeholder).
 *
 * Speed: one module-level compiler host keeps the parsed and bound SourceFile of
 * everything that is not a submission (lib.*.d.ts, @types/node, lib/np, lib/nn) for the
 * life of the process, each program is built from the previous one (`oldProgram`), and
 * only the submission files are asked for diagnostics. A submission is first checked in a
 * lean environment (lib.es2022 and the few Node declarations of lean-env.ts instead of
 * the DOM lib and all of @types/node: a third of the cold cost); only if that finds a
 * type error is it checked again, from scratch, in tsconfig.json's full environment, whose
 * verdict is the one reported; from then on (the full environment is warm) every
 * submission is checked in the full environment only. Lean declarations are never looser than Node's, so code
 * that passes the lean check passes the full one. The bodies of functions without regions
 * (the model drivers, about half of the exercises' text) are left out of the check when
 * that cannot change a diagnostic (inert-bodies.ts). TypeScript itself loads with V8's code
 * cache (typescript.ts).
 */
import { readdirSync } from "node:fs";
import { basename, dirname, join, sep } from "node:path";
import type TS from "typescript";
import { TOP_LEVEL, placeholderLine } from "../splice/markers.ts";
import { type SpliceResult, attributeLine } from "../splice/splice.ts";
import { ROOT } from "../splice/stubs.ts";
import { withInertBodiesBlanked } from "./inert-bodies.ts";
import { LEAN_ENV } from "./lean-env.ts";
import type { CompileError, CompileResult, DiagnosticLine } from "./errors.ts";
import { decodeChain, flattenLines, installEncoding } from "./diagnostic-text.ts";
import { saveTypeScriptCodeCache, typescript } from "./typescript.ts";

// Not `import`: importing the 9 MB CommonJS typescript.js through the ESM loader
// (cjs-module-lexer, plus tsx's hook in the CLI) costs ~600 ms more, a third of a cold
// `dnnlab check`; typescript.ts also keeps V8's code cache of it.
const ts = typescript();
/** Every message TypeScript formats from here on carries its key and arguments (diagnostic-text.ts). */
const ENGLISH = installEncoding(ts);

export type { CompileError, CompileErrorKind, CompileResult } from "./errors.ts";
export { compileErrorKind } from "./errors.ts";

export type CompileOptions = {
  /** Type-check rounds per submission before the files still failing fall back to the pristine exercise. Default 6. */
  maxRounds?: number;
  /** "lean" then "full" on a type error (the default), or one environment only. */
  env?: "auto" | Env;
  /** Type-check the bodies of functions without regions too (inert-bodies.ts says why they are skipped). Default false. */
  checkAllBodies?: boolean;
};

/** The type environment: tsconfig.json's (DOM lib + @types/node) or the lean one (lean-env.ts). */
export type Env = "full" | "lean";



// ---------------------------------------------------------------------------------------
// Compiler options and the caching host

const EXERCISES_DIR = join(ROOT, "exercises");
/** Where the program sees lean-env.ts: a virtual file, like the submissions. */
const LEAN_ENV_PATH = join(EXERCISES_DIR, "__dnnlab_lean_env__.d.ts");

/** tsconfig.json's compilerOptions, so a file compiles here exactly when it does in the student's editor. */
function repoOptions(): TS.CompilerOptions {
  const path = join(ROOT, "tsconfig.json");
  const { config, error } = ts.readConfigFile(path, ts.sys.readFile);
  if (error) throw new Error(`grader/compile: cannot read ${path}: ${flatten(error)}`);
  const { options, errors } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT, path);
  if (errors.length > 0) {
    const text = errors.map(flatten).join("; ");
    throw new Error(`grader/compile: bad compilerOptions in ${path}: ${text}`);
  }
  // Only "node" is needed (lib/np reads its wasm with node:fs); never pick up other @types.
  return { ...options, noEmit: true, types: ["node"] };
}

/**
 * What the type checker may read besides the submission: the repo's lib, its packages and
 * package.json. Student code can name any file (`typeof import("../fixtures/x.ts")`), and
 * the types of what it names can end up in an error message; solutions and fixtures
 * (hidden cases included) must stay out of reach.
 */
function readable(root: string): (path: string) => boolean {
  const dirs = [join(root, "lib"), join(root, "node_modules"), dirname(ts.getDefaultLibFilePath({}))];
  const prefixes = [...new Set(dirs.flatMap((d) => [d, ts.sys.realpath?.(d) ?? d]))].map((d) => d + sep);
  const packageJson = join(root, "package.json");
  return (path) => path === packageJson || prefixes.some((p) => path.startsWith(p));
}

function memo<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, fn(key));
    return cache.get(key)!;
  };
}

/**
 * The compiler host shared by every call. Submission files are virtual (`submissions`
 * maps their path to the current text); every other file is read, parsed and bound once.
 * SourceFiles of submissions are kept per path and text, so a file that did not change
 * between rounds (or between two submissions) is the same object, which lets the
 * program reuse its structure.
 */
class CachingHost {
  readonly options: TS.CompilerOptions;
  /** Path -> current text of the submission files of the program being built. */
  submissions = new Map<string, string>();
  /** Virtual files every program has (the lean environment). */
  private readonly fixed: ReadonlyMap<string, string>;
  private readonly libFiles = new Map<string, TS.SourceFile | undefined>();
  private readonly submissionFiles = new Map<string, TS.SourceFile>();
  private readonly submissionTexts = new Map<string, string>();
  private lastProgram: TS.Program | undefined;
  private readonly readable = readable(ROOT);
  private readonly fileExists = memo((p) => this.readable(p) && ts.sys.fileExists(p));
  private readonly readFile = memo((p) => (this.readable(p) ? ts.sys.readFile(p) : undefined));
  private readonly directoryExists = memo((p) => ts.sys.directoryExists(p));
  private readonly realpath = memo((p) => (ts.sys.realpath ? ts.sys.realpath(p) : p));
  private readonly getDirectories = memo((p) => ts.sys.getDirectories(p));

  constructor(readonly env: Env) {
    const options = repoOptions();
    this.options = env === "full" ? options : { ...options, lib: ["lib.es2022.d.ts"], types: [] };
    this.fixed = new Map(env === "full" ? [] : [[LEAN_ENV_PATH, LEAN_ENV]]);
  }

  private readonly host: TS.CompilerHost = {
    getSourceFile: (fileName, languageVersionOrOptions) => this.getSourceFile(fileName, languageVersionOrOptions),
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    writeFile: () => {},
    getCurrentDirectory: () => ROOT,
    getCanonicalFileName: (f) => (ts.sys.useCaseSensitiveFileNames ? f : f.toLowerCase()),
    useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
    getNewLine: () => "\n",
    fileExists: (f) => this.submissions.has(f) || this.fixed.has(f) || this.fileExists(f),
    readFile: (f) => this.submissions.get(f) ?? this.fixed.get(f) ?? this.readFile(f),
    directoryExists: (d) => this.directoryExists(d),
    realpath: (p) => (this.submissions.has(p) ? p : this.realpath(p)),
    getDirectories: (d) => this.getDirectories(d),
    // What tsc itself does: skip JSDoc in .ts/.d.ts files except @see/@link, which the
    // checker can use. lib.dom.d.ts and @types/node are mostly JSDoc; this halves parsing.
    jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors,
  };

  private getSourceFile(fileName: string, langOpts: TS.ScriptTarget | TS.CreateSourceFileOptions): TS.SourceFile | undefined {
    const format = typeof langOpts === "object" ? langOpts.impliedNodeFormat : undefined;
    const text = this.submissions.get(fileName);
    if (text !== undefined) {
      const key = `${fileName}\0${format}`;
      const cached = this.submissionFiles.get(key);
      if (cached !== undefined && this.submissionTexts.get(key) === text) return cached;
      const sf = ts.createSourceFile(fileName, withoutDelimiters(text), langOpts, false, ts.ScriptKind.TS);
      this.submissionFiles.set(key, sf);
      this.submissionTexts.set(key, text);
      return sf;
    }
    const key = `${fileName}\0${format}`;
    if (!this.libFiles.has(key)) {
      const content = this.fixed.get(fileName) ?? this.readFile(fileName);
      this.libFiles.set(key, content === undefined ? undefined : ts.createSourceFile(fileName, content, langOpts));
    }
    return this.libFiles.get(key);
  }

  /** A program over the given submission texts, built from the previous one. */
  program(texts: ReadonlyMap<string, string>): TS.Program {
    this.submissions = new Map(texts);
    this.lastProgram = ts.createProgram({
      rootNames: [...this.fixed.keys(), ...texts.keys()],
      options: this.options,
      host: this.host,
      oldProgram: this.lastProgram,
  });
    return this.lastProgram;
  }
}

const sharedHosts = new Map<Env, CachingHost>();

function host(env: Env = "lean"): CachingHost {
  let h = sharedHosts.get(env);
  if (!h) sharedHosts.set(env, (h = new CachingHost(env)));
  return h;
}

/**
 * What the warm-up imports: lib/nn.ts and every lib module the files in exercises/ import
 * (read with TypeScript's import scanner, not parsed), so the first submission parses none.
 */
function warmUpSource(): string {
  const specifiers = new Set(["../lib/nn.ts"]);
  let names: string[] = [];
  try {
    names = readdirSync(EXERCISES_DIR).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
  } catch {
    // No exercises/ folder: lib/nn.ts alone.
  }
  for (const name of names) {
    const text = ts.sys.readFile(join(EXERCISES_DIR, name)) ?? "";
    for (const { fileName } of ts.preProcessFile(text, true, false).importedFiles) if (/^\.\.\/lib\/[\w./-]+\.ts$/.test(fileName)) specifiers.add(fileName);
  }
  return [...specifiers].map((s) => `import ${JSON.stringify(s)};\n`).join("");
}

/**
 * Parse and bind what every submission needs (lib.*.d.ts, lib/, and @types/node for the
 * full environment), so the first submission is as fast as the rest. Optional:
 * `compileSubmission` does it lazily.
 */
export function warmUp(env: Env = "lean"): void {
  const h = host(env);
  const program = h.program(new Map([[join(EXERCISES_DIR, "__warm_up__.ts"), warmUpSource()]]));
  program.getSemanticDiagnostics(program.getSourceFile(join(EXERCISES_DIR, "__warm_up__.ts")));
  saveTypeScriptCodeCache();
}

// ---------------------------------------------------------------------------------------
// One file's state: which of its regions still hold the student's code

type FileState = {
  result: SpliceResult;
  /** Where the program sees it: exercises/<basename>. */
  path: string;
  /** Lines of `result.source`. */
  lines: string[];
  /** The same lines as the type checker sees them: the bodies it may skip blanked (inert-bodies.ts). */
  checkLines: readonly string[];
  /** Indices (into result.regions) of regions now holding their placeholder. */
  replaced: Set<number>;
  /** The whole file is the pristine exercise. */
  pristine: boolean;
  /** Still to be checked (false once it compiles, or once even the pristine form failed). */
  dirty: boolean;
  /** Functions already blamed: later errors in them are mostly echoes of their replaced code. */
  blamed: Set<string>;
};

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/**
 * Whether region k still holds code the student wrote, i.e. could be the cause. Any other
 * region holds what the exercise shipped (placeholder or stub code), which compiles.
 */
function replaceable(s: FileState, k: number): boolean {
  return !s.pristine && !s.replaced.has(k) && s.result.regions[k].status === "spliced";
}

/**
 * The text the compiler sees, and for each of its lines (0-based) the 1-based line of the
 * spliced source it came from. A placeholder line maps to the region's first body line.
 */
function currentText(s: FileState, lines: readonly string[] = s.lines): { text: string; origin: number[] } {
  const out: string[] = [];
  const origin: number[] = [];
  let next = 1; // next line of the spliced source to copy
  const copyTo = (last: number) => {
    for (; next <= last; next++) {
      out.push(lines[next - 1]);
      origin.push(next);
    }
  };
  s.result.regions.forEach((r, k) => {
    if (!s.pristine && !s.replaced.has(k)) return;
    copyTo(r.startLine); // up to and including START
    out.push(placeholderLine(r.fn, leadingWhitespace(lines[r.startLine - 1])));
    origin.push(r.startLine + 1);
    next = r.endLine; // END and what follows
  });
  copyTo(lines.length);
  return { text: out.join("\n"), origin };
}

/**
 * What the compiler sees of student text: the private-use characters that delimit a
 * message's key and arguments (diagnostic-text.ts) become U+FFFD, so no type or name the
 * student writes can forge them. They can only stand in strings, comments and templates
 * (they are not identifier characters), and the length is kept, so nothing else changes.
 */
function withoutDelimiters(text: string): string {
  return /[\uE000-\uE003]/.test(text) ? text.replace(/[\uE000-\uE003]/g, "\uFFFD") : text;
}

/** A diagnostic's message as lines of data (key and arguments), for every language. */
function lines(d: TS.Diagnostic | TS.DiagnosticRelatedInformation): DiagnosticLine[] {
  return decodeChain(d.messageText, ENGLISH);
}

/** Its English text, as TypeScript's flattenDiagnosticMessageText(…, "\n") gives it. */
function flatten(d: TS.Diagnostic | TS.DiagnosticRelatedInformation): string {
  return flattenLines(lines(d));
}

function errorAt(s: FileState, line: number, column: number, code: number, diagnostic: DiagnosticLine[]): CompileError {
  const excerpt = s.lines[line - 1]?.trimEnd();
  return { file: s.result.file, line, column, code, message: flattenLines(diagnostic), diagnostic, ...(excerpt ? { excerpt } : {}) };
}

// ---------------------------------------------------------------------------------------
// Step 1: each region parsed on its own

/**
 * Parse errors of region k's code parsed alone, as a list of statements, as errors of the
 * spliced file. Alone, a `}` that would close the enclosing function is a stray `}`, and
 * the `{` the region leaves open is the one the parser names.
 */
function regionParseErrors(s: FileState, k: number): CompileError[] {
  const r = s.result.regions[k];
  const sf = ts.createSourceFile(join(EXERCISES_DIR, "__region__.ts"), withoutDelimiters(r.code), {
    languageVersion: host().options.target ?? ts.ScriptTarget.ES2022,
    impliedNodeFormat: ts.ModuleKind.ESNext,
    jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
  });
  // Code line i (0-based) is spliced line startLine + 1 + i; the end of the code counts as END.
  const at = (pos: number) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(pos);
    return { line: Math.min(r.startLine + 1 + line, r.endLine), column: character + 1 };
  };
  // What program.getSyntacticDiagnostics(sf) returns, without building a program. Internal
  // but stable for years; were it gone, step 2 would still catch the error, charged less well.
  const diagnostics = (sf as unknown as { parseDiagnostics?: TS.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return diagnostics.map((d) => {
    // "'}' expected" where the code ends says nothing; the '{' it could not match does.
    const related = d.relatedInformation?.[0];
    const p = related?.start === undefined ? at(d.start) : at(related.start);
    const text = related === undefined ? lines(d) : [...lines(d), ...lines(related).map((l, k) => (k === 0 ? { ...l, sameLine: true as const } : l))];
    return { ...errorAt(s, p.line, p.column, d.code, text), fn: r.fn, index: r.index };
  });
}

// ---------------------------------------------------------------------------------------
// Step 2: charging one round's diagnostics

type Charge = { regions: Set<number>; errors: CompileError[]; unattributed: CompileError[] };

function regionAtLine(s: FileState, line: number): number {
  return s.result.regions.findIndex((r) => r.startLine <= line && line <= r.endLine);
}

/**
 * Which regions caused the diagnostics: the region on whose lines one lies, else the
 * regions with code of the enclosing function. Diagnostics outside regions are dropped
 * for a function that already has one inside a region (the same mistake seen twice,
 * e.g. both declarations of a redeclared name).
 */
function charge(s: FileState, diagnostics: readonly TS.Diagnostic[], origin: readonly number[]): Charge {
  const regions = new Set<number>();
  const inside: CompileError[] = [];
  const outside: { e: CompileError; fn: string; ks: number[] }[] = [];
  const unattributed: CompileError[] = [];
  for (const d of diagnostics) {
    let line = 1;
    let column = 1;
    if (d.file && d.start !== undefined) {
      const lc = d.file.getLineAndCharacterOfPosition(d.start);
      line = origin[lc.line] ?? s.lines.length;
      column = lc.character + 1;
    }
    const e = errorAt(s, line, column, d.code, lines(d));
    const k = regionAtLine(s, line);
    if (k >= 0 && replaceable(s, k)) {
      const { fn, index } = s.result.regions[k];
      regions.add(k);
      inside.push({ ...e, fn, index });
      continue;
    }
    const { fn } = k >= 0 ? s.result.regions[k] : attributeLine(s.result, line);
    const ks = s.result.regions.flatMap((r, j) => (r.fn === fn && replaceable(s, j) ? [j] : []));
    if (fn !== TOP_LEVEL && ks.length > 0) outside.push({ e, fn, ks });
    else unattributed.push(e);
  }
  const insideFns = new Set(inside.map((e) => e.fn));
  const errors = [...inside];
  for (const { e, fn, ks } of outside) {
    ks.forEach((j) => regions.add(j));
    if (insideFns.has(fn)) continue;
    errors.push({ ...e, fn, ...(ks.length === 1 ? { index: s.result.regions[ks[0]].index } : {}) });
  }
  return { regions, errors, unattributed };
}

function errorDiagnostics(program: TS.Program, sf: TS.SourceFile): readonly TS.Diagnostic[] {
  const syntactic = program.getSyntacticDiagnostics(sf);
  // Semantic errors of a file that does not parse are mostly noise; fix the parse first.
  const found = syntactic.length > 0 ? syntactic : program.getSemanticDiagnostics(sf);
  return found.filter((d) => d.category === ts.DiagnosticCategory.Error);
}

function dedupe(errors: readonly CompileError[]): CompileError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.file}:${e.line}:${e.column}:${e.code}:${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ---------------------------------------------------------------------------------------

/**
 * Make every spliced file compile, replacing the regions that break it by their
 * placeholders, and say why. Never throws for anything a student wrote.
 */
export function compileSubmission(spliced: readonly SpliceResult[], opts: CompileOptions = {}): CompileResult {
  const result = compileWith(opts.env ?? "auto", spliced, opts);
  saveTypeScriptCodeCache();
  return result;
}

function compileWith(env: "auto" | Env, spliced: readonly SpliceResult[], opts: CompileOptions): CompileResult {
  if (env !== "auto") return compileIn(host(env), spliced, opts).result;
  // Once the full environment is loaded (a type error was seen), a warm check in it costs
  // about what the lean one does, and it is the verdict: skip the lean pass.
  if (sharedHosts.has("full")) return compileIn(host("full"), spliced, opts).result;
  const lean = compileIn(host("lean"), spliced, opts);
  return lean.typeErrors ? compileIn(host("full"), spliced, opts).result : lean.result;
}

/** One environment's verdict; `typeErrors` tells whether the type checker found anything (parse errors aside). */
function compileIn(h: CachingHost, spliced: readonly SpliceResult[], opts: CompileOptions): { result: CompileResult; typeErrors: boolean } {
  const maxRounds = opts.maxRounds ?? 6;
  let typeErrors = false;
  const states: FileState[] = spliced.map((result) => {
    const lines = result.source.split("\n");
    return {
      result,
      path: join(EXERCISES_DIR, basename(result.file)),
      lines,
      checkLines: opts.checkAllBodies ? lines : withInertBodiesBlanked(ts, result, lines),
      replaced: new Set(),
      pristine: false,
      // A file with no student code in it is the pristine exercise, which CI proves to compile.
      dirty: result.regions.some((r) => r.status === "spliced"),
      blamed: new Set(),
    };
  });
  const errors: CompileError[] = [];
  const report = (s: FileState, found: readonly CompileError[]) => {
    const fresh = found.filter((e) => e.fn === undefined || !s.blamed.has(e.fn));
    errors.push(...fresh);
    for (const e of fresh) if (e.fn !== undefined) s.blamed.add(e.fn);
  };

  // Step 1: regions that do not parse on their own.
  for (const s of states) {
    const found: CompileError[] = [];
    s.result.regions.forEach((_, k) => {
      if (!replaceable(s, k)) return;
      const parseErrors = regionParseErrors(s, k);
      if (parseErrors.length > 0) s.replaced.add(k);
      found.push(...parseErrors);
  });
    report(s, found);
  }

  // Step 2: type-check, replace what is to blame, again.
  for (let round = 0; round < maxRounds && states.some((s) => s.dirty); round++) {
    // Exercises import lib only, never each other, so a file that compiled stays compiled.
    const dirty = states.filter((s) => s.dirty);
    const current = dirty.map((s) => currentText(s, s.checkLines));
    const program = h.program(new Map(dirty.map((s, i) => [s.path, current[i].text])));
    dirty.forEach((s, i) => {
      const sf = program.getSourceFile(s.path)!;
      const diagnostics = errorDiagnostics(program, sf);
      if (diagnostics.length === 0) {
        s.dirty = false;
        return;
      }
      typeErrors = true;
      const { regions, errors: charged, unattributed } = charge(s, diagnostics, current[i].origin);
      if (regions.size > 0) {
        regions.forEach((k) => s.replaced.add(k));
        report(s, charged);
      } else {
        // Step 3: nothing to blame. If even the pristine form fails, say so and stop.
        report(s, unattributed);
        if (s.pristine) s.dirty = false;
        s.pristine = true;
      }
  });
  }
  // Out of rounds: the pristine exercise is what CI proves to compile.
  for (const s of states) if (s.dirty) s.pristine = true;

  const sources: Record<string, string> = {};
  for (const s of states) sources[s.result.file] = currentText(s).text;
  const order = new Map(states.map((s, i) => [s.result.file, i]));
  const sorted = dedupe(errors).sort(
    (a, b) => order.get(a.file)! - order.get(b.file)! || a.line - b.line || a.column - b.column,
  );
  return { result: { sources, errors: sorted }, typeErrors };
}

