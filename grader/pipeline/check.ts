/**
 * `dnnlab check` in this repository: a student's local run of the visible tests, with a
 * readable report. Hidden cases are left out (they are not in the student bundle either);
 * the score shown is out of the visible points. The grading itself is check-folder.ts,
 * shared with the released checker.
 */
import type { FixtureFile } from "../cases/schema.ts";
import { type CheckOptions, type CheckOutcome, type CheckSource, checkFolder } from "./check-folder.ts";
import type { Lab } from "../labs/lab.ts";
import { BUILTIN_LABS, loadFixtures, loadLab } from "../labs/index.ts";
import { findProperty } from "../judge/properties/index.ts";
import { diagnoseWith } from "../diagnose/hook.ts";

export type { CheckOutcome };

/** The lab with its hidden tests removed (question points become the visible points). */
export function visibleLab(lab: Lab, fixtures: ReadonlyMap<string, FixtureFile>): Lab {
  const hidden = (q: Lab["questions"][number], kind: string, id: string): boolean =>
    kind === "fixture"
      ? (fixtures.get(q.assignment)?.cases.find((c) => c.id === id)?.hidden ?? true)
      : (findProperty(q.assignment, id)?.hidden ?? true);
  return {
    ...lab,
    questions: lab.questions
      .map((q) => {
        const tests = q.tests.filter((t) => !hidden(q, t.kind, t.id));
        return { ...q, tests, points: tests.reduce((s, t) => s + t.points, 0) };
      })
      .filter((q) => q.tests.length > 0),
  };
}

/** What `check` grades against in this repository: the visible part of one lab, or of every lab. */
export function repoCheckSource(lab?: string, fixtures: ReadonlyMap<string, FixtureFile> = loadFixtures()): CheckSource {
  const ids = lab ? [lab] : Object.keys(BUILTIN_LABS);
  const labs = ids.map((id) => visibleLab(loadLab(id, fixtures), fixtures));
  // Failed cases are diagnosed here, where the solutions are (the released checker cannot).
  return { labs, explicit: lab !== undefined, fixtures, diagnose: diagnoseWith() };
}

/** `fixtures`: the fixture files when the caller has read them already (reading and validating them is ~0.1 s). */
export async function runCheck(dir: string, opts: CheckOptions & { lab?: string }, fixtures?: ReadonlyMap<string, FixtureFile>): Promise<CheckOutcome> {
  return checkFolder(dir, repoCheckSource(opts.lab, fixtures), opts);
}
