import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { experimentFile } from "../experiments/format.ts";
import { sampleExperiment } from "../fixtures/sample-report.ts";
import { type ParsedExperiments, readStudentInputs } from "./class.ts";

describe("readStudentInputs with the class's parsed experiment files", () => {
  const dir = mkdtempSync(join(tmpdir(), "dnnlab-class-inputs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const hand = (student: string, files: Record<string, string>): string => {
    const d = join(dir, student, "dnnlab-experiments");
    mkdirSync(d, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
    return join(dir, student);
  };
  const run = `${JSON.stringify(experimentFile(sampleExperiment(), "initialization.ts"))}\n`;

  it("shares one parse between students who hand in the same bytes, and still checks each file's name", async () => {
    const parsed: ParsedExperiments = new Map();
    const a = await readStudentInputs(hand("a", { "initialization.json": run }), "a", parsed);
    const b = await readStudentInputs(hand("b", { "initialization.json": run }), "b", parsed);
    expect(a.problems).toEqual([]);
    expect(b.experiments.initialization).toBe(a.experiments.initialization);
    expect(b.experiments.initialization?.boundaries).toHaveLength(3);
    // the same bytes under another experiment's name are refused as before
    const c = await readStudentInputs(hand("c", { "optimization.json": run }), "c", parsed);
    expect(c.experiments).toEqual({});
    expect(c.problems).toEqual(["c: optimization.json holds the results of initialization"]);
  });

  it("parses a file that differs in one byte on its own, and refuses a broken one for its student", async () => {
    const parsed: ParsedExperiments = new Map();
    const a = await readStudentInputs(hand("d", { "initialization.json": run }), "d", parsed);
    const other = run.replace('"seconds":1.9', '"seconds":2.9');
    expect(other).not.toBe(run);
    const e = await readStudentInputs(hand("e", { "initialization.json": other }), "e", parsed);
    expect(e.experiments.initialization?.rows[0].seconds).toBe(2.9);
    expect(a.experiments.initialization?.rows[0].seconds).toBe(1.9);
    const f = await readStudentInputs(hand("f", { "initialization.json": run.slice(0, -10) }), "f", parsed);
    expect(f.experiments).toEqual({});
    expect(f.problems[0]).toMatch(/^f: initialization\.json: not valid JSON/);
  });
});
