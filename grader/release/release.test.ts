/**
 * The student bundle, tested as CI would run it: `dnnlab release` into a temp folder,
 * checked for anything instructor-only, then copied fresh (with this repository's
 * node_modules linked in: no network in tests) and the `run:` steps of its workflow run
 * in order, as GitHub Actions would (`uses:` steps and `npm ci` left out; the step
 * summary and outputs in temp files): once with the stubs as shipped, once with every
 * region filled from the reference solution. Then the GitHub Classroom steps.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { submissionFiles } from "../../fixtures/submissions/materialize.ts";
import { SAMPLE_CLASS } from "../../fixtures/submissions/sample-class.ts";
import { type ClassroomResult, runnerId } from "../exporters/classroom.ts";
import { loadFixtures } from "../labs/index.ts";
import { parseRegions } from "../splice/markers.ts";
import { PROPERTIES } from "../judge/properties/index.ts";
import { auditRelease, hiddenTestIds, listFiles } from "./audit.ts";
import { classroomWorkflow } from "./texts.ts";
import { type Release, instructorOnlyInputs, stripHiddenProperties, subsetLockfile, writeRelease } from "./release.ts";
import { ROOT } from "../root.ts";

let dir: string;
let release: Release;
const bundle = () => join(dir, "bundle");

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dnnlab-release-"));
  release = await writeRelease({ out: bundle() });
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (path: string) => readFileSync(join(bundle(), path), "utf8");
const everyText = () =>
  listFiles(bundle())
    .filter((f) => !f.endsWith(".wasm"))
    .map((f) => ({ f, text: read(f) }));

describe("the student bundle", () => {
  it("holds the exercises, the visible fixtures, the checker and its npm project", () => {
    const files = new Set(listFiles(bundle()));
    for (const f of [
      "exercises/initialization.ts",
      "exercises/gradient-checking.ts",
      "exercises/optimization.ts",
      "exercises/regularization.ts",
      "fixtures/initialization.json",
      "lib/np/index.ts",
      "lib/nn.ts",
      "lib/np/wasm/kernels.wasm",
      "dnnlab-check.mjs",
      "package.json",
      "package-lock.json",
      "tsconfig.json",
      "README.md",
      ".github/workflows/dnnlab.yml",
    ]) {
      expect(files.has(f), f).toBe(true);
    }
    if (existsSync(join(ROOT, "reports", "report.md.template"))) expect(files.has("report.md")).toBe(true);
    expect([...files].filter((f) => f.endsWith(".test.ts"))).toEqual([]);
    expect(read("exercises/initialization.ts")).toBe(readFileSync(join(ROOT, "exercises", "initialization.ts"), "utf8"));
  });

  it("has no solution file, no reference property and no hidden test in it", () => {
    expect(listFiles(bundle()).filter((f) => f.startsWith("solutions/") || f.includes(".reference."))).toEqual([]);
    expect(auditRelease(bundle())).toEqual([]);
    // And by hand, a few things that must not be there: hidden ids, reference property code,
    // a line of the He solution.
    const ids = hiddenTestIds();
    expect(ids).toEqual(expect.arrayContaining(["he-deep-hidden", "gd-step", "dropout-backward-matches-reference"]));
    const needles = [
      ...ids.map((id) => `"${id}"`),
      "solutions/regularization.ts\"",
      "referenceProperties",
      "ref.backwardPropagationWithDropout(",
      "Math.sqrt(2 / layersDims[l - 1])",
      // the diagnosis catalog and its words (instructor-side only)
      "adam-eps-outside-division",
      "Likely mistake: ",
    ];
    for (const { f, text } of everyText()) for (const n of needles) expect(text.includes(n), `${f} contains ${n}`).toBe(false);
  });

  it("ships each fixture file with exactly its visible cases", () => {
    for (const [assignment, file] of loadFixtures()) {
      const shipped = JSON.parse(read(`fixtures/${assignment}.json`)) as { cases: { id: string; hidden: boolean }[] };
      expect(shipped.cases.map((c) => c.id)).toEqual(file.cases.filter((c) => !c.hidden).map((c) => c.id));
      expect(file.cases.some((c) => c.hidden)).toBe(true);
    }
  });

  it("pins the checker's packages at this repository's versions, in a lockfile that resolves", () => {
    const pkg = JSON.parse(read("package.json")) as { dependencies: Record<string, string>; scripts: Record<string, string> };
    const ours = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
    for (const name of ["typescript", "esbuild", "zod", "fast-check", "execa", "@types/node", "commander"]) {
      expect(pkg.dependencies[name], name).toBe(ours.packages[`node_modules/${name}`]!.version);
    }
    expect(pkg.scripts.check).toBe("node dnnlab-check.mjs check");
    const lock = JSON.parse(read("package-lock.json")) as Parameters<typeof subsetLockfile>[0];
    expect(lock.packages[""]!.dependencies).toEqual(pkg.dependencies);
    // Every dependency of every package in it resolves inside it (optional ones may be absent).
    for (const [key, e] of Object.entries(lock.packages)) {
      for (const name of Object.keys(e.dependencies ?? {})) {
        const candidates = [];
        for (let base = key; ; ) {
          candidates.push(base ? `${base}/node_modules/${name}` : `node_modules/${name}`);
          if (!base) break;
          const at = base.lastIndexOf("/node_modules/");
          base = at < 0 ? "" : base.slice(0, at);
        }
        expect(candidates.some((c) => lock.packages[c]), `${name} from ${key || "the bundle"}`).toBe(true);
      }
    }
  });

  it("builds the checker without hidden properties, and would refuse instructor-only modules", () => {
    const opt = stripHiddenProperties(readFileSync(join(ROOT, "grader", "judge", "properties", "optimization.ts"), "utf8"), "optimization.ts");
    const hidden = PROPERTIES.optimization.filter((p) => p.hidden && !p.id.includes("reference")).map((p) => p.id);
    expect(opt.removed.sort()).toEqual(hidden.sort());
    for (const id of hidden) expect(opt.source).not.toContain(`"${id}"`);
    const meta = { inputs: { "solutions/regularization.ts": { bytes: 1, imports: [] }, "grader/judge/properties/regularization.reference.ts": { bytes: 1, imports: [] }, "lib/nn.ts": { bytes: 1, imports: [] } }, outputs: {} };
    expect(instructorOnlyInputs(meta)).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------------------
// The workflow, step by step

type Step = { id?: string; name?: string; run?: string; uses?: string };
type Job = { steps: Step[] };

interface StepRun {
  step: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: string;
}

/** A fresh copy of the bundle, node_modules linked from this repository, exercises replaced if given. */
function cloneBundle(name: string, exercises?: Record<string, string>): string {
  const clone = join(dir, name);
  cpSync(bundle(), clone, { recursive: true });
  symlinkSync(join(ROOT, "node_modules"), join(clone, "node_modules"), "dir");
  for (const [file, text] of Object.entries(exercises ?? {})) writeFileSync(join(clone, "exercises", file), text);
  return clone;
}

/** Run `run:` steps in order as Actions does: bash -e, GITHUB_* files, stop at the first failing step. */
async function runSteps(clone: string, steps: Step[], summary: string): Promise<StepRun[]> {
  const runs: StepRun[] = [];
  for (const s of steps) {
    if (!s.run || s.run.startsWith("npm ci")) continue;
    const outputs = join(clone, `.step-output-${runs.length}`);
    writeFileSync(outputs, "");
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("GITHUB_")) env[k] = v;
    Object.assign(env, { CI: "true", GITHUB_ACTIONS: "true", GITHUB_WORKSPACE: clone, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs });
    const r = await execa("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", s.run], { cwd: clone, env, extendEnv: false, reject: false });
    runs.push({ step: s.name ?? s.run, exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr, outputs: readFileSync(outputs, "utf8") });
    if (r.exitCode !== 0) break;
  }
  return runs;
}

const workflowSteps = (clone: string, file: string, job: string): Step[] =>
  (parse(readFileSync(join(clone, ".github", "workflows", file), "utf8")) as { jobs: Record<string, Job> }).jobs[job]!.steps;

/** Each question's Classroom result, from the classroom.yml steps that have an id. */
async function classroomSteps(clone: string): Promise<Map<string, ClassroomResult>> {
  const wf = parse(classroomWorkflow(release.labs)) as { jobs: Record<string, Job> };
  const steps = wf.jobs["run-autograding-tests"]!.steps.filter((s) => s.id);
  const runs = await runSteps(clone, steps, join(clone, ".classroom-summary.md"));
  expect(runs.map((r) => r.exitCode)).toEqual(steps.map(() => 0));
  return new Map(
    runs.map((r, i) => {
      const line = r.outputs.split("\n").find((l) => l.startsWith("result="))!;
      return [steps[i]!.id!, JSON.parse(Buffer.from(line.slice("result=".length), "base64").toString("utf8")) as ClassroomResult];
    }),
  );
}

const annotations = (runs: StepRun[]) =>
  runs.flatMap((r) => r.stdout.split("\n")).filter((l) => /^::(error|warning|notice) /.test(l));

describe("the workflow's steps on the stubs as shipped", () => {
  let clone: string;
  let runs: StepRun[];
  let summary: string;

  beforeAll(async () => {
    clone = cloneBundle("stubs");
    summary = join(clone, ".summary.md");
    runs = await runSteps(clone, workflowSteps(clone, "dnnlab.yml", "check"), summary);
  }, 120_000);

  it("exits 0: a zero score is not a red job", () => {
    expect(runs.length).toBeGreaterThan(0);
    for (const r of runs) expect(r.exitCode, `${r.step}\n${r.stderr}`).toBe(0);
  });

  it("writes the step summary: every question with its score", () => {
    const text = readFileSync(summary, "utf8");
    for (const lab of release.labs) {
      for (const q of lab.questions) expect(text).toContain(`| ${q.id} ${q.title.en} | 0 / ${q.points} |`);
    }
    expect(text).toContain("**Total: 0 / 69.5**");
    expect(text).toContain("**Total: 0 / 60**");
    expect(text).toContain("initializeParametersHe is not written yet");
  });

  it("annotates each failing function at its START line in the student's file", () => {
    const lines = annotations(runs);
    const text = readFileSync(join(clone, "exercises", "initialization.ts"), "utf8");
    const start = parseRegions(text, "initialization.ts").regions.find((r) => r.fn === "initializeParametersHe")!.startLine;
    expect(lines.some((l) => l.startsWith(`::error file=exercises/initialization.ts,line=${start},title=initializeParametersHe`))).toBe(true);
    expect(lines.length).toBe(10); // GitHub shows 10 per step: 9 functions, then one listing the rest
    expect(lines[9]).toMatch(/^::error title=dnnlab%3A \d+ more functions lose points::/);
  });

  it("keeps result.json and junit.xml for the artifact, and sets the step outputs", () => {
    const result = JSON.parse(readFileSync(join(clone, "dnnlab-results", "result.json"), "utf8")) as { score: number; maxScore: number };
    expect(result).toMatchObject({ score: 0, maxScore: 129.5 });
    expect(readFileSync(join(clone, "dnnlab-results", "junit.xml"), "utf8")).toContain("<testsuites name=\"dnnlab\"");
    expect(runs.find((r) => r.outputs.includes("score="))?.outputs).toBe("score=0\nmax-score=129.5\npercent=0\n");
  });

  it("gives Classroom every question's maximum with nothing earned", async () => {
    const results = await classroomSteps(clone);
    expect([...results.keys()]).toEqual(release.labs.flatMap((l) => l.questions.map((q) => runnerId(l.id, q.id))));
    for (const lab of release.labs) {
      for (const q of lab.questions) {
        const r = results.get(runnerId(lab.id, q.id))!;
        expect(r).toMatchObject({ version: 1, status: "pass", max_score: q.points });
        expect(r.tests.every((t) => t.status === "fail" && t.score === 0)).toBe(true);
      }
    }
  });

  it("follows the documented exit policy: 1 below --fail-under, 2 with nothing to check", async () => {
    const below = await execa(process.execPath, ["dnnlab-check.mjs", "check", "--fail-under", "50"], { cwd: clone, reject: false });
    expect(below.exitCode).toBe(1);
    mkdirSync(join(clone, "empty"));
    const nothing = await execa(process.execPath, ["dnnlab-check.mjs", "check", "empty"], { cwd: clone, reject: false });
    expect(nothing.exitCode).toBe(2);
    expect(nothing.stderr).toContain("no exercise files found");
  });
});

describe("the workflow's steps with every function written (the reference solution)", () => {
  let clone: string;
  let runs: StepRun[];
  let summary: string;

  beforeAll(async () => {
    clone = cloneBundle("full", submissionFiles(SAMPLE_CLASS.find((s) => s.id === "s2026001")!));
    summary = join(clone, ".summary.md");
    runs = await runSteps(clone, workflowSteps(clone, "dnnlab.yml", "check"), summary);
  }, 120_000);

  it("exits 0 with full marks, in the summary and the outputs", () => {
    for (const r of runs) expect(r.exitCode, `${r.step}\n${r.stderr}`).toBe(0);
    const text = readFileSync(summary, "utf8");
    for (const lab of release.labs) for (const q of lab.questions) expect(text).toContain(`| ${q.id} ${q.title.en} | ${q.points} / ${q.points} |`);
    expect(text).toContain("**Total: 69.5 / 69.5**");
    expect(text).toContain("**Total: 60 / 60**");
    expect(runs.find((r) => r.outputs.includes("score="))?.outputs).toBe("score=129.5\nmax-score=129.5\npercent=100\n");
  });

  it("annotates nothing", () => {
    expect(annotations(runs)).toEqual([]);
  });

  it("gives Classroom the full points of each question, as the reporter adds them up", async () => {
    const results = await classroomSteps(clone);
    let total = 0;
    let max = 0;
    for (const r of results.values()) {
      expect(r.status).toBe("pass");
      expect(r.tests.every((t) => t.status === "pass")).toBe(true);
      // notify-classroom.js: Σ max_score of the runners, Σ tests[].score
      max += r.max_score;
      total += r.tests.reduce((s, t) => s + t.score, 0);
    }
    expect({ total, max }).toEqual({ total: 129.5, max: 129.5 });
  });
});
