/** This repository's labs for the commands: a lab argument loaded or explained, and the student check's provider. */
import type { CheckProvider } from "./commands/check.ts";
import { UsageError } from "./errors.ts";

/** Load a built-in lab or a lab JSON file; a bad one is a usage error saying why. */
export async function loadLabOrExplain(lab: string) {
  const { loadLab, loadFixtures } = await import("../grader/labs/index.ts");
  const { LabConfigError } = await import("../grader/labs/lab.ts");
  const fixtures = loadFixtures();
  try {
    return { lab: loadLab(lab, fixtures), fixtures };
  } catch (err) {
    if (err instanceof LabConfigError) throw new UsageError(err.message);
    throw err;
  }
}

/** The student commands in this repository: labs from grader/labs, pristine exercises from solutions/. */
export async function repoCheckProvider(): Promise<CheckProvider> {
  const { repoCheckSource, runCheck, visibleLab } = await import("../grader/pipeline/check.ts");
  const { watchFolder } = await import("../grader/pipeline/watch.ts");
  const { BUILTIN_LABS, loadFixtures, loadLab } = await import("../grader/labs/index.ts");
  const { exerciseFor } = await import("../grader/splice/stubs.ts");
  const { LabConfigError } = await import("../grader/labs/lab.ts");
  const fixtures = loadFixtures();
  const labs = Object.keys(BUILTIN_LABS).map((id) => visibleLab(loadLab(id, fixtures), fixtures));
  return {
    labs: () => labs,
    pristine: (file) => exerciseFor(file),
    watch: (dir, opts, report) => watchFolder(dir, repoCheckSource(opts.lab, fixtures), opts, report),
    check: async (dir, opts) => {
      try {
        return await runCheck(dir, opts, fixtures);
      } catch (err) {
        if (err instanceof LabConfigError) throw new UsageError(err.message);
        throw err;
      }
    },
  };
}
