/**
 * What the released checker knows about the course: its version, the labs without their
 * hidden tests, and the pristine exercises (to splice a student's regions into).
 *
 * Here it is computed from this repository, so the checker's entry runs unbuilt too. The
 * release build (grader/release.ts) replaces this module by the same data as a literal:
 * the checker then holds no lab config (whose test lists name the hidden cases), no
 * solutions and no generator, only what a student may see.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Lab } from "../labs/lab.ts";
import { ROOT } from "../root.ts";

export interface ReleaseConfig {
  version: string;
  labs: Lab[];
  /** pristine exercise text by file name */
  exercises: Record<string, string>;
}

export async function releaseConfig(): Promise<ReleaseConfig> {
  const { visibleLab } = await import("../pipeline/check.ts");
  const { BUILTIN_LABS, loadFixtures, loadLab } = await import("../labs/index.ts");
  const { exerciseFor } = await import("../splice/stubs.ts");
  const fixtures = loadFixtures();
  const labs = Object.keys(BUILTIN_LABS).map((id) => visibleLab(loadLab(id, fixtures), fixtures));
  const files = [...new Set(labs.flatMap((l) => l.questions.map((q) => q.file)))];
  const version = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
  return { version, labs, exercises: Object.fromEntries(files.map((f) => [f, exerciseFor(f)])) };
}
