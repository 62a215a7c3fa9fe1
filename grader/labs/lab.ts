/**
 * Lab configuration: which questions a lab has, which tests grade each question and
 * with how many points, the deadline and the late policy. One zod schema, each key
 * with a type, a default and a description (otter's config idea), so `--help` and the
 * docs can print it. Points are resolved once, here, and a bad spec is refused with a
 * message naming it.
 */
import { z } from "zod";
import { ASSIGNMENTS } from "../cases/schema.ts";

const Localized = z.strictObject({ en: z.string(), zh: z.string() });

export const TestRefSchema = z.strictObject({
  kind: z.enum(["fixture", "property"]).describe("a fixture case (fixtures/<assignment>.json) or a property (grader/judge/properties/)"),
  id: z.string().describe("the fixture case id or property id"),
  points: z.number().positive().describe("points this test is worth; fractional credit is possible"),
});
export type TestRef = z.infer<typeof TestRefSchema>;

export const QuestionSchema = z.strictObject({
  id: z.string().describe('question id as the gradebook column, e.g. "Q1"'),
  title: Localized,
  assignment: z.enum(ASSIGNMENTS),
  file: z.string().regex(/^[a-z-]+\.ts$/).describe("the exercise file the student edits, e.g. initialization.ts"),
  points: z.number().positive().describe("the question's total; its tests' points must add up to it"),
  tests: z.array(TestRefSchema).min(1),
});
export type Question = z.infer<typeof QuestionSchema>;

export const LatePolicySchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("none").describe("no penalty, whenever it is submitted") }),
    z.strictObject({
      kind: z.literal("per-day"),
      graceMinutes: z.number().nonnegative().default(0).describe("minutes after the deadline that are not late"),
      percentPerDay: z.number().positive().describe("percent of the earned score lost per started day late"),
      maxPercent: z.number().min(0).max(100).default(100).describe("the penalty never exceeds this percent"),
    }),
    z.strictObject({
      kind: z.literal("cutoff"),
      graceMinutes: z.number().nonnegative().default(0),
      percent: z.number().min(0).max(100).describe("percent lost by any late submission (100: late work scores 0)"),
    }),
  ])
  .describe("how lateness reduces a score; a pure function of submission time and deadline");
export type LatePolicy = z.infer<typeof LatePolicySchema>;

export const LabSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/).describe('lab id, e.g. "hw2-1"'),
  title: Localized,
  deadline: z.iso.datetime({ offset: true }).describe("ISO 8601 with offset, e.g. 2026-12-01T23:59:00+08:00"),
  latePolicy: LatePolicySchema,
  questions: z.array(QuestionSchema).min(1),
});
export type Lab = z.infer<typeof LabSchema>;

export class LabConfigError extends Error {
  override name = "LabConfigError";
}

/** What a resolver needs to know about existing tests, to refuse references to nothing. */
export interface KnownTests {
  fixtureIds: (assignment: Question["assignment"]) => ReadonlySet<string>;
  propertyIds: (assignment: Question["assignment"]) => ReadonlySet<string>;
}

/**
 * Validate a lab: schema, unique ids, every test reference exists, and every question's
 * test points add up to its points. Returns the parsed lab or throws LabConfigError
 * listing every problem.
 */
export function resolveLab(input: unknown, known: KnownTests): Lab {
  const parsed = LabSchema.safeParse(input);
  if (!parsed.success) {
    throw new LabConfigError(
      `invalid lab config:\n${parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n")}`,
    );
  }
  const lab = parsed.data;
  const problems: string[] = [];
  const qids = new Set<string>();
  for (const q of lab.questions) {
    if (qids.has(q.id)) problems.push(`question ${q.id} appears twice`);
    qids.add(q.id);
    const sum = q.tests.reduce((s, t) => s + t.points, 0);
    if (Math.abs(sum - q.points) > 1e-9) {
      problems.push(`question ${q.id}: its tests add up to ${sum} points, but the question is worth ${q.points}`);
    }
    const seen = new Set<string>();
    for (const t of q.tests) {
      const key = `${t.kind}:${t.id}`;
      if (seen.has(key)) problems.push(`question ${q.id}: ${t.kind} "${t.id}" is listed twice`);
      seen.add(key);
      const ids = t.kind === "fixture" ? known.fixtureIds(q.assignment) : known.propertyIds(q.assignment);
      if (!ids.has(t.id)) problems.push(`question ${q.id}: no ${t.kind} "${t.id}" in assignment ${q.assignment}`);
    }
  }
  if (problems.length) throw new LabConfigError(`lab ${lab.id}:\n  ${problems.join("\n  ")}`);
  return lab;
}

export const totalPointsOf = (lab: Lab): number => lab.questions.reduce((s, q) => s + q.points, 0);
