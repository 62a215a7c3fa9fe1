/**
 * What the class dashboard shows, computed from the result model (and the roster and the
 * similarity report when there are any): per-question score distributions, per-test pass
 * rates, the most common diagnosed mistakes with who made them, the late, failed and
 * missing submissions, and one row per student. Plain data, no words: the page renders it
 * in a language (html.ts). Pure and linear in the class size.
 *
 * Two fields come from other parts of the grader and may be absent: a failed case's
 * `diagnoses` (catalog or detector id and data, grader/diagnose: absent when grading ran
 * without the diagnose step) and a submission's time source (where its time came from);
 * the dashboard shows what is there.
 */
import type { Lab } from "../../labs/lab.ts";
import type { RosterEntry } from "../../roster/roster.ts";
import { type Diagnosis, DiagnosisSchema } from "../../diagnose/diagnosis.ts";
import type { CaseResult, SubmissionResult } from "../../result/result.ts";
import { passed, round6, scoreSheet } from "../../result/scores.ts";
import type { SimilarityReport } from "../../similarity/similarity.ts";
import { gradebookRows } from "../gradebook.ts";

export interface QuestionDistribution {
  id: string;
  title: { en: string; zh: string };
  possible: number;
  /** histogram: `count` students scored in [from, to) (the last bin includes `possible`) */
  bins: { from: number; to: number; count: number }[];
}

export interface TestPassRate {
  id: string;
  question: string;
  fn: string;
  description: string;
  hidden: boolean;
  passed: number;
  total: number;
}

export interface CommonMistake {
  /** catalog id ("adam-eps-outside-division") or a generic detector's id ("constant-factor") */
  id: string;
  source: "catalog" | "detector";
  fn: string;
  /** the first diagnosis seen, with its data (a detector's words need them) */
  sample: Diagnosis;
  students: string[];
}

export interface StudentRow {
  id: string;
  name: string;
  section: string;
  status: "graded" | "late" | "failed" | "missing";
  total: number;
  possible: number;
  scores: Record<string, number>;
  minutesLate: number;
  penalty: number;
  timeSource?: string;
  failure?: { code: string; message: string };
  /** students whose code is similar to this one's */
  similarTo: string[];
}

export interface DashboardModel {
  lab: { id: string; title: { en: string; zh: string } };
  questions: QuestionDistribution[];
  tests: TestPassRate[];
  mistakes: CommonMistake[];
  students: StudentRow[];
  similarity?: SimilarityReport;
}

/** Bins of a question's histogram: about 10, on whole points when the question is small. */
export function binEdges(possible: number): number[] {
  if (possible <= 0) return [0, 1];
  const step = possible <= 10 ? 1 : possible / 10;
  const edges: number[] = [];
  for (let i = 0; i * step < possible - 1e-9; i++) edges.push(round6(i * step));
  edges.push(possible);
  return edges;
}

export function histogram(scores: readonly number[], possible: number): QuestionDistribution["bins"] {
  const edges = binEdges(possible);
  const bins = edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1], count: 0 }));
  for (const s of scores) {
    let i = bins.findIndex((b) => s < b.to - 1e-9);
    if (i < 0) i = bins.length - 1;
    bins[i].count++;
  }
  return bins;
}

/** A failed case's diagnoses that parse (a result from another version may hold others). */
function diagnosesOf(c: CaseResult): Diagnosis[] {
  return (c.diagnoses ?? []).flatMap((d) => {
    const p = DiagnosisSchema.safeParse(d);
    return p.success ? [p.data] : [];
  });
}

/** Where a submission's time came from, when the result says (grader/pipeline's time source). */
function timeSourceOf(r: SubmissionResult): string | undefined {
  const t = (r as { timeSource?: unknown; submittedFrom?: unknown }).timeSource ?? (r as { submittedFrom?: unknown }).submittedFrom;
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof (t as { kind?: unknown }).kind === "string") return (t as { kind: string }).kind;
  return undefined;
}

export function dashboardModel(results: readonly SubmissionResult[], lab: Lab, opts: { roster?: readonly RosterEntry[]; similarity?: SimilarityReport } = {}): DashboardModel {
  const sheets = results.map((r) => scoreSheet(r, lab));
  const questions = lab.questions.map((q) => ({
    id: q.id,
    title: q.title,
    possible: q.points,
    bins: histogram(
      sheets.map((s) => s.questions.find((x) => x.id === q.id)?.earned ?? 0),
      q.points,
    ),
  }));

  const tests = new Map<string, TestPassRate>();
  const mistakes = new Map<string, CommonMistake>();
  for (const r of results) {
    for (const c of r.cases) {
      const key = `${c.question}/${c.id}`;
      let t = tests.get(key);
      if (!t) tests.set(key, (t = { id: c.id, question: c.question, fn: c.fn, description: c.description, hidden: c.hidden, passed: 0, total: 0 }));
      t.total++;
      if (passed(c)) t.passed++;
      else {
        for (const d of diagnosesOf(c)) {
          const mk = `${c.fn}/${d.id}`;
          let m = mistakes.get(mk);
          if (!m) mistakes.set(mk, (m = { id: d.id, source: d.source, fn: c.fn, sample: d, students: [] }));
          if (!m.students.includes(r.student)) m.students.push(r.student);
        }
      }
    }
  }

  const similarTo = new Map<string, string[]>();
  for (const p of opts.similarity?.pairs ?? []) {
    similarTo.set(p.a, [...(similarTo.get(p.a) ?? []), p.b]);
    similarTo.set(p.b, [...(similarTo.get(p.b) ?? []), p.a]);
  }
  const byId = new Map(results.map((r) => [r.student, r]));
  const sections = new Map((opts.roster ?? []).map((e) => [e.id, e.section]));
  const students: StudentRow[] = gradebookRows(results, lab, opts.roster).map((row) => {
    const r = byId.get(row.student);
    const source = r ? timeSourceOf(r) : undefined;
    return {
      id: row.student,
      name: row.name,
      section: sections.get(row.student) ?? "",
      status: row.status,
      total: row.total,
      possible: row.possible,
      scores: row.scores,
      minutesLate: row.minutes_late,
      penalty: row.late_penalty,
      ...(source ? { timeSource: source } : {}),
      ...(row.failure ? { failure: row.failure } : {}),
      similarTo: similarTo.get(row.student) ?? [],
    };
  });

  return {
    lab: { id: lab.id, title: lab.title },
    questions,
    tests: [...tests.values()],
    mistakes: [...mistakes.values()].sort((a, b) => b.students.length - a.students.length || a.id.localeCompare(b.id)),
    students,
    ...(opts.similarity ? { similarity: opts.similarity } : {}),
  };
}
