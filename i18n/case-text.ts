/**
 * A case's description and hint in the reader's language, looked up at output time by the
 * case (or property) id. English is what the result stores; zh comes from i18n/zh/cases.ts,
 * falling back to the stored English for an id the catalog does not know (e.g. a result from
 * an older lab).
 */
import type { Lang } from "../grader/splice/markers.ts";
import { CASES_ZH } from "./zh/cases.ts";

export interface CaseTextSource {
  id: string;
  description: string;
  hint?: string;
}

export interface CaseText {
  description: string;
  hint?: string;
}

export function caseText(c: CaseTextSource, lang: Lang): CaseText {
  const zh = lang === "zh" && Object.hasOwn(CASES_ZH, c.id) ? CASES_ZH[c.id] : undefined;
  const description = zh?.description ?? c.description;
  const hint = c.hint === undefined ? undefined : (zh?.hint ?? c.hint);
  return hint === undefined ? { description } : { description, hint };
}
