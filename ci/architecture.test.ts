/**
 * The import rules docs/ARCHITECTURE.md states, checked over the real import graph (static
 * imports, `import type`, re-exports and `import("…")` with a literal path, read with the
 * TypeScript scanner, as madge counts them), and the doc kept true: every folder and every
 * grader wing it should describe has its paragraph.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT } from "../grader/root.ts";

const SOURCE_DIRS = ["lib", "i18n", "grader", "bin", "experiments", "reports", "bench", "solutions", "exercises", "fixtures", "ci"];

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith(".d.ts")) out.push(relative(ROOT, path));
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(join(ROOT, d))) walk(join(ROOT, d));
  return out.sort();
}

/** file → the repository files it imports (relative specifiers only; packages and node: are outside). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles()) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), "utf8"), true, true);
    const targets = info.importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith("./") || s.startsWith("../"))
      .map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

const graph = importGraph();
const isTest = (f: string): boolean => /\.test\.ts$/.test(f);
const under = (f: string, dir: string): boolean => f.startsWith(`${dir}/`);
const LOCALE = /^i18n\/(en|zh)\//;

/** Every import from a file matching `from` to a file matching `to`, as "a -> b". */
function edges(from: (f: string) => boolean, to: (t: string) => boolean): string[] {
  const out: string[] = [];
  for (const [f, ts_] of graph) if (from(f)) for (const t of ts_) if (to(t)) out.push(`${f} -> ${t}`);
  return out;
}

/** Strongly connected components with more than one file (or a file importing itself): the import cycles. */
function cycles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe("the import rules of docs/ARCHITECTURE.md", () => {
  it("reads a real graph (the scanner sees static, type-only and dynamic imports)", () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get("bin/cli.ts")).toContain("bin/commands/index.ts");
    // a dynamic import("…") and an import type, both counted
    expect(graph.get("bin/commands/grade.ts")).toContain("grader/exporters/publish.ts");
    expect(graph.get("bin/commands/check.ts")).toContain("grader/labs/lab.ts");
  });

  it("grader/ never imports bin/, reports/ or experiments/", () => {
    expect(edges((f) => under(f, "grader"), (t) => under(t, "bin") || under(t, "reports") || under(t, "experiments"))).toEqual([]);
  });

  it("production code never imports bench/ (only bench/ itself and tests may)", () => {
    expect(edges((f) => !under(f, "bench") && !isTest(f), (t) => under(t, "bench"))).toEqual([]);
  });

  it("no production module imports a test file", () => {
    expect(edges((f) => !isTest(f), isTest)).toEqual([]);
  });

  it("lib/ imports only lib/; solutions/ and exercises/ import only lib/", () => {
    expect(edges((f) => under(f, "lib") && !isTest(f), (t) => !under(t, "lib"))).toEqual([]);
    expect(edges((f) => (under(f, "solutions") || under(f, "exercises")) && !isTest(f), (t) => !under(t, "lib"))).toEqual([]);
  });

  it("only i18n/ and the renderers (grader/feedback, grader/exporters, reports, bin) import a locale file", () => {
    const renderer = (f: string): boolean =>
      ["i18n", "grader/feedback", "grader/exporters", "reports", "bin"].some((d) => under(f, d)) || isTest(f);
    expect(edges((f) => !renderer(f), (t) => LOCALE.test(t))).toEqual([]);
  });

  it("has no import cycle", () => {
    const found = cycles();
    expect(found).toEqual([]);
  });

  it("finds a cycle when there is one (the checker itself)", () => {
    graph.set("bin/__a.ts", ["bin/__b.ts"]);
    graph.set("bin/__b.ts", ["bin/__a.ts"]);
    try {
      expect(cycles()).toContainEqual(["bin/__a.ts", "bin/__b.ts"]);
    } finally {
      graph.delete("bin/__a.ts");
      graph.delete("bin/__b.ts");
    }
  });
});

describe("docs/ARCHITECTURE.md stays true", () => {
  const doc = readFileSync(join(ROOT, "docs", "ARCHITECTURE.md"), "utf8");
  const headings = new Set([...doc.matchAll(/^#{2,4} `([^`]+)\/`/gm)].map((m) => m[1]));

  it("has a paragraph for every top-level source folder and every grader wing", () => {
    const wings = readdirSync(join(ROOT, "grader")).filter((n) => statSync(join(ROOT, "grader", n)).isDirectory()).map((n) => `grader/${n}`);
    const folders = [...SOURCE_DIRS.filter((d) => existsSync(join(ROOT, d))), ...wings];
    expect(folders.filter((f) => !headings.has(f))).toEqual([]);
  });
});
