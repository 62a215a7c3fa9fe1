/**
 * Presenting an experiment's result: the accuracy table (ours next to the notebook's, with
 * ✓ / ≈ / ✗), the `--json` rows, and the file `dnnlab experiment --out` writes. Pure functions.
 */
import type { CostCurve, ExperimentResult, RunRow } from "./run.ts";
import { EXPERIMENT_SPECS, type ExperimentSpec } from "./runs.ts";

/** How far from the notebook's value still counts as "≈" (one percentage point of accuracy). */
export const CLOSE_TOLERANCE = 0.01;

export type Match = "exact" | "close" | "off";

export const MATCH_SYMBOL: Record<Match, string> = { exact: "✓", close: "≈", off: "✗" };

/** Decimals in the shortest decimal form of x (what Python and JS print): 0.83 → 2, 0.5 → 1, 1 → 0. */
export function printedDecimals(x: number): number {
  const s = String(x);
  const exp = /e([+-]\d+)$/.exec(s);
  const mantissa = exp ? s.slice(0, exp.index) : s;
  const dot = mantissa.indexOf(".");
  const frac = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, frac - (exp ? Number(exp[1]) : 0));
}

/**
 * Ours against the notebook's printed value: "exact" when equal at the notebook's printed
 * precision, "close" within CLOSE_TOLERANCE, else "off".
 */
export function matchValue(ours: number, reference: number): Match {
  const d = Math.min(printedDecimals(reference), 100);
  if (ours === reference || ours.toFixed(d) === reference.toFixed(d)) return "exact";
  return Math.abs(ours - reference) <= CLOSE_TOLERANCE ? "close" : "off";
}

/** A row's match over the accuracies that have a reference; null when none has one or the run was skipped. */
export function matchRow(row: RunRow): Match | null {
  if (row.skipped) return null;
  const pairs: [number | null, number | null][] = [
    [row.train, row.reference.train],
    [row.test, row.reference.test],
  ];
  const matches = pairs.filter(([, ref]) => ref !== null).map(([ours, ref]) => (ours === null ? "off" : matchValue(ours, ref!)));
  if (matches.length === 0) return null;
  if (matches.includes("off")) return "off";
  return matches.includes("close") ? "close" : "exact";
}

/** Long runs' costs may differ from the notebook's in the last 1–2 of 16 digits (COURSE-FACTS §5): still "exact". */
export const COST_RTOL = 1e-12;
/** Costs within this relative distance are "≈". */
export const COST_CLOSE_RTOL = 1e-2;

/**
 * Our recorded costs against the notebook's printed ones (CostCurve.reference): "exact" when
 * each is equal at the printed precision (or within COST_RTOL), "close" when each is within
 * COST_CLOSE_RTOL, else "off"; null when there is no reference.
 */
export function matchCosts(curve: CostCurve): Match | null {
  const ref = curve.reference;
  if (!ref || ref.costs.length === 0) return null;
  const stride = ref.every / curve.every;
  if (!Number.isInteger(stride) || stride < 1) return null;
  let worst: Match = "exact";
  ref.costs.forEach((r, k) => {
    const ours = curve.costs[k * stride];
    let m: Match;
    if (ours === null || ours === undefined) m = "off";
    else {
      const d = Math.min(ref.decimals ?? printedDecimals(r), 100);
      const diff = Math.abs(ours - r);
      if (ours.toFixed(d) === r.toFixed(d) || diff <= COST_RTOL * Math.abs(r)) m = "exact";
      else m = diff <= COST_CLOSE_RTOL * Math.abs(r) ? "close" : "off";
    }
    if (m === "off" || (m === "close" && worst === "exact")) worst = m;
  });
  return worst;
}

/**
 * What `dnnlab experiment --check` fails on, one line each: a skipped run, accuracies or costs
 * not equal to the notebook's (where the reference is the same data), a pattern that does not hold.
 */
export function checkFailures(result: ExperimentResult, spec: ExperimentSpec = EXPERIMENT_SPECS[result.experiment]): string[] {
  const failures: string[] = [];
  for (const row of result.rows) {
    if (row.skipped) {
      failures.push(`${row.run}: skipped (${row.skipped})`);
      continue;
    }
    if (spec.referenceKind !== "exact") continue;
    const m = matchRow(row);
    if (m !== null && m !== "exact") failures.push(`${row.run}: accuracies differ from the notebook's (${MATCH_SYMBOL[m]})`);
    const curve = result.curves.find((c) => c.run === row.run);
    const c = curve ? matchCosts(curve) : null;
    if (c !== null && c !== "exact") failures.push(`${row.run}: costs differ from the notebook's (${MATCH_SYMBOL[c]})`);
  }
  for (const check of result.checks) {
    if (check.ok !== true) failures.push(`pattern ${check.ok === null ? "not decided" : "does not hold"}: ${check.description}`);
  }
  return failures;
}

/** `--json`: the table as data. */
export interface JsonRow {
  run: string;
  train: number | null;
  test: number | null;
  reference: { train: number | null; test: number | null };
  seconds: number;
  skipped?: string;
}

export function jsonRows(result: ExperimentResult): JsonRow[] {
  return result.rows.map((r) => ({
    run: r.run,
    train: r.train,
    test: r.test,
    reference: { train: r.reference.train, test: r.reference.test },
    seconds: Math.round(r.seconds * 1000) / 1000,
    ...(r.skipped !== undefined ? { skipped: r.skipped } : {}),
  }));
}

/** What `--out <dir>` writes to `<dir>/<experiment>.json`: everything the reports plot. */
export function experimentFile(result: ExperimentResult, impl: string) {
  const spec = EXPERIMENT_SPECS[result.experiment];
  return {
    experiment: result.experiment,
    title: spec.title,
    impl,
    referenceKind: spec.referenceKind,
    ...(spec.note ? { note: spec.note } : {}),
    rows: result.rows,
    checks: result.checks,
    curves: result.curves,
    boundaries: result.boundaries,
  };
}

/** An accuracy as it reads best in a table: up to 5 decimals, no trailing zeros (0.5, 0.83, 0.99333). */
export function formatAccuracy(x: number | null): string {
  if (x === null) return "n/a";
  return String(Number(x.toFixed(5)));
}

function pad(cells: string[][]): string[] {
  // Every symbol used (✓ ≈ ✗ — *) is one UTF-16 unit and one column wide.
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  return cells.map((row) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join("  ")
      .trimEnd(),
  );
}

/**
 * The table printed by `dnnlab experiment`: run, train, test, notebook train/test, match, seconds;
 * skipped runs say why; then the pattern checks and the note.
 */
export function formatTable(result: ExperimentResult, spec: ExperimentSpec = EXPERIMENT_SPECS[result.experiment]): string {
  const pattern = spec.referenceKind === "pattern";
  // A costs column where the notebook's printed costs are a reference for some run.
  const withCosts = spec.runs.some((r) => r.referenceCosts !== undefined);
  const header = [
    "run",
    "train",
    "test",
    pattern ? "notebook* train" : "notebook train",
    pattern ? "notebook* test" : "notebook test",
    "match",
    ...(withCosts ? ["costs"] : []),
    "seconds",
  ];
  const lines: string[][] = [header];
  const skippedLines: string[] = [];
  for (const row of result.rows) {
    const match = pattern ? null : matchRow(row);
    const curve = result.curves.find((c) => c.run === row.run);
    const costs = curve ? matchCosts(curve) : null;
    lines.push([
      row.run,
      row.skipped ? "—" : formatAccuracy(row.train),
      row.skipped ? "—" : formatAccuracy(row.test),
      formatAccuracy(row.reference.train),
      formatAccuracy(row.reference.test),
      row.skipped ? "skipped" : match === null ? "—" : MATCH_SYMBOL[match],
      ...(withCosts ? [row.skipped || costs === null ? "—" : MATCH_SYMBOL[costs]] : []),
      row.seconds.toFixed(1),
    ]);
    if (row.skipped) skippedLines.push(`  ${row.run}: skipped — ${row.skipped}`);
  }
  const out = [spec.title, "", ...pad(lines)];
  if (skippedLines.length) out.push("", ...skippedLines);
  if (result.checks.length) {
    out.push("", "The notebook's pattern:");
    for (const c of result.checks) out.push(`  ${c.ok === null ? "?" : c.ok ? "✓" : "✗"} ${c.description}${c.ok === null ? " (not decided: a run was skipped)" : ""}`);
  }
  if (pattern && spec.note) out.push("", `* ${spec.note}`);
  else if (result.rows.some((r) => matchRow(r) !== null)) {
    out.push(
      "",
      `match: accuracies ✓ equal to the notebook's at its printed precision, ≈ within ${CLOSE_TOLERANCE}, ✗ further off; n/a: the notebook has none`,
    );
    if (withCosts) {
      out.push(
        `costs: the notebook's printed costs, ✓ equal at its printed precision (or within ${COST_RTOL} relative), ≈ within ${COST_CLOSE_RTOL * 100}%, ✗ further off; —: no reproducible reference`,
      );
    }
  }
  const total = result.rows.reduce((s, r) => s + r.seconds, 0);
  out.push(`${result.rows.length} run${result.rows.length === 1 ? "" : "s"}, ${total.toFixed(1)} s`);
  return out.join("\n");
}
