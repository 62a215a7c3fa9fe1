/**
 * Everything a report shows, decided here and nowhere else: result + lab + the student's
 * metadata + experiment results (and their rendered plots) + environment → a plain object
 * the templates only loop over and print. Pure: no files, no clock (the caller passes the
 * time), no rendering besides KaTeX and the small Markdown of student text, both pure.
 *
 * Texts that may hold `code` come as `Rich` ({ text, html }): the Markdown template prints
 * `text`, the HTML template prints `html` (already escaped).
 */
import type { ExperimentResult } from "../experiments/run.ts";
import { type ExperimentName, EXPERIMENTS, EXPERIMENT_SPECS } from "../experiments/runs.ts";
import { type Match, MATCH_SYMBOL, matchRow } from "../experiments/format.ts";
import { caseText } from "../i18n/case-text.ts";
import { messagesFor, renderCaseFeedback, renderLate } from "../grader/feedback/feedback.ts";
import { renderNote } from "../grader/feedback/notes.ts";
import type { Lab } from "../grader/labs/lab.ts";
import type { CaseResult, SubmissionResult } from "../grader/result/result.ts";
import { formatPoints, passed, scoreSheet } from "../grader/result/scores.ts";
import { FORMULAS, FORMULA_IDS, type FormulaId } from "./formulas.ts";
import { type Lang, type Strings, fill, stringsFor } from "../i18n/reports.ts";
import { renderTex } from "./katex.ts";
import { type FieldName, type ReportMetadata, fieldProblem, renderMetadataIssue } from "./metadata.ts";
import type { ExperimentPlots, PlotWords } from "./plots.ts";
import { codeSpansHtml, dedent, demoteHeadings, fenceFor, inlineHtml, markdownToHtml } from "./student-text.ts";

/** Where the report was made; filled by `collectEnvironment()` (report.ts). */
export interface ReportEnv {
  node: string;
  os: string;
  cpu: string;
  memory: string;
  dnnlab: string;
  /** when the report was generated (ISO 8601) */
  generatedAt: string;
}

export interface ViewModelInput {
  result: SubmissionResult;
  lab: Lab;
  metadata: ReportMetadata;
  /** experiment results by name; a missing one is shown as "not run" */
  experiments: Partial<Record<ExperimentName, ExperimentResult>>;
  /** the experiments' plots, rendered once per student (plots.ts) */
  plots: Partial<Record<ExperimentName, ExperimentPlots>>;
  env: ReportEnv;
  lang: Lang;
}

export interface Rich {
  text: string;
  html: string;
}

export interface HeaderCell {
  label: string;
  value: string;
  /** "missing"/"invalid" in the report's language, or null when the value is fine */
  problem: string | null;
}

export interface CaseView {
  description: string;
  fn: string;
  points: string;
  /** "pass" | "partial" | "fail", for styling */
  status: "pass" | "partial" | "fail";
  statusText: string;
  hidden: boolean;
  /** the issue and hint; null when the case earned its points */
  feedback: Rich | null;
}

export interface RegionView {
  fn: string;
  /** "1/3" when the function has several marked regions, else "" */
  part: string;
  status: string;
  /** "ok" when written and compiling, else "problem" (styling) */
  tone: "ok" | "problem";
  code: string;
  empty: boolean;
  /** a Markdown fence longer than any backtick run in the code */
  fence: string;
}

export interface QuestionView {
  id: string;
  heading: string;
  score: string;
  cases: CaseView[];
  /** the cases that have feedback (Markdown lists them under the table) */
  feedback: CaseView[];
  regions: RegionView[];
  notes: Rich[];
}

export interface FigureView {
  caption: string;
  /** the SVG, for HTML */
  svg: string;
  /** the SVG file, relative to the Markdown report */
  href: string;
}

export interface ExperimentRowView {
  label: string;
  train: string;
  test: string;
  refTrain: string;
  refTest: string;
  match: string;
  seconds: string;
  skipped: boolean;
}

export interface ExperimentView {
  name: ExperimentName;
  title: string;
  available: boolean;
  notRun: Rich;
  /** the reference is the notebook's own numbers (exact) or only its pattern */
  exact: boolean;
  /** the dataset has a test set (Optimization's has none: no test columns) */
  hasTest: boolean;
  rows: ExperimentRowView[];
  legend: string;
  note: string;
  skipped: { label: string; reason: string }[];
  checks: { mark: string; text: string }[];
  cost: FigureView | null;
  boundaries: FigureView[];
  boundaryIntro: string;
}

export interface PrincipleView {
  id: FormulaId;
  title: string;
  text: string;
  formulas: { tex: string; html: string }[];
}

export interface ReportView {
  lang: Lang;
  htmlLang: string;
  /** the words of the report's language, for headings the templates print as they are */
  t: Strings;
  docTitle: string;
  labTitle: string;
  labId: string;
  header: { rows: { cells: HeaderCell[] }[] };
  problems: string[];
  score: {
    total: string;
    beforePenalty: string | null;
    late: string | null;
    failure: string | null;
    questions: { name: string; score: string }[];
  };
  /** the lab's purposes, for a lab without its own template */
  genericPurpose: string[];
  environment: { label: string; value: string }[];
  principles: Record<FormulaId, PrincipleView>;
  /** the principles of the lab's assignments, in course order (for a lab without its own template) */
  principleList: PrincipleView[];
  steps: QuestionView[];
  resultsIntro: Rich;
  experiments: ExperimentView[];
  conclusions: { present: boolean; html: string; markdown: string; missing: Rich };
  qa: {
    present: boolean;
    items: { heading: string; question: string; questionHtml: string; answerHtml: string; answerMarkdown: string; hasAnswer: boolean }[];
    missing: Rich;
  };
  generated: string;
}

// ------------------------------------------------------------------ small formatting decisions

const rich = (text: string): Rich => ({ text, html: codeSpansHtml(text) });

/** An accuracy as a percentage with at most 2 decimals: 0.99333 → "99.33%", 0.5 → "50%". */
export function percent(x: number | null): string | null {
  if (x === null || !Number.isFinite(x)) return null;
  return `${Number((x * 100).toFixed(2))}%`;
}

/** The date of an ISO time in the lab's time zone (the deadline's offset): "2026-12-10". */
export function dateIn(iso: string, deadline: string): string {
  const offset = /([+-])(\d\d):(\d\d)$/.exec(deadline);
  const minutes = offset ? (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const shifted = new Date(new Date(iso).getTime() + minutes * 60_000);
  return shifted.toISOString().slice(0, 10);
}

/** Which principles belong to which assignment, in the course's order. */
export const ASSIGNMENT_PRINCIPLES: Record<string, readonly FormulaId[]> = {
  initialization: ["symmetry", "he"],
  "gradient-checking": ["twoSided", "relativeDifference"],
  optimization: ["miniBatch", "momentum", "adam", "lrDecay"],
  regularization: ["l2", "dropout"],
};

/** The experiments a lab's questions train (initialization, optimization, regularization), plus any given ones. */
export function experimentsOf(lab: Lab, given: Iterable<string> = []): ExperimentName[] {
  const wanted = new Set<string>([...lab.questions.map((q) => q.assignment), ...given]);
  return EXPERIMENTS.filter((e) => wanted.has(e));
}

// ------------------------------------------------------------------ parts

function headerView(input: ViewModelInput, t: Strings): ReportView["header"] {
  const { metadata: meta, result, lab } = input;
  const mark = (field: FieldName): string | null => {
    const p = fieldProblem(meta, field);
    return p === null ? null : t.header[p];
  };
  const date = meta.fields.date ?? dateIn(result.submittedAt ?? result.gradedAt, lab.deadline);
  const cell = (field: FieldName, label: string, value: string | null): HeaderCell => ({ label, value: value ?? "", problem: mark(field) });
  return {
    rows: [
      {
        cells: [
          { label: t.header.title, value: lab.title[input.lang], problem: null },
          // The submission is filed under the student's ID, so the ID is known even when report.md lacks it.
          cell("studentId", t.header.studentId, meta.fields.studentId ?? result.student),
        ],
      },
      { cells: [{ label: t.header.date, value: date, problem: null }, cell("class", t.header.class, meta.fields.class)] },
      { cells: [cell("name", t.header.name, meta.fields.name), cell("email", t.header.email, meta.fields.email)] },
    ],
  };
}

function scoreView(input: ViewModelInput, t: Strings): ReportView["score"] {
  const { result, lab, lang } = input;
  const sheet = scoreSheet(result, lab);
  const m = messagesFor(lang);
  return {
    total: `${formatPoints(sheet.final)} / ${formatPoints(sheet.possible)}`,
    beforePenalty: sheet.penalty > 0 ? fill(t.score.beforePenalty, { raw: formatPoints(sheet.raw) }) : null,
    late: renderLate(result, sheet, lang) ?? null,
    failure: result.failure ? m.failure(result.failure) : null,
    questions: sheet.questions.map((q) => ({
      name: q.title[lang] === q.id ? q.id : `${q.id} ${q.title[lang]}`,
      score: `${formatPoints(q.earned)} / ${formatPoints(q.possible)}`,
    })),
  };
}

function environmentView(env: ReportEnv, t: Strings): ReportView["environment"] {
  const e = t.environment;
  const or = (v: string): string => v || e.unknown;
  return [
    { label: e.os, value: or(env.os) },
    { label: e.cpu, value: or(env.cpu) },
    { label: e.memory, value: or(env.memory) },
    { label: e.node, value: or(env.node) },
    { label: e.language, value: e.languageValue },
    { label: e.dnnlab, value: or(env.dnnlab) },
  ];
}

function principlesView(t: Strings): Record<FormulaId, PrincipleView> {
  const out = {} as Record<FormulaId, PrincipleView>;
  for (const id of FORMULA_IDS) {
    out[id] = {
      id,
      title: t.principles[id].title,
      text: t.principles[id].text,
      formulas: FORMULAS[id].map((tex) => ({ tex, html: renderTex(tex, true) })),
    };
  }
  return out;
}

/**
 * The feedback of each case, with the same sentence said once: consecutive cases of a function
 * that is not written yet get one sentence after the last of them, without hints (an untouched
 * stub would otherwise repeat the paragraph under every test). Other feedback is per case.
 */
export function groupedFeedback(cases: readonly CaseResult[], lang: Lang, t: Strings): string[] {
  const out = cases.map((c) => renderCaseFeedback(c, lang));
  const unwritten = (c: CaseResult | undefined, fn: string): boolean => c !== undefined && !passed(c) && c.issue?.code === "not_written" && c.fn === fn;
  for (let i = 0; i < cases.length; ) {
    let j = i + 1;
    while (unwritten(cases[i], cases[i].fn) && unwritten(cases[j], cases[i].fn)) j++;
    if (j - i > 1) {
      for (let k = i; k < j; k++) out[k] = "";
      out[j - 1] = fill(t.steps.notWrittenGroup, { fn: cases[i].fn, n: String(j - i) });
    }
    i = j;
  }
  return out;
}

function stepsView(input: ViewModelInput, t: Strings): QuestionView[] {
  const { result, lab, lang } = input;
  const sheet = scoreSheet(result, lab);
  return sheet.questions.map((q) => {
    const question = lab.questions.find((x) => x.id === q.id);
    const feedbackOf = groupedFeedback(q.cases, lang, t);
    const cases: CaseView[] = q.cases.map((c, i) => {
      const status = passed(c) ? "pass" : c.earned > 0 ? "partial" : "fail";
      const text = feedbackOf[i];
      return {
        description: caseText(c, lang).description,
        fn: c.fn,
        points: `${formatPoints(c.earned)} / ${formatPoints(c.points)}`,
        status,
        statusText: status === "pass" ? t.steps.passed : status === "partial" ? t.steps.partial : t.steps.failed,
        hidden: c.hidden,
        feedback: text ? rich(text) : null,
      };
    });
    const file = question?.file;
    // Two questions may share a file (Regularization: L2 and dropout): a region goes to the
    // question whose tests call its function; a region no test calls, to the file's first question.
    const fnsOf = (id: string): Set<string> => new Set(result.cases.filter((c) => c.question === id).map((c) => c.fn));
    const sharing = lab.questions.filter((x) => x.file === file);
    const mine = fnsOf(q.id);
    const anyones = new Set(sharing.flatMap((x) => [...fnsOf(x.id)]));
    const first = sharing[0]?.id === q.id;
    const ofFile = result.regions.filter((r) => r.file === file && (mine.has(r.fn) || (first && !anyones.has(r.fn))));
    const regions: RegionView[] = ofFile.map((r) => {
      const code = dedent(r.code);
      const same = ofFile.filter((x) => x.fn === r.fn);
      return {
        fn: r.fn,
        part: same.length > 1 ? `${same.indexOf(r) + 1}/${same.length}` : "",
        status: t.steps.region[r.status],
        tone: r.status === "spliced" ? "ok" : "problem",
        code: code || t.steps.noCode,
        empty: !code,
        fence: fenceFor(code),
      };
    });
    return {
      id: q.id,
      heading: q.title[lang] === q.id ? q.id : `${q.id} ${q.title[lang]}`,
      score: `${formatPoints(q.earned)} / ${formatPoints(q.possible)}`,
      cases,
      feedback: cases.filter((c) => c.feedback !== null),
      regions,
      notes: result.notes.filter((n) => n.file === file).map((n) => rich(renderNote(n, lang))),
    };
  });
}

/** Relative path of a plot file next to the Markdown report (report.ts writes them there). */
export const plotHref = (experiment: ExperimentName, name: string): string => `plots/${experiment}-${name}.svg`;
/** A cost plot has words (axes, the runs' names), so one file per language; boundary plots have none. */
export const costPlotName = (lang: Lang): string => `cost-${lang}`;

/** The words of an experiment's cost plot in `lang` (i18n/<lang>/reports.json). */
export function plotWords(lang: Lang, experiment: ExperimentName): PlotWords {
  const t = stringsFor(lang);
  return { ...t.plots, labels: t.experiments[experiment].labels };
}

function experimentView(name: ExperimentName, input: ViewModelInput, t: Strings): ExperimentView {
  const spec = EXPERIMENT_SPECS[name];
  const result = input.experiments[name];
  const plots = input.plots[name];
  const words = t.experiments[name];
  const exact = spec.referenceKind === "exact";
  const na = t.results.na;
  const base = {
    name,
    title: words.title,
    notRun: rich(fill(t.results.notRun, { name })),
    exact,
    hasTest: spec.hasTest,
    legend: exact ? t.results.legendExact : "",
    note: words.note,
    boundaryIntro: t.results.boundaryFigure,
  };
  if (!result) return { ...base, available: false, rows: [], skipped: [], checks: [], cost: null, boundaries: [] };

  // A run's label in the report's language (the run stores the English one).
  const labels: Readonly<Record<string, string>> = words.labels;
  const labelOf = (run: string): string => labels[run] ?? result.rows.find((r) => r.run === run)?.label ?? spec.runs.find((r) => r.id === run)?.label ?? run;
  /** Why a run did not finish: "<fn> is not written yet" (a stub's own error) in the report's language, else as the run recorded it. */
  const why = (reason: string): string => {
    const m = /^(\w+) is not written yet\b/.exec(reason);
    return m ? fill(t.results.notWritten, { fn: m[1]! }) : reason;
  };
  const rows = result.rows.map((r) => {
    const match: Match | null = exact ? matchRow(r) : null;
    return {
      label: labelOf(r.run),
      train: r.skipped ? "—" : (percent(r.train) ?? na),
      test: r.skipped ? "—" : (percent(r.test) ?? na),
      refTrain: percent(r.reference.train) ?? na,
      refTest: percent(r.reference.test) ?? na,
      match: r.skipped ? t.results.skipped : match === null ? "—" : MATCH_SYMBOL[match],
      seconds: r.seconds.toFixed(1),
      skipped: Boolean(r.skipped),
    };
  });
  const translated = "checks" in words && words.checks.length === result.checks.length ? words.checks : null;
  const checks = result.checks.map((c, i) => ({
    mark: c.ok === null ? "?" : c.ok ? "✓" : "✗",
    text: (translated?.[i] ?? c.description) + (c.ok === null ? ` (${t.results.checkUndecided})` : ""),
  }));
  const curve = result.curves[0];
  const costCaption = curve ? fill(t.results.costFigure, { every: curve.every, unit: t.results.units[curve.unit] }) : "";
  const accuracy = (run: string): string => {
    const row = result.rows.find((r) => r.run === run);
    if (!row) return "";
    const parts = [`${t.results.train} ${percent(row.train) ?? na}`];
    if (row.test !== null) parts.push(`${t.results.test} ${percent(row.test) ?? na}`);
    return ` — ${parts.join(t.results.separator)}`;
  };
  return {
    ...base,
    available: true,
    rows,
    skipped: result.rows.filter((r) => r.skipped).map((r) => ({ label: labelOf(r.run), reason: why(r.skipped!) })),
    checks,
    cost: plots?.cost ? { caption: costCaption, svg: plots.cost, href: plotHref(name, costPlotName(input.lang)) } : null,
    boundaries: (plots?.boundaries ?? []).map((b) => ({ caption: `${labelOf(b.run)}${accuracy(b.run)}`, svg: b.svg, href: plotHref(name, b.run) })),
  };
}

// ------------------------------------------------------------------ the view model

export function buildViewModel(input: ViewModelInput): ReportView {
  const { lab, lang, metadata: meta, env } = input;
  const t = stringsFor(lang);
  const principles = principlesView(t);
  const assignments = [...new Set(lab.questions.map((q) => q.assignment))];
  const conclusions = demoteHeadings(meta.conclusions);
  return {
    lang,
    htmlLang: t.htmlLang,
    t,
    docTitle: `${t.document.kind} — ${lab.title[lang]} — ${meta.fields.name ?? input.result.student}`,
    labTitle: lab.title[lang],
    labId: lab.id,
    header: headerView(input, t),
    problems: meta.issues.map((i) => renderMetadataIssue(i, lang)),
    score: scoreView(input, t),
    genericPurpose: t.generic.purpose.map((p) => fill(p, { questions: lab.questions.map((q) => q.title[lang]).join(lang === "zh" ? "、" : ", ") })),
    environment: environmentView(env, t),
    principles,
    principleList: Object.entries(ASSIGNMENT_PRINCIPLES)
      .filter(([a]) => assignments.includes(a as (typeof assignments)[number]))
      .flatMap(([, ids]) => ids.map((id) => principles[id])),
    steps: stepsView(input, t),
    resultsIntro: rich(t.results.intro),
    experiments: experimentsOf(lab, Object.keys(input.experiments)).map((name) => experimentView(name, input, t)),
    conclusions: {
      present: meta.conclusions.trim() !== "",
      html: markdownToHtml(meta.conclusions),
      markdown: conclusions,
      missing: rich(t.conclusions.missing),
    },
    qa: {
      present: meta.qa.length > 0,
      items: meta.qa.map((q, i) => ({
        heading: fill(t.conclusions.question, { n: i + 1 }),
        question: q.question,
        questionHtml: inlineHtml(q.question),
        answerHtml: q.answer ? markdownToHtml(q.answer) : "",
        answerMarkdown: demoteHeadings(q.answer),
        hasAnswer: q.answer.trim() !== "",
      })),
      missing: rich(t.conclusions.qaMissing),
    },
    generated: fill(t.document.generated, { version: env.dnnlab, date: dateIn(env.generatedAt, lab.deadline) }),
  };
}
