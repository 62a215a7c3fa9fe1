/**
 * The leak check of a student bundle: nothing of the instructor's side may be in it.
 * Every text file of the bundle (node_modules aside) is searched for
 *
 * - files from solutions/ or any `*.reference.ts` (by path);
 * - the id of every hidden test, quoted as it would be in JSON or code;
 * - every distinctive line of the reference solutions' marked regions (a line of 24+
 *   characters that no shipped exercise or lib file has: the stubs' planted-bug code
 *   shares lines with the solution and is meant to be shipped);
 * - every distinctive line of the `*.reference.ts` property modules.
 *
 * Lines are compared whole (trimmed), so copied sources are caught; code bundled into the
 * checker is re-printed by esbuild, and is kept out by the build's own metafile check.
 *
 * grader/release.ts refuses to finish a release with a leak; the release test runs it too.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { ASSIGNMENTS } from "../cases/schema.ts";
import { parseRegions } from "../splice/markers.ts";
import { PROPERTIES } from "../judge/properties/index.ts";
import { ROOT } from "../root.ts";

export interface Leak {
  file: string;
  what: string;
}

const TEXT = /\.(ts|mts|mjs|js|json|md|yml|yaml|txt|template)$|^[^.]+$/;

/** Every file of a folder, as paths relative to it; node_modules and .git are skipped. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (name === "node_modules" || name === ".git") continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join("/"));
    }
  };
  walk(dir);
  return out;
}

/** Ids of the hidden tests of this repository: fixture cases and properties (reference ones included). */
export function hiddenTestIds(root = ROOT): string[] {
  const ids = new Set<string>();
  for (const a of ASSIGNMENTS) {
    let file: { cases: { id: string; hidden: boolean }[] };
    try {
      file = JSON.parse(readFileSync(join(root, "fixtures", `${a}.json`), "utf8")) as typeof file;
    } catch {
      continue;
    }
    for (const c of file.cases) if (c.hidden) ids.add(c.id);
    for (const p of PROPERTIES[a]) if (p.hidden) ids.add(p.id);
  }
  return [...ids].sort();
}

/** A line worth searching for: long, and not a comment, an import or a marker line. */
const distinctive = (line: string): boolean =>
  line.length >= 24 && !line.startsWith("//") && !line.startsWith("*") && !line.startsWith("import ") && !line.includes("STUB CODE ###");

/** Lines only the instructor's side has: solution regions and reference property modules, minus what is shipped. */
export function secretLines(root = ROOT): string[] {
  const shipped = new Set<string>();
  const addLines = (text: string) => text.split("\n").forEach((l) => shipped.add(l.trim()));
  for (const f of readdirSync(join(root, "exercises"))) if (f.endsWith(".ts")) addLines(readFileSync(join(root, "exercises", f), "utf8"));
  for (const f of listFiles(join(root, "lib"))) if (f.endsWith(".ts")) addLines(readFileSync(join(root, "lib", f), "utf8"));
  for (const f of readdirSync(join(root, "grader", "judge", "properties"))) {
    if (f.endsWith(".ts") && !f.endsWith(".reference.ts")) addLines(readFileSync(join(root, "grader", "judge", "properties", f), "utf8"));
  }
  const secret = new Set<string>();
  for (const f of readdirSync(join(root, "solutions"))) {
    if (!f.endsWith(".ts") || f.endsWith(".test.ts")) continue;
    const text = readFileSync(join(root, "solutions", f), "utf8");
    for (const r of parseRegions(text, f).regions) for (const l of r.body.split("\n")) secret.add(l.trim());
  }
  for (const f of readdirSync(join(root, "grader", "judge", "properties"))) {
    if (f.endsWith(".reference.ts")) readFileSync(join(root, "grader", "judge", "properties", f), "utf8").split("\n").forEach((l) => secret.add(l.trim()));
  }
  return [...secret].filter((l) => distinctive(l) && !shipped.has(l)).sort();
}

/** Whatever of the instructor's side is in the bundle at `dir`; empty when it is clean. */
export function auditRelease(dir: string, root = ROOT): Leak[] {
  const leaks: Leak[] = [];
  const files = listFiles(dir);
  for (const f of files) {
    if (/(^|\/)solutions\//.test(f) || /\.reference\.ts$/.test(f)) leaks.push({ file: f, what: "an instructor-only file" });
  }
  const ids = hiddenTestIds(root);
  const lines = secretLines(root);
  for (const f of files) {
    if (!TEXT.test(f.split("/").pop()!)) continue;
    const text = readFileSync(join(dir, f), "utf8");
    for (const id of ids) {
      if (text.includes(`"${id}"`) || text.includes(`'${id}'`) || text.includes(`\`${id}\``)) leaks.push({ file: f, what: `hidden test id "${id}"` });
    }
    const own = new Set(text.split("\n").map((l) => l.trim()));
    for (const l of lines) if (own.has(l)) leaks.push({ file: f, what: `instructor-only code: ${l}` });
  }
  return leaks;
}
