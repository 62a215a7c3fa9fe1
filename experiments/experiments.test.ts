import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { Writable } from "node:stream";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { registerCommands } from "../bin/commands/index.ts";
import { UsageError } from "../bin/errors.ts";
import { exerciseFor, ROOT } from "../grader/splice/stubs.ts";
import * as initialization from "../solutions/initialization.ts";
import { checkFailures, formatTable, jsonRows, matchCosts, matchRow, matchValue, printedDecimals } from "./format.ts";
import { ExperimentArgumentError, runExperimentJob } from "./job.ts";
import { ImplLoadError, loadImpl, rewriteLibImports } from "./load.ts";
import { type ExperimentResult, describeFailure, runExperiment } from "./run.ts";
import { EXPERIMENT_SPECS, exportsNeeded, selectRuns } from "./runs.ts";

const NOT_WRITTEN = (fn: string) => new Error(`${fn} is not written yet: write your code between START CODE HERE and END CODE HERE`);

const tempDirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "dnnlab-exp-test-"));
  tempDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

/**
 * An implementation whose model does no training: it initialises with the module's own
 * init function (so a placeholder there throws as in a stub) and returns those parameters.
 */
function fakeInitialization(overrides: Record<string, unknown> = {}) {
  const impl: Record<string, unknown> = {
    initializeParametersZeros: initialization.initializeParametersZeros,
    initializeParametersRandom: initialization.initializeParametersRandom,
    initializeParametersHe: initialization.initializeParametersHe,
    evaluate: initialization.evaluate,
    ...overrides,
  };
  let calls = 0;
  impl.model ??= (X: { nrows: number }, _Y: unknown, options: { initialization: "zeros" | "random" | "he" }) => {
    calls++;
    const name = { zeros: "initializeParametersZeros", random: "initializeParametersRandom", he: "initializeParametersHe" }[options.initialization];
    const parameters = (impl[name] as (dims: number[]) => unknown)([X.nrows, 10, 5, 1]);
    return { parameters, costs: [0.7, Number.POSITIVE_INFINITY] };
  };
  return { impl, calls: () => calls };
}

describe("the initialization experiment with the solutions (full 15000-iteration runs)", () => {
  it("reproduces the notebook: zeros 0.5 / 0.5 and He 0.9933333333333333 / 0.96", () => {
    const events: string[] = [];
    const result = runExperiment("initialization", initialization, {
      runs: ["zeros", "he"],
      gridSize: 30,
      onProgress: (e) => events.push(`${e.type}:${e.type === "start" ? e.run : e.row.run}`),
    });
    expect(events).toEqual(["start:zeros", "done:zeros", "start:he", "done:he"]);
    const [zeros, he] = result.rows;
    expect([zeros.run, zeros.train, zeros.test, zeros.skipped]).toEqual(["zeros", 0.5, 0.5, undefined]);
    expect([he.run, he.train, he.test, he.skipped]).toEqual(["he", 0.9933333333333333, 0.96, undefined]);
    expect(matchRow(zeros)).toBe("exact");
    expect(matchRow(he)).toBe("exact");

    // Costs every 1000 iterations, agreeing with the notebook's printed ones.
    expect(result.curves.map((c) => [c.run, c.every, c.unit, c.costs.length])).toEqual([
      ["zeros", 1000, "iteration", 15],
      ["he", 1000, "iteration", 15],
    ]);
    expect(result.curves.map(matchCosts)).toEqual(["exact", "exact"]);

    // Decision boundary: a grid over the data's box ± 0.5, and the 300 training points.
    const b = result.boundaries.find((x) => x.run === "he")!;
    expect(b.grid.x1).toHaveLength(30);
    expect(b.grid.z).toHaveLength(30);
    expect(b.grid.z.every((row) => row.length === 30 && row.every((c) => c === 0 || c === 1))).toBe(true);
    expect(b.points.x1).toHaveLength(300);
    expect(Math.min(...b.grid.x1)).toBeCloseTo(Math.min(...b.points.x1) - 0.5, 12);
    expect(Math.max(...b.grid.x2)).toBeCloseTo(Math.max(...b.points.x2) + 0.5, 12);
    // He separates the circles: both classes appear on the grid; zeros predicts one class everywhere.
    expect(new Set(b.grid.z.flat()).size).toBe(2);
    expect(new Set(result.boundaries.find((x) => x.run === "zeros")!.grid.z.flat()).size).toBe(1);
    expect(checkFailures(result)).toEqual([]);
  });
});

describe("unfinished implementations never stop an experiment", () => {
  it("skips a run whose function is not written yet with one clear line, and runs the others", () => {
    const { impl } = fakeInitialization({
      initializeParametersHe: () => {
        throw NOT_WRITTEN("initializeParametersHe");
      },
      initializeParametersRandom: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'mul')");
      },
    });
    const result = runExperiment("initialization", impl, { gridSize: 10 });
    expect(result.rows.map((r) => [r.run, r.skipped])).toEqual([
      ["zeros", undefined],
      ["random", "TypeError: Cannot read properties of undefined (reading 'mul')"],
      ["he", "initializeParametersHe is not written yet"],
    ]);
    expect(result.rows[0]).toMatchObject({ train: 0.5, test: 0.5 });
    expect(result.rows[2]).toMatchObject({ train: null, test: null });
    // Only finished runs have curves and boundaries; an infinite cost is null.
    expect(result.curves).toEqual([{ run: "zeros", every: 1000, unit: "iteration", costs: [0.7, null], reference: expect.any(Object) }]);
    expect(result.boundaries.map((b) => b.run)).toEqual(["zeros"]);
    const table = formatTable(result);
    expect(table).toContain("he: skipped — initializeParametersHe is not written yet");
    expect(checkFailures(result)).toEqual([
      "zeros: costs differ from the notebook's (✗)",
      "random: skipped (TypeError: Cannot read properties of undefined (reading 'mul'))",
      "he: skipped (initializeParametersHe is not written yet)",
    ]);
  });

  it("uses the loader's explanation for a function that holds its placeholder, and where an error came from", () => {
    const { impl } = fakeInitialization({
      initializeParametersHe: () => {
        throw NOT_WRITTEN("initializeParametersHe");
      },
    });
    const result = runExperiment("initialization", impl, {
      runs: ["he"],
      explain: { initializeParametersHe: "initializeParametersHe does not compile (initialization.ts:75:5: Cannot find name 'foo'.)" },
    });
    expect(result.rows[0].skipped).toBe("initializeParametersHe does not compile (initialization.ts:75:5: Cannot find name 'foo'.)");
    expect(describeFailure(new RangeError("bad"), {}, () => "initializeParametersHe")).toBe("RangeError: bad (in initializeParametersHe)");
    expect(describeFailure("thrown string")).toBe("Error: thrown string");
    expect(describeFailure(null)).toBe("Error: null");
  });

  it("detects missing exports up front, without calling the model", () => {
    const { impl, calls } = fakeInitialization({ initializeParametersRandom: undefined, initializeParametersHe: 42 });
    const result = runExperiment("initialization", impl, { runs: ["random", "he"] });
    expect(calls()).toBe(0);
    expect(result.rows.map((r) => r.skipped)).toEqual([
      "initializeParametersRandom is missing from the implementation (no such exported function)",
      "initializeParametersHe is missing from the implementation (no such exported function)",
    ]);
    const noModel = runExperiment("optimization", {}, { runs: ["gd-update-lr"] });
    expect(noModel.rows[0].skipped).toBe(
      "model, evaluate, randomMiniBatches, updateParametersWithGd, updateLr are missing from the implementation (no such exported functions)",
    );
  });

  it("survives a model that returns nonsense", () => {
    const result = runExperiment("initialization", { ...fakeInitialization().impl, model: () => 42 }, { runs: ["zeros"] });
    expect(result.rows[0].skipped).toBe("TypeError: model did not return { parameters, costs }");
  });
});

describe("loadImpl", () => {
  it("loads the solutions", async () => {
    const loaded = await loadImpl("initialization", "solutions");
    expect(loaded.source).toBe("solutions");
    expect(loaded.module.initializeParametersHe).toBe(initialization.initializeParametersHe);
  });

  it("runs the released stub with every run skipped and a clear line, leaving no temp folder behind", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "initialization.ts"), exerciseFor("initialization.ts"));
    const optimization = join(dir, "exercises");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(optimization);
    writeFileSync(join(optimization, "optimization.ts"), exerciseFor("optimization.ts"));
    writeFileSync(join(dir, "regularization.ts"), exerciseFor("regularization.ts"));
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith("dnnlab-impl-")).length;

    const init = await loadImpl("initialization", dir);
    expect(init.notes).toEqual([]);
    expect(runExperiment("initialization", init.module).rows.map((r) => r.skipped)).toEqual([
      "initializeParametersZeros is not written yet",
      "initializeParametersRandom is not written yet",
      "initializeParametersHe is not written yet",
    ]);

    // <dir>/exercises/<file> is found too.
    const opt = await loadImpl("optimization", dir);
    expect(opt.source).toBe(join(optimization, "optimization.ts"));
    const optRows = runExperiment("optimization", opt.module).rows;
    expect(optRows).toHaveLength(10);
    expect(optRows.every((r) => r.skipped !== undefined && r.skipped.endsWith(" is not written yet"))).toBe(true);
    expect(optRows.find((r) => r.run === "adam-2021")!.skipped).toBe("initializeAdam is not written yet");

    const reg = await loadImpl("regularization", dir);
    expect(runExperiment("regularization", reg.module, { runs: ["l2", "dropout"] }).rows.map((r) => r.skipped)).toEqual([
      "computeCostWithRegularization is not written yet",
      "forwardPropagationWithDropout is not written yet",
    ]);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith("dnnlab-impl-")).length).toBe(before);
  });

  it("explains a function that does not compile and names the function a runtime error came from", async () => {
    let text = exerciseFor("initialization.ts");
    const body = (fn: string) => `throw new Error("${fn} is not written yet: write your code between START CODE HERE and END CODE HERE");`;
    text = text.replace(body("initializeParametersRandom"), "parameters[\"W\" + l] = np.random.randn(layersDims[l], layersDims[l - 1]).mull(10);");
    text = text.replace(body("initializeParametersHe"), "parameters[\"W\" + l] = (parameters[\"nope\"] as unknown as { mul: (k: number) => never }).mul(2);");
    const dir = tempDir();
    const file = join(dir, "mine.ts");
    writeFileSync(file, text);
    const loaded = await loadImpl("initialization", file);
    expect(loaded.notes.some((n) => /in initializeParametersRandom: Property 'mull' does not exist/.test(n))).toBe(true);
    const rows = runExperiment("initialization", loaded.module, { runs: ["random", "he"], explain: loaded.explain, locate: loaded.locate }).rows;
    expect(rows[0].skipped).toMatch(/^initializeParametersRandom does not compile \(initialization\.ts:\d+:\d+: Property 'mull' does not exist/);
    expect(rows[1].skipped).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'mul'\)/);
  });

  it("refuses paths that hold no implementation", async () => {
    await expect(loadImpl("initialization", join(tempDir(), "nothing-here"))).rejects.toThrow(ImplLoadError);
    await expect(loadImpl("initialization", tempDir())).rejects.toThrow(/found neither .*initialization\.ts nor .*exercises\/initialization\.ts/);
  });

  it("points the lib imports at this repo's lib", () => {
    const src = 'import { np } from "../lib/np/index.ts";\nimport type { Matrix } from \'../lib/np/index.ts\';\nconst s = "../lib/not-an-import";\n';
    expect(rewriteLibImports(src)).toBe(
      `import { np } from "${pathToFileURL(join(ROOT, "lib/np/index.ts")).href}";\n` +
        `import type { Matrix } from '${pathToFileURL(join(ROOT, "lib/np/index.ts")).href}';\n` +
        'const s = "../lib/not-an-import";\n',
    );
  });
});

describe("the table and its JSON", () => {
  const result: ExperimentResult = {
    experiment: "initialization",
    rows: [
      { run: "zeros", label: "zeros", train: 0.5, test: 0.5, reference: { train: 0.5, test: 0.5 }, seconds: 1.23456 },
      { run: "random", label: "random", train: 0.8333333333333334, test: 0.86, reference: { train: 0.83, test: 0.86 }, seconds: 2 },
      { run: "he", label: "He", train: null, test: null, reference: { train: 0.9933333333333333, test: 0.96 }, seconds: 0.01, skipped: "initializeParametersHe is not written yet" },
    ],
    curves: [],
    boundaries: [],
    checks: [],
  };

  it("--json prints [{run, train, test, reference: {train, test}, seconds}] (plus skipped)", () => {
    const rows = jsonRows(result);
    expect(JSON.parse(JSON.stringify(rows))).toEqual([
      { run: "zeros", train: 0.5, test: 0.5, reference: { train: 0.5, test: 0.5 }, seconds: 1.235 },
      { run: "random", train: 0.8333333333333334, test: 0.86, reference: { train: 0.83, test: 0.86 }, seconds: 2 },
      { run: "he", train: null, test: null, reference: { train: 0.9933333333333333, test: 0.96 }, seconds: 0.01, skipped: "initializeParametersHe is not written yet" },
    ]);
    for (const row of rows) expect(Object.keys(row).slice(0, 5)).toEqual(["run", "train", "test", "reference", "seconds"]);
  });

  it("matches at the notebook's printed precision", () => {
    expect([printedDecimals(0.83), printedDecimals(0.5), printedDecimals(0.9933333333333333), printedDecimals(1), printedDecimals(2.5e-5)]).toEqual([2, 1, 16, 0, 6]);
    expect(matchValue(0.83, 0.83)).toBe("exact");
    expect(matchValue(0.8333333333333334, 0.83)).toBe("exact"); // 0.83 at 2 decimals
    expect(matchValue(0.9933333333333333, 0.9933333333333333)).toBe("exact");
    expect(matchValue(0.99, 0.9933333333333333)).toBe("close");
    expect(matchValue(0.5, 0.9933333333333333)).toBe("off");
    expect(result.rows.map(matchRow)).toEqual(["exact", "exact", null]);
    expect(matchRow({ ...result.rows[0], reference: { train: 0.7166666666666667, test: null } })).toBe("off");
    expect(matchRow({ ...result.rows[0], reference: { train: null, test: null } })).toBe(null);
  });

  it("prints a table with the notebook's numbers, the match and why a run was skipped", () => {
    const table = formatTable(result);
    expect(table).toMatch(/^zeros\s+0\.5\s+0\.5\s+0\.5\s+0\.5\s+✓\s+—\s+1\.2$/m);
    expect(table).toMatch(/^he\s+—\s+—\s+0\.99333\s+0\.96\s+skipped\s+—\s+0\.0$/m);
    expect(table).toContain("he: skipped — initializeParametersHe is not written yet");
  });

  it("says the regularization reference is for the pattern only", () => {
    const spec = EXPERIMENT_SPECS.regularization;
    expect(spec.referenceKind).toBe("pattern");
    expect(spec.note).toMatch(/pattern only/);
    const rows = spec.runs.map((r, i) => ({ run: r.id, label: r.label, train: [0.96, 0.93, 0.92][i], test: [0.92, 0.95, 0.955][i], reference: r.reference, seconds: 1 }));
    const table = formatTable({ experiment: "regularization", rows, curves: [], boundaries: [], checks: [{ description: "L2 beats none on test", ok: true }] });
    expect(table).toContain("notebook* train");
    expect(table).toContain("* The notebook's numbers are on its own data");
    expect(table).toContain("✓ L2 beats none on test");
  });
});

describe("the run table", () => {
  it("reuses the optimization bench's 10 runs, with schedules named, not bound to the solutions", () => {
    const spec = EXPERIMENT_SPECS.optimization;
    expect(spec.runs.map((r) => r.id)).toEqual([
      "gd-2021", "momentum-2021", "adam-2021", "gd-update-lr", "gd-schedule", "momentum-schedule", "adam-schedule", "gd-2017", "momentum-2017", "adam-2017",
    ]);
    const decay = spec.runs.find((r) => r.id === "adam-schedule")!;
    expect(decay.functionOptions).toEqual({ decay: "scheduleLrDecay" });
    expect(Object.values(decay.options).some((v) => typeof v === "function")).toBe(false);
    expect(exportsNeeded(decay)).toEqual(["model", "evaluate", "randomMiniBatches", "initializeAdam", "updateParametersWithAdam", "scheduleLrDecay"]);
    expect(spec.runs.every((r) => r.reference.test === null)).toBe(true);
    expect(() => selectRuns(spec, ["adam", "gd-2021"])).toThrow(/unknown run "adam" for optimization; choose from gd-2021/);
  });
});

describe("dnnlab experiment (argument checks)", () => {
  const program = () => {
    const p = new Command("dnnlab").exitOverride();
    registerCommands(p);
    return p;
  };
  it("refuses an unknown experiment, run or --impl path with a usage error", async () => {
    await expect(program().parseAsync(["node", "dnnlab", "experiment", "gradients"])).rejects.toThrow(UsageError);
    await expect(program().parseAsync(["node", "dnnlab", "experiment", "initialization", "--runs", "he,xavier"])).rejects.toThrow(/unknown run "xavier"/);
    await expect(program().parseAsync(["node", "dnnlab", "experiment", "initialization", "--impl", join(tempDir(), "missing")])).rejects.toThrow(
      /no such file or folder/,
    );
  });
});

describe("runExperimentJob (the library behind `dnnlab experiment` and the demo)", () => {
  /** A writable that keeps what is written. */
  const sink = () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    return { stream, text: () => chunks.join("") };
  };
  /** The solution file with a print and a throw in initializeParametersZeros's region. */
  function printingImpl(): string {
    const dir = tempDir();
    const source = readFileSync(join(ROOT, "solutions", "initialization.ts"), "utf8").replace(
      "    parameters[\"W\" + l] = np.zeros([layersDims[l], layersDims[l - 1]]);",
      '    console.log("hello from the student code"); throw new Error("stopped on purpose");',
    );
    expect(source).toContain("hello from the student code");
    writeFileSync(join(dir, "initialization.ts"), source);
    return dir;
  }

  it("with json, stdout is the JSON only and what the student's code prints goes to stderr, without patching console", async () => {
    const log = console.log;
    const out = sink();
    const err = sink();
    const r = await runExperimentJob({ experiment: "initialization", impl: printingImpl(), runs: ["zeros"], out: tempDir(), json: true }, { stdout: out.stream, stderr: err.stream });
    expect(console.log).toBe(log);
    const rows = JSON.parse(out.text()) as { run: string; skipped?: string }[];
    expect(rows.map((row) => row.run)).toEqual(["zeros"]);
    expect(rows[0].skipped).toContain("stopped on purpose");
    expect(err.text()).toContain("hello from the student code");
    expect(err.text()).toContain(`wrote ${r.file}`);
  });

  it("without json, the student's prints and the table go to stdout, progress to stderr", async () => {
    const out = sink();
    const err = sink();
    await runExperimentJob({ experiment: "initialization", impl: printingImpl(), runs: ["zeros"], out: tempDir() }, { stdout: out.stream, stderr: err.stream });
    expect(out.text()).toContain("hello from the student code");
    expect(out.text()).toContain("zeros");
    expect(err.text()).toMatch(/\[1\/1\] .* skipped/);
    expect(err.text()).not.toContain("hello from the student code");
  });

  it("refuses an unknown experiment or run with an ExperimentArgumentError", async () => {
    const io = { stdout: sink().stream, stderr: sink().stream };
    await expect(runExperimentJob({ experiment: "gradients", impl: "solutions", out: tempDir() }, io)).rejects.toThrow(ExperimentArgumentError);
    await expect(runExperimentJob({ experiment: "initialization", impl: "solutions", runs: ["nope"], out: tempDir() }, io)).rejects.toThrow(ExperimentArgumentError);
  });
});
