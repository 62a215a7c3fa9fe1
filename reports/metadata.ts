/**
 * The student's part of the lab report: `report.md` next to their exercises (the release
 * ships `report.md.template`, which documents the format). Front matter (YAML between two
 * `---` lines) holds the header fields; the body holds two Markdown sections the student
 * writes:
 *
 *   ## 结论分析与体会 / Conclusions      free Markdown (paragraphs, lists, code, $math$)
 *   ## 问答 / Q&A                        one `### question` heading per question (1–3),
 *                                        the answer below it (lines "问：…" / "Q: …"
 *                                        with "答：…" below are understood too)
 *
 * A heading matches by either language ("结论…" or "Conclusions", "问答" or "Q&A"), so a
 * student may keep one of the two words. HTML comments (the template's instructions) are
 * dropped, so an untouched template counts as empty.
 *
 * Parsing never fails: every problem becomes a `MetadataIssue` (data; text in both
 * languages via `renderMetadataIssue`), a broken field is `null`, and the report still
 * renders with that field marked missing.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { YAMLParseError, parse as parseYaml } from "yaml";
import { z } from "zod";
import { type Lang, fill, stringsFor } from "../i18n/reports.ts";

export const REPORT_FILE = "report.md";

/** One schema per front-matter field, so a bad field is reported on its own and the others are kept. */
export const FIELD_SCHEMAS = {
  studentId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{4,32}$/, { message: "letters and digits only, 4 to 32 of them" })
    .describe("学号: the student ID, as the submission folder is named"),
  name: z.string().trim().min(1, { message: "empty" }).max(64, { message: "longer than 64 characters" }).describe("姓名"),
  class: z.string().trim().min(1, { message: "empty" }).max(64, { message: "longer than 64 characters" }).describe("班级"),
  email: z.email({ message: "not an email address" }).describe("Email"),
  date: z.iso.date({ message: "not a date written YYYY-MM-DD" }).optional().describe("日期 (optional; default: the submission date)"),
} as const;

export type FieldName = keyof typeof FIELD_SCHEMAS;
export const FIELDS = Object.keys(FIELD_SCHEMAS) as FieldName[];
const REQUIRED: readonly FieldName[] = ["studentId", "name", "class", "email"];

/** The whole front matter, for documentation and for tools that want all-or-nothing. */
export const FrontMatterSchema = z.strictObject(FIELD_SCHEMAS);
export type FrontMatter = z.infer<typeof FrontMatterSchema>;

export type SectionName = "conclusions" | "qa";
/** The headings the template uses (also what messages tell the student to write). */
export const SECTION_HEADINGS: Record<SectionName, string> = {
  conclusions: "## 结论分析与体会 / Conclusions",
  qa: "## 问答 / Q&A",
};

export type MetadataIssue =
  | { code: "no_file" }
  | { code: "no_front_matter" }
  | { code: "yaml_error"; line: number; detail: string }
  | { code: "not_a_mapping" }
  | { code: "missing"; field: FieldName }
  | { code: "invalid"; field: FieldName; value: string }
  | { code: "unknown_field"; key: string }
  | { code: "id_mismatch"; expected: string; got: string }
  | { code: "section_missing"; section: SectionName }
  | { code: "section_empty"; section: SectionName }
  | { code: "section_example"; section: SectionName }
  | { code: "unknown_section"; heading: string }
  | { code: "qa_format" }
  | { code: "too_many_questions"; count: number }
  | { code: "answer_missing"; n: number; question: string };

export interface QAItem {
  question: string;
  /** Markdown; empty when the student wrote no answer */
  answer: string;
}

export interface ReportMetadata {
  /** Each field's value, or null when it is missing or invalid (see `issues`). */
  fields: { studentId: string | null; name: string | null; class: string | null; email: string | null; date: string | null };
  /** Markdown of the conclusions section; empty when missing. */
  conclusions: string;
  qa: QAItem[];
  issues: MetadataIssue[];
}

/** Metadata with nothing filled in, and why (for a student without report.md). */
export function emptyMetadata(issue: MetadataIssue = { code: "no_file" }): ReportMetadata {
  return {
    fields: { studentId: null, name: null, class: null, email: null, date: null },
    conclusions: "",
    qa: [],
    issues: [issue],
  };
}

// ------------------------------------------------------------------ parsing

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Drop HTML comments (the template's instructions), keeping line count where they span lines. */
const stripComments = (s: string): string => s.replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ""));

function sectionOf(heading: string): SectionName | null {
  if (/结论|体会|conclusion/i.test(heading)) return "conclusions";
  if (/问答|Q\s*&\s*A|questions?/i.test(heading)) return "qa";
  return null;
}

/** Split Markdown into `level`-headings and their text, ignoring headings inside code fences. */
function splitByHeading(text: string, level: 2 | 3): { preamble: string; parts: { heading: string; body: string }[] } {
  const marker = "#".repeat(level);
  const lines = text.split(/\r?\n/);
  const parts: { heading: string; body: string[] }[] = [];
  const preamble: string[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1];
      else if (f[1][0] === fence[0] && f[1].length >= fence.length) fence = null;
    }
    const h = fence === null && !f ? new RegExp(`^${marker}(?!#)\\s*(.*?)\\s*#*\\s*$`).exec(line) : null;
    if (h) parts.push({ heading: h[1], body: [] });
    else (parts.length ? parts[parts.length - 1].body : preamble).push(line);
  }
  return { preamble: preamble.join("\n"), parts: parts.map((p) => ({ heading: p.heading, body: p.body.join("\n").trim() })) };
}

/** A question written as a line "问：…", "问题 2：…", "Q:", "Q1." (optionally bold or a list item). */
const QUESTION_LINE = /^\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*(?:问题?|Q)\s*\d*\s*[:：.、)）]\s*(.+?)\s*(?:\*\*|__)?\s*$/i;
/** The "答：" / "A:" that starts an answer written that way. */
const ANSWER_PREFIX = /^\s*(?:\*\*|__)?\s*(?:答|A)\s*[:：]\s*(?:\*\*|__)?\s*/i;

/** Questions written as "问：…" lines with their answers below ("答：…"), when there is no ### heading. */
function questionLines(body: string): QAItem[] {
  const items: { question: string; answer: string[] }[] = [];
  for (const line of body.split(/\r?\n/)) {
    const q = QUESTION_LINE.exec(line);
    if (q) items.push({ question: q[1].replace(/(\*\*|__)$/, "").trim(), answer: [] });
    else if (items.length) items[items.length - 1].answer.push(line);
  }
  return items.map((i) => ({ question: i.question, answer: i.answer.join("\n").trim().replace(ANSWER_PREFIX, "") }));
}

function parseQa(body: string, issues: MetadataIssue[]): QAItem[] {
  const { preamble, parts } = splitByHeading(body, 3);
  let qa: QAItem[] = parts.map((p) => ({ question: p.heading, answer: p.body }));
  if (qa.length === 0) qa = questionLines(preamble);
  if (qa.length === 0) {
    if (!preamble.trim()) {
      issues.push({ code: "section_empty", section: "qa" });
      return [];
    }
    // Text without any question marker: shown as it is, and the student told how to mark questions.
    issues.push({ code: "qa_format" });
    return [{ question: "", answer: preamble.trim() }];
  }
  if (qa.length > 3) issues.push({ code: "too_many_questions", count: qa.length });
  qa.forEach((item, i) => {
    if (!item.answer) issues.push({ code: "answer_missing", n: i + 1, question: item.question });
  });
  return qa;
}

function yamlValue(v: unknown): unknown {
  // Unquoted IDs are numbers to YAML; they are read as BigInt so long IDs keep every digit.
  if (typeof v === "bigint" || typeof v === "number") return String(v);
  return v;
}

function parseFields(yamlText: string, issues: MetadataIssue[]): ReportMetadata["fields"] {
  const fields: ReportMetadata["fields"] = { studentId: null, name: null, class: null, email: null, date: null };
  let data: unknown;
  try {
    data = parseYaml(yamlText, { intAsBigInt: true }) ?? {};
  } catch (err) {
    const line = err instanceof YAMLParseError && err.linePos ? err.linePos[0].line + 1 : 1;
    const detail = (err instanceof Error ? err.message : String(err)).split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    issues.push({ code: "yaml_error", line, detail });
    return fields;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    issues.push({ code: "not_a_mapping" });
    return fields;
  }
  const raw = data as Record<string, unknown>;
  // Keys are matched case-insensitively ("Email", "StudentID"): a capital letter is not worth a lost field.
  const byLower = new Map(Object.keys(raw).map((k) => [k.toLowerCase(), k]));
  for (const field of FIELDS) {
    const key = byLower.get(field.toLowerCase());
    const value = key === undefined ? undefined : yamlValue(raw[key]);
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
      if (REQUIRED.includes(field)) issues.push({ code: "missing", field });
      continue;
    }
    const parsed = FIELD_SCHEMAS[field].safeParse(typeof value === "string" ? value.trim() : value);
    if (parsed.success && parsed.data !== undefined) fields[field] = parsed.data;
    else if (!parsed.success) issues.push({ code: "invalid", field, value: typeof value === "string" ? value : JSON.stringify(value) ?? String(value) });
  }
  const known = new Set(FIELDS.map((f) => f.toLowerCase()));
  for (const key of Object.keys(raw)) if (!known.has(key.toLowerCase())) issues.push({ code: "unknown_field", key });
  return fields;
}

/** The template shipped to students (report.md.template), whose example text must be replaced. */
export const TEMPLATE_PATH = new URL("./report.md.template", import.meta.url);

let templateSections: { conclusions: string; qa: string } | undefined;
/** The template's example text per section, normalised (read once). */
function templateExamples(): { conclusions: string; qa: string } {
  if (!templateSections) {
    const t = parseReportMetadata(readFileSync(TEMPLATE_PATH, "utf8"), { template: { conclusions: "", qa: "" } });
    templateSections = { conclusions: normalise(t.conclusions), qa: normalise(t.qa.map((q) => q.question + q.answer).join("")) };
  }
  return templateSections;
}
const normalise = (s: string): string => s.replace(/\s+/g, "");

/**
 * Parse the text of report.md. `student` (the submission's ID, its folder name) is compared
 * with the studentId field. Never throws.
 */
export function parseReportMetadata(
  text: string,
  opts: { student?: string; /** the template's example text (default: read from report.md.template) */ template?: { conclusions: string; qa: string } } = {},
): ReportMetadata {
  const issues: MetadataIssue[] = [];
  const m = FRONT_MATTER.exec(text);
  let fields: ReportMetadata["fields"];
  let body: string;
  if (!m) {
    issues.push({ code: "no_front_matter" });
    fields = { studentId: null, name: null, class: null, email: null, date: null };
    body = text;
  } else {
    fields = parseFields(m[1], issues);
    body = text.slice(m[0].length);
  }
  if (opts.student !== undefined && fields.studentId !== null && fields.studentId !== opts.student) {
    issues.push({ code: "id_mismatch", expected: opts.student, got: fields.studentId });
  }

  const { parts } = splitByHeading(stripComments(body), 2);
  let conclusions = "";
  let qa: QAItem[] = [];
  const seen = new Set<SectionName>();
  for (const part of parts) {
    const section = sectionOf(part.heading);
    if (section === null) {
      issues.push({ code: "unknown_section", heading: `## ${part.heading}` });
      continue;
    }
    if (seen.has(section)) {
      // A second heading of the same section continues it.
      if (section === "conclusions") conclusions = [conclusions, part.body].filter(Boolean).join("\n\n");
      continue;
    }
    seen.add(section);
    if (section === "conclusions") {
      conclusions = part.body;
      if (!conclusions) issues.push({ code: "section_empty", section });
    } else qa = parseQa(part.body, issues);
  }
  for (const section of ["conclusions", "qa"] as const) if (!seen.has(section)) issues.push({ code: "section_missing", section });
  const examples = opts.template ?? templateExamples();
  if (examples.conclusions && normalise(conclusions) === examples.conclusions) issues.push({ code: "section_example", section: "conclusions" });
  if (examples.qa && qa.length && normalise(qa.map((q) => q.question + q.answer).join("")) === examples.qa) {
    issues.push({ code: "section_example", section: "qa" });
  }
  return { fields, conclusions, qa, issues };
}

/** Read `<dir>/report.md` (or the file itself); a missing file gives metadata with a `no_file` issue. */
export async function readReportMetadata(path: string, opts: { student?: string } = {}): Promise<ReportMetadata> {
  const file = path.endsWith(".md") ? path : `${path.replace(/\/+$/, "")}/${REPORT_FILE}`;
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "ENOTDIR") return emptyMetadata();
    throw err;
  }
  return parseReportMetadata(text, opts);
}

// ------------------------------------------------------------------ messages

/** One sentence: what is wrong in report.md, where, and how to fix it. */
export function renderMetadataIssue(issue: MetadataIssue, lang: Lang): string {
  const t = stringsFor(lang).metadata;
  const msg = t.issues[issue.code];
  switch (issue.code) {
    case "no_file":
    case "no_front_matter":
    case "not_a_mapping":
    case "qa_format":
      return msg;
    case "yaml_error":
      return fill(msg, { line: issue.line, detail: issue.detail });
    case "missing":
      return fill(msg, { field: t.fields[issue.field].label, hint: t.fields[issue.field].hint });
    case "invalid":
      return fill(msg, { field: t.fields[issue.field].label, hint: t.fields[issue.field].hint, value: issue.value });
    case "unknown_field":
      return fill(msg, { key: issue.key });
    case "id_mismatch":
      return fill(msg, { expected: issue.expected, got: issue.got });
    case "section_missing":
    case "section_empty":
    case "section_example":
      return fill(msg, { section: t.sections[issue.section], heading: SECTION_HEADINGS[issue.section] });
    case "unknown_section":
      return fill(msg, { heading: issue.heading });
    case "too_many_questions":
      return fill(msg, { count: issue.count });
    case "answer_missing":
      return fill(msg, { n: issue.n, question: issue.question });
    default: {
      const unhandled: never = issue;
      return unhandled;
    }
  }
}

/** Which header fields are missing or invalid, for marking them in the report. */
export function fieldProblem(meta: ReportMetadata, field: FieldName): "missing" | "invalid" | null {
  for (const i of meta.issues) {
    if (i.code === "invalid" && i.field === field) return "invalid";
    if (i.code === "missing" && i.field === field) return "missing";
  }
  if (meta.fields[field] === null && field !== "date") return "missing";
  return null;
}
