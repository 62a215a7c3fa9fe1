/**
 * One experiment as a job, what `dnnlab experiment` does and the demo reuses: load the
 * implementation, train the runs, write <out>/<experiment>.json, and say what happened
 * through the given writers (no global console is touched).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkFailures, experimentFile, formatTable, jsonRows } from "./format.ts";
import { setImplOutput } from "./impl-console.ts";
import { ImplLoadError, loadImpl } from "./load.ts";
import { type ExperimentResult, runExperiment } from "./run.ts";
import { EXPERIMENTS, EXPERIMENT_SPECS, type ExperimentName, isExperimentName, selectRuns } from "./runs.ts";

/** The job cannot start: unknown experiment or run, or an implementation that cannot be loaded. */
export class ExperimentArgumentError extends Error {
  override name = "ExperimentArgumentError";
}

export interface ExperimentJob {
  experiment: string;
  /** "solutions", a folder or a .ts file (see loadImpl) */
  impl: string;
  runs?: readonly string[];
  /** where <experiment>.json is written */
  out: string;
  /** print the table as JSON rows (stdout then holds only the JSON) */
  json?: boolean;
  /** also list where the runs disagree with the notebook */
  check?: boolean;
}

export interface ExperimentWriters {
  /** the table or the JSON */
  stdout: NodeJS.WritableStream;
  /** notes, progress, what was written, check failures; and what the code being run prints, with json */
  stderr: NodeJS.WritableStream;
}

export interface ExperimentJobResult {
  experiment: ExperimentName;
  result: ExperimentResult;
  file: string;
  /** with check: why the runs do not agree with the notebook (empty when they do) */
  failures: string[];
}

/** Validate an experiment name and run ids; throws ExperimentArgumentError. */
export function parseExperiment(name: string, runs?: readonly string[]): ExperimentName {
  if (!isExperimentName(name)) throw new ExperimentArgumentError(`unknown experiment "${name}"; expected one of: ${EXPERIMENTS.join(", ")}`);
  try {
    selectRuns(EXPERIMENT_SPECS[name], runs);
  } catch (err) {
    throw new ExperimentArgumentError((err as Error).message);
  }
  return name;
}

export async function runExperimentJob(job: ExperimentJob, io: ExperimentWriters): Promise<ExperimentJobResult> {
  const name = parseExperiment(job.experiment, job.runs);
  const spec = EXPERIMENT_SPECS[name];
  let impl;
  try {
    impl = await loadImpl(name, job.impl);
  } catch (err) {
    if (err instanceof ImplLoadError) throw new ExperimentArgumentError(err.message);
    throw err;
  }
  for (const note of impl.notes) io.stderr.write(`note: ${note}\n`);
  // With --json, stdout is the table only: what the code being run prints goes to stderr.
  setImplOutput(job.json ? io.stderr : io.stdout);
  const result = runExperiment(name, impl.module, {
    ...(job.runs ? { runs: job.runs } : {}),
    explain: impl.explain,
    ...(impl.locate ? { locate: impl.locate } : {}),
    onProgress: (e) => {
      if (job.json) return;
      if (e.type === "start") io.stderr.write(`[${e.index + 1}/${e.total}] ${e.label} … `);
      else io.stderr.write(e.row.skipped ? "skipped\n" : `${e.row.seconds.toFixed(1)} s\n`);
    },
  });

  mkdirSync(job.out, { recursive: true });
  const file = join(job.out, `${name}.json`);
  writeFileSync(file, JSON.stringify(experimentFile(result, impl.source)) + "\n");
  if (job.json) io.stdout.write(`${JSON.stringify(jsonRows(result), null, 2)}\n`);
  else io.stdout.write(`\n${formatTable(result)}\n`);
  io.stderr.write(`wrote ${file}\n`);

  const failures = job.check ? checkFailures(result, spec) : [];
  for (const f of failures) io.stderr.write(`check failed: ${f}\n`);
  return { experiment: name, result, file, failures };
}
