/**
 * The compile worker as one plain ES module, so its thread starts without a TypeScript
 * loader: a second tsx loader in the thread (its own hooks thread, every module resolved
 * and transformed through it) cost ~0.45 s of CPU at each start, a quarter of a cold
 * `dnnlab check`. esbuild (which tsx ships) bundles worker.ts and what it imports into
 * the cache folder (grader/cache.ts), with grader/root.ts replaced by this checkout's root; a
 * manifest beside it holds the SHA-1 of every input, so an edited source is seen at the
 * next start. A missing or stale bundle is rebuilt in the background and this start
 * runs from the sources (bounded.ts falls back to tsx): no run ever waits for a build or
 * runs old code.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";
import { ROOT } from "../root.ts";
import { cacheDir, sha1, writeCacheFile } from "../cache.ts";

type Manifest = { inputs: Record<string, string> };

const COMPILE_DIR = join(ROOT, "grader", "compile");

function paths(dir: string): { bundle: string; manifest: string } {
  const name = `compile-worker-${sha1(ROOT).slice(0, 12)}`;
  return { bundle: join(dir, `${name}.mjs`), manifest: join(dir, `${name}.json`) };
}

/** Whether every input in the manifest still has its SHA-1, and the built file exists. */
export function inputsFresh(manifestPath: string, bundlePath: string): boolean {
  try {
    if (!existsSync(bundlePath)) return false;
    const { inputs } = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
    const entries = Object.entries(inputs);
    return entries.length > 0 && entries.every(([rel, hash]) => sha1(readFileSync(join(ROOT, rel))) === hash);
  } catch {
    return false;
  }
}

let building: Promise<void> | undefined;

/**
 * The compile sources bundled from `entry` (code run in grader/compile/), with grader/root.ts
 * replaced by this checkout's root, and the SHA-1 of every input as handed to esbuild: a file
 * edited during the build leaves a manifest that no longer matches it (a rebuild), never old
 * code called new. Packages stay imports (TypeScript itself is loaded at run time, typescript.ts).
 */
export async function bundleCompileSources(entry: string, format: "esm" | "cjs", opts: { inlineTypeScript?: boolean } = {}): Promise<{ code: string; inputs: Record<string, string> } | undefined> {
  const { build } = await import("esbuild");
  const inputs: Record<string, string> = {};
  // A snapshot cannot hold a vm.Script (typescript.ts's code-cache loader) and its script may
  // require only Node's modules: there TypeScript is bundled in, and told where its lib files are.
  const tsFile = createRequire(join(ROOT, "package.json")).resolve("typescript");
  const inlined = `import ts from "typescript";\n(ts.sys as { getExecutingFilePath(): string }).getExecutingFilePath = () => ${JSON.stringify(tsFile)};\nexport const typescript = () => ts;\nexport const saveTypeScriptCodeCache = (): void => {};\nexport const typeScriptFromCodeCache = () => false;\n`;
  const result = await build({
    stdin: { contents: entry, resolveDir: COMPILE_DIR, sourcefile: "compile-entry.ts", loader: "ts" },
    bundle: true,
    platform: "node",
    format,
    target: "node20",
    write: false,
    absWorkingDir: ROOT,
    logLevel: "silent",
    plugins: [
      {
        name: "dnnlab-compile-worker",
        setup(b) {
          // Packages stay imports, except TypeScript when it is inlined.
          b.onResolve({ filter: /^[^./]/ }, (args) => (opts.inlineTypeScript && args.path === "typescript" ? undefined : { path: args.path, external: true }));
          b.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
            const rel = relative(ROOT, args.path);
            if (rel === join("grader", "root.ts")) return { contents: `export const ROOT = ${JSON.stringify(ROOT)};\n`, loader: "ts" };
            if (rel.startsWith(`node_modules${sep}`)) return undefined;
            if (opts.inlineTypeScript && rel === join("grader", "compile", "typescript.ts")) {
              inputs[rel] = sha1(readFileSync(args.path));
              return { contents: inlined, loader: "ts" };
            }
            const bytes = readFileSync(args.path);
            inputs[rel] = sha1(bytes);
            return { contents: bytes, loader: /\.[cm]?ts$/.test(args.path) ? "ts" : "js" };
          });
        },
      },
    ],
  });
  const code = result.outputFiles[0]?.text;
  return code === undefined ? undefined : { code, inputs };
}

/** Bundle the worker into the cache (the manifest last, so a reader never pairs it with an older bundle). */
export async function buildWorkerBundle(): Promise<boolean> {
  const dir = cacheDir();
  if (dir === undefined) return false;
  const { bundle, manifest } = paths(dir);
  const built = await bundleCompileSources('import { serve } from "./worker.ts";\nserve();\n', "esm");
  if (built === undefined) return false;
  const header = "// dnnlab's compile worker, bundled from grader/compile/worker.ts by worker-bundle.ts: a cache, safe to delete.\n";
  return writeCacheFile(bundle, header + built.code) && writeCacheFile(manifest, JSON.stringify({ inputs: built.inputs } satisfies Manifest));
}

/**
 * The bundled worker's path when it is current; otherwise undefined, and a rebuild is
 * started (once per process) for the next start.
 */
export function workerBundle(): string | undefined {
  const dir = cacheDir();
  if (dir === undefined) return undefined;
  const { bundle, manifest } = paths(dir);
  if (inputsFresh(manifest, bundle)) return bundle;
  building ??= buildWorkerBundle().then(
    () => undefined,
    () => undefined,
  );
  return undefined;
}
