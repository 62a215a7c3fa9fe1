/**
 * Faults of the grader itself, not of the students: the grading process killed with
 * SIGKILL at random points and resumed, an output folder that is full, read-only or not a
 * folder at all. What must hold (DESIGN.md "Batch"): a resumed run ends with the same
 * gradebook as an uninterrupted one, byte for byte, with one result per student and no
 * half-written file; an output that cannot be written gives a clear message and exit
 * status 2 and leaves the previous gradebook as it was.
 *
 * The 200-submission version of the kill loop is bench/faults.ts (figures in
 * docs/benchmarks.md); this one is small enough for CI.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { materializeClass, mixedClass } from "../fixtures/submissions/materialize.ts";
import { CLEAN_CLASS, SAMPLE_CLASS, type SampleStudent } from "../fixtures/submissions/sample-class.ts";
import { cpuLimitSeconds, killMentioning, processesMentioning, runCli, seeded, workDir } from "../bench/harness.ts";
import { gradeBatch, readResult, resultPath } from "./pipeline/batch.ts";
import { OutputError, type WriteIo, sweepStaleTemps, writeAtomic } from "./pipeline/write.ts";
import { loadFixtures, loadLab } from "./labs/index.ts";

const fixtures = loadFixtures();
// The regularization lab: a quarter of hw2-1's tests, so a class grades in half the time.
const lab = loadLab("regularization", fixtures);
const deadline = new Date(lab.deadline);
const GRADE = ["--lab", "regularization", "--call-timeout", "1500", "--workers", "2"];

let work: { dir: string; tmp: string };
const mounts: string[] = [];

beforeAll(() => {
  work = workDir("dnnlab-faults-");
});

afterAll(() => {
  for (const m of mounts.reverse()) {
    try {
      execFileSync("umount", [m], { stdio: "ignore" });
    } catch {
      // not mounted
    }
  }
  killMentioning(work.tmp);
  rmSync(work.dir, { recursive: true, force: true });
});

/** Every file under `dir` whose name ends with .tmp. */
const temps = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".tmp"))
    .map((e) => join(e.parentPath, e.name));

/** Mount a tmpfs (or a read-only bind) as root; false where this machine does not allow it. */
function tryMount(args: string[], at: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync("mount", [...args, at], { stdio: "ignore" });
    mounts.push(at);
    return true;
  } catch {
    return false;
  }
}

describe("writeAtomic", () => {
  const fail = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

  it("leaves the old file whole and removes its temp file when the disk fills halfway", async () => {
    const dir = join(work.dir, "atomic");
    mkdirSync(dir, { recursive: true });
    const target = join(dir, "gradebook.csv");
    writeFileSync(target, "student,total\ns1,100\n");
    const io: WriteIo = {
      writeFile: async (path, text) => {
        await writeFile(path, text.slice(0, 5)); // half of it reached the disk
        throw fail("ENOSPC");
      },
      rename: async () => {
        throw new Error("not reached");
      },
      unlink: (p) => import("node:fs/promises").then((fs) => fs.unlink(p)),
    };
    const err = await writeAtomic(target, "student,total\ns1,0\n", io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputError);
    expect((err as Error).message).toBe(`cannot write ${target}: no space left on the device (ENOSPC); free some space or choose another --out`);
    expect(readFileSync(target, "utf8")).toBe("student,total\ns1,100\n");
    expect(readdirSync(dir)).toEqual(["gradebook.csv"]);
  });

  it.each([
    ["EROFS", "read-only file system (EROFS); choose a writable --out"],
    ["EACCES", "permission denied (EACCES); choose a writable --out"],
    ["EDQUOT", "disk quota exceeded (EDQUOT); free some space or choose another --out"],
  ])("says what to do when the rename fails with %s", async (code, says) => {
    const dir = join(work.dir, `atomic-${code}`);
    mkdirSync(dir, { recursive: true });
    const target = join(dir, "results.json");
    const io: WriteIo = {
      writeFile: (p, t) => writeFile(p, t),
      rename: async () => {
        throw fail(code);
      },
      unlink: (p) => import("node:fs/promises").then((fs) => fs.unlink(p)),
    };
    await expect(writeAtomic(target, "{}", io)).rejects.toThrow(`cannot write ${target}: ${says}`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("sweeps the temp files of a killed writer and keeps those of a live one", async () => {
    const dir = join(work.dir, "sweep");
    mkdirSync(dir, { recursive: true });
    const dead = Number(execFileSync("sh", ["-c", "echo $$"], { encoding: "utf8" }).trim()); // exited already
    writeFileSync(join(dir, `s1.json.${dead}.abc123.tmp`), "{half");
    writeFileSync(join(dir, `s2.json.${process.pid}.def456.tmp`), "{being written");
    writeFileSync(join(dir, "s3.json"), "{}");
    expect(await sweepStaleTemps(dir)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(["s2.json." + process.pid + ".def456.tmp", "s3.json"]);
  });
});

describe("resume", () => {
  it("regrades a student whose result records a failure of the grader itself", async () => {
    const root = join(work.dir, "infra");
    materializeClass(join(root, "class"), deadline, [SAMPLE_CLASS[0]!]);
    const out = join(root, "out");
    const ctx = { lab, fixtures, limits: { callTimeoutMs: 1500 } };
    const first = await gradeBatch({ submissions: join(root, "class"), out, ctx, workers: 1 });
    const r = first.results[0]!;
    const broken = { ...r, cases: r.cases.map((c) => ({ ...c, earned: 0 })), failure: { code: "infrastructure", message: "spawn prlimit ENOMEM" } };
    writeFileSync(resultPath(out, r.student), JSON.stringify(broken));
    const again = await gradeBatch({ submissions: join(root, "class"), out, ctx, workers: 1, resume: true });
    expect(again).toMatchObject({ graded: 1, skipped: 0 });
    expect((await readResult(resultPath(out, r.student)))?.failure).toBeUndefined();
    // A normal result is not redone.
    expect(await gradeBatch({ submissions: join(root, "class"), out, ctx, workers: 1, resume: true })).toMatchObject({ graded: 0, skipped: 1 });
  }, 120_000);
});

describe("dnnlab grade when the output cannot be written", () => {
  let classDir: string;
  let good: { gradebook: string; dir: string };

  beforeAll(async () => {
    classDir = join(work.dir, "small-class");
    materializeClass(classDir, deadline, CLEAN_CLASS().slice(0, 2));
  });

  it("explains an --out below a file (ENOTDIR) and exits 2", async () => {
    const r = await runCli(["grade", classDir, "--out", "/dev/null/x", ...GRADE], { tmp: work.tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("dnnlab: cannot write /dev/null/x/results: a part of the path is a file, not a folder (ENOTDIR); choose another --out");
    expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  }, 60_000);

  it("keeps the previous gradebook whole when the disk is full, and --resume finishes after space is freed", async ({ skip }) => {
    const mnt = join(work.dir, "full-disk");
    mkdirSync(mnt);
    if (!tryMount(["-t", "tmpfs", "-o", "size=4m", "tmpfs"], mnt)) skip();
    const out = join(mnt, "out");
    const first = await runCli(["grade", classDir, "--out", out, ...GRADE], { tmp: work.tmp });
    expect(first.code, first.stderr).toBe(0);
    const before = readFileSync(join(out, "gradebook.csv"));
    good = { gradebook: before.toString(), dir: out };
    // Fill the disk to the last byte.
    const filler = join(mnt, "filler");
    for (const size of [64 * 1024, 4096, 1]) {
      try {
        for (const chunk = Buffer.alloc(size); ; ) writeFileSync(filler, chunk, { flag: "a" });
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe("ENOSPC");
      }
    }
    const second = await runCli(["grade", classDir, "--out", out, ...GRADE], { tmp: work.tmp });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/dnnlab: cannot write \S+\/out\/results\/s2026\d+\.json: no space left on the device \(ENOSPC\); free some space or choose another --out/);
    expect(readFileSync(join(out, "gradebook.csv"))).toEqual(before);
    expect(temps(mnt)).toEqual([]);
    rmSync(filler);
    const third = await runCli(["grade", classDir, "--out", out, "--resume", ...GRADE], { tmp: work.tmp });
    expect(third.code, third.stderr).toBe(0);
    expect(readFileSync(join(out, "gradebook.csv"))).toEqual(before);
  }, 120_000);

  it("keeps the previous gradebook whole in a read-only folder (EROFS) and exits 2", async ({ skip }) => {
    if (!good) skip();
    const out = join(work.dir, "ro-out");
    mkdirSync(out);
    execFileSync("cp", ["-a", `${good.dir}/.`, out]);
    if (!tryMount(["--bind", out], out)) skip();
    execFileSync("mount", ["-o", "remount,bind,ro", out]);
    const r = await runCli(["grade", classDir, "--out", out, ...GRADE], { tmp: work.tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dnnlab: cannot write \S+: read-only file system \(EROFS\); choose a writable --out/);
    expect(readFileSync(join(out, "gradebook.csv"), "utf8")).toBe(good.gradebook);
  }, 60_000);
});

describe("dnnlab grade killed with SIGKILL", () => {
  it("resumed after three kills at random points, ends with the uninterrupted run's gradebook, byte for byte", async () => {
    // 20 submissions: the clean class cycled, with one infinite loop so that kills land in every state.
    const loop: SampleStudent = {
      ...SAMPLE_CLASS[0]!,
      id: "m0020",
      story: "an infinite loop in computeCostWithRegularization",
      edits: [{ file: "regularization.ts", fn: "computeCostWithRegularization", from: "L2RegularizationCost =", to: "while (m > 0) {}\nL2RegularizationCost =" }],
    };
    const students = [...mixedClass(19), loop];
    const classDir = join(work.dir, "kill-class");
    materializeClass(classDir, deadline, students);
    const whole = await runCli(["grade", classDir, "--out", join(work.dir, "kill-whole"), ...GRADE], { tmp: work.tmp });
    expect(whole.code, whole.stderr).toBe(0);

    const out = join(work.dir, "kill-resumed");
    const random = seeded(20261214);
    const orphans: string[] = [];
    let runs = 0;
    let kills = 0;
    for (let done = false; !done; runs++) {
      expect(runs, "finishes within 10 runs").toBeLessThan(10);
      // A random point of what is left to do: start-up, grading, writing results, publishing.
      const left = existsSync(join(out, "results")) ? students.length - readdirSync(join(out, "results")).filter((n) => n.endsWith(".json")).length : students.length;
      const killAfterMs = kills < 3 ? 500 + random() * 0.7 * (whole.ms * (left / students.length) + 1500) : undefined;
      const r = await runCli(["grade", classDir, "--out", out, "--resume", ...GRADE], { tmp: work.tmp, ...(killAfterMs ? { killAfterMs } : {}) });
      if (r.signal === "SIGKILL") {
        kills++;
        // Children of a killed grader: idle ones exit at the end of their channel; one spinning in the
        // infinite loop is bounded by RLIMIT_CPU. None may outlive the CPU limit the sandbox set.
        await new Promise((res) => setTimeout(res, 1500));
        for (const p of processesMentioning(`${work.tmp}/dnnlab-sbx-`)) {
          orphans.push(`${p.pid} ${p.state}`);
          expect(cpuLimitSeconds(p.pid), p.cmd).not.toBeNull();
          expect(cpuLimitSeconds(p.pid)!).toBeLessThanOrEqual(300);
        }
        killMentioning(`${work.tmp}/dnnlab-sbx-`);
        continue;
      }
      expect(r.code, r.stderr).toBe(0);
      done = true;
    }
    expect(kills).toBe(3);
    const a = readFileSync(join(work.dir, "kill-whole", "gradebook.csv"), "utf8");
    const b = readFileSync(join(out, "gradebook.csv"), "utf8");
    expect(b).toBe(a);
    const rows = b.trim().split("\n").slice(1).map((l) => l.split(",")[0]);
    expect(rows).toEqual(students.map((s) => s.id));
    expect(readdirSync(join(out, "results")).sort()).toEqual(students.map((s) => `${s.id}.json`));
    expect(temps(out)).toEqual([]);
    console.info(`kill -9 test: ${runs} runs, ${kills} kills, uninterrupted ${(whole.ms / 1000).toFixed(1)} s, orphans after kills: ${orphans.length ? orphans.join(", ") : "none"}`);
  }, 300_000);
});

describe("bench harness", () => {
  it("finds no leftover sandbox of these tests", () => {
    expect(processesMentioning(`${work.tmp}/dnnlab-sbx-`)).toEqual([]);
    expect(existsSync(work.tmp) && statSync(work.tmp).isDirectory()).toBe(true);
  });
});
