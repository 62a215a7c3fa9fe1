/**
 * The kill -9 loop at class size (grader/faults.test.ts runs a small one in CI):
 *
 *   1. grade N generated submissions uninterrupted;
 *   2. grade them again into a fresh folder with --resume, SIGKILLing the grader at K random
 *      points (seeded), then --resume until it finishes;
 *   3. compare the two gradebooks byte for byte, check one result file per student and no
 *      temp file, and record what each kill left behind: sandbox children still running (and
 *      their RLIMIT_CPU) and sandbox temp dirs.
 *
 *   node bin/run-ts.js bench/faults.ts [--n 200] [--kills 5] [--seed 20261214] [--lab hw2-1] [--no-doc]
 *
 * The class is the sample class cycled (mixedClass) with one infinite loop in every 50
 * submissions, so that kills also land while a child spins. Writes bench/faults.json and
 * the "faults" section of docs/benchmarks.md.
 */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { materializeClass, mixedClass } from "../fixtures/submissions/materialize.ts";
import { SAMPLE_CLASS, type SampleStudent } from "../fixtures/submissions/sample-class.ts";
import { loadFixtures, loadLab } from "../grader/labs/index.ts";
import { ROOT, cpuLimitSeconds, killMentioning, machine, processesMentioning, replaceSection, runCli, seeded, workDir } from "./harness.ts";

const argv = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : dflt;
};
const n = Number(opt("n", "200"));
const kills = Number(opt("kills", "5"));
const seed = Number(opt("seed", "20261214"));
const labId = opt("lab", "hw2-1");
const lab = loadLab(labId, loadFixtures());
const { dir, tmp } = workDir("dnnlab-faults-bench-");
const s1 = (ms: number): number => Math.round(ms / 100) / 10;

const loop = SAMPLE_CLASS.find((s) => s.id === "s2026012")!; // an infinite loop in initializeParametersZeros
const students: SampleStudent[] = mixedClass(n).map((s, i) => (labId === "hw2-1" && i % 50 === 49 ? { ...loop, id: s.id } : s));
const classDir = join(dir, "class");
materializeClass(classDir, new Date(lab.deadline), students);
const GRADE = ["--lab", labId, "--workers", "2"];

console.error(`machine: ${JSON.stringify(machine())}`);
console.error(`uninterrupted run of ${n} …`);
const whole = await runCli(["grade", classDir, "--out", join(dir, "whole"), ...GRADE], { tmp });
if (whole.code !== 0) throw new Error(`uninterrupted run failed: ${whole.stderr.slice(-2000)}`);

const out = join(dir, "resumed");
const random = seeded(seed);
const done = (): number => (existsSync(join(out, "results")) ? readdirSync(join(out, "results")).filter((f) => f.endsWith(".json")).length : 0);
const log: { run: number; killAtSeconds: number | null; graded: number; orphans: string[]; leftoverDirs: number }[] = [];
let killed = 0;
const t0 = performance.now();
for (let run = 1; ; run++) {
  if (run > kills + 10) throw new Error("did not finish");
  const left = n - done();
  const killAfterMs = killed < kills ? 500 + random() * 0.8 * (whole.ms * (left / n) + 1500) : undefined;
  const r = await runCli(["grade", classDir, "--out", out, "--resume", ...GRADE], { tmp, ...(killAfterMs ? { killAfterMs } : {}) });
  const entry = { run, killAtSeconds: r.signal === "SIGKILL" ? s1(killAfterMs!) : null, graded: done(), orphans: [] as string[], leftoverDirs: 0 };
  if (r.signal === "SIGKILL") {
    killed++;
    await new Promise((res) => setTimeout(res, 2000));
    entry.orphans = processesMentioning(`${tmp}/dnnlab-sbx-`).map((p) => `pid ${p.pid} state ${p.state} RLIMIT_CPU ${cpuLimitSeconds(p.pid)} s`);
    entry.leftoverDirs = readdirSync(tmp).filter((d) => d.startsWith("dnnlab-sbx-")).length;
    killMentioning(`${tmp}/dnnlab-sbx-`); // so that the next run's figures are its own
    log.push(entry);
    console.error(JSON.stringify(entry));
    continue;
  }
  if (r.code !== 0) throw new Error(`run ${run} failed (${r.code}): ${r.stderr.slice(-2000)}`);
  log.push(entry);
  break;
}
const resumedSeconds = s1(performance.now() - t0);
const a = readFileSync(join(dir, "whole", "gradebook.csv"));
const b = readFileSync(join(out, "gradebook.csv"));
const ids = b.toString().trim().split("\n").slice(1).map((l) => l.split(",")[0]!);
const results = readdirSync(join(out, "results"));
const temps = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith(".tmp")).length;
const summary = {
  date: new Date().toISOString(),
  machine: machine(),
  n,
  lab: labId,
  seed,
  uninterruptedSeconds: s1(whole.ms),
  withKillsSeconds: resumedSeconds,
  kills: killed,
  runs: log,
  identical: a.equals(b),
  rows: ids.length,
  duplicateRows: ids.length - new Set(ids).size,
  missingRows: students.filter((s) => !ids.includes(s.id)).length,
  resultFiles: results.filter((f) => f.endsWith(".json")).length,
  tempFilesLeft: temps,
  leftoverSandboxDirsAfterKills: readdirSync(tmp).filter((d) => d.startsWith("dnnlab-sbx-")).length,
};
writeFileSync(join(ROOT, "bench", "faults.json"), `${JSON.stringify(summary, null, 2)}\n`);

if (!argv.includes("--no-doc")) {
  const lines = [
    `Measured ${summary.date.slice(0, 16).replace("T", " ")} UTC by \`node bin/run-ts.js bench/faults.ts --n ${n} --kills ${kills} --seed ${seed} --lab ${labId}\` (raw: bench/faults.json).`,
    `${n} submissions (the clean sample class cycled, one infinite loop in every 50), lab ${labId}, 2 workers.`,
    "",
    "| run | SIGKILL after | results on disk after the run | sandbox children alive 2 s after the kill | sandbox temp dirs left |",
    "|---:|---:|---:|---|---:|",
    ...log.map((l) => `| ${l.run} | ${l.killAtSeconds === null ? "— (finished)" : `${l.killAtSeconds} s`} | ${l.graded} | ${l.orphans.length ? l.orphans.join("; ") : "none"} | ${l.killAtSeconds === null ? "—" : l.leftoverDirs} |`),
    "",
    `- Uninterrupted: ${summary.uninterruptedSeconds} s. With ${killed} kills and resumes: ${summary.withKillsSeconds} s in all.`,
    `- Gradebook after the kills ${summary.identical ? "**identical**" : "**DIFFERENT**"} to the uninterrupted one, byte for byte; ${summary.rows} rows, ${summary.duplicateRows} duplicated, ${summary.missingRows} missing; ${summary.resultFiles} result files; ${summary.tempFilesLeft} temp files left in the output.`,
    `- Left behind by the kills (a SIGKILLed grader cannot clean up): ${summary.leftoverSandboxDirsAfterKills} sandbox temp dirs in TMPDIR (cumulative); children alive 2 s after a kill are listed above (the script kills them before the next run).`,
  ];
  replaceSection(join(ROOT, "docs", "benchmarks.md"), "faults", lines.join("\n"));
}
killMentioning(tmp);
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify(summary, null, 2));
