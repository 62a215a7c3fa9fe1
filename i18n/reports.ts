/**
 * The report's words, one JSON file per language with the same keys (i18n.test.ts checks
 * both ways; the type below makes a missing key in zh.json a type error too). Strings hold
 * `{name}` placeholders, filled by `fill`; nothing else is formatted here.
 */
import type { Lang } from "../grader/splice/markers.ts";
import en from "./en/reports.json" with { type: "json" };
import zh from "./zh/reports.json" with { type: "json" };

export type { Lang };
export type Strings = typeof en;

export const LANGS: readonly Lang[] = ["zh", "en"];

const STRINGS: Record<Lang, Strings> = { en, zh };

export const stringsFor = (lang: Lang): Strings => STRINGS[lang];

/** Replace `{key}` by `params[key]`; an unknown key stays as it is, so a typo shows in the output. */
export function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

/** Every key path of a strings object, array items as `key[i]` (for the same-keys test). */
export function keyPaths(value: unknown, prefix = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, `${prefix}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

/** The `{name}` placeholders of a string, sorted (both languages must use the same ones). */
export const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
