/**
 * Build the cached bundle that bin/dnnlab.js starts `check` from (bin/cli-cache.js looks it
 * up): bin/main.ts and every module of this checkout it reaches, as a few plain ES modules,
 * split where the CLI imports lazily so a command still loads only what it uses. Packages
 * stay imports of node_modules. Each module's `import.meta.url` is its own source file's
 * URL, so paths the code finds from it (the checkout root, templates, package.json) are
 * those of the sources.
 *
 * Run by `npm ci` (the prepare script) and, in the background, by a `check` that found the
 * bundle stale. Never fails loudly: without a bundle the CLI runs from its sources.
 *
 *   node bin/run-ts.js bin/cli-bundle.ts
 */
import { type Plugin, build, transform } from "esbuild";
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { isBuiltin } from "node:module";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { LOCK_STALE_MS, takeLock, writeCacheFile } from "../grader/cache.ts";
import { ROOT, cacheFolder, cliCachePaths, sha1 } from "./cli-cache.js";

/** A superseded bundle is removed this long after it was built: a running command may still load its lazy parts. */
const OLD_BUNDLE_MS = 60 * 60_000;

const RESOLVING = Symbol("dnnlab-cli-resolving");

const META = { url: "__dnnlab_meta_url", filename: "__dnnlab_meta_filename", dirname: "__dnnlab_meta_dirname" };

/** Loads this checkout's .ts and .json files, recording the SHA-1 of the bytes esbuild gets. */
function sourcesPlugin(root: string, inputs: Record<string, string>): Plugin {
  return {
    name: "dnnlab-cli-sources",
    setup(b) {
      // Packages stay imports, of the file Node would load, by absolute path: the bundle may
      // live outside the checkout ($DNNLAB_CACHE_DIR), where no node_modules is found.
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === RESOLVING) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const r = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: RESOLVING });
        return r.errors.length > 0 ? { errors: r.errors } : { path: r.path, external: true };
      });
      b.onLoad({ filter: /\.(ts|json)$/ }, async (args) => {
        const rel = relative(root, args.path);
        if (rel.startsWith("..") || rel.split(sep).includes("node_modules")) return undefined;
        const bytes = readFileSync(args.path);
        inputs[rel.split(sep).join("/")] = sha1(bytes);
        if (args.path.endsWith(".json")) return { contents: bytes, loader: "json" };
        const { code } = await transform(bytes.toString("utf8"), {
          loader: "ts",
          sourcefile: args.path,
          define: { "import.meta.url": META.url, "import.meta.filename": META.filename, "import.meta.dirname": META.dirname },
        });
        const dir = args.path.slice(0, args.path.lastIndexOf(sep));
        const prelude =
          `const ${META.url} = ${JSON.stringify(pathToFileURL(args.path).href)}, ` +
          `${META.filename} = ${JSON.stringify(args.path)}, ${META.dirname} = ${JSON.stringify(dir)};\n`;
        return { contents: prelude + code, loader: "js" };
      });
    },
  };
}

/** Remove bundles other than `keep` built over an hour ago, and temp folders of killed builds. */
function sweep(dir: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    const old = /^cli-[0-9a-f]{40}$/.test(name) ? OLD_BUNDLE_MS : /^cli-tmp-/.test(name) ? LOCK_STALE_MS : undefined;
    if (old === undefined || name === keep) continue;
    try {
      if (Date.now() - statSync(join(dir, name)).mtimeMs > old) rmSync(join(dir, name), { recursive: true, force: true });
    } catch {
      // another sweep got there first
    }
  }
}

/**
 * Bundle the CLI into `dir` and point the manifest at it (written last, whole or not at
 * all). Returns the entry, or undefined when another build holds the lock.
 */
export async function buildCliBundle(dir: string, root = ROOT): Promise<string | undefined> {
  const { manifest, lock } = cliCachePaths(dir, root);
  if (!takeLock(lock)) return undefined;
  const tmp = join(dir, `cli-tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
  try {
    const inputs: Record<string, string> = {};
    await build({
      entryPoints: { main: join(root, "bin", "main.ts") },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      // What Node itself picks in a package: no "module" condition or field.
      conditions: [],
      mainFields: ["main"],
      outdir: tmp,
      outExtension: { ".js": ".mjs" },
      absWorkingDir: root,
      logLevel: "silent",
      banner: { js: "// dnnlab's CLI, bundled from this checkout's sources by bin/cli-bundle.ts: a cache, safe to delete." },
      plugins: [sourcesPlugin(root, inputs)],
    });
    // Packages are imported by the path of the file resolved now, and how the bundle is made is in this file.
    for (const rel of ["package-lock.json", "bin/cli-bundle.ts"]) inputs[rel] = sha1(readFileSync(join(root, rel)));
    const sorted = Object.fromEntries(Object.entries(inputs).sort(([a], [b]) => a.localeCompare(b)));
    // The bundle holds this checkout's absolute paths: another checkout with the same sources gets its own.
    const name = `cli-${sha1(JSON.stringify([root, sorted]))}`;
    const final = join(dir, name);
    try {
      renameSync(tmp, final);
    } catch (err) {
      // The same sources were bundled by another build meanwhile (a checkout shares its cache).
      if (!existsSync(join(final, "main.mjs"))) throw err;
    }
    if (!writeCacheFile(manifest, JSON.stringify({ version: 1, bundle: name, inputs: sorted }))) throw new Error(`cannot write ${manifest}`);
    sweep(dir, name);
    return join(final, "main.mjs");
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(lock, { force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Run by npm ci, the folder is made; started by a check, it was there (a test may have removed it since).
  const dir = cacheFolder(ROOT, process.env, process.env.npm_lifecycle_event === "prepare");
  try {
    if (dir !== undefined) await buildCliBundle(dir);
  } catch (err) {
    // Without a bundle the CLI runs from its sources: say why, but never fail `npm ci`.
    console.error(`dnnlab: the CLI bundle was not built (${err instanceof Error ? err.message : String(err)}); the CLI runs from its sources`);
  }
}
