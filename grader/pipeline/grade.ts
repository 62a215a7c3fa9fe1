/**
 * Grading one submission, as a list of named steps over plain values:
 *
 *   read files → splice each into the pristine exercise → compile (type-check, blame
 *   functions) → run every test in the sandbox, the parent judging → late penalty
 *
 * NB: splicing must come before compiling (only code between markers is compiled), and
 * compiling before the sandbox (the sandbox bundles only code that type-checks).
 * Whatever fails, the result is a well-formed SubmissionResult: a crash of the student's
 * code, an unreadable zip or a broken marker costs points, never the batch.
 */
import { performance } from "node:perf_hooks";
import type { Encoded } from "../../lib/value.ts";
import type { FixtureCase, FixtureFile } from "../cases/schema.ts";
import { type CompileError, compileSubmission, renderCompileError } from "../compile/compile.ts";
import { type CallOutcome, judgeFixture } from "../judge/judge.ts";
import type { Lab, Question, TestRef } from "../labs/lab.ts";
import { latePenalty } from "../judge/late-policy.ts";
import { findProperty } from "../judge/properties/index.ts";
import { runProperty } from "../judge/properties/run.ts";
import type { CaseResult, FileNote, RegionSummary, SubmissionResult } from "../result/result.ts";
import { type SandboxLimitsInput, withSandbox } from "../sandbox/sandbox.ts";
import { type SpliceResult, decodeSubmission, renderSpliceIssue, splice } from "../splice/splice.ts";
import { exerciseFor } from "../splice/stubs.ts";
import { type SubmissionNote, SubmissionError, readSubmission, studentIdOf } from "../submission/read.ts";

export interface GradeContext {
  lab: Lab;
  /** fixture files by assignment, already validated */
  fixtures: ReadonlyMap<string, FixtureFile>;
  limits?: SandboxLimitsInput;
  /** pristine exercise text by file name (defaults to generating it from solutions/) */
  pristine?: (file: string) => string;
  /** clock for gradedAt (tests pin it) */
  now?: () => Date;
  /**
   * Hook (instructor): a student's own fixture files, e.g. per-student hidden variants
   * (grader/cases/variants.ts). Without it every student gets `fixtures`.
   */
  casesFor?: (student: string) => ReadonlyMap<string, FixtureFile>;
}

const filesOf = (lab: Lab): string[] => [...new Set(lab.questions.map((q) => q.file))];

function testInfo(q: Question, t: TestRef, fixtures: ReadonlyMap<string, FixtureFile>): { fn: string; description: string; hidden: boolean; hint?: string; fixture?: FixtureCase } {
  if (t.kind === "fixture") {
    const c = fixtures.get(q.assignment)?.cases.find((x) => x.id === t.id);
    if (!c) throw new Error(`lab ${q.id}: fixture ${t.id} not found (run \`dnnlab fixtures\`)`);
    return { fn: c.fn, description: c.description, hidden: c.hidden, ...(c.hint ? { hint: c.hint } : {}), fixture: c };
  }
  const p = findProperty(q.assignment, t.id);
  if (!p) throw new Error(`lab ${q.id}: property ${t.id} not found`);
  return { fn: p.fn, description: p.description, hidden: p.hidden, ...(p.hint ? { hint: p.hint } : {}) };
}

/** A result with every test at zero, for submissions that could not be graded at all. */
function zeroCases(ctx: GradeContext, issue: (fn: string) => CaseResult["issue"]): CaseResult[] {
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
        issue: issue(info.fn),
        ...(info.hint ? { hint: info.hint } : {}),
      };
    }),
  );
}

function submissionNote(n: SubmissionNote): FileNote {
  const file = "file" in n ? n.file : "path" in n ? n.path : "(zip)";
  const both = (en: string, zh: string): FileNote => ({ file, kind: "file_missing", en, zh });
  switch (n.code) {
    case "too_large":
      return both(`${n.file} is ${n.bytes} bytes, over the ${n.limit}-byte limit; it was not read.`, `${n.file} 有 ${n.bytes} 字节，超过 ${n.limit} 字节的上限，未读取。`);
    case "symlink_ignored":
      return both(`${n.path} is a symbolic link; links are not followed, so it was ignored.`, `${n.path} 是符号链接，不会被跟随，已忽略。`);
    case "unsafe_path":
      return both(`The zip entry ${n.path} points outside the submission folder; it was ignored.`, `压缩包条目 ${n.path} 指向提交目录之外，已忽略。`);
    case "duplicate_file":
      return both(`Two copies of ${n.file}: graded ${n.used}, ignored ${n.ignored}.`, `${n.file} 有两份：评分使用 ${n.used}，忽略 ${n.ignored}。`);
    case "too_many_entries":
      return both(`The zip has more than ${n.limit} entries; the rest were not read.`, `压缩包条目超过 ${n.limit} 个，其余未读取。`);
    case "zip_too_large":
      return both(`The zip inflates past ${n.limit} bytes; reading stopped there.`, `压缩包解压后超过 ${n.limit} 字节，已停止读取。`);
  }
}

function spliceNotes(s: SpliceResult): FileNote[] {
  const notes: FileNote[] = [];
  const seen = new Set<string>();
  for (const issue of [...s.regions.flatMap((r) => r.issues), ...s.ignored]) {
    const en = renderSpliceIssue(issue, "en");
    if (seen.has(en)) continue;
    seen.add(en);
    notes.push({
      file: s.file,
      kind: issue.code === "file_missing" ? "file_missing" : "marker",
      ...("fn" in issue ? { fn: issue.fn } : {}),
      ...("line" in issue ? { line: issue.line } : {}),
      en,
      zh: renderSpliceIssue(issue, "zh"),
    });
  }
  if (s.outsideChanged) {
    notes.push({
      file: s.file,
      kind: "outside_changed",
      en: `${s.file}: changes outside the START/END CODE HERE markers were ignored; only the code between them is graded.`,
      zh: `${s.file}：标记 START/END CODE HERE 之外的改动已被忽略，只评测标记之间的代码。`,
    });
  }
  return notes;
}

const compileNote = (e: CompileError): FileNote => ({
  file: e.file,
  kind: "compile",
  ...(e.fn ? { fn: e.fn } : {}),
  line: e.line,
  en: renderCompileError(e, "en"),
  zh: renderCompileError(e, "zh"),
});

function regionSummaries(spliced: SpliceResult[], errors: CompileError[]): RegionSummary[] {
  return spliced.flatMap((s) =>
    s.regions.map((r) => {
      const broken = errors.some((e) => e.file === s.file && e.fn === r.fn && (e.index === undefined || e.index === r.index));
      return { file: s.file, fn: r.fn, index: r.index, status: broken ? "compile_error" : r.status, code: r.code };
    }),
  );
}

/** Grade one submission folder or zip. Never throws for anything the student did. */
export async function gradeSubmission(path: string, shared: GradeContext): Promise<SubmissionResult> {
  // The one place the pipeline sees per-student cases (the instructor's hook, see GradeContext.casesFor).
  const ctx: GradeContext = shared.casesFor ? { ...shared, fixtures: shared.casesFor(studentIdOf(path)) } : shared;
  const t0 = performance.now();
  const now = ctx.now ?? (() => new Date());
  const pristine = ctx.pristine ?? exerciseFor;
  const student = studentIdOf(path);
  const base = { schema: "dnnlab.result/1" as const, student, lab: ctx.lab.id };
  const deadline = new Date(ctx.lab.deadline);

  // 1. read
  let read;
  try {
    read = await readSubmission(path, filesOf(ctx.lab));
  } catch (err) {
    if (!(err instanceof SubmissionError)) throw err;
    return {
      ...base,
      submittedAt: null,
      gradedAt: now().toISOString(),
      durationMs: Math.round(performance.now() - t0),
      cases: zeroCases(ctx, (fn) => ({ code: "infrastructure", fn, detail: err.message })),
      regions: [],
      notes: [],
      late: { minutesLate: 0, penaltyPercent: 0, penaltyPoints: 0 },
      isolation: null,
      failure: { code: "unreadable_submission", message: err.message },
    };
  }

  // 2. splice
  const spliced = filesOf(ctx.lab).map((file) => {
    const bytes = read.files.get(file);
    return splice(pristine(file), bytes ? decodeSubmission(bytes) : null, file);
  });

  // 3. compile
  const compiled = compileSubmission(spliced);
  const notes = [...read.notes.map(submissionNote), ...spliced.flatMap(spliceNotes), ...compiled.errors.map(compileNote)];
  const regions = regionSummaries(spliced, compiled.errors);

  // 4. run and judge. An untouched submission is not run at all (nbgrader's checksum idea).
  const attempted = regions.some((r) => r.status === "spliced");
  let isolation: SubmissionResult["isolation"] = null;
  let output: string | undefined;
  const run = async (call: (file: string, fn: string, args: Encoded[]) => Promise<CallOutcome>): Promise<CaseResult[]> => {
    const cases: CaseResult[] = [];
    for (const q of ctx.lab.questions) {
      for (const t of q.tests) {
        const info = testInfo(q, t, ctx.fixtures);
        const judgeCtx = { question: q.id, points: t.points };
        if (info.fixture) {
          cases.push(judgeFixture(info.fixture, await call(q.file, info.fixture.fn, info.fixture.args), judgeCtx));
        } else {
          const spec = findProperty(q.assignment, t.id)!;
          cases.push(await runProperty(spec, (fn, args) => call(q.file, fn, args), judgeCtx));
        }
      }
    }
    return cases;
  };

  // A function none of whose regions was attempted (untouched, missing file, broken markers,
  // does not compile) scores 0 without running, like an untouched submission: what stands in
  // for its code may be runnable shipped code (the planted bugs of backwardPropagationN),
  // which must not earn the student points.
  const attemptedFns = new Set(regions.filter((r) => r.status === "spliced").map((r) => r.fn));
  const withRegions = new Set(regions.map((r) => r.fn));
  const notAttempted = (fn: string): boolean => withRegions.has(fn) && !attemptedFns.has(fn);
  const notWritten = (fn: string): CallOutcome => ({
    ok: false,
    error: { kind: "not_written", name: "Error", message: `${fn} is not written yet: write your code between START CODE HERE and END CODE HERE` },
  });

  let cases: CaseResult[];
  if (!attempted) {
    cases = await run(async (_file, fn) => ({ ok: false, error: { kind: "not_written", name: "Error", message: `${fn} is not written yet` } }));
  } else {
    try {
      cases = await withSandbox(compiled.sources, ctx.limits ?? {}, async (sandbox) => {
        const out = await run(async (file, fn, args) => {
          if (notAttempted(fn)) return notWritten(fn);
          const o = await sandbox.call(file, fn, args);
          isolation = o.isolation;
          return o;
        });
        const printed = sandbox.output();
        const text = (printed.stdout + printed.stderr).trim();
        if (text) output = text.slice(-4000);
        return out;
      });
    } catch (err) {
      // The grader's own machinery failed (e.g. esbuild or node could not start): say so, score 0.
      const detail = err instanceof Error ? err.message : String(err);
      return {
        ...base,
        submittedAt: read.submittedAt?.toISOString() ?? null,
        gradedAt: now().toISOString(),
        durationMs: Math.round(performance.now() - t0),
        cases: zeroCases(ctx, (fn) => ({ code: "infrastructure", fn, detail })),
        regions,
        notes,
        late: { minutesLate: 0, penaltyPercent: 0, penaltyPoints: 0 },
        isolation,
        failure: { code: "infrastructure", message: detail },
      };
    }
  }

  // 5. late penalty, on the earned score
  const earned = cases.reduce((s, c) => s + c.earned, 0);
  const late = latePenalty({ submittedAt: read.submittedAt, deadline, policy: ctx.lab.latePolicy, score: earned });
  return {
    ...base,
    submittedAt: read.submittedAt?.toISOString() ?? null,
    gradedAt: now().toISOString(),
    durationMs: Math.round(performance.now() - t0),
    cases,
    regions,
    notes,
    late: {
      minutesLate: Math.round(late.minutesLate * 100) / 100,
      penaltyPercent: late.penaltyPercent,
      penaltyPoints: Math.round(late.penaltyPoints * 1e6) / 1e6,
    },
    isolation,
    ...(output ? { output } : {}),
  };
}

