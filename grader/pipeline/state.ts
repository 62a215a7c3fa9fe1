/**
 * What the grading steps of one submission pass along (grade.ts runs them in order) and
 * the one function that turns it into a SubmissionResult. Plain values: each step reads
 * what earlier steps left and adds its own part; a step that cannot go on sets `failure`,
 * and the steps after it are skipped.
 */
import type { Encoded } from "../../lib/value.ts";
import type { GradedWith } from "../cases/fingerprint.ts";
import type { FixtureCase, FixtureFile } from "../cases/schema.ts";
import type { CompileResult } from "../compile/compile.ts";
import type { Lateness } from "../judge/late-policy.ts";
import { findProperty } from "../judge/properties/index.ts";
import type { Lab, Question, TestRef } from "../labs/lab.ts";
import { round6 } from "../result/points.ts";
import type { CaseResult, FileNote, RegionSummary, SubmissionResult } from "../result/result.ts";
import type { SandboxLimitsInput } from "../sandbox/sandbox.ts";
import type { SpliceResult } from "../splice/splice.ts";
import type { SubmissionFiles } from "../submission/read.ts";
import type { SubmissionTime, TimeOptions } from "../submission/time.ts";

/** A diagnosis of a failed case (grader/diagnose): a catalog entry or a generic detector, with its data. */
export interface Diagnosis {
  id: string;
  source: "catalog" | "detector";
  [data: string]: unknown;
}

/** What the diagnose step hands a diagnoser: the failed cases and what is needed to rerun them. */
export interface DiagnoseInput {
  lab: Lab;
  fixtures: ReadonlyMap<string, FixtureFile>;
  limits: SandboxLimitsInput;
  /** the judged cases that did not earn all their points */
  failed: readonly CaseResult[];
  /** the student's spliced files, and what compiled of them (file name → TypeScript) */
  spliced: readonly SpliceResult[];
  sources: Readonly<Record<string, string>>;
  /** what the student's calls returned on the failed fixture cases, by case id (so they need not be rerun) */
  outcomes: ReadonlyMap<string, { ok: true; value: Encoded }>;
}

/** Names what a failed case's output shows; returns diagnoses by case id (cases not named get none). */
export type Diagnose = (input: DiagnoseInput) => Promise<ReadonlyMap<string, readonly Diagnosis[]>>;

export interface GradeContext {
  lab: Lab;
  /** fixture files by assignment, already validated */
  fixtures: ReadonlyMap<string, FixtureFile>;
  limits?: SandboxLimitsInput;
  /** pristine exercise text by file name (defaults to generating it from solutions/) */
  pristine?: (file: string) => string;
  /** clock for gradedAt (tests pin it) */
  now?: () => Date;
  /** the diagnose step's work (grader/diagnose); without it, failed cases carry no diagnoses */
  diagnose?: Diagnose;
  /** the deadline in force (default: the lab's) */
  deadline?: Date;
  /** where submission times come from besides the defaults (grader/submission/time.ts) */
  time?: TimeOptions;
  /** when grading started: a submission dated after it is not trusted (default: now) */
  startedAt?: Date;
  /**
   * Hook (instructor): a student's own fixture files, e.g. per-student hidden variants
   * (grader/cases/variants.ts). Without it every student gets `fixtures`.
   */
  casesFor?: (student: string) => ReadonlyMap<string, FixtureFile>;
  /** which cases these are (fixtures hash, secret id), stored in each result; grader/cases/fingerprint.ts */
  gradedWith?: GradedWith;
}

export interface GradeState {
  readonly path: string;
  readonly student: string;
  read?: SubmissionFiles;
  time?: SubmissionTime;
  spliced?: SpliceResult[];
  compiled?: CompileResult;
  regions: RegionSummary[];
  notes: FileNote[];
  cases?: CaseResult[];
  /** the values the student's code returned on fixture cases it failed (for the diagnose step) */
  outcomes?: ReadonlyMap<string, { ok: true; value: Encoded }>;
  isolation: SubmissionResult["isolation"];
  /** the end of what the student's code printed */
  output?: string;
  late?: Lateness;
  failure?: { code: string; message: string };
}

/** One named step of grading (nbgrader's preprocessor): state in, state out. */
export interface GradeStep {
  name: string;
  run: (state: GradeState, ctx: GradeContext) => GradeState | Promise<GradeState>;
}

/** The exercise files a lab grades, each once, in question order. */
export const filesOf = (lab: Lab): string[] => [...new Set(lab.questions.map((q) => q.file))];

interface TestInfo {
  fn: string;
  description: string;
  hidden: boolean;
  hint?: string;
  fixture?: FixtureCase;
}

/** What a lab's test reference points at: its fixture case or property. */
export function testInfo(q: Question, t: TestRef, fixtures: ReadonlyMap<string, FixtureFile>): TestInfo {
  if (t.kind === "fixture") {
    const c = fixtures.get(q.assignment)?.cases.find((x) => x.id === t.id);
    if (!c) throw new Error(`lab ${q.id}: fixture ${t.id} not found (run \`dnnlab fixtures\`)`);
    return { fn: c.fn, description: c.description, hidden: c.hidden, ...(c.hint ? { hint: c.hint } : {}), fixture: c };
  }
  const p = findProperty(q.assignment, t.id);
  if (!p) throw new Error(`lab ${q.id}: property ${t.id} not found`);
  return { fn: p.fn, description: p.description, hidden: p.hidden, ...(p.hint ? { hint: p.hint } : {}) };
}

/** Every test of the lab at zero, for a submission that could not be graded at all. */
function zeroCases(ctx: GradeContext, detail: string): CaseResult[] {
  return ctx.lab.questions.flatMap((q) =>
    q.tests.map((t) => {
      const info = testInfo(q, t, ctx.fixtures);
      return {
        id: t.id,
        kind: t.kind,
        question: q.id,
        fn: info.fn,
        description: info.description,
        hidden: info.hidden,
        points: t.points,
        earned: 0,
        issue: { code: "infrastructure" as const, fn: info.fn, detail },
        ...(info.hint ? { hint: info.hint } : {}),
      };
    }),
  );
}

const ON_TIME = { minutesLate: 0, penaltyPercent: 0, penaltyPoints: 0 };

/**
 * The one place a SubmissionResult is made. A failed submission scores 0 on every test
 * (each saying why) and takes no late penalty.
 */
export function buildResult(s: GradeState, ctx: GradeContext, timing: { gradedAt: Date; durationMs: number }): SubmissionResult {
  const late = s.failure || !s.late ? ON_TIME : s.late;
  return {
    schema: "dnnlab.result/1",
    student: s.student,
    lab: ctx.lab.id,
    submittedAt: s.time?.at?.toISOString() ?? null,
    ...(s.time ? { time: { source: s.time.source, ...(s.time.future ? { future: s.time.future.toISOString() } : {}) } } : {}),
    gradedAt: timing.gradedAt.toISOString(),
    durationMs: Math.round(timing.durationMs),
    cases: s.failure ? zeroCases(ctx, s.failure.message) : (s.cases ?? []),
    regions: s.regions,
    notes: s.notes,
    late: { minutesLate: Math.round(late.minutesLate * 100) / 100, penaltyPercent: late.penaltyPercent, penaltyPoints: round6(late.penaltyPoints) },
    isolation: s.isolation,
    ...(s.failure ? { failure: s.failure } : {}),
    ...(s.output && !s.failure ? { output: s.output } : {}),
    ...(ctx.gradedWith ? { gradedWith: { ...ctx.gradedWith } } : {}),
  };
}
