/**
 * Where the fixture files are and reading one: fixtures/<assignment>.json under the
 * course root (grader/root.ts). Kept apart from generate.ts, which runs the recipes
 * against solutions/, so that reading fixtures never pulls those in (the released
 * checker reads its own, visible-only, fixture files through this module).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../root.ts";
import { type Assignment, type FixtureFile, FixtureFileSchema } from "./schema.ts";

export const FIXTURES_DIR = join(ROOT, "fixtures");

export const fixturePath = (assignment: Assignment): string => join(FIXTURES_DIR, `${assignment}.json`);

/** Read and validate a committed fixture file. */
export function readFixtureFile(assignment: Assignment): FixtureFile {
  return FixtureFileSchema.parse(JSON.parse(readFileSync(fixturePath(assignment), "utf8")));
}
