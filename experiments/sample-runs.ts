/**
 * The experiment runs of the sample class, shipped as data so the demo's reports show curves
 * and decision boundaries without minutes of training: fixtures/experiment-runs/<experiment>/<key>.json,
 * each what `dnnlab experiment <experiment> --impl <the file>` writes.
 *
 * A run is keyed by what it trains with: the hash of the spliced exercise file (the pristine
 * exercise with the student's regions in it). Students whose functions equal the reference share
 * the reference's run; a student with a known bug has a run of its own. A key that is not shipped
 * (the sample class or an exercise changed) is found by sample-runs.test.ts, which names the
 * command that regenerates the data:
 *
 *   node bin/run-ts.js experiments/sample-runs.ts
 *
 * The hostile students are never trained: experiments run the code in this process, and hostile
 * code runs only in the grader's sandbox. Where their file equals the reference, they share its run.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "../grader/root.ts";
import { decodeSubmission, splice } from "../grader/splice/splice.ts";
import { exerciseFor } from "../grader/splice/stubs.ts";
import { experimentFile } from "./format.ts";
import { loadImpl } from "./load.ts";
import { runExperiment } from "./run.ts";
import { EXPERIMENTS, EXPERIMENT_SPECS, type ExperimentName } from "./runs.ts";

export const SAMPLE_RUNS_DIR = join(ROOT, "fixtures", "experiment-runs");

/** The key of the run an experiment makes with this submitted file (null: the file is missing). */
export function runKey(experiment: ExperimentName, submitted: string | null): string {
  const file = EXPERIMENT_SPECS[experiment].file;
  const spliced = splice(exerciseFor(file), submitted, file);
  return createHash("sha256").update(`${experiment}\n${spliced.source}`).digest("hex").slice(0, 16);
}

export const sampleRunPath = (experiment: ExperimentName, key: string): string => join(SAMPLE_RUNS_DIR, experiment, `${key}.json`);

/** The shipped run for this key, as the file `dnnlab experiment` writes; undefined when none is shipped. */
export function shippedRun(experiment: ExperimentName, key: string): string | undefined {
  const path = sampleRunPath(experiment, key);
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

export interface SampleSubmission {
  id: string;
  hostile: boolean;
  /** exercise file name → text */
  files: Record<string, string>;
}

/** The (experiment, key) pairs of the runs the sample class needs, with a submission to train each with. */
export function neededRuns(students: readonly SampleSubmission[]): { experiment: ExperimentName; key: string; student: SampleSubmission }[] {
  const seen = new Map<string, { experiment: ExperimentName; key: string; student: SampleSubmission }>();
  for (const s of students) {
    if (s.hostile) continue;
    for (const experiment of EXPERIMENTS) {
      const key = runKey(experiment, s.files[EXPERIMENT_SPECS[experiment].file] ?? null);
      if (!seen.has(`${experiment}/${key}`)) seen.set(`${experiment}/${key}`, { experiment, key, student: s });
    }
  }
  return [...seen.values()];
}

/** Train and write every needed run that is not shipped yet (or every one, with all). */
export async function generateSampleRuns(students: readonly SampleSubmission[], opts: { all?: boolean; log?: (line: string) => void } = {}): Promise<string[]> {
  const log = opts.log ?? (() => undefined);
  const written: string[] = [];
  for (const { experiment, key, student } of neededRuns(students)) {
    const path = sampleRunPath(experiment, key);
    if (!opts.all && existsSync(path)) continue;
    const file = EXPERIMENT_SPECS[experiment].file;
    const dir = mkdtempSync(join(tmpdir(), "dnnlab-sample-run-"));
    try {
      const text = student.files[file];
      if (text !== undefined) writeFileSync(join(dir, file), text);
      else writeFileSync(join(dir, file), exerciseFor(file));
      const impl = await loadImpl(experiment, join(dir, file));
      const t0 = Date.now();
      const result = runExperiment(experiment, impl.module, { explain: impl.explain, ...(impl.locate ? { locate: impl.locate } : {}) });
      mkdirSync(join(SAMPLE_RUNS_DIR, experiment), { recursive: true });
      writeFileSync(path, `${JSON.stringify(experimentFile(result, file))}\n`);
      written.push(path);
      log(`${experiment} ${key} (as ${student.id}): ${((Date.now() - t0) / 1000).toFixed(1)} s → ${path}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return written;
}

/**
 * Put the shipped run of each experiment into each student's folder of `dir`, as
 * `<student>/dnnlab-experiments/<experiment>.json` (where `dnnlab experiment` writes it), when
 * one is shipped for what the student's file trains with. Returns what was placed and what not.
 */
export function placeSampleRuns(dir: string, students: readonly string[]): { placed: number; notShipped: { student: string; experiment: ExperimentName }[] } {
  let placed = 0;
  const notShipped: { student: string; experiment: ExperimentName }[] = [];
  for (const student of students) {
    for (const experiment of EXPERIMENTS) {
      const path = join(dir, student, EXPERIMENT_SPECS[experiment].file);
      const text = existsSync(path) ? decodeSubmission(readFileSync(path)) : null;
      const run = shippedRun(experiment, runKey(experiment, text));
      if (run === undefined) {
        notShipped.push({ student, experiment });
        continue;
      }
      mkdirSync(join(dir, student, "dnnlab-experiments"), { recursive: true });
      writeFileSync(join(dir, student, "dnnlab-experiments", `${experiment}.json`), run);
      placed++;
    }
  }
  return { placed, notShipped };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { SAMPLE_CLASS } = await import("../fixtures/submissions/sample-class.ts");
  const { submissionFiles } = await import("../fixtures/submissions/materialize.ts");
  const students = SAMPLE_CLASS.map((s) => ({ id: s.id, hostile: s.hostile !== undefined, files: submissionFiles(s) }));
  const written = await generateSampleRuns(students, { all: process.argv.includes("--all"), log: (l) => console.log(l) });
  // Runs no sample student trains any more (the class or an exercise changed) are removed.
  const { readdirSync, unlinkSync } = await import("node:fs");
  const wanted = new Set(neededRuns(students).map((r) => sampleRunPath(r.experiment, r.key)));
  for (const experiment of EXPERIMENTS) {
    const dir = join(SAMPLE_RUNS_DIR, experiment);
    for (const name of existsSync(dir) ? readdirSync(dir) : []) {
      if (!wanted.has(join(dir, name))) {
        unlinkSync(join(dir, name));
        console.log(`removed ${join(dir, name)} (no sample student trains it)`);
      }
    }
  }
  console.log(`${written.length} runs written into ${SAMPLE_RUNS_DIR}`);
}

