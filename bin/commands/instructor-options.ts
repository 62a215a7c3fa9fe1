/**
 * The instructor's options shared by `grade` and `merge`: roster, gradebook encoding and
 * titles, dashboard languages, similarity; and for `grade` the course secret of the
 * per-student hidden variants. Parsing and checking only; the work is in grader/.
 */
import type { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { UsageError } from "../errors.ts";

export interface InstructorFlags {
  roster?: string;
  bom?: boolean;
  titles?: string;
  lang: string;
  similarity: boolean;
  similarityThreshold?: string;
  secretEnv?: string;
  secretFile?: string;
}

export function addInstructorOptions(cmd: Command, { variants }: { variants: boolean }): Command {
  cmd
    .option("--roster <csv>", "class roster (id,name,email,section): names in the gradebook, reports and exports; roster students with no submission are listed as missing")
    .option("--bom", "start gradebook.csv with a UTF-8 byte order mark (Excel in a Chinese locale needs it)")
    .option("--titles <en|zh>", "put each question's title in this language in gradebook.csv's header")
    .option("--lang <en|zh|both>", "language of the dashboard out/index.html, junit.xml and exercism/ (both: index.html, JUnit and Exercism in English, index.zh.html in Chinese; feedback/ is always written in both)", "both")
    .option("--similarity-threshold <0..1>", "flag pairs of students whose own code is at least this similar", "0.6")
    .option("--no-similarity", "do not compare the students' code (no similarity.json, no similar pairs on the dashboard)");
  if (variants) {
    cmd
      .option("--secret-env <NAME>", "course secret from this environment variable: hidden cases get per-student inputs (never stored anywhere)")
      .option("--secret-file <path>", "course secret from this file (its first line), instead of --secret-env");
  }
  return cmd;
}

/** Options for grader/exporters/publish.ts from the flags. */
export async function publishOptionsFrom(flags: InstructorFlags) {
  const langs = flags.lang === "both" ? (["en", "zh"] as const) : flags.lang === "en" || flags.lang === "zh" ? ([flags.lang] as const) : undefined;
  if (!langs) throw new UsageError(`--lang takes en, zh or both, got "${flags.lang}"`);
  if (flags.titles !== undefined && flags.titles !== "en" && flags.titles !== "zh") throw new UsageError(`--titles takes en or zh, got "${flags.titles}"`);
  const threshold = Number(flags.similarityThreshold ?? "0.6");
  if (!(threshold >= 0 && threshold <= 1)) throw new UsageError(`--similarity-threshold takes a number from 0 to 1, got "${flags.similarityThreshold}"`);
  const roster = flags.roster === undefined ? undefined : await readRoster(flags.roster);
  return {
    ...(roster ? { roster } : {}),
    bom: flags.bom ?? false,
    ...(flags.titles ? { titles: flags.titles as "en" | "zh" } : {}),
    dashboardLangs: langs,
    similarity: flags.similarity ? { threshold } : (false as const),
  };
}

/** The roster file of --roster, validated; its problems (with line numbers) become a usage error. */
export async function readRoster(path: string) {
  if (!existsSync(path)) throw new UsageError(`--roster ${path}: no such file`);
  const { RosterError, parseRoster } = await import("../../grader/roster/roster.ts");
  try {
    return parseRoster(readFileSync(path, "utf8"), path);
  } catch (err) {
    if (err instanceof RosterError) throw new UsageError(err.message);
    throw err;
  }
}

/** The course secret from --secret-env or --secret-file, or undefined when neither is given. */
export function courseSecret(flags: InstructorFlags, env = process.env): string | undefined {
  if (flags.secretEnv && flags.secretFile) throw new UsageError("give --secret-env or --secret-file, not both");
  if (flags.secretEnv) {
    const v = env[flags.secretEnv];
    if (!v) throw new UsageError(`--secret-env ${flags.secretEnv}: the environment variable is not set or empty`);
    return v;
  }
  if (flags.secretFile) {
    if (!existsSync(flags.secretFile)) throw new UsageError(`--secret-file ${flags.secretFile}: no such file`);
    const v = readFileSync(flags.secretFile, "utf8").split(/\r?\n/, 1)[0].trim();
    if (!v) throw new UsageError(`--secret-file ${flags.secretFile}: the first line is empty`);
    return v;
  }
  return undefined;
}
