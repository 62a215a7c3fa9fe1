/**
 * Diagnoses in words, at output time, in the reader's language. Catalog diagnoses say
 * what the output looks like, the line the student most likely has, and a hint; detector
 * diagnoses say what the numbers show. Nothing here knows a case's values, so hidden
 * cases render the same way.
 */
import type { Lang } from "../splice/markers.ts";
import * as en from "../../i18n/en/diagnose.ts";
import * as zh from "../../i18n/zh/diagnose.ts";
import { mistakeById } from "./catalog/index.ts";
import { type Diagnosis, DiagnosisSchema } from "./diagnosis.ts";
import { likelyLine } from "./variants.ts";

const LOCALES: Record<Lang, Pick<typeof en, "mistakes" | "detectors" | "labels">> = { en, zh };

export const diagnoseWords = (lang: Lang): Pick<typeof en, "mistakes" | "detectors" | "labels"> => LOCALES[lang];

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
    const m = mistakeById(d.id);
    const words = (mistakes as Record<string, en.MistakeWords>)[d.id];
    if (!m || !words) continue;
    if (first) {
      lines.push(labels.likely(words.looks));
      const line = likelyLine(m);
      lines.push(line.kind === "wrote" ? labels.wroteLine(line.code) : labels.missingLine(line.code));
    } else {
      lines.push(labels.alsoLikely(words.looks));
    }
    lines.push(labels.hint(words.hint));
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
