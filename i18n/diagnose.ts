/**
 * Diagnoses in words, at output time, in the reader's language. Catalog diagnoses say
 * what the output looks like, the line the student most likely has (carried as data by
 * the diagnosis), and a hint; detector diagnoses say what the numbers show. Nothing here
 * knows a case's values, so hidden cases render the same way. It does not import the
 * catalog (grader/diagnose/catalog holds reference code and never ships to students).
 */
import type { Lang } from "../grader/splice/markers.ts";
import { type Diagnosis, DiagnosisSchema } from "../grader/diagnose/diagnosis.ts";
import * as en from "./en/diagnose.ts";
import * as zh from "./zh/diagnose.ts";

const LOCALES: Record<Lang, Pick<typeof en, "mistakes" | "detectors" | "labels">> = { en, zh };

/** What one detector diagnosis says. */
function detectorText(d: Extract<Diagnosis, { source: "detector" }>, lang: Lang): string {
  const t = LOCALES[lang].detectors;
  switch (d.id) {
    case "constant-factor":
      return t.constantFactor(d.path, d.factor);
    case "sign-flipped":
      return t.signFlipped(d.path);
    case "transposed":
      return t.transposed(d.path);
    case "nan-at-zero":
      return t.nanAtZero(d.path, d.arg);
    case "last-batch-only":
      return t.lastBatchOnly(d.missing);
  }
}

/**
 * The lines a student reads for a case's diagnoses: for the first catalog entry its
 * description, likely line and hint; further entries (aliases, ties) as "or: …" with
 * their hint; then each detector's sentence. Unknown ids (a result from an older
 * catalog) are skipped.
 */
export function renderDiagnoses(ds: readonly Diagnosis[], lang: Lang): string[] {
  const { mistakes, labels } = LOCALES[lang];
  const lines: string[] = [];
  let first = true;
  for (const d of ds) {
    if (d.source === "detector") {
      lines.push(labels.detected(detectorText(d, lang)));
      continue;
    }
    const words = (mistakes as Record<string, en.MistakeWords | undefined>)[d.id];
    if (!words) continue;
    if (first) {
      lines.push(labels.likely(words.looks));
      if (d.line) lines.push(d.line.kind === "wrote" ? labels.wroteLine(d.line.code) : labels.missingLine(d.line.code));
    } else {
      lines.push(labels.alsoLikely(words.looks));
    }
    lines.push(labels.fix(words.hint));
    first = false;
  }
  return lines;
}

/**
 * The diagnosis lines of a case read back from a result (its `diagnoses`, typed loosely
 * there): each is checked against the schema; what does not parse is left out.
 */
export function renderCaseDiagnoses(diagnoses: readonly unknown[] | undefined, lang: Lang): string[] {
  const ds = (diagnoses ?? []).flatMap((d) => {
    const p = DiagnosisSchema.safeParse(d);
    return p.success ? [p.data] : [];
  });
  return renderDiagnoses(ds, lang);
}

/**
 * One line naming a diagnosis, for tables (the instructor's dashboard): a catalog entry's
 * "what the output looks like", or the detector's name. Undefined for an unknown id.
 */
export function diagnosisTitle(d: { source: string; id: string }, lang: Lang): string | undefined {
  const { mistakes, labels } = LOCALES[lang];
  if (d.source === "catalog") return (mistakes as Record<string, en.MistakeWords | undefined>)[d.id]?.looks;
  return (labels.detectorNames as Record<string, string | undefined>)[d.id];
}
