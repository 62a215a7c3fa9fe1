/**
 * What `check --ci` leaves for GitHub Actions, from one check outcome:
 *
 *   <out>/result.json     the labs checked and their results (read back by `classroom`)
 *   <out>/junit.xml       every case as a JUnit test case
 *   <out>/summary.md      the feedback page, also appended to $GITHUB_STEP_SUMMARY
 *   stdout                `::error file=…,line=…` annotations, one per failing function
 *   $GITHUB_OUTPUT        score, max-score, percent
 *
 * and the GitHub Classroom result of one question (`classroom`), read from result.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { appendFile, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { z } from "zod";
import type { CheckOutcome, Checked } from "../pipeline/check-folder.ts";
import { mkdirp } from "../pipeline/mkdirp.ts";
import { type Annotation, type StudentFiles, checkAnnotations, startLineOf, workflowCommand } from "../exporters/annotations.ts";
import { type ClassroomResult, classroomError, classroomResult, runnerId } from "../exporters/classroom.ts";
import { toJUnitXml } from "../exporters/junit.ts";
import { toStepSummary } from "../exporters/step-summary.ts";
import { type Lab, LabSchema } from "../labs/lab.ts";
import type { Lang } from "../splice/markers.ts";
import { SubmissionResultSchema } from "../result/result.ts";
import { exactPoints, round6 } from "../result/scores.ts";

export const CHECK_REPORT_SCHEMA = "dnnlab.check/1";

/** <out>/result.json */
export const CheckReportSchema = z.strictObject({
  schema: z.literal(CHECK_REPORT_SCHEMA),
  /** the folder checked, relative to where the check ran */
  folder: z.string(),
  score: z.number(),
  maxScore: z.number(),
  percent: z.number(),
  labs: z.array(z.strictObject({ lab: LabSchema, result: SubmissionResultSchema })),
});
export type CheckReport = z.infer<typeof CheckReportSchema>;

const posix = (p: string): string => p.split(sep).join("/");

export function checkReport(outcome: CheckOutcome, cwd: string): CheckReport {
  return {
    schema: CHECK_REPORT_SCHEMA,
    folder: posix(relative(cwd, outcome.folder)) || ".",
    score: round6(outcome.earned),
    maxScore: round6(outcome.possible),
    percent: round6(outcome.percent),
    labs: outcome.checked.map((c) => ({ lab: c.lab, result: c.result })),
  };
}

/** The student's files as annotations see them: paths from the repository root. */
export function studentFiles(folder: string, root: string): StudentFiles {
  return {
    path: (file) => posix(relative(root, join(folder, file))),
    read: (file) => (existsSync(join(folder, file)) ? readFileSync(join(folder, file), "utf8") : null),
  };
}

/** One JUnit document for several labs: their <testsuite> elements under one <testsuites>. */
export function junitOf(checked: readonly Checked[], lang: Lang = "en"): string {
  const docs = checked.map((c) => toJUnitXml([c.result], c.lab, { lang }));
  if (docs.length === 1) return docs[0]!;
  const sum = { tests: 0, failures: 0, errors: 0, time: 0 };
  const bodies = docs.map((d) => {
    const open = /<testsuites([^>]*)>/.exec(d);
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += Number(new RegExp(` ${k}="([^"]*)"`).exec(open?.[1] ?? "")?.[1] ?? 0);
    return d.slice((open?.index ?? 0) + (open?.[0].length ?? 0), d.lastIndexOf("</testsuites>")).replace(/^\n|\n$/g, "");
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dnnlab" tests="${sum.tests}" failures="${sum.failures}" errors="${sum.errors}" time="${round6(sum.time)}">`,
    ...bodies,
    "</testsuites>",
    "",
  ].join("\n");
}

export function stepSummaryOf(checked: readonly Checked[], lang: Lang): string {
  return checked.map((c) => toStepSummary([c.result], c.lab, { lang })).join("\n");
}

export interface CiWritten {
  out: string;
  annotations: Annotation[];
}

/**
 * Write the CI outputs of a check into `out` and the GitHub files named in `env`, and
 * return the annotations (the caller prints them with `workflowCommand`).
 */
export async function writeCiOutputs(
  outcome: CheckOutcome,
  opts: { out: string; lang: Lang; cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CiWritten> {
  const env = opts.env ?? process.env;
  await mkdirp(opts.out);
  const report = checkReport(outcome, opts.cwd);
  const summary = stepSummaryOf(outcome.checked, opts.lang);
  await writeFile(join(opts.out, "result.json"), `${JSON.stringify(report, null, 1)}\n`);
  await writeFile(join(opts.out, "junit.xml"), junitOf(outcome.checked, opts.lang));
  await writeFile(join(opts.out, "summary.md"), summary);
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `${summary}\n`);
  if (env.GITHUB_OUTPUT) {
    await appendFile(
      env.GITHUB_OUTPUT,
      `score=${exactPoints(report.score)}\nmax-score=${exactPoints(report.maxScore)}\npercent=${exactPoints(report.percent)}\n`,
    );
  }
  const root = env.GITHUB_WORKSPACE ?? opts.cwd;
  const annotations = checkAnnotations(outcome.checked, studentFiles(outcome.folder, root), { lang: opts.lang });
  return { out: opts.out, annotations };
}

export { workflowCommand };

/** "Q1", "hw2-1/Q1" or the runner id "hw2-1-q1", among the labs' questions. */
export function findQuestion(labs: readonly Lab[], name: string): { lab: Lab; question: string } | undefined {
  const all = labs.flatMap((lab) => lab.questions.map((q) => ({ lab, question: q.id })));
  const [labPart, qPart] = name.includes("/") ? name.split("/", 2) : [undefined, name];
  const byName = all.filter((x) => (labPart === undefined || x.lab.id === labPart) && x.question.toLowerCase() === qPart!.toLowerCase());
  if (byName.length === 1) return byName[0];
  return all.find((x) => runnerId(x.lab.id, x.question) === name.toLowerCase());
}

/**
 * The Classroom result of one question from <out>/result.json; when the check left no
 * result, an "error" result worth the question's points (so Classroom's maximum stays right).
 */
export function classroomFromReport(
  reportPath: string,
  labs: readonly Lab[],
  name: string,
  opts: { lang: Lang; failUnder?: number; cwd: string },
): { result: ClassroomResult; checked: boolean } {
  const known = findQuestion(labs, name);
  let report: CheckReport | undefined;
  let why = `${reportPath} not found: the check step did not finish (see its log)`;
  if (existsSync(reportPath)) {
    const parsed = CheckReportSchema.safeParse(JSON.parse(readFileSync(reportPath, "utf8")));
    if (parsed.success) report = parsed.data;
    else why = `${reportPath} is not a dnnlab check result`;
  }
  const inReport = report ? findQuestion(report.labs.map((l) => l.lab), name) : undefined;
  if (report && inReport) {
    const entry = report.labs.find((l) => l.lab.id === inReport.lab.id)!;
    const q = entry.lab.questions.find((x) => x.id === inReport.question)!;
    const folder = join(opts.cwd, report.folder);
    const text = existsSync(join(folder, q.file)) ? readFileSync(join(folder, q.file), "utf8") : null;
    return {
      result: classroomResult(entry.result, entry.lab, q.id, {
        lang: opts.lang,
        filename: posix(join(report.folder, q.file)),
        lineOf: (fn) => startLineOf(text, q.file, fn) ?? 0,
        ...(opts.failUnder !== undefined ? { failUnder: opts.failUnder, percent: report.percent } : {}),
      }),
      checked: true,
    };
  }
  if (!known) throw new Error(`no question "${name}"`);
  const q = known.lab.questions.find((x) => x.id === known.question)!;
  if (report) why = `${q.file} was not in the checked folder`;
  return { result: classroomError(q.points, `${known.lab.id} ${q.id} ${q.title[opts.lang]}`, why), checked: false };
}
