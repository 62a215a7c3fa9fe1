/**
 * English words of the class dashboard (out/index.html). Same keys as `../zh/dashboard.ts`
 * (checked by type in grader/exporters/dashboard/words.ts).
 */
export const dashboard = {
  lang: "en",
  title: (lab: string) => `${lab}: class dashboard`,
  otherLanguage: "中文",
  summary: (n: { students: number; graded: number; late: number; failed: number; missing: number; mean: string; possible: string }) =>
    `${n.students} students: ${n.graded} graded, ${n.late} late, ${n.failed} failed, ${n.missing} missing. Mean score ${n.mean} of ${n.possible}.`,
  sections: {
    distribution: "Score distribution per question",
    passRate: "Pass rate per test",
    mistakes: "Most common diagnosed mistakes",
    problems: "Late, failed and missing submissions",
    similarity: "Similar submissions",
    students: "Students",
  },
  axes: { points: "points", students: "students", passRate: "share of students passing" },
  hiddenTest: "hidden",
  noMistakes: "No diagnosed mistakes in these results (diagnoses appear once the grader names a known mistake on a failed case).",
  mistakeColumns: { mistake: "mistake", fn: "function", count: "students", who: "who" },
  problemColumns: { student: "student", name: "name", kind: "what", detail: "detail" },
  late: (minutes: string, penalty: string, source: string | undefined) => `${minutes} min late, −${penalty} points${source ? ` (time from ${source})` : ""}`,
  failedWhat: "failed",
  lateWhat: "late",
  missingWhat: "missing",
  missingDetail: "in the roster, no submission",
  noProblems: "None: every submission was on time and graded.",
  similarityIntro: (threshold: string, k: number) =>
    `Pairs whose own code (regions they wrote, with the reference, the starter and comments left out; names and spacing ignored) is at least ${threshold} similar, compared in runs of ${k} tokens.`,
  noSimilar: "No pair above the threshold.",
  pairTitle: (a: string, b: string, similarity: string, shared: number) => `${a} and ${b}: ${similarity} similar, ${shared} shared fingerprints`,
  fragmentAt: (key: string, from: number, to: number) => `${key}, lines ${from}–${to}`,
  more: (n: number) => `and ${n} more`,
  columns: { student: "student", name: "name", section: "section", total: "total", status: "status", similar: "similar to", links: "links" },
  status: { graded: "graded", late: "late", failed: "failed", missing: "missing" } as Record<"graded" | "late" | "failed" | "missing", string>,
  feedback: "feedback",
  report: "report",
  sortHint: "Click a column header to sort.",
  generated: (when: string) => `Generated ${when} by dnnlab.`,
};
