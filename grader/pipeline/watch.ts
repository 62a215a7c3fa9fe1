/**
 * `dnnlab check --watch`: check once, then re-check a file's questions each time it is
 * saved. Only the saved file's questions are graded again (its splice, type check and
 * tests); the compile worker stays warm between saves, so a save costs the file's own
 * work. Editors save in several ways (write in place, write a temp file and rename it
 * over), so the folder is watched, not the files, and a burst of events for one file is
 * debounced into one run. A save during a run queues one more run after it.
 */
import { type FSWatcher, watch } from "node:fs";
import { basename } from "node:path";
import { type CheckOptions, type CheckOutcome, type CheckSource, checkFolder, exerciseFolder } from "./check-folder.ts";
import { finalScore, possibleScore } from "../result/result.ts";

export type WatchEvent =
  /** The first check of the whole folder. */
  | { kind: "initial"; outcome: CheckOutcome }
  /** `file` was saved and its questions checked again; `earned`/`possible` total every file's latest run. */
  | { kind: "rechecked"; file: string; outcome: CheckOutcome; earned: number; possible: number };

export type WatchOptions = CheckOptions & {
  /** Quiet time after the last event for a file before it is checked (default DEFAULT_DEBOUNCE_MS). */
  debounceMs?: number;
  /** Stops watching; the returned promise then resolves. */
  signal?: AbortSignal;
};

/**
 * Quiet time after a file's last event before it is checked: an editor's save (in place, or
 * a temp file renamed over it) is a burst of events a few ms long; every ms more is waited on
 * each save (issue 14.1: the result within 0.5 s of the save).
 */
export const DEFAULT_DEBOUNCE_MS = 50;

/** The source restricted to the questions of one file (nothing when no lab has it). */
function onlyFile(source: CheckSource, file: string): CheckSource {
  const labs = source.labs
    .map((lab) => ({ ...lab, questions: lab.questions.filter((q) => q.file === file) }))
    .filter((lab) => lab.questions.length > 0);
  return { ...source, labs, explicit: true };
}

/** Per file, the score of its questions in the latest run. */
function scoresByFile(outcome: CheckOutcome): Map<string, { earned: number; possible: number }> {
  const out = new Map<string, { earned: number; possible: number }>();
  for (const { lab, result } of outcome.checked) {
    for (const file of new Set(lab.questions.map((q) => q.file))) {
      const questions = new Set(lab.questions.filter((q) => q.file === file).map((q) => q.id));
      const part = { ...result, cases: result.cases.filter((c) => questions.has(c.question)) };
      const prev = out.get(file) ?? { earned: 0, possible: 0 };
      out.set(file, { earned: prev.earned + finalScore(part), possible: prev.possible + possibleScore(part) });
    }
  }
  return out;
}

/**
 * Check `dir`, then re-check on every save until `opts.signal` aborts. `report` gets each
 * run's outcome (the caller prints `outcome.text`).
 */
export async function watchFolder(dir: string, source: CheckSource, opts: WatchOptions, report: (e: WatchEvent) => void): Promise<void> {
  const folder = exerciseFolder(dir);
  const watched = new Set(source.labs.flatMap((lab) => lab.questions.map((q) => q.file)));
  const first = await checkFolder(dir, source, opts);
  const scores = scoresByFile(first);
  report({ kind: "initial", outcome: first });
  if (opts.signal?.aborted) return;

  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<string>();
  const again = new Set<string>();
  const recheck = async (file: string): Promise<void> => {
    if (running.has(file)) {
      again.add(file);
      return;
    }
    running.add(file);
    try {
      const outcome = await checkFolder(dir, onlyFile(source, file), opts);
      for (const [f, s] of scoresByFile(outcome)) scores.set(f, s);
      const total = [...scores.values()].reduce((t, s) => ({ earned: t.earned + s.earned, possible: t.possible + s.possible }), { earned: 0, possible: 0 });
      if (!opts.signal?.aborted) report({ kind: "rechecked", file, outcome, ...total });
    } finally {
      running.delete(file);
      if (again.delete(file) && !opts.signal?.aborted) void recheck(file);
    }
  };

  await new Promise<void>((resolve) => {
    const watcher: FSWatcher = watch(folder, (_event, name) => {
      const file = name === null ? undefined : basename(name.toString());
      if (file === undefined || !watched.has(file)) return;
      clearTimeout(timers.get(file));
      timers.set(
        file,
        setTimeout(() => {
          timers.delete(file);
          void recheck(file);
        }, opts.debounceMs ?? DEFAULT_DEBOUNCE_MS),
      );
    });
    const stop = () => {
      watcher.close();
      for (const t of timers.values()) clearTimeout(t);
      resolve();
    };
    if (opts.signal?.aborted) stop();
    else opts.signal?.addEventListener("abort", stop, { once: true });
  });
}
