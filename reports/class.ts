/**
 * The reports of a graded class, from its submissions folder: each student's `report.md`
 * (their header fields, conclusions and Q&A) and the experiment files they handed in
 * (`dnnlab experiment --out` writes `dnnlab-experiments/<experiment>.json`) are read from
 * their submission, a folder or a zip, with the grader's safe reader (no symlinks, size
 * limits). Nothing of the student's code runs here: a report shows the experiments the
 * student ran; without the files, each experiment says how to run it.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ExperimentResult } from "../experiments/run.ts";
import { EXPERIMENTS, type ExperimentName } from "../experiments/runs.ts";
import type { Lab } from "../grader/labs/lab.ts";
import type { SubmissionResult } from "../grader/result/result.ts";
import { DEFAULT_SUBMISSION_LIMITS, SubmissionError, readSubmission } from "../grader/submission/read.ts";
import { ExperimentFileError, parseExperimentFile } from "./experiment-file.ts";
import type { Lang } from "../i18n/reports.ts";
import type { RosterEntry } from "../grader/roster/roster.ts";
import { REPORT_FILE, type ReportMetadata, emptyMetadata, parseReportMetadata } from "./metadata.ts";
import { type ExperimentsByName, ReportWriter, type ReportTimings } from "./report.ts";
import type { PdfPrinter } from "./render.ts";

/** Experiment files are bigger than exercise files (decision-boundary grids): allow 8 MiB each. */
const LIMITS = { ...DEFAULT_SUBMISSION_LIMITS, maxFileBytes: 8 << 20, maxTotalBytes: 64 << 20 };

export interface StudentReportInputs {
  metadata: ReportMetadata;
  experiments: ExperimentsByName;
  /** experiment files that could not be used, one line each (the report shows "not run" for them) */
  problems: string[];
}

/** The submission of a student: `<submissions>/<id>/` or `<submissions>/<id>.zip`. */
export function submissionPath(submissions: string, student: string): string | null {
  for (const p of [join(submissions, student), join(submissions, `${student}.zip`)]) if (existsSync(p)) return p;
  return null;
}

/**
 * Experiment files already parsed, by a hash of their bytes: in a class many students hand in
 * the same run (the demo's students share the reference's), and validating a file with its
 * decision-boundary grids is most of reading it. Only files that parsed are kept, the most
 * recent PARSED_KEPT of them (students who trained their own runs share none, and a class's
 * grids need not all stay in memory).
 */
export type ParsedExperiments = Map<string, ExperimentResult>;
const PARSED_KEPT = 16;

/** Read report.md and the experiment files of one submission. Never throws for what the student handed in. */
export async function readStudentInputs(path: string | null, student: string, parsed: ParsedExperiments = new Map()): Promise<StudentReportInputs> {
  if (path === null) return { metadata: emptyMetadata(), experiments: {}, problems: [] };
  const names = EXPERIMENTS.map((e) => `${e}.json`);
  let files: Map<string, Uint8Array>;
  try {
    files = (await readSubmission(path, [REPORT_FILE, ...names], LIMITS)).files;
  } catch (err) {
    if (err instanceof SubmissionError) return { metadata: emptyMetadata(), experiments: {}, problems: [err.message] };
    throw err;
  }
  const text = (name: string): string | undefined => {
    const bytes = files.get(name);
    return bytes ? new TextDecoder().decode(bytes) : undefined;
  };
  const report = text(REPORT_FILE);
  const metadata = report === undefined ? emptyMetadata() : parseReportMetadata(report, { student });
  const experiments: ExperimentsByName = {};
  const problems: string[] = [];
  for (const name of EXPERIMENTS) {
    const bytes = files.get(`${name}.json`);
    if (bytes === undefined) continue;
    try {
      const key = createHash("sha256").update(bytes).digest("base64");
      const result = parsed.get(key) ?? parseExperimentFile(new TextDecoder().decode(bytes), `${student}: ${name}.json`);
      parsed.delete(key);
      if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
      parsed.set(key, result);
      if (result.experiment === name) experiments[name as ExperimentName] = result;
      else problems.push(`${student}: ${name}.json holds the results of ${result.experiment}`);
    } catch (err) {
      if (!(err instanceof ExperimentFileError)) throw err;
      problems.push(err.message);
    }
  }
  return { metadata, experiments, problems };
}

export interface ClassReportsOptions {
  results: readonly SubmissionResult[];
  lab: Lab;
  /** the folder of submissions that was graded (one folder or zip per student ID) */
  submissions: string;
  /** reports go to <out>/<student>/report.<lang>.{html,md,pdf} */
  out: string;
  pdf?: boolean;
  /** print with this browser (launched and closed by the caller) */
  printer?: PdfPrinter;
  langs?: readonly Lang[];
  /** the class roster: its id, name, email and section replace what the student's report.md says */
  roster?: readonly RosterEntry[];
  onProgress?: (p: { student: string; done: number; total: number; ms: number }) => void;
}

/** The roster is the instructor's record, so its fields win over the student's own header. */
export function withRoster(m: ReportMetadata, e: RosterEntry | undefined): ReportMetadata {
  if (!e) return m;
  return { ...m, fields: { ...m.fields, studentId: e.id, name: e.name, email: e.email, class: e.section || m.fields.class } };
}

export type ClassReportTimings = ReportTimings & { count: number; ms: number; problems: string[] };

/**
 * The reports of a class written as its results arrive: `add` each student's result (in any
 * order, e.g. as grading finishes them), then `close` for the count, the time taken and the
 * experiment files that were refused.
 */
export interface ClassReports {
  add(result: SubmissionResult): void;
  close(): Promise<ClassReportTimings>;
}

export async function openClassReports(opts: Omit<ClassReportsOptions, "results">, expected?: number): Promise<ClassReports> {
  // metadataFor and experimentsFor of a student are asked together: read the submission once,
  // and forget it after the second call (a class's experiment grids need not all stay in memory).
  const inputs = new Map<string, { promise: Promise<StudentReportInputs>; calls: number }>();
  const problems: string[] = [];
  const parsed: ParsedExperiments = new Map();
  const roster = new Map((opts.roster ?? []).map((e) => [e.id, e]));
  const inputsOf = (student: string): Promise<StudentReportInputs> => {
    let entry = inputs.get(student);
    if (!entry) {
      const promise = readStudentInputs(submissionPath(opts.submissions, student), student, parsed).then((i) => {
        problems.push(...i.problems);
        return i;
      });
      entry = { promise, calls: 0 };
      inputs.set(student, entry);
    }
    if (++entry.calls === 2) inputs.delete(student);
    return entry.promise;
  };
  const writer = await ReportWriter.open(
    {
      lab: opts.lab,
      outDir: opts.out,
      langs: opts.langs,
      pdf: opts.pdf,
      ...(opts.printer ? { printer: opts.printer } : {}),
      metadataFor: async (s) => withRoster((await inputsOf(s)).metadata, roster.get(s)),
      experimentsFor: async (s) => (await inputsOf(s)).experiments,
      onProgress: opts.onProgress,
    },
    expected,
  );
  return {
    add: (result) => writer.add(result),
    close: async () => {
      const timings = await writer.close();
      return { ...timings, count: timings.students, ms: timings.totalMs, problems };
    },
  };
}

/** Write every student's report; returns the count, the time taken and the experiment files that were refused. */
export async function writeClassReports(opts: ClassReportsOptions): Promise<ClassReportTimings> {
  const reports = await openClassReports(opts, opts.results.length);
  for (const result of opts.results) reports.add(result);
  return reports.close();
}
