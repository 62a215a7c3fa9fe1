/**
 * The constant part of every sandbox bundle (issue 14.2): the runner and lib/, the same for
 * every submission of a checkout, built once per grader process. A submission's own bundle
 * (bundle.ts) holds only its files; its imports of lib/ go through a fixed specifier to this
 * part, which the child compiles with `vm.Script` and, where it has one, a V8 code cache.
 *
 * The code cache is produced by a trusted process only: a helper node the grader starts with
 * the child's node and V8 flags, which loads this part and the lib/ modules and never runs
 * student code. A child's bytes are hostile and V8 trusts code-cache bytes, so nothing a
 * child wrote is ever used as a cache. A cache V8 rejects (another node, other flags) is a
 * normal compile: the child checks nothing itself, V8 does.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { type Metafile, build } from "esbuild";
import { execa } from "execa";
import { cacheDir, sha1, writeCacheFile } from "../cache.ts";
import { ROOT } from "../root.ts";
import { DIR_PREFIX } from "./cleanup.ts";

/** The constant part, in the child's bundle dir. */
export const BASE_FILE = "base.js";
/** Its V8 code cache, next to it (absent when no helper could make one). */
export const BASE_CACHE_FILE = "base.cache";
/** The parameter the wrapped part receives in place of `import.meta.url` (the child bundle's URL). */
const URL_PARAM = "__dnnlabBundleUrl";

export interface BaseBundle {
  /** `(function (require, module, exports, url) { … })`: what the child compiles. */
  js: string;
  /** Its source map (JSON text), for the parent's StackMapper. */
  sourceMap: string;
  /** lib/ modules (paths relative to the root, "lib/np/index.ts") in this part, importable by a submission through it. */
  libModules: ReadonlySet<string>;
  /** The lib/ modules the pristine exercises import: the cache helper loads these (never lib/'s scripts). */
  warm: string[];
  /** The checkout (the helper finds lib/np/wasm/ there). */
  root: string;
}

/** What a submission may import directly: the course library, not its tests. */
export const isLibModule = (path: string): boolean => path.startsWith("lib/") && !/\.test\.[cm]?[jt]s$/.test(path);

const builds = new Map<string, Promise<BaseBundle>>();

/** The constant part for the checkout at `root`, built once per process. */
export function baseBundle(root: string = ROOT): Promise<BaseBundle> {
  let p = builds.get(root);
  if (!p) {
    p = buildBase(root);
    p.catch(() => builds.delete(root));
    builds.set(root, p);
  }
  return p;
}

function libFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name) && isLibModule(relative(root, p).split(sep).join("/"))) out.push(p);
    }
  };
  walk(join(root, "lib"));
  return out.sort();
}

/**
 * The lib/ modules whose whole import graph stays inside lib/ and node's built-ins: those go
 * in the constant part. The others (lib/value.ts imports zod) are bundled with the submission
 * that imports one, as before, their own lib/ imports still reaching this part.
 */
async function pureLibModules(root: string, files: string[]): Promise<string[]> {
  const r = await build({ entryPoints: files, bundle: true, format: "esm", platform: "node", target: "node20", write: false, metafile: true, logLevel: "silent", outdir: join(tmpdir(), `${DIR_PREFIX}0-probe`), absWorkingDir: root });
  const meta: Metafile = r.metafile;
  const pure = (from: string): boolean => {
    const seen = new Set<string>();
    const todo = [from];
    while (todo.length > 0) {
      const k = todo.pop()!;
      if (seen.has(k)) continue;
      seen.add(k);
      if (!isLibModule(k)) return false;
      for (const imp of meta.inputs[k]?.imports ?? []) {
        if (imp.external) {
          if (!isBuiltin(imp.path)) return false;
        } else todo.push(imp.path);
      }
    }
    return true;
  };
  return files.map((f) => relative(root, f).split(sep).join("/")).filter(pure);
}

async function buildBase(root: string): Promise<BaseBundle> {
  const lib = await pureLibModules(root, libFiles(root));
  const entry =
    `import { runSandboxChild } from ${JSON.stringify(join(root, "grader", "sandbox", "runner.ts"))};\n` +
    `export const run = runSandboxChild;\n` +
    `export const lib = {\n` +
    lib.map((m) => `  ${JSON.stringify(m)}: () => require(${JSON.stringify(join(root, m))}),\n`).join("") +
    `};\n`;
  const r = await build({
    stdin: { contents: entry, resolveDir: root, sourcefile: "dnnlab-sandbox-base", loader: "js" },
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    // The same depth as every bundle dir: the map's relative paths hold for each of them.
    outfile: join(tmpdir(), `${DIR_PREFIX}0-build`, BASE_FILE),
    absWorkingDir: root,
    write: false,
    logLevel: "silent",
    legalComments: "none",
    sourcemap: "external",
    sourcesContent: false,
    define: { "import.meta.url": URL_PARAM },
  });
  let code = "";
  let map = "";
  for (const o of r.outputFiles) {
    if (o.path.endsWith(".map")) map = o.text;
    else code = o.text.replace(/\n\/\/# sourceMappingURL=[^\n]*\n?$/, "\n");
  }
  // One line before the code: the map's lines shift by one (a leading ";" in its mappings).
  const js = `(function (require, module, exports, ${URL_PARAM}) {\n${code}})`;
  const parsed = JSON.parse(map) as { mappings: string };
  parsed.mappings = `;${parsed.mappings}`;
  return { js, sourceMap: JSON.stringify(parsed), libModules: new Set(lib), root, warm: exerciseImports(root).filter((m) => lib.includes(m)) };
}

/** The lib/ modules exercises/*.ts import ("lib/np/index.ts"…). */
function exerciseImports(root: string): string[] {
  const dir = join(root, "exercises");
  const found = new Set<string>();
  for (const f of readdirSync(dir)) {
    if (!f.endsWith(".ts")) continue;
    for (const m of readFileSync(join(dir, f), "utf8").matchAll(/from\s+["']\.\.\/(lib\/[^"']+)["']/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

/**
 * The child's side: an ESM module in the submission's bundle that compiles the constant part
 * (with the cache next to it, if V8 takes it) and hands out its runner and lib/ modules.
 */
export const BASE_LOADER =
  `import { readFileSync } from "node:fs";\n` +
  `import { createRequire } from "node:module";\n` +
  `import { fileURLToPath } from "node:url";\n` +
  `import { Script } from "node:vm";\n` +
  `const url = import.meta.url;\n` +
  `const file = fileURLToPath(new URL(${JSON.stringify(`./${BASE_FILE}`)}, url));\n` +
  `let cachedData;\n` +
  `try { cachedData = readFileSync(new URL(${JSON.stringify(`./${BASE_CACHE_FILE}`)}, url)); } catch {}\n` +
  `const script = new Script(readFileSync(file, "utf8"), cachedData ? { filename: file, cachedData } : { filename: file });\n` +
  `const m = { exports: {} };\n` +
  `script.runInThisContext()(createRequire(url), m, m.exports, url);\n` +
  `export const run = m.exports.run;\n` +
  `const loaded = Object.create(null);\n` +
  `export const lib = (name) => loaded[name] ??= m.exports.lib[name]();\n`;

/**
 * The helper: compiles the constant part, runs its top level and loads every lib/ module
 * (our code only), then writes the code cache. Started with the child's node and V8 flags.
 */
const HELPER =
  `const { readFileSync, writeSync } = require("node:fs");\n` +
  `const { Script } = require("node:vm");\n` +
  `const [url, warm] = process.argv.slice(1);\n` +
  `const script = new Script(readFileSync(0, "utf8"), { filename: ${JSON.stringify(BASE_FILE)} });\n` +
  `const m = { exports: {} };\n` +
  `script.runInThisContext()(require, m, m.exports, url);\n` +
  `for (const k of JSON.parse(warm)) m.exports.lib[k]();\n` +
  `const bytes = script.createCachedData();\n` +
  `for (let at = 0; at < bytes.length; ) at += writeSync(1, bytes, at);\n`;

const caches = new WeakMap<BaseBundle, Map<string, Promise<Buffer | null>>>();

/**
 * The code cache of the constant part for a child started as `node v8Flags… entry`, made once
 * per (node, flags) by the helper from the parent's own copy (on its stdin); null when it could
 * not be made (the child then compiles from source).
 */
export function baseCache(base: BaseBundle, node: string, v8Flags: string[]): Promise<Buffer | null> {
  const key = JSON.stringify([node, v8Flags]);
  let p = caches.get(base)?.get(key);
  if (!p) {
    p = makeCache(base, node, v8Flags);
    if (!caches.has(base)) caches.set(base, new Map());
    caches.get(base)!.set(key, p);
  }
  return p;
}

/**
 * Where the helper's cache is kept between processes (a cold `dnnlab check` would otherwise
 * start the helper every time): named by the constant part's text, the node binary (path,
 * version, size, time) and the flags. Only the helper ever writes it.
 */
function keptCachePath(base: BaseBundle, node: string, v8Flags: string[]): string | undefined {
  const dir = cacheDir();
  if (dir === undefined) return undefined;
  try {
    const { size, mtimeMs } = statSync(node);
    const version = process.execPath === node ? process.version : "";
    return join(dir, `sandbox-base-${sha1(JSON.stringify([sha1(base.js), base.warm, base.root, node, version, size, mtimeMs, v8Flags])).slice(0, 16)}.v8cache`);
  } catch {
    return undefined;
  }
}

async function makeCache(base: BaseBundle, node: string, v8Flags: string[]): Promise<Buffer | null> {
  const kept = keptCachePath(base, node, v8Flags);
  if (kept !== undefined) {
    try {
      return readFileSync(kept);
    } catch {
      // not made yet
    }
  }
  // lib/np/kernels.ts finds wasm/kernels.wasm beside the bundle's URL: here, lib/np/ itself.
  const url = pathToFileURL(join(base.root, "lib", "np", "bundle.js")).href;
  try {
    const r = await execa(node, [...v8Flags, "-e", HELPER, url, JSON.stringify(base.warm)], {
      input: base.js,
      reject: false,
      timeout: 30_000,
      extendEnv: false,
      env: {},
      encoding: "buffer",
      stripFinalNewline: false,
      maxBuffer: 64 * 2 ** 20,
    });
    const bytes = r.exitCode === 0 && r.stdout.length > 0 ? Buffer.from(r.stdout) : null;
    if (bytes !== null && kept !== undefined) writeCacheFile(kept, bytes);
    return bytes;
  } catch {
    return null;
  }
}
