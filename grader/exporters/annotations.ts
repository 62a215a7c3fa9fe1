/**
 * GitHub Actions annotations for a student's check: one `::error` workflow command per
 * function that lost points, placed at its line in the student's file, so the failing
 * function is marked in the pull request / commit view ("Workflow commands for GitHub
 * Actions": `::error file={name},line={line},title={title}::{message}`).
 *
 * Where: a compiler error charged to the function: its line in the student's file (the
 * compile note holds it); else a marker problem: the marker's line; else the
 * START marker of the function's first region in the student's file; else line 1.
 *
 * GitHub shows at most 10 error annotations per step: past `max`, the last annotation
 * lists the functions left out. Pure: the caller prints the commands.
 */
import { caseText } from "../../i18n/case-text.ts";
import type { Checked } from "../pipeline/check-folder.ts";
import { messagesFor, renderCaseFeedback } from "../feedback/feedback.ts";
import { renderNote } from "../feedback/notes.ts";
import type { Lab } from "../labs/lab.ts";
import { type Lang, type Region, TOP_LEVEL, parseRegions } from "../splice/markers.ts";
import type { CaseResult, SubmissionResult } from "../result/result.ts";
import { formatPoints, passed } from "../result/scores.ts";

export interface Annotation {
  level: "error" | "warning" | "notice";
  /** path from the repository root, with forward slashes; absent for a job-level annotation */
  file?: string;
  line?: number;
  title: string;
  message: string;
}

/** What the annotator needs to know about the student's files. */
export interface StudentFiles {
  /** the annotation path of an exercise file, e.g. "exercises/initialization.ts" */
  path: (file: string) => string;
  /** the student's text of the file, or null when it is missing */
  read: (file: string) => string | null;
}

/** GitHub's escaping of a command's message: %, CR and LF. */
const escapeData = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
/** ...and of a property value: also ":" and ",". */
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** The workflow command for one annotation, one line. */
export function workflowCommand(a: Annotation): string {
  const props = [
    ...(a.file !== undefined ? [`file=${escapeProperty(a.file)}`] : []),
    ...(a.line !== undefined ? [`line=${a.line}`] : []),
    `title=${escapeProperty(a.title)}`,
  ];
  return `::${a.level} ${props.join(",")}::${escapeData(a.message)}`;
}

function regionsOf(text: string | null, file: string): Region[] {
  return text === null ? [] : parseRegions(text, file).regions;
}

/** The 1-based line of `fn`'s first START marker in the student's file, if it has one. */
export function startLineOf(text: string | null, file: string, fn: string): number | undefined {
  const first = regionsOf(text, file)
    .filter((r) => r.fn === fn)
    .sort((a, b) => a.index - b.index)[0];
  return first?.startLine;
}

function lineFor(r: SubmissionResult, files: StudentFiles, file: string, fn: string): number {
  const compile = r.notes.find((n) => n.kind === "compile" && n.file === file && n.fn === fn && n.line !== undefined);
  // A compile note's line is already the student's (grader/pipeline/steps/causes.ts studentLine).
  if (compile) return compile.line!;
  const marker = r.notes.find((n) => n.kind === "marker" && n.file === file && n.fn === fn && n.line !== undefined);
  if (marker) return marker.line!;
  return startLineOf(files.read(file), file, fn) ?? 1;
}

interface FailingFunction {
  file: string;
  fn: string;
  line: number;
  question: string;
  cases: CaseResult[];
}

function failingFunctions(c: Checked, files: StudentFiles): FailingFunction[] {
  const out: FailingFunction[] = [];
  for (const q of c.lab.questions) {
    const byFn = new Map<string, CaseResult[]>();
    for (const k of c.result.cases) {
      if (k.question !== q.id || passed(k)) continue;
      byFn.set(k.fn, [...(byFn.get(k.fn) ?? []), k]);
    }
    for (const [fn, cases] of byFn) out.push({ file: q.file, fn, line: lineFor(c.result, files, q.file, fn), question: q.id, cases });
  }
  return out;
}

const NEVER_RAN: ReadonlySet<string> = new Set(["not_written", "does_not_compile", "file_missing", "marker_error"]);

function functionAnnotation(f: FailingFunction, lab: Lab, files: StudentFiles, lang: Lang): Annotation {
  const lost = f.cases.reduce((s, k) => s + k.points - k.earned, 0);
  const q = lab.questions.find((x) => x.id === f.question);
  // A function that never ran ("not written yet", a compiler error, a missing file, broken
  // markers) says the same for every case: in full once, then the cases by name.
  const lines = f.cases.map((k, i) => {
    const head = `✗ ${caseText(k, lang).description} (${formatPoints(k.earned)} / ${formatPoints(k.points)})`;
    return i > 0 && k.issue !== undefined && NEVER_RAN.has(k.issue.code) ? head : messagesFor(lang).labels.annotation.caseLine(head, renderCaseFeedback(k, lang).split("\n")[0]!);
  });
  return {
    level: "error",
    file: files.path(f.file),
    line: f.line,
    title: messagesFor(lang).labels.annotation.lostPoints(f.fn, formatPoints(lost), `${lab.id} ${f.question}${q ? ` ${q.title[lang]}` : ""}`),
    message: lines.join("\n"),
  };
}

/**
 * The annotations of a check: failures that stopped grading, whole-file compiler errors,
 * then one per function that lost points, in the labs' question order.
 */
export function checkAnnotations(checked: readonly Checked[], files: StudentFiles, opts: { lang?: Lang; max?: number } = {}): Annotation[] {
  const lang = opts.lang ?? "en";
  const t = messagesFor(lang);
  const A = t.labels.annotation;
  const max = opts.max ?? 10;
  const all: Annotation[] = [];
  for (const c of checked) {
    if (c.result.failure) {
      all.push({ level: "error", title: A.notChecked(c.lab.id), message: t.failure(c.result.failure) });
      continue;
    }
    for (const n of c.result.notes) {
      if (n.kind !== "compile" || (n.fn !== undefined && n.fn !== TOP_LEVEL)) continue;
      all.push({ level: "error", file: files.path(n.file), ...(n.line !== undefined ? { line: n.line } : {}), title: A.doesNotCompile(n.file), message: renderNote(n, lang) });
    }
    for (const f of failingFunctions(c, files)) all.push(functionAnnotation(f, c.lab, files, lang));
  }
  if (all.length <= max) return all;
  const kept = all.slice(0, max - 1);
  const rest = all.slice(max - 1);
  const names = rest.map((a) => a.title.split(/[:：]/)[0]!);
  kept.push({ level: "error", title: A.more(rest.length), message: A.seeSummary(names) });
  return kept;
}
