/**
 * The fixture files: fixtures/<assignment>.json, one per assignment, written by
 * `dnnlab fixtures` (never by hand) and validated with these schemas when read.
 */
import { z } from "zod";
import { EncodedSchema } from "../../lib/value.ts";
import { ASSIGNMENTS } from "./assignments.ts";

export { ASSIGNMENTS, type Assignment } from "./assignments.ts";

const FixtureCaseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).describe("stable id; never renumbered, new cases get new ids"),
  fn: z.string().describe("the graded function called"),
  description: z.string().describe("what the case checks, in plain words; becomes the test title"),
  args: z.array(EncodedSchema).describe("positional arguments, encoded (lib/value.ts)"),
  expected: EncodedSchema.describe("what the reference solution returns on these arguments"),
  rtol: z.number().nonnegative(),
  atol: z.number().nonnegative(),
  hidden: z.boolean().describe("hidden cases are not released to students; feedback shows their description only"),
  reproduces: z.string().describe("the notebook value this case reproduces (COURSE-FACTS section), or why it has none"),
  hint: z.string().optional().describe("what a student who fails this case should look at"),
  creditParts: z
    .array(z.string())
    .optional()
    .describe("own-code credit: the output parts graded (those no null implementation gets right); empty means all or nothing"),
});
export type FixtureCase = z.infer<typeof FixtureCaseSchema>;

export const FixtureFileSchema = z.strictObject({
  assignment: z.enum(ASSIGNMENTS),
  note: z.string(),
  cases: z.array(FixtureCaseSchema),
});
export type FixtureFile = z.infer<typeof FixtureFileSchema>;
