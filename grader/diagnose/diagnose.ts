/**
 * The diagnose step: for the failed fixture cases of one submission, run the catalog's
 * variants of each failing function on the same arguments (in the sandbox, one sandbox
 * for all the variants a submission still needs), and name the entries whose output the
 * student's matches within the case's tolerance; when none does, the generic detectors.
 *
 * One Diagnoser serves a whole grading run: variant outputs are deterministic, so they
 * are cached per (entry, case id, arguments hash) and shared by every student (and by
 * concurrent ones: a pending run is awaited, not repeated).
 */
import type { FixtureCase } from "../cases/schema.ts";
import type { SandboxLimitsInput } from "../sandbox/sandbox.ts";
import { type Encoded, decode } from "../../lib/value.ts";
import { CATALOG, type Mistake, mistakesOf } from "./catalog/index.ts";
import { detect } from "./detectors.ts";
import type { Diagnosis } from "./diagnosis.ts";
import { type StudentOutcome, explains } from "./match.ts";
import { type VariantOutcome, callKey, runVariants } from "./run-variants.ts";
import { type VariantSources, likelyLine } from "./variants.ts";

/** What the student's call gave on a case: a value, or an error (only `threw` can be diagnosed). */
export type CaseOutcome = { ok: true; value: Encoded } | { ok: false; error: { kind: string; name?: string; message?: string } };

export interface FailedCase {
  fixture: FixtureCase;
  outcome: CaseOutcome;
}

export interface DiagnoserOptions extends VariantSources {
  catalog?: readonly Mistake[];
  limits?: SandboxLimitsInput;
}

/** Counters for tests and the bench: how much work the cache saved. */
export interface DiagnoserStats {
  /** sandboxes that ran variants */
  sandboxes: number;
  /** sandboxes that reran a student's code (when the pipeline did not keep its outputs) */
  studentReruns: number;
  variantCalls: number;
  cacheHits: number;
}

export class Diagnoser {
  private readonly cache = new Map<string, Promise<VariantOutcome>>();
  readonly stats: DiagnoserStats = { sandboxes: 0, studentReruns: 0, variantCalls: 0, cacheHits: 0 };
  private readonly catalog: readonly Mistake[];
  private readonly lines = new Map<string, { kind: "wrote" | "missing"; code: string }>();

  constructor(private readonly opts: DiagnoserOptions = {}) {
    this.catalog = opts.catalog ?? CATALOG;
  }

  /** Diagnoses by case id, for the cases given (pass only failed ones); cases with none are left out. */
  async diagnose(failed: readonly FailedCase[]): Promise<Map<string, Diagnosis[]>> {
    const usable = failed.flatMap((f) => {
      const s = studentOutcome(f.outcome);
      return s ? [{ ...f, student: s }] : [];
    });
    await this.ensure(usable.map((f) => f.fixture));
    const out = new Map<string, Diagnosis[]>();
    for (const f of usable) {
      const d = await this.diagnoseOne(f.fixture, f.student);
      if (d.length > 0) out.set(f.fixture.id, d);
    }
    return out;
  }

  /** What entry `mistakeId`'s variant did on case `c` (run already: see ensure), or undefined. */
  outcome(mistakeId: string, c: FixtureCase): Promise<VariantOutcome> | undefined {
    return this.cache.get(callKey(mistakeId, c));
  }

  /** Run, in one sandbox, every (entry, case) pair of these cases' functions not cached yet. */
  async ensure(cases: readonly FixtureCase[]): Promise<void> {
    const todo: { mistake: Mistake; call: FixtureCase; resolve: (o: VariantOutcome) => void }[] = [];
    for (const c of cases) {
      for (const m of mistakesOf(c.fn, this.catalog)) {
        const k = callKey(m.id, c);
        if (this.cache.has(k)) {
          this.stats.cacheHits++;
          continue;
        }
        let resolve!: (o: VariantOutcome) => void;
        this.cache.set(k, new Promise<VariantOutcome>((r) => (resolve = r)));
        todo.push({ mistake: m, call: c, resolve });
      }
    }
    if (todo.length === 0) return;
    this.stats.sandboxes++;
    this.stats.variantCalls += todo.length;
    let results: Map<string, VariantOutcome>;
    try {
      results = await runVariants(todo.map(({ mistake, call }) => ({ mistake, call })), this.opts);
    } catch (err) {
      // The grader's own machinery failed: no diagnosis this time, and nothing cached.
      for (const t of todo) {
        this.cache.delete(callKey(t.mistake.id, t.call));
        t.resolve({ ok: false, failed: String(err) });
      }
      return;
    }
    for (const t of todo) t.resolve(results.get(callKey(t.mistake.id, t.call)) ?? { ok: false, failed: "not run" });
  }

  /** The likely line of an entry, worked out once per run. */
  private lineOf(m: Mistake): { kind: "wrote" | "missing"; code: string } {
    let line = this.lines.get(m.id);
    if (!line) this.lines.set(m.id, (line = likelyLine(m, this.opts)));
    return line;
  }

  private async diagnoseOne(c: FixtureCase, student: StudentOutcome): Promise<Diagnosis[]> {
    const expected = decode(c.expected);
    const tol = { rtol: c.rtol, atol: c.atol };
    const full: Diagnosis[] = [];
    const partial: Diagnosis[] = [];
    for (const m of mistakesOf(c.fn, this.catalog)) {
      const variant = await this.cache.get(callKey(m.id, c));
      if (!variant) continue;
      const how = explains(student, variant, expected, tol);
      if (how === undefined) continue;
      (how === "full" ? full : partial).push({ source: "catalog", id: m.id, match: how, line: this.lineOf(m) });
    }
    if (full.length > 0) return full;
    if (partial.length > 0) return partial;
    if (!student.ok) return [];
    return detect(c.fn, c.args.map(decode), expected, student.value, tol).map((d): Diagnosis => {
      // Which argument was 0 is a value of the case: a hidden case does not say it.
      if (d.id === "nan-at-zero" && c.hidden) return { source: "detector", id: d.id, path: d.path };
      return { source: "detector", ...d };
    });
  }
}

function studentOutcome(o: CaseOutcome): StudentOutcome | undefined {
  if (o.ok) {
    try {
      return { ok: true, value: decode(o.value) };
    } catch {
      return undefined;
    }
  }
  if (o.error.kind === "threw" && o.error.name !== undefined && o.error.message !== undefined) {
    return { ok: false, threw: { name: o.error.name, message: o.error.message } };
  }
  return undefined;
}
