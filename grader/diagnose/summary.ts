/**
 * The class's diagnoses for the instructor: how many students and cases each mistake
 * (catalog entry or detector) was found in, and which students, as data
 * (diagnoses.json, written by publish next to the gradebook). Dashboards render the
 * words from i18n/<lang>/diagnose.ts by id.
 */
/** A result as the summary reads it (a SubmissionResult is one; only a diagnosis's source and id are counted). */
export interface DiagnosedResult {
  student: string;
  cases: readonly { id: string; fn: string; question: string; diagnoses?: readonly { source: "catalog" | "detector"; id: string }[] }[];
}

export interface DiagnosisCount {
  /** the catalog id, or the detector's id */
  id: string;
  source: "catalog" | "detector";
  fn: string;
  /** how many students, and how many of their cases, carry it */
  students: number;
  cases: number;
  /** the students, sorted */
  who: string[];
}

export interface DiagnosesSummary {
  schema: "dnnlab.diagnoses/1";
  lab: string;
  /** students whose results were read */
  graded: number;
  /** students with at least one diagnosis */
  diagnosed: number;
  /** most students first */
  counts: DiagnosisCount[];
  /** per student: case id → the ids diagnosed on it */
  students: Record<string, Record<string, string[]>>;
}

export function summarizeDiagnoses(results: readonly DiagnosedResult[], lab: string): DiagnosesSummary {
  const counts = new Map<string, { id: string; source: "catalog" | "detector"; fn: string; who: Set<string>; cases: number }>();
  const students: DiagnosesSummary["students"] = {};
  for (const r of results) {
    for (const c of r.cases) {
      if (!c.diagnoses?.length) continue;
      (students[r.student] ??= {})[c.id] = c.diagnoses.map((d) => d.id);
      for (const d of c.diagnoses) {
        const k = `${d.source}|${d.id}|${c.fn}`;
        const e = counts.get(k) ?? { id: d.id, source: d.source, fn: c.fn, who: new Set<string>(), cases: 0 };
        e.who.add(r.student);
        e.cases++;
        counts.set(k, e);
      }
    }
  }
  return {
    schema: "dnnlab.diagnoses/1",
    lab,
    graded: results.length,
    diagnosed: Object.keys(students).length,
    counts: [...counts.values()]
      .map((e) => ({ id: e.id, source: e.source, fn: e.fn, students: e.who.size, cases: e.cases, who: [...e.who].sort() }))
      .sort((a, b) => b.students - a.students || b.cases - a.cases || a.id.localeCompare(b.id)),
    students,
  };
}

export const toDiagnosesJson = (results: readonly DiagnosedResult[], lab: string): string => `${JSON.stringify(summarizeDiagnoses(results, lab), null, 1)}\n`;
