/**
 * What the class dashboard shows, computed from the result model (and the roster and the
 * similarity report when there are any): per-question score distributions, per-test pass
 * rates, the most common diagnosed mistakes with who made them, the late, failed and
 * missing submissions, and one row per student. Plain data, no words: the page renders it
 * in a language (html.ts). Pure and linear in the class size.
 *
 * Two fields come from other parts of the grader and may be absent in older results: a
 * failed case's `diagnoses` (catalog id and data, grader/diagnose) and a submission's time
 * source (where its time came from); the dashboard shows what is there.
 */
import type { Lab } from "../../labs/lab.ts";
import type { RosterEntry } from "../../roster/roster.ts";
import type { SubmissionResult } from "../../result/result.ts";
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
  /** catalog id ("adam-eps-outside") or a generic detector's id */
  id: string;
  fn: string;
  /** words of the diagnosis when the result carries them */
  words?: { en?: string; zh?: string };
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

interface DiagnosisLike {
  id?: unknown;
  en?: unknown;
  zh?: unknown;
  words?: { en?: unknown; zh?: unknown };
}

/** A failed case's diagnoses, read defensively (the field is added by grader/diagnose). */
function diagnosesOf(c: unknown): { id: string; words?: { en?: string; zh?: string } }[] {
  const list = (c as { diagnoses?: unknown }).diagnoses;
  if (!Array.isArray(list)) return [];
  return list.flatMap((d: DiagnosisLike) => {
    if (typeof d?.id !== "string") return [];
    const en = typeof d.words?.en === "string" ? d.words.en : typeof d.en === "string" ? d.en : undefined;
    const zh = typeof d.words?.zh === "string" ? d.words.zh : typeof d.zh === "string" ? d.zh : undefined;
    return [{ id: d.id, ...(en || zh ? { words: { ...(en ? { en } : {}), ...(zh ? { zh } : {}) } } : {}) }];
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
          if (!m) mistakes.set(mk, (m = { id: d.id, fn: c.fn, ...(d.words ? { words: d.words } : {}), students: [] }));
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
