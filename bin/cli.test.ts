/**
 * The CLI's error paths (issue 16.3): each a clear one-line error, the right exit code, no
 * stack trace; and the output conventions: progress on stderr, scores for people with at most
 * 2 decimals, colour by NO_COLOR / FORCE_COLOR, --help not wrapped a second time when piped.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { perfect, sampleLab } from "../fixtures/sample-results.ts";
import { SAMPLE_CLASS } from "../fixtures/submissions/sample-class.ts";
import { toGradebookCsv } from "../grader/exporters/gradebook.ts";
import { mkdirp } from "../grader/pipeline/mkdirp.ts";
import { exactPoints, formatPoints } from "../grader/result/scores.ts";
import { ROOT } from "../grader/root.ts";
import { colorWanted } from "./color.ts";
import { runDemo } from "./demo.ts";

const CLI = join(ROOT, "bin", "dnnlab.js");
const work = mkdtempSync(join(tmpdir(), "dnnlab-cli-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
const dir = (name: string): string => {
  const d = join(work, `${++n}-${name}`);
  mkdirSync(d, { recursive: true });
  return d;
};

async function dnnlab(args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !["NO_COLOR", "FORCE_COLOR", "CI"].includes(k)));
  const r = await execa(process.execPath, [CLI, ...args], { cwd: work, reject: false, extendEnv: false, env: { ...base, CI: "1", ...env } });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** The error: one line starting with "dnnlab: ", the last on stderr (after any progress lines), no stack trace. */
function oneLineError(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines.filter((l) => l.startsWith("dnnlab: ")), stderr).toHaveLength(1);
  expect(lines.at(-1)).toMatch(/^dnnlab: /);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines.at(-1)!;
}

/** A class of two: one handing in the untouched stub of regularization.ts, one only a README. */
function classWithReadmeOnly(): string {
  const subs = dir("class");
  mkdirSync(join(subs, "s1"));
  writeFileSync(join(subs, "s1", "regularization.ts"), readFileSync(join(ROOT, "exercises", "regularization.ts")));
  mkdirSync(join(subs, "s2"));
  writeFileSync(join(subs, "s2", "README.md"), "my homework\n");
  return subs;
}

describe("error paths: one line, exit 2", () => {
  it("release --out <an existing file>", async () => {
    const file = join(dir("release"), "taken");
    writeFileSync(file, "x");
    const r = await dnnlab(["release", "--out", file]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toContain("a part of the path is a file, not a folder (ENOTDIR)");
    expect(readFileSync(file, "utf8")).toBe("x");
  });

  it("merge of an empty folder, and of the other lab's shards", async () => {
    const empty = await dnnlab(["merge", dir("empty"), "--out", join(work, "merged-1")]);
    expect(empty.code).toBe(2);
    expect(oneLineError(empty.stderr)).toContain("no results in");

    const shard = dir("other-lab");
    mkdirSync(join(shard, "results"));
    writeFileSync(join(shard, "results", `${perfect.student}.json`), JSON.stringify(perfect));
    const other = await dnnlab(["merge", shard, "--lab", "hw2-1", "--out", join(work, "merged-2")]);
    expect(other.code).toBe(2);
    expect(oneLineError(other.stderr)).toContain(`no hw2-1 results in ${shard}: they hold results of lab ${sampleLab.id} (give --lab ${sampleLab.id})`);
  });

  it("demo --call-timeout abc, before anything is written", async () => {
    const out = join(work, "demo-never");
    const r = await dnnlab(["demo", "--call-timeout", "abc", "--out", out]);
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toBe('dnnlab: --call-timeout takes milliseconds ≥ 100, got "abc"');
    expect(() => readFileSync(join(out, "hw2-1", "gradebook.csv"))).toThrow();
  });

  it("demo --pdf without Chromium, before anything is graded", async () => {
    const out = join(work, "demo-no-chromium");
    const r = await dnnlab(["demo", "--pdf", "--out", out], { DNNLAB_CHROMIUM: join(work, "no-chromium") });
    expect(r.code).toBe(2);
    expect(oneLineError(r.stderr)).toMatch(/^dnnlab: PDF reports need Chromium, and there is none at .*no-chromium/);
    expect(() => readFileSync(join(out, "roster.csv"))).toThrow();
  });

  it("--out under /proc: an error, not an endless loop", async () => {
    await expect(mkdirp("/proc/dnnlab-test/x")).rejects.toMatchObject({ code: "ENOENT" });
    for (const args of [
      ["release", "--out", "/proc/dnnlab-test"],
      ["experiment", "initialization", "--out", "/proc/dnnlab-test"],
      ["grade", classWithReadmeOnly(), "--lab", "regularization", "--out", "/proc/dnnlab-test"],
    ]) {
      const r = await dnnlab(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(oneLineError(r.stderr)).toMatch(/^dnnlab: cannot write \/proc\/dnnlab-test\S*: .*\(ENOENT\); choose another --out/);
    }
  });

  it("a submission holding only a README is no submission; a class of them is a usage error", async () => {
    const subs = classWithReadmeOnly();
    const out = join(work, "graded");
    const r = await dnnlab(["grade", subs, "--lab", "regularization", "--out", out, "--workers", "1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("s2 no submission");
    expect(r.stderr).toContain('no submission (no file of lab regularization: regularization.ts) from 1: s2; in the gradebook as "missing"');
    const rows = readFileSync(join(out, "gradebook.csv"), "utf8").trim().split("\n");
    const header = rows[0].split(",");
    const status = (student: string) => rows.find((row) => row.startsWith(`${student},`))!.split(",")[header.indexOf("status")];
    expect([status("s1"), status("s2")]).toEqual(["graded", "missing"]);

    rmSync(join(subs, "s1"), { recursive: true });
    const none = await dnnlab(["grade", subs, "--lab", "regularization", "--out", join(work, "graded-none")]);
    expect(none.code).toBe(2);
    expect(oneLineError(none.stderr)).toContain("none of the 1 submission(s) in");
  });
});

describe("help and versions", () => {
  it("every option the top-level help shows exists (no `report --all`)", async () => {
    const top = await dnnlab(["--help"]);
    const uses = [...top.stdout.matchAll(/`dnnlab (\w+)([^`]*)`/g)];
    expect(uses.length).toBeGreaterThan(3);
    for (const [, cmd, rest] of uses) {
      const help = (await dnnlab([cmd, "--help"])).stdout;
      for (const flag of rest.match(/--[a-z-]+/g) ?? []) expect(help, `${cmd} ${flag}`).toContain(flag);
    }
  });

  it("--help is not wrapped a second time when piped", async () => {
    const r = await dnnlab(["grade", "--help"]);
    expect(r.stdout).toContain("\nGrade every submission in <submissions-dir>: each subfolder or .zip is one student, named by its ID.\n");
  });

  it("the student's checker has --version", async () => {
    const r = await execa(process.execPath, [join(ROOT, "bin", "run-ts.js"), join(ROOT, "bin", "dnnlab-check.ts"), "--version"], { reject: false });
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});

describe("colour", () => {
  it("follows NO_COLOR and FORCE_COLOR, else colours a terminal only", () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    expect(colorWanted(tty, {})).toBe(true);
    expect(colorWanted(pipe, {})).toBe(false);
    expect(colorWanted(tty, { NO_COLOR: "1" })).toBe(false);
    expect(colorWanted(tty, { NO_COLOR: "" })).toBe(true);
    expect(colorWanted(pipe, { FORCE_COLOR: "1" })).toBe(true);
    expect(colorWanted(tty, { FORCE_COLOR: "0" })).toBe(false);
    expect(colorWanted(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
    expect(colorWanted(tty, { TERM: "dumb" })).toBe(false);
  });

  it("`check` paints its report when FORCE_COLOR asks, even piped, and not with NO_COLOR", async () => {
    const exercises = dir("check");
    writeFileSync(join(exercises, "regularization.ts"), readFileSync(join(ROOT, "exercises", "regularization.ts")));
    const forced = await dnnlab(["check", exercises, "--lab", "regularization"], { CI: "", FORCE_COLOR: "1" });
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain("\x1b[");
    const plain = await dnnlab(["check", exercises, "--lab", "regularization"], { CI: "", NO_COLOR: "1" });
    expect(plain.stdout).not.toContain("\x1b[");
  });
});

describe("scores", () => {
  it("print with at most 2 decimals for people and full precision in machine outputs", () => {
    expect(formatPoints(98.454546)).toBe("98.45");
    expect(formatPoints(2.5)).toBe("2.5");
    expect(formatPoints(-0)).toBe("0");
    expect(exactPoints(98.4545456)).toBe("98.454546");
    const third = { ...perfect, cases: perfect.cases.map((c, i) => (i === 0 ? { ...c, earned: c.points / 3 } : c)) };
    const csv = toGradebookCsv([third], sampleLab);
    expect(csv).toMatch(/\d\.\d{6}/); // the CSV keeps 6 decimals
  });
});

describe("the demo", () => {
  it("prints progress on stderr, as grade does, and its summary on stdout", async () => {
    const sink = () => {
      let text = "";
      return { stream: new Writable({ write: (c: Buffer, _e, done) => ((text += c.toString()), done()) }), text: () => text };
    };
    const out = sink();
    const err = sink();
    const students = SAMPLE_CLASS.filter((s) => !s.hostile).slice(0, 2);
    await runDemo({ out: join(work, "demo"), pdf: false, reports: false, callTimeoutMs: 2000, students, stdout: out.stream, stderr: err.stream });
    expect(err.text()).toContain(`[hw2-1 1/2] `);
    expect(err.text()).toContain(`[regularization 2/2] `);
    expect(out.text()).not.toMatch(/\[hw2-1 \d\/2\]/);
    expect(out.text()).toMatch(/^sample class: 2 fictional students/);
    expect(out.text()).toContain("hw2-1: graded 2 in");
  });
});
