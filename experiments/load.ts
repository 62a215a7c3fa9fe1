/**
 * Loading the implementation an experiment trains with: the reference solutions, or a
 * student's exercise file put through the grader's front half (splice into the pristine
 * exercise, compile, charge errors to functions) and imported.
 *
 * SECURITY: `--impl <dir>` runs the student's code **in this process**, with this user's
 * rights and no time or memory limit (Ctrl-C stops it). That is what a student running
 * their own code wants; it is not a way to run code you do not trust. Instructors run
 * untrusted submissions through `dnnlab grade`, whose sandbox (a child process with a time
 * limit, memory limit and no file-system or network access where the OS allows) is the
 * place for that.
 */
import { existsSync, statSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { CompileError } from "../grader/compile/compile.ts";
import { TOP_LEVEL, functionOfEachLine } from "../grader/splice/markers.ts";
import { type SpliceResult, decodeSubmission, splice } from "../grader/splice/splice.ts";
import { renderSpliceIssue } from "../i18n/splice.ts";
import { ROOT, exerciseFor } from "../grader/splice/stubs.ts";
import { EXPERIMENT_SPECS, type ExperimentName } from "./runs.ts";

/** The implementation cannot be loaded at all (bad path, no such file): a usage error. */
export class ImplLoadError extends Error {
  override name = "ImplLoadError";
}

export interface LoadedImpl {
  /** The module: model, evaluate and the graded functions. */
  module: Record<string, unknown>;
  /** What was loaded, for messages and the JSON file: "solutions" or the file's path. */
  source: string;
  /** Things the student should know (broken markers, compile errors, edits outside the markers), one line each. */
  notes: string[];
  /** Why a function holds its placeholder, by function name (see RunExperimentOptions.explain). */
  explain: Record<string, string>;
  /** The function of the loaded file a thrown error came from, when its stack says so. */
  locate?: (err: unknown) => string | undefined;
}

const SOLUTIONS: Record<ExperimentName, () => Promise<Record<string, unknown>>> = {
  initialization: () => import("../solutions/initialization.ts"),
  optimization: () => import("../solutions/optimization.ts"),
  regularization: () => import("../solutions/regularization.ts"),
};

/** Where the student's file is: `<arg>` itself if it is a file, else `<arg>/<file>`, else `<arg>/exercises/<file>`. */
export function findSubmittedFile(implArg: string, file: string): string {
  const path = resolve(implArg);
  if (!existsSync(path)) throw new ImplLoadError(`--impl ${implArg}: no such file or folder (give "solutions", a folder holding ${file}, or the file itself)`);
  if (statSync(path).isFile()) {
    if (!path.endsWith(".ts")) throw new ImplLoadError(`--impl ${implArg}: not a .ts file nor a folder (zip submissions are for \`dnnlab grade\`; unzip it first)`);
    return path;
  }
  for (const candidate of [join(path, file), join(path, "exercises", file)]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new ImplLoadError(`--impl ${implArg}: found neither ${join(implArg, file)} nor ${join(implArg, "exercises", file)}`);
}

/** The final source with its `../lib/…` imports pointing at this repo's lib, so it can run from anywhere. */
export function rewriteLibImports(source: string, root = ROOT): string {
  return source.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])\.\.\/lib\/([^"'\n]+)\2/g, (_, lead: string, q: string, rest: string) => {
    return `${lead}${q}${pathToFileURL(join(root, "lib", rest)).href}${q}`;
  });
}

const firstLine = (s: string) => s.split("\n")[0].trim();

/** Notes and per-function explanations from splicing and compiling. */
function describeProblems(spliced: SpliceResult, errors: readonly CompileError[]) {
  const notes: string[] = [];
  const explain: Record<string, string> = {};
  for (const region of spliced.regions) {
    if (region.status !== "marker_error" && region.status !== "missing") continue;
    for (const issue of region.issues) {
      const line = renderSpliceIssue(issue, "en");
      if (!notes.includes(line)) notes.push(line);
    }
    explain[region.fn] ??= `${region.fn} was not used: ${firstLine(renderSpliceIssue(region.issues[0] ?? { code: "file_missing", file: spliced.file }, "en"))}`;
  }
  for (const issue of spliced.ignored) notes.push(renderSpliceIssue(issue, "en"));
  if (spliced.outsideChanged) notes.push(`${spliced.file}: changes outside the START/END CODE HERE markers were ignored (only the code between the markers is used)`);
  const fns = [...new Set(spliced.regions.map((r) => r.fn))];
  for (const e of errors) {
    const where = `${e.file}:${e.line}:${e.column}`;
    const msg = firstLine(e.message);
    if (e.fn !== undefined) {
      notes.push(`${where} in ${e.fn}: ${msg} — its placeholder runs instead`);
      explain[e.fn] ??= `${e.fn} does not compile (${where}: ${msg})`;
    } else {
      notes.push(`${where}: ${msg} — this error could not be traced to one function, so the whole file runs as the unwritten exercise`);
      for (const fn of fns) explain[fn] ??= `${fn} was not used: ${e.file} does not compile (${where}: ${msg})`;
    }
  }
  return { notes, explain };
}

/** Finds `<path>:<line>` of the loaded file in an error's stack and names the function there. */
function locator(tempPath: string, source: string): (err: unknown) => string | undefined {
  const fnOfLine = functionOfEachLine(source);
  const url = pathToFileURL(tempPath).href;
  return (err) => {
    const stack = err instanceof Error ? (err.stack ?? "") : "";
    for (const frame of stack.split("\n")) {
      const at = frame.indexOf(url) >= 0 ? frame.indexOf(url) + url.length : frame.indexOf(tempPath) >= 0 ? frame.indexOf(tempPath) + tempPath.length : -1;
      if (at < 0) continue;
      const m = /^:(\d+):\d+/.exec(frame.slice(at));
      const fn = m ? fnOfLine[Number(m[1]) - 1] : undefined;
      if (fn && fn !== TOP_LEVEL) return fn;
    }
    return undefined;
  };
}

/**
 * Load the implementation `implArg` of an experiment: "solutions" (solutions/<file>), or a
 * student's folder / file. A student's file is spliced into the pristine exercise (only the
 * code between the markers counts), compiled (a function whose code does not compile keeps its
 * placeholder), written to a private temp folder with its lib imports made absolute, imported,
 * and the folder removed. Runs the code in this process: see the note at the top of this file.
 * What the code prints goes through experiments/impl-console.ts (setImplOutput chooses where).
 */
export async function loadImpl(experiment: ExperimentName, implArg: string): Promise<LoadedImpl> {
  const spec = EXPERIMENT_SPECS[experiment];
  if (implArg === "solutions") return { module: await SOLUTIONS[experiment](), source: "solutions", notes: [], explain: {} };

  const submittedPath = findSubmittedFile(implArg, spec.file);
  const submitted = decodeSubmission(await readFile(submittedPath));
  const spliced = splice(exerciseFor(spec.file), submitted, spec.file);
  // TypeScript is big: load the compiler only when a student's file is to be compiled.
  const { compileSubmission } = await import("../grader/compile/compile.ts");
  const { sources, errors } = compileSubmission([spliced]);
  const source = rewriteLibImports(sources[spec.file]);
  // The module's own `console` (experiments/impl-console.ts), bound on line 1 so line numbers stay.
  const consoleUrl = pathToFileURL(join(ROOT, "experiments", "impl-console.ts")).href;
  const runnable = `import { implConsole as console } from ${JSON.stringify(consoleUrl)}; ${source}`;
  const { notes, explain } = describeProblems(spliced, errors);

  const dir = await mkdtemp(join(tmpdir(), "dnnlab-impl-"));
  const tempPath = join(dir, basename(spec.file));
  try {
    // An ES module wherever the temp folder is (a .ts file outside any "type": "module" package would be CommonJS).
    await writeFile(join(dir, "package.json"), '{ "type": "module" }\n', { mode: 0o600 });
    await writeFile(tempPath, runnable, { mode: 0o600 });
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(tempPath).href)) as Record<string, unknown>;
    } catch (err) {
      const why = err instanceof Error ? `${err.name}: ${firstLine(err.message)}` : String(err);
      throw new ImplLoadError(`cannot load ${submittedPath} (spliced and compiled): ${why}`);
    }
    return { module, source: submittedPath, notes, explain, locate: locator(tempPath, source) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
