/**
 * The catalog as a Markdown table for instructors (docs/diagnoses.md, kept in step with
 * the catalog by grader/diagnose/catalog.test.ts: `npx vitest run grader/diagnose -u`
 * rewrites it). One row per entry: id, function, what the output looks like, the likely line.
 * The words come from the caller (i18n/en/diagnose.ts): core modules import no locale.
 */
import { CATALOG } from "./catalog/index.ts";
import { likelyLine } from "./variants.ts";

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function catalogMarkdown(words: Readonly<Record<string, { looks: string }>>): string {
  const out = [
    "# Diagnosed mistakes",
    "",
    "The grader names these mistakes when a failed case's output matches the reference with the",
    "mistake made in it (run in the sandbox on the same inputs; see `grader/diagnose/`). Each entry is",
    "an edit of the reference region in `solutions/<file>`; the words, in English and Chinese, are in",
    "`i18n/{en,zh}/diagnose.ts`. When no entry matches, generic detectors say what the numbers show:",
    "a constant factor (2, 1/2, m, 1/m, keep_prob, 1/keep_prob, λ), a transposed matrix, a flipped",
    "sign, NaN where an input is 0, or only the last mini-batch wrong.",
    "",
    `${CATALOG.length} entries. Generated from the catalog; do not edit by hand.`,
    "",
    "| id | function | what the output looks like | likely line | seen in |",
    "|---|---|---|---|---|",
  ];
  for (const m of CATALOG) {
    const line = likelyLine(m);
    const code = `${line.kind === "missing" ? "missing: " : ""}\`${line.code}\``;
    const alias = m.aliases?.length ? ` (same numbers as ${m.aliases.map((a) => `\`${a}\``).join(", ")})` : "";
    out.push(`| \`${m.id}\` | ${m.fn} | ${cell(words[m.id]!.looks)}${alias} | ${cell(code)} | ${m.seen} |`);
  }
  return `${out.join("\n")}\n`;
}
