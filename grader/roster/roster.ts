/**
 * The class roster: who is in the class, by the same id their submission folder has.
 *
 *   id,name,email,section
 *   s2026001,林悦,lin.yue@example.edu,智能 24-1
 *
 * A CSV with a header row (columns in any order, case-insensitive; `section` optional,
 * other columns ignored), UTF-8 with or without a byte order mark, RFC 4180 quoting. Each
 * row is validated with zod; every bad row is reported with its line number, all at once,
 * so a teacher fixes the file in one go. Pure: text in, roster or RosterError out.
 */
import { parse } from "csv-parse/sync";
import { z } from "zod";

export const RosterEntrySchema = z.strictObject({
  id: z
    .string()
    .trim()
    .min(1, "the id is empty")
    .max(128, "the id is longer than 128 characters")
    .regex(/^[\p{L}\p{N}._-]+$/u, "the id may hold only letters, digits, '.', '_' and '-' (it names the submission folder)"),
  name: z.string().trim().min(1, "the name is empty").max(200, "the name is longer than 200 characters"),
  email: z.string().trim().pipe(z.email("not an email address")),
  section: z.string().trim().max(200, "the section is longer than 200 characters").default(""),
});
export type RosterEntry = z.infer<typeof RosterEntrySchema>;

export class RosterError extends Error {
  constructor(
    readonly source: string,
    readonly problems: { line: number; message: string }[],
  ) {
    super(`${source}: ${problems.length === 1 ? "" : `${problems.length} problems:\n  `}${problems.map((p) => `line ${p.line}: ${p.message}`).join("\n  ")}`);
    this.name = "RosterError";
  }
}

/**
 * Records of a CSV text with the line each starts on (RFC 4180: quoted fields may hold commas,
 * quotes and newlines), parsed by csv-parse. Blank lines are skipped; a broken quote throws.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const rows = parse(text, { relax_column_count: true, skip_empty_lines: true, record_delimiter: ["\r\n", "\n", "\r"], info: true }) as unknown as { record: string[]; info: { lines: number; empty_lines: number } }[];
  let lastLine = 0;
  let lastEmpty = 0;
  return rows.map(({ record, info }) => {
    // info.lines is the line the record ends on; it starts after the previous one and the blank lines between.
    const line = lastLine + 1 + (info.empty_lines - lastEmpty);
    lastLine = info.lines;
    lastEmpty = info.empty_lines;
    return { line, fields: record };
  });
}

const COLUMNS = ["id", "name", "email", "section"] as const;
/** A roster bigger than this is refused (a wrong file, not a class). */
const MAX_ROWS = 100_000;

export function parseRoster(text: string, source = "roster"): RosterEntry[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, ""));
  if (rows.length === 0) throw new RosterError(source, [{ line: 1, message: "the file is empty; expected a header row id,name,email,section" }]);
  if (rows.length > MAX_ROWS + 1) throw new RosterError(source, [{ line: MAX_ROWS + 2, message: `more than ${MAX_ROWS} students` }]);
  const header = rows[0].fields.map((h) => h.trim().toLowerCase());
  const missing = COLUMNS.filter((c) => c !== "section" && !header.includes(c));
  if (missing.length) {
    throw new RosterError(source, [{ line: rows[0].line, message: `the header lacks the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; expected id,name,email,section (section optional)` }]);
  }
  const problems: { line: number; message: string }[] = [];
  const entries: RosterEntry[] = [];
  const seen = new Map<string, number>();
  for (const row of rows.slice(1)) {
    const record = Object.fromEntries(COLUMNS.filter((c) => header.includes(c)).map((c) => [c, row.fields[header.indexOf(c)] ?? ""]));
    const parsed = RosterEntrySchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ line: row.line, message: `${issue.path.join(".") || "row"}: ${issue.message}` });
      continue;
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) {
      problems.push({ line: row.line, message: `id ${parsed.data.id} is already on line ${first}` });
      continue;
    }
    seen.set(parsed.data.id, row.line);
    entries.push(parsed.data);
  }
  if (problems.length) throw new RosterError(source, problems);
  return entries;
}

/** Students of the roster with no result: they did not hand anything in. */
export const missingStudents = (roster: readonly RosterEntry[], graded: readonly string[]): RosterEntry[] => {
  const have = new Set(graded);
  return roster.filter((e) => !have.has(e.id));
};
