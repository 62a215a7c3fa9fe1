/**
 * `dnnlab release`: write the student bundle, a small npm project a student (or GitHub
 * Classroom's template repository) starts from:
 *
 *   exercises/*.ts            the stubs (pristine exercises)
 *   lib/**                    the course library they import (sources, tests left out)
 *   fixtures/<a>.json         the fixture cases with the hidden ones REMOVED
 *   dnnlab-check.mjs          the checker: one JS file bundled by esbuild from
 *                             bin/dnnlab-check.ts
 *   grader/sandbox/runner.ts … the sandbox's runner, which the checker bundles with the
 *                             student's code at check time (as in this repository)
 *   package.json, package-lock.json, tsconfig.json, README.md, report.md, .gitignore
 *   .github/workflows/        dnnlab.yml (or, with --classroom, classroom.yml)
 *
 * The steps, in order (NB: the audit comes last and reads what was written):
 *
 *   1. labs       the chosen labs without their hidden tests (check.ts `visibleLab`)
 *   2. checker    esbuild bundle, with a plugin that replaces grader/root.ts (the bundle's
 *                 folder is the root), grader/judge/properties/reference.ts (an empty record:
 *                 the reference properties import solutions/), grader/release/config.ts
 *                 (the visible labs and pristine exercises as a literal), drops the
 *                 hidden properties from the property modules, and FAILS when anything
 *                 instructor-only (solutions/, *.reference.ts, recipes, lab configs)
 *                 is in its metafile
 *   3. packages   the checker's packages at the versions this repository pins, and a
 *                 package-lock.json cut from ours (so `npm ci` and npm's cache work)
 *   4. files      everything above, written into --out
 *   5. audit      release/audit.ts: no solution code, reference code or hidden test id
 *                 anywhere in the bundle, else the release fails
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { type Metafile, type Plugin, build } from "esbuild";
import ts from "typescript";
import type { FixtureFile } from "../cases/schema.ts";
import { visibleLab } from "../pipeline/check.ts";
import type { Lab } from "../labs/lab.ts";
import { BUILTIN_LABS, loadFixtures, loadLab } from "../labs/index.ts";
import { type Leak, auditRelease, hiddenTestIds, listFiles } from "./audit.ts";
import type { ReleaseConfig } from "./config.ts";
import { bundleReadme, classroomWorkflow, studentWorkflow } from "./texts.ts";
import { ROOT } from "../root.ts";
import { exerciseFor } from "../splice/stubs.ts";

export interface ReleaseOptions {
  /** the folder to write (created; a previous release in it is replaced) */
  out: string;
  /** lab ids, default every built-in lab */
  labs?: string[];
  /** ship the GitHub Classroom workflow instead of dnnlab.yml */
  classroom?: boolean;
}

export interface Release {
  out: string;
  labs: Lab[];
  files: string[];
  dependencies: Record<string, string>;
  checkerBytes: number;
}

export class ReleaseError extends Error {
  override name = "ReleaseError";
}

/** Modules that must never reach the checker, and why. */
const INSTRUCTOR_ONLY: { pattern: RegExp; why: string }[] = [
  { pattern: /^solutions\//, why: "a reference solution" },
  { pattern: /\.reference\.ts$/, why: "a property that imports the reference solutions" },
  { pattern: /^grader\/cases\/(recipes\/|generate\.ts$)/, why: "the fixture generator (hidden cases included)" },
  { pattern: /^grader\/labs\/(?!lab\.ts$)/, why: "a lab config (it lists the hidden tests)" },
  { pattern: /^grader\/(pipeline\/check|release\/release|release\/audit)\.ts$/, why: "release-time code that reads lab configs" },
  { pattern: /^grader\/diagnose\//, why: "the mistake catalog (edits of the reference code) and what runs it" },
  { pattern: /^i18n\/(en|zh)\/diagnose\.ts$/, why: "the diagnosis words (their hints name the fix)" },
];

/** Files of lib/ the bundle ships: sources, not tests nor the generators of lib's data. */
const LIB_LEFT_OUT = [/\.test\.ts$/, /^np\/gen-[^/]*\.ts$/, /^np\/wasm\/(build\.ts|kernels\.wat)$/];

const posix = (p: string): string => p.split(sep).join("/");
const moduleKey = (absPath: string): string => posix(relative(ROOT, absPath));

// ---------------------------------------------------------------------------------------
// 1. labs

export function releaseLabs(ids: string[] = Object.keys(BUILTIN_LABS)): { labs: Lab[]; fixtures: Map<string, FixtureFile> } {
  const fixtures = loadFixtures();
  for (const id of ids) {
    if (!(id in BUILTIN_LABS)) throw new ReleaseError(`no lab "${id}"; expected one of: ${Object.keys(BUILTIN_LABS).join(", ")}`);
  }
  return { labs: ids.map((id) => visibleLab(loadLab(id, fixtures), fixtures)), fixtures };
}

// ---------------------------------------------------------------------------------------
// 2. checker

/**
 * Drop the hidden properties of a property module: the elements `property({… hidden: true …})`
 * of its exported arrays. Returns the source and the ids dropped.
 */
export function stripHiddenProperties(source: string, fileName: string): { source: string; removed: string[] } {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const cuts: { start: number; end: number; id: string }[] = [];
  const literal = (o: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined => {
    for (const p of o.properties) if (ts.isPropertyAssignment(p) && p.name.getText(sf) === key) return p.initializer;
    return undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isArrayLiteralExpression(node)) {
      node.elements.forEach((el, i) => {
        if (!ts.isCallExpression(el) || el.expression.getText(sf) !== "property") return;
        const spec = el.arguments[0];
        if (!spec || !ts.isObjectLiteralExpression(spec)) return;
        if (literal(spec, "hidden")?.kind !== ts.SyntaxKind.TrueKeyword) return;
        const id = literal(spec, "id");
        const next = node.elements[i + 1];
        // From the element to the next one (or to the closing bracket), its comma included.
        cuts.push({ start: el.getFullStart(), end: next ? next.getFullStart() : node.elements.end, id: id && ts.isStringLiteral(id) ? id.text : "?" });
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = source;
  for (const c of [...cuts].sort((a, b) => b.start - a.start)) out = out.slice(0, c.start) + out.slice(c.end);
  return { source: out, removed: cuts.map((c) => c.id) };
}

const ROOT_MODULE = `import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
// The released checker sits at the root of the student bundle.
export const ROOT = dirname(fileURLToPath(import.meta.url));
`;

/** kernels.ts finds its wasm next to itself; bundled into the checker at the root, it is under lib/. */
const WASM_URL = `new URL("./wasm/kernels.wasm", import.meta.url)`;

function releasePlugin(config: ReleaseConfig, removed: string[]): Plugin {
  const replaced: Record<string, string> = {
    "grader/root.ts": ROOT_MODULE,
    "grader/judge/properties/reference.ts": "// Released without the reference properties (they import solutions/).\nexport const REFERENCE_PROPERTIES = {};\n",
    // The checker cannot diagnose (no catalog, no solutions): it ships no diagnosis words either (their hints name the fix).
    "i18n/diagnose.ts":
      "// Released without the diagnosis words.\nexport const renderCaseDiagnoses = (): string[] => [];\nexport const renderDiagnoses = (): string[] => [];\n",
    "grader/release/config.ts": `// Embedded by \`dnnlab release\`.\nexport async function releaseConfig() {\n  return ${JSON.stringify(config)};\n}\n`,
  };
  return {
    name: "dnnlab-release",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (a) => {
        const key = moduleKey(a.path);
        if (key in replaced) return { contents: replaced[key], loader: "ts", resolveDir: dirname(a.path) };
        if (key === "i18n/zh/cases.ts") {
          // The Chinese case texts are keyed by id, hidden cases included: ship the visible ones only
          // (one entry per line; the audit below fails the release if a hidden id is left).
          const hidden = new Set(hiddenTestIds());
          const kept = readFileSync(a.path, "utf8")
            .split("\n")
            .filter((line) => {
              const id = /^\s*"([^"]+)":\s*\{/.exec(line)?.[1];
              return id === undefined || !hidden.has(id);
            });
          return { contents: kept.join("\n"), loader: "ts", resolveDir: dirname(a.path) };
        }
        if (/^grader\/judge\/properties\/[^/]+\.ts$/.test(key) && !key.endsWith(".reference.ts")) {
          const stripped = stripHiddenProperties(readFileSync(a.path, "utf8"), a.path);
          removed.push(...stripped.removed);
          return { contents: stripped.source, loader: "ts", resolveDir: dirname(a.path) };
        }
        if (key === "lib/np/kernels.ts") {
          const text = readFileSync(a.path, "utf8");
          if (!text.includes(WASM_URL)) throw new ReleaseError(`lib/np/kernels.ts no longer loads ${WASM_URL}: update grader/release.ts`);
          return { contents: text.replace(WASM_URL, `new URL("./lib/np/wasm/kernels.wasm", import.meta.url)`), loader: "ts", resolveDir: dirname(a.path) };
        }
        return undefined;
      });
    },
  };
}

/** Inputs of a metafile that are instructor-only, with why. */
export function instructorOnlyInputs(meta: Metafile): string[] {
  return Object.keys(meta.inputs).flatMap((k) => {
    const hit = INSTRUCTOR_ONLY.find((x) => x.pattern.test(k));
    return hit ? [`${k} (${hit.why})`] : [];
  });
}

/** Packages a metafile imports (bare specifiers left external), by package name. */
function externalPackages(meta: Metafile): string[] {
  const names = new Set<string>();
  for (const input of Object.values(meta.inputs)) {
    for (const imp of input.imports) {
      if (!imp.external || isBuiltin(imp.path) || imp.path.startsWith(".") || imp.path.startsWith("/")) continue;
      const parts = imp.path.split("/");
      names.add(imp.path.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
    }
  }
  return [...names].sort();
}

export async function buildChecker(config: ReleaseConfig): Promise<{ code: string; packages: string[]; inputs: string[]; removedProperties: string[] }> {
  const removed: string[] = [];
  const result = await build({
    entryPoints: [join(ROOT, "bin", "dnnlab-check.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    write: false,
    metafile: true,
    outfile: join(ROOT, "dnnlab-check.mjs"),
    absWorkingDir: ROOT,
    logLevel: "silent",
    legalComments: "eof",
    banner: { js: `#!/usr/bin/env node\n// dnnlab ${config.version}: the student checker, built by \`dnnlab release\`. Run: node dnnlab-check.mjs check --help` },
    plugins: [releasePlugin(config, removed)],
  });
  const bad = instructorOnlyInputs(result.metafile);
  if (bad.length) throw new ReleaseError(`the checker would contain instructor-only modules:\n  ${bad.join("\n  ")}`);
  const out = result.outputFiles.find((f) => f.path.endsWith(".mjs"));
  if (!out) throw new ReleaseError("esbuild wrote no checker");
  return { code: out.text, packages: externalPackages(result.metafile), inputs: Object.keys(result.metafile.inputs).sort(), removedProperties: [...new Set(removed)].sort() };
}

/** The sources the sandbox bundles at check time besides the student's: its runner and what it imports. */
async function sandboxRunnerSources(): Promise<string[]> {
  const result = await build({
    entryPoints: [join(ROOT, "grader", "sandbox", "runner.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    write: false,
    metafile: true,
    outdir: join(ROOT, "dnnlab-sandbox-probe"),
    absWorkingDir: ROOT,
    logLevel: "silent",
  });
  const bad = instructorOnlyInputs(result.metafile);
  if (bad.length) throw new ReleaseError(`the sandbox runner imports instructor-only modules:\n  ${bad.join("\n  ")}`);
  return Object.keys(result.metafile.inputs).filter((k) => !k.startsWith("node_modules/") && !k.startsWith("lib/"));
}

// ---------------------------------------------------------------------------------------
// 3. packages

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  optional?: boolean;
  dev?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

interface Lockfile {
  name: string;
  version: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

/** The version this repository pins for a package: package.json's exact spec, else the installed one in the lockfile. */
function pinnedVersion(name: string, pkg: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }, lock: Lockfile): string {
  const spec = pkg.dependencies?.[name] ?? pkg.devDependencies?.[name];
  if (spec && /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) return spec;
  const installed = lock.packages[`node_modules/${name}`]?.version;
  if (!installed) throw new ReleaseError(`the checker needs the package ${name}, which this repository does not install`);
  return installed;
}

/** Where node would find `name` from the package at lockfile key `from` (nested first, then up). */
function resolveInLock(lock: Lockfile, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const key = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (!base) return undefined;
    const at = base.lastIndexOf("/node_modules/");
    base = at < 0 ? "" : base.slice(0, at);
  }
}

/**
 * A package-lock.json for the bundle: our lockfile's entries reachable from `dependencies`
 * (optional and peer edges included), each marked optional only when every path to it is.
 */
export function subsetLockfile(lock: Lockfile, root: { name: string; version: string; dependencies: Record<string, string> }): Lockfile {
  const required = new Set<string>();
  const optional = new Set<string>();
  const queue: { key: string; optional: boolean }[] = [];
  const visit = (from: string, name: string, isOptional: boolean): void => {
    const key = resolveInLock(lock, from, name);
    if (!key) {
      if (isOptional) return;
      throw new ReleaseError(`package-lock.json has no ${name} (needed from ${from || "the bundle"}): run npm install`);
    }
    if (required.has(key) || (isOptional && optional.has(key))) return;
    (isOptional ? optional : required).add(key);
    queue.push({ key, optional: isOptional });
  };
  for (const name of Object.keys(root.dependencies)) visit("", name, false);
  while (queue.length) {
    const { key, optional: viaOptional } = queue.shift()!;
    const e = lock.packages[key]!;
    for (const name of Object.keys(e.dependencies ?? {})) visit(key, name, viaOptional);
    for (const name of Object.keys(e.optionalDependencies ?? {})) visit(key, name, true);
    for (const name of Object.keys(e.peerDependencies ?? {})) visit(key, name, viaOptional || (e.peerDependenciesMeta?.[name]?.optional ?? false));
  }
  const packages: Record<string, LockEntry> = {
    "": { name: root.name, version: root.version, dependencies: root.dependencies, engines: { node: ">=20.11" } },
  };
  for (const key of [...new Set([...required, ...optional])].sort()) {
    const { dev: _dev, devOptional: _devOptional, peer: _peer, optional: _optional, ...rest } = lock.packages[key]!;
    packages[key] = required.has(key) ? rest : { ...rest, optional: true };
  }
  return { name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages };
}

// ---------------------------------------------------------------------------------------
// 4. files

function visibleFixtures(file: FixtureFile): FixtureFile {
  return {
    ...file,
    note: "The visible cases of this assignment, released by `dnnlab release`. The instructor grades with hidden cases too.",
    cases: file.cases.filter((c) => !c.hidden),
  };
}

function writeFile(out: string, path: string, text: string | Buffer): void {
  mkdirSync(dirname(join(out, path)), { recursive: true });
  writeFileSync(join(out, path), text);
}

/** Empty `out`, refusing to delete a folder that is neither empty nor a previous release. Keeps .git and node_modules. */
function prepareOut(out: string): void {
  if (!existsSync(out)) {
    mkdirSync(out, { recursive: true });
    return;
  }
  const entries = readdirSync(out).filter((n) => n !== ".git" && n !== "node_modules");
  if (entries.length && !existsSync(join(out, "dnnlab-check.mjs"))) {
    throw new ReleaseError(`${out} is not empty and holds no previous release (dnnlab-check.mjs): choose another --out`);
  }
  for (const n of entries) rmSync(join(out, n), { recursive: true, force: true });
}

export async function writeRelease(opts: ReleaseOptions): Promise<Release> {
  // 1. labs
  const { labs, fixtures } = releaseLabs(opts.labs);
  const files = [...new Set(labs.flatMap((l) => l.questions.map((q) => q.file)))];
  const assignments = [...new Set(labs.flatMap((l) => l.questions.map((q) => q.assignment)))];
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    version: string;
    engines?: Record<string, string>;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const config: ReleaseConfig = { version: pkg.version, labs, exercises: Object.fromEntries(files.map((f) => [f, exerciseFor(f)])) };

  // 2. checker
  const checker = await buildChecker(config);
  const runner = await sandboxRunnerSources();

  // 3. packages: the checker's, plus what it uses without importing: TypeScript (loaded with
  //    require, to type-check the student's code), @types/node (the types it checks against)
  //    and esbuild (it bundles the student's code for the sandbox).
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as Lockfile;
  const names = [...new Set([...checker.packages, "typescript", "@types/node", "esbuild"])].sort();
  const dependencies = Object.fromEntries(names.map((n) => [n, pinnedVersion(n, pkg, lock)]));
  const packageJson = {
    name: "dnnlab-student",
    version: pkg.version,
    private: true,
    description: "Exercises of 'Improving Deep Neural Networks', with their checker (dnnlab)",
    type: "module",
    engines: { node: pkg.engines?.node ?? ">=20.11" },
    scripts: { check: "node dnnlab-check.mjs check" },
    dependencies,
  };
  const lockfile = subsetLockfile(lock, { name: packageJson.name, version: packageJson.version, dependencies });

  // 4. files
  const out = opts.out;
  prepareOut(out);
  for (const f of files) writeFile(out, `exercises/${f}`, config.exercises[f]!);
  for (const f of listFiles(join(ROOT, "lib"))) {
    if (!LIB_LEFT_OUT.some((re) => re.test(f))) cpSync(join(ROOT, "lib", f), join(out, "lib", f));
  }
  for (const f of runner) if (!f.startsWith("lib/")) cpSync(join(ROOT, f), join(out, f));
  for (const a of assignments) {
    const file = fixtures.get(a);
    if (file) writeFile(out, `fixtures/${a}.json`, `${JSON.stringify(visibleFixtures(file), null, 1)}\n`);
  }
  writeFile(out, "dnnlab-check.mjs", checker.code);
  writeFile(out, "package.json", `${JSON.stringify(packageJson, null, 2)}\n`);
  writeFile(out, "package-lock.json", `${JSON.stringify(lockfile, null, 2)}\n`);
  const tsconfig = JSON.parse(readFileSync(join(ROOT, "tsconfig.json"), "utf8")) as { compilerOptions: unknown };
  writeFile(out, "tsconfig.json", `${JSON.stringify({ compilerOptions: tsconfig.compilerOptions, include: ["exercises", "lib"] }, null, 2)}\n`);
  writeFile(out, "README.md", bundleReadme({ version: pkg.version, labs, classroom: opts.classroom ?? false }));
  const template = join(ROOT, "reports", "report.md.template");
  if (existsSync(template)) cpSync(template, join(out, "report.md"));
  writeFile(out, ".gitignore", "node_modules/\ndnnlab-results/\n");
  if (opts.classroom) writeFile(out, ".github/workflows/classroom.yml", classroomWorkflow(labs));
  else writeFile(out, ".github/workflows/dnnlab.yml", studentWorkflow());

  // 5. audit
  const leaks: Leak[] = auditRelease(out);
  if (leaks.length) {
    throw new ReleaseError(`the bundle in ${out} leaks instructor-only content:\n  ${leaks.slice(0, 20).map((l) => `${l.file}: ${l.what}`).join("\n  ")}`);
  }
  return { out, labs, files: listFiles(out), dependencies, checkerBytes: Buffer.byteLength(checker.code) };
}


