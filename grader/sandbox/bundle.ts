/**
 * Bundling a submission: the spliced sources become one JS file in a fresh private temp dir,
 * beside the constant part (the runner and lib/, base-bundle.ts, built once per grader), which
 * the child runs as plain JS (no TS loader can run under the permission model). What student code may import is checked here, on what esbuild
 * actually bundled.
 */
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { basename, join, relative, sep } from "node:path";
import { type BuildContext, type BuildFailure, type BuildOptions, type BuildResult, type Message, type Metafile, type OutputFile, type Plugin, context, transform } from "esbuild";
import { ROOT } from "../root.ts";
import { BASE_FILE, BASE_LOADER, type BaseBundle, baseBundle, isLibModule } from "./base-bundle.ts";
import { DIR_PREFIX, removeStaleDirs, trackDir, untrackDir } from "./cleanup.ts";

/** A source esbuild could not compile: 1-based line and column in that source. */
export type BundleCompileError = { file: string; line: number; column: number; message: string };

export interface Bundle {
  /** Private temp dir (0700, or readable only by the child's group) holding the bundle. */
  dir: string;
  /** The JS file node runs. */
  entry: string;
  /** The assignment files in the bundle, compiling or not. */
  files: string[];
  compileErrors: BundleCompileError[];
  /**
   * The bundle's source map (JSON text), kept in the parent: the child runs without
   * --enable-source-maps (parsing the map cost each child about 0.035 CPU-s at start-up);
   * the parent maps the stacks it receives instead (stack-map.ts).
   */
  sourceMap?: string;
  /** The constant part (runner and lib/, base-bundle.ts) the entry loads: BASE_FILE in `dir`, and its map. */
  base?: { file: string; sourceMap: string; bundle: BaseBundle };
  /** Remove the dir; safe to call twice. */
  dispose(): Promise<void>;
}

export interface BundleOptions {
  /** Repository root (lib/, exercises/, grader/). Default: this checkout. */
  root?: string;
}

const SUBMISSION_NS = "dnnlab-submission";
/** A lib/ module of the constant part, as the submission's bundle sees it: one line that takes it from there. */
const LIB_NS = "dnnlab-lib";
const BASE_PATH = "dnnlab-sandbox:base";
const ENTRY_PATH = "dnnlab-sandbox:entry";
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.ts$/;
/**
 * CommonJS: node runs a CommonJS main without starting its ESM loader, about 0.013 CPU-s of
 * every child (issue 14.2). `import.meta` in the submission's files is defined from the
 * file's CommonJS names (BANNER); a top-level await does not compile (esbuild says so,
 * located in the file).
 */
const ENTRY_FILE = "sandbox.cjs";
const BANNER = `var __dnnlabUrl = require("node:url").pathToFileURL(__filename).href, __dnnlabFile = __filename, __dnnlabDir = __dirname;`;

/** A module standing in for a file that does not compile: loading it throws, so every call into it says why. */
const compileErrorStub = (file: string, message: string): string =>
  `const e = new Error(${JSON.stringify(`${file} does not compile: ${message}`)});\ne.name = "CompileError";\nthrow e;\nexport {};\n`;

/** esbuild's location (1-based line, 0-based column in UTF-8 bytes) as 1-based line and column in characters. */
function compileErrorOf(file: string, m: Message): BundleCompileError {
  const loc = m.location;
  const column = loc ? Buffer.from(loc.lineText, "utf8").subarray(0, loc.column).toString("utf8").length + 1 : 1;
  return { file, line: loc?.line ?? 1, column, message: m.text };
}


/** Where `text` first appears in a source, pointing at its opening quote as esbuild does. */
function locate(source: string, text: string): { line: number; column: number } {
  const lines = source.split("\n");
  for (let i = 0; text !== "" && i < lines.length; i++) {
    const at = lines[i]!.indexOf(text);
    if (at >= 0) return { line: i + 1, column: at > 0 && "'\"`".includes(lines[i]![at - 1]!) ? at : at + 1 };
  }
  return { line: 1, column: 1 };
}

/**
 * esbuild's own helper module (lowered decorators: __decorateElement, __runInitializers…),
 * listed as an external import of the file that needs it and inlined into the bundle; a
 * student cannot import it by name (the plugin resolves every import). Issue 13.9.
 */
const ESBUILD_RUNTIME = "<runtime>";

/**
 * Check what esbuild actually put in the bundle (it bundles a glob import such as
 * `import("../solutions" + name)` without asking the plugin; the metafile lists it as an
 * "external" import of the pattern "../solutions/**\/*"). A submission file may import only
 * lib/ (not its tests), node built-ins and other submission files; the bundle may hold
 * only those, what they import, and the runner's own modules. Returns the files to fail.
 * Throws when something is in the bundle that no submission file can be blamed for.
 */
function checkInputs(meta: Metafile, sources: Record<string, string>): Map<string, BundleCompileError> {
  const bad = new Map<string, BundleCompileError>();
  const blame = (file: string, what: string, message = `cannot import "${what}": a submission may import only ../lib/… and node built-ins`) => {
    if (!bad.has(file)) bad.set(file, { file, ...locate(sources[file] ?? "", what.split("*")[0]!), message });
  };
  const submissionFile = (key: string) => (key.startsWith(`${SUBMISSION_NS}:`) ? key.slice(SUBMISSION_NS.length + 1) : undefined);
  const libShim = (key: string) => key.startsWith(`${LIB_NS}:`) && isLibModule(key.slice(LIB_NS.length + 1));
  const reach = (from: string, stopAtSubmission: boolean): Set<string> => {
    const seen = new Set<string>();
    const todo = [from];
    while (todo.length > 0) {
      const k = todo.pop()!;
      if (seen.has(k) || (stopAtSubmission && k !== from && submissionFile(k) !== undefined)) continue;
      seen.add(k);
      for (const imp of meta.inputs[k]?.imports ?? []) if (!imp.external) todo.push(imp.path);
    }
    return seen;
  };
  const runner = reach("dnnlab-sandbox:entry", true);
  const allowed = (k: string) => runner.has(k) || submissionFile(k) !== undefined || libShim(k) || isLibModule(k) || k.startsWith("node_modules/");

  for (const [key, input] of Object.entries(meta.inputs)) {
    const file = submissionFile(key);
    if (file === undefined) continue;
    for (const imp of input.imports) {
      const ok = imp.path === ESBUILD_RUNTIME || (imp.external ? isBuiltin(imp.path) : submissionFile(imp.path) !== undefined || libShim(imp.path) || isLibModule(imp.path));
      if (!ok) blame(file, imp.original ?? imp.path);
    }
    for (const k of reach(key, false)) if (!allowed(k)) blame(file, k, `imports ${k} (through lib/), which a submission may not use`);
  }
  const stray = Object.keys(meta.inputs).filter((k) => !allowed(k));
  if (bad.size === 0 && stray.length > 0) throw new Error(`bundleSubmission: unexpected inputs in the bundle: ${stray.join(", ")}`);
  return bad;
}

/**
 * Bundle the spliced sources into one CommonJS file in a fresh private temp dir, beside the
 * constant part (runner and lib/, base-bundle.ts) it loads.
 * `sources` maps an assignment file name ("initialization.ts") to its final TypeScript;
 * each is loaded as if it were exercises/<file>, so `../lib/np/index.ts` is the real lib.
 * A source that does not compile (syntax, or an import that is not allowed or does not
 * exist) is reported in `compileErrors` and replaced by a module that throws
 * "<file> does not compile: <message>"; the rest of the bundle still builds.
 *
 * Student imports may name only lib/ (the course library), node built-ins and the other
 * submission files: never solutions/, fixtures/, grader/ or a package.
 *
 * lib/np/kernels.ts loads wasm/kernels.wasm relative to import.meta.url: it is copied next
 * to the bundle, so the child runs the same SIMD kernels as everywhere else.
 */
export async function bundleSubmission(sources: Record<string, string>, opts: BundleOptions = {}): Promise<Bundle> {
  const root = opts.root ?? ROOT;
  const files = Object.keys(sources);
  for (const f of files) {
    if (!FILE_NAME.test(f)) throw new Error(`bundleSubmission: not an assignment file name: ${JSON.stringify(f)}`);
  }
  const libDir = join(root, "lib") + sep;
  const exercisesDir = join(root, "exercises");
  removeStaleDirs();
  const dir = await mkdtemp(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
  trackDir(dir);
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    await rm(dir, { recursive: true, force: true });
    untrackDir(dir);
  };
  try {
    await chmod(dir, 0o700);
    const failed = new Map<string, BundleCompileError>();

    // 1. Each file parses on its own (esbuild's own syntax errors, exact line and column).
    await Promise.all(
      files.map(async (file) => {
        try {
          await transform(sources[file]!, { loader: "ts", sourcefile: file, format: "esm", target: "node20", logLevel: "silent" });
        } catch (e) {
          const first = (e as BuildFailure).errors?.[0];
          failed.set(file, first ? compileErrorOf(file, first) : { file, line: 1, column: 1, message: String(e) });
        }
      }),
    );

    const base = await baseBundle(root);
    const entrySource =
      `import { run } from ${JSON.stringify(BASE_PATH)};\n` +
      `run({\n` +
      files.map((f) => `  ${JSON.stringify(f)}: () => require(${JSON.stringify(`${SUBMISSION_NS}:${f}`)}),\n`).join("") +
      `});\n`;

    const job: Job = { root, libDir, exercisesDir, files, sources, failed, entrySource, base };

    // 2. Bundle; an error located in a submission file fails that file, and we try again.
    //    Nothing is written until the inputs are checked (3).
    let outputs: OutputFile[];
    for (let round = 0; ; round++) {
      if (round > files.length + 1) throw new Error("bundleSubmission: too many rounds");
      let result: BuildResult<{ metafile: true; write: false }>;
      try {
        result = await buildWithPool(job);
      } catch (e) {
        const errors = (e as BuildFailure).errors ?? [];
        const fresh = errors.filter((m) => m.location?.file.startsWith(`${SUBMISSION_NS}:`) && !failed.has(m.location.file.slice(SUBMISSION_NS.length + 1)));
        if (fresh.length === 0) {
          const text = errors.map((m) => `${m.location ? `${m.location.file}:${m.location.line}: ` : ""}${m.text}`).join("; ");
          throw new Error(`bundleSubmission: esbuild failed outside the submission: ${text || String(e)}`);
        }
        for (const m of fresh) {
          const file = m.location!.file.slice(SUBMISSION_NS.length + 1);
          if (!failed.has(file)) failed.set(file, compileErrorOf(file, m));
        }
        continue;
      }
      // 3. Check what actually went in (see checkInputs: glob imports bypass the plugin).
      const outside = checkInputs(result.metafile, sources);
      if (outside.size > 0) {
        for (const [file, err] of outside) failed.set(file, err);
        continue;
      }
      outputs = result.outputFiles;
      break;
    }
    let sourceMap: string | undefined;
    for (const o of outputs) {
      if (o.path.endsWith(".map")) sourceMap = o.text;
      else await writeFile(join(dir, basename(o.path)), o.contents, { mode: 0o600 });
    }

    await writeFile(join(dir, BASE_FILE), base.js, { mode: 0o600 });
    await mkdir(join(dir, "wasm"), { mode: 0o700 });
    await copyFile(join(root, "lib", "np", "wasm", "kernels.wasm"), join(dir, "wasm", "kernels.wasm"));
    return {
      dir,
      entry: join(dir, ENTRY_FILE),
      files,
      compileErrors: files.flatMap((f) => (failed.has(f) ? [failed.get(f)!] : [])),
      ...(sourceMap !== undefined ? { sourceMap } : {}),
      base: { file: join(dir, BASE_FILE), sourceMap: base.sourceMap, bundle: base },
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}

// ------------------------------------------------------------------ pooled esbuild contexts

/** What a pooled context's plugin reads: the submission being bundled now. */
interface Job {
  root: string;
  libDir: string;
  exercisesDir: string;
  files: string[];
  sources: Record<string, string>;
  failed: Map<string, BundleCompileError>;
  entrySource: string;
  base: BaseBundle;
}

/** Marks esbuild's own resolution from inside the plugin (so the plugin does not answer itself). */
const SKIP = Symbol("dnnlab-skip");

/** The resolving and loading rules of a sandbox bundle, for whatever job `current()` is. */
function sandboxPlugin(current: () => Job): Plugin {
  return {
    name: "dnnlab-sandbox",
    setup(b) {
      // Imports made by student code: lib/, node built-ins and sibling files only.
      b.onResolve({ filter: /.*/, namespace: SUBMISSION_NS }, async (a) => {
        const { files, exercisesDir, libDir, root } = current();
        if (isBuiltin(a.path)) return { path: a.path, external: true };
        const sibling = a.path.startsWith(`${SUBMISSION_NS}:`) ? a.path.slice(SUBMISSION_NS.length + 1) : a.path.startsWith("./") ? a.path.slice(2) : "";
        if (files.includes(sibling)) return { path: sibling, namespace: SUBMISSION_NS };
        const r = await b.resolve(a.path, { resolveDir: exercisesDir, kind: a.kind, namespace: "file", pluginData: SKIP });
        if (r.errors.length > 0) return { errors: r.errors };
        if (!r.external && r.namespace === "file" && r.path.startsWith(libDir) && isLibModule(relative(root, r.path))) return libTarget(r.path);
        return { errors: [{ text: `cannot import "${a.path}": a submission may import only ../lib/… and node built-ins` }] };
      });
      /** A lib/ module in the constant part is taken from there (one copy of lib/ in the child); any other is bundled here. */
      const libTarget = (path: string) => {
        const { root, base } = current();
        const rel = relative(root, path).split(sep).join("/");
        return base.libModules.has(rel) ? { path: rel, namespace: LIB_NS } : { path };
      };
      // What a lib/ module bundled here (one outside the constant part) imports from lib/.
      b.onResolve({ filter: /^\./, namespace: "file" }, async (a) => {
        if (a.pluginData === SKIP || !a.importer.startsWith(current().libDir)) return undefined;
        const r = await b.resolve(a.path, { resolveDir: a.resolveDir, kind: a.kind, namespace: "file", pluginData: SKIP });
        if (r.errors.length > 0 || r.external || r.namespace !== "file" || !r.path.startsWith(current().libDir)) return undefined;
        return libTarget(r.path);
      });
      b.onLoad({ filter: /.*/, namespace: LIB_NS }, (a) => ({ contents: `module.exports = require(${JSON.stringify(BASE_PATH)}).lib(${JSON.stringify(a.path)});\n`, loader: "js", resolveDir: current().root }));
      b.onResolve({ filter: /^dnnlab-sandbox:entry$/ }, () => ({ path: "entry", namespace: "dnnlab-sandbox" }));
      b.onResolve({ filter: /^dnnlab-sandbox:base$/ }, () => ({ path: "base", namespace: "dnnlab-sandbox" }));
      b.onLoad({ filter: /.*/, namespace: "dnnlab-sandbox" }, (a) => ({ contents: a.path === "base" ? BASE_LOADER : current().entrySource, loader: "js", resolveDir: current().root }));
      b.onResolve({ filter: new RegExp(`^${SUBMISSION_NS}:`) }, (a) => ({ path: a.path.slice(SUBMISSION_NS.length + 1), namespace: SUBMISSION_NS }));
      b.onLoad({ filter: /.*/, namespace: SUBMISSION_NS }, (a) => {
        const { failed, sources, exercisesDir } = current();
        const err = failed.get(a.path);
        return { contents: err ? compileErrorStub(a.path, err.message) : sources[a.path]!, loader: "ts", resolveDir: exercisesDir };
      });
    },
  };
}

type SandboxBuild = BuildOptions & { metafile: true; write: false };

/**
 * The build options of every sandbox bundle of a checkout. The outfile is never written
 * (write: false; bundleSubmission writes the JS into the submission's own dir); it sits at
 * the same depth as those dirs, so the source map's relative paths hold for each of them.
 */
const buildOptions = (root: string): SandboxBuild => ({
  entryPoints: [ENTRY_PATH],
  bundle: true,
  format: "cjs",
  banner: { js: BANNER },
  define: { "import.meta.url": "__dnnlabUrl", "import.meta.filename": "__dnnlabFile", "import.meta.dirname": "__dnnlabDir" },
  platform: "node",
  target: "node20",
  outfile: join(tmpdir(), `${DIR_PREFIX}0-build`, ENTRY_FILE),
  absWorkingDir: root,
  write: false,
  metafile: true,
  logLevel: "silent",
  legalComments: "none",
  sourcemap: "external",
  sourcesContent: false,
});

interface Pooled {
  ctx: BuildContext<SandboxBuild>;
  job: Job | null;
  idle?: NodeJS.Timeout;
}

/** Idle contexts by checkout; at most POOL_SIZE each, disposed after IDLE_MS unused. */
const pools = new Map<string, Pooled[]>();
const POOL_SIZE = 4;
/** An esbuild context keeps node running until it is disposed: an idle one goes after this long. */
const IDLE_MS = 500;

/**
 * One build of `job`, on an esbuild context reused across submissions (incremental: lib/
 * and the runner, the same for every submission, are parsed once, not for each one: esbuild's
 * CPU a bundle 45 → 36 ms here; linking and printing the 140 kB are the rest). A context serves one build at a time; the plugin reads
 * the job it is building now.
 */
async function buildWithPool(job: Job): Promise<BuildResult<SandboxBuild>> {
  const free = pools.get(job.root) ?? [];
  pools.set(job.root, free);
  let p = free.pop();
  if (p?.idle) clearTimeout(p.idle);
  if (!p) {
    const holder: Partial<Pooled> & { job: Job | null } = { job: null };
    holder.ctx = await context({ ...buildOptions(job.root), plugins: [sandboxPlugin(() => holder.job!)] });
    p = holder as Pooled;
  }
  const mine = p;
  mine.job = job;
  try {
    return await mine.ctx.rebuild();
  } finally {
    mine.job = null;
    if (free.length < POOL_SIZE) {
      free.push(mine);
      mine.idle = setTimeout(() => {
        const at = free.indexOf(mine);
        if (at >= 0) free.splice(at, 1);
        void mine.ctx.dispose().catch(() => undefined);
      }, IDLE_MS);
      mine.idle.unref();
    } else {
      void mine.ctx.dispose().catch(() => undefined);
    }
  }
}
