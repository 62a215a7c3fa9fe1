/**
 * The hostile battery (DESIGN.md "Performance and reliability targets"), graded as one
 * batch with the clean class: the sample class's hostile students (code between the
 * markers: loops, memory and fork bombs, exit, kill, patched globals, Proxies, fake
 * output, reads, writes, sockets, marker tampering) and the file-level ones built here
 * (binary and non-UTF-8 files, a 300 MB file, zip bombs, `../` zip entries, symlinks).
 *
 * Each must earn exactly what its code earns; every clean student's result must equal its
 * result from a batch without any hostile student; nothing the hostile code aimed at may
 * change; and no process or temp dir may outlive the batch. The sandbox's own unit tests
 * are in sandbox.test.ts; this is the same attacks end to end, through splice, compile,
 * sandbox, judge and the batch runner.
 */
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FILE_HOSTILES, type FileHostile, buildFileHostiles } from "../fixtures/submissions/hostile-files.ts";
import { materializeClass, sampleClassHere, sampleTimeContext, submissionFiles } from "../fixtures/submissions/materialize.ts";
import { type SampleStudent } from "../fixtures/submissions/sample-class.ts";
import { gradeBatch } from "./pipeline/batch.ts";
import { loadFixtures, loadLab } from "./labs/index.ts";
import { publish } from "./exporters/publish.ts";
import { type CaseResult, type SubmissionResult, finalScore, possibleScore, questionScores, rawScore } from "./result/result.ts";
import { ROOT } from "./splice/stubs.ts";
import { renderNote } from "./feedback/notes.ts";
import { detectIsolation } from "./sandbox/isolation.ts";

const fixtures = loadFixtures();
const lab = loadLab("hw2-1", fixtures);
const CLASS = await sampleClassHere();
const CLEAN = CLASS.filter((s) => !s.hostile);
const HOSTILE = CLASS.filter((s) => s.hostile);
/** Node ≥ 25: the permission model denies sockets itself (ERR_ACCESS_DENIED). */
const { permissionGatesNet } = await detectIsolation();
const canary = `dnnlab-canary-${randomBytes(8).toString("hex")}`;

let base: string;
let privateTmp: string;
let savedTmp: string | undefined;
let server: Server;
let connections = 0;
let fileHostiles: FileHostile[];
let clean: Map<string, SubmissionResult>;
let full: Map<string, SubmissionResult>;
let fullTotal = 0;
let left: { processes: string[]; dirs: string[] };
let protectedBefore: Map<string, string>;
let fullDir: string;

const sha = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");
const filesIn = (dir: string): string[] => readdirSync(dir).map((n) => join(dir, n)).filter((p) => statSync(p).isFile());

/** Processes whose command line names our private temp dir: the sandbox children of this test. */
function ourProcesses(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
      if (cmd.includes(privateTmp)) found.push(`${pid}: ${cmd.slice(0, 200)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), "dnnlab-hostile-"));
  chmodSync(base, 0o755); // the sandbox's own uid must reach its bundle dir below
  // Every sandbox dir of this run goes here, so what is left over is ours to see.
  privateTmp = join(base, "tmp");
  mkdirSync(privateTmp);
  chmodSync(privateTmp, 0o755);
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
  process.env.DNNLAB_HOSTILE_CANARY = canary;

  server = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };

  const deadline = new Date(lab.deadline);
  materializeClass(join(base, "clean"), deadline, CLEAN);
  fullDir = join(base, "full");
  materializeClass(fullDir, deadline, CLASS, { port });
  const good = submissionFiles(CLASS[0]!) as Record<"initialization.ts" | "gradient-checking.ts" | "optimization.ts", string>;
  fileHostiles = buildFileHostiles(fullDir, good, { root: ROOT, victim: join(fullDir, "s2026001") });
  fullTotal = CLASS.length + fileHostiles.length;

  protectedBefore = new Map(
    [...["fixtures", "solutions", "exercises"].flatMap((d) => filesIn(join(ROOT, d))), ...filesIn(join(fullDir, "s2026001"))].map((p) => [p, sha(p)]),
  );

  const ctx = { lab, fixtures, limits: { callTimeoutMs: 1500 }, ...sampleTimeContext(fullDir, deadline) };
  const a = await gradeBatch({ submissions: join(base, "clean"), out: join(base, "out-clean"), ctx, workers: 2 });
  clean = new Map(a.results.map((r) => [r.student, r]));
  const b = await gradeBatch({ submissions: fullDir, out: join(base, "out-full"), ctx, workers: 2 });
  full = new Map(b.results.map((r) => [r.student, r]));
  left = { processes: ourProcesses(), dirs: readdirSync(privateTmp).filter((n) => n.startsWith("dnnlab-sbx-")) };
  await publish(b.results, lab, join(base, "out-full"), {});
}, 420_000);

afterAll(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  delete process.env.DNNLAB_HOSTILE_CANARY;
  await new Promise((r) => server?.close(r));
  if (base) rmSync(base, { recursive: true, force: true });
});

/** The issues of fn's visible cases: a hidden case keeps none of the child's words (checked in "the batch"). */
const issues = (r: SubmissionResult, fn: string): CaseResult["issue"][] => r.cases.filter((c) => c.fn === fn && !c.hidden).map((c) => c.issue);
const strip = (r: SubmissionResult) => ({ ...r, gradedAt: "", durationMs: 0 });

/** Points lost only on the functions (and tests) the student breaks, as the self-test matrix checks. */
function expectLosses(r: SubmissionResult, s: SampleStudent): void {
  if (s.losesAll) {
    expect(rawScore(r)).toBe(0);
    return;
  }
  const broken = new Set(s.loses ?? []);
  const extra = new Set(s.losesTests ?? []);
  for (const c of r.cases) {
    if (broken.has(c.fn) || extra.has(c.id)) continue;
    expect(c.earned, `${c.id} (${c.fn}) should keep its points: ${JSON.stringify(c.issue)}`).toBe(c.points);
  }
  for (const fn of broken) {
    const cases = r.cases.filter((c) => c.fn === fn);
    if (cases.length) expect(cases.every((c) => c.earned === 0), `${fn} should lose all its points`).toBe(true);
  }
  if (!s.minutesLate) expect(r.late.penaltyPoints).toBe(0);
}

/** What each hostile student's failing calls must say, beyond the points. */
const DETAILS: Record<string, (r: SubmissionResult) => void> = {
  s2026012: (r) => expect(issues(r, "initializeParametersZeros").every((i) => i?.code === "timeout")).toBe(true),
  s2026013: (r) => {
    for (const i of issues(r, "initializeParametersHe")) expect(i).toMatchObject({ code: "crashed", reason: "exited", exitCode: 0 });
    // Also late: 26 h after the deadline, 2 started days × 10%.
    expect(r.late.penaltyPercent).toBe(20);
    expect(finalScore(r)).toBeCloseTo(rawScore(r) * 0.8, 6);
  },
  s2026014: (r) => {
    expect(r.notes.some((n) => n.kind === "marker" && n.fn === "initializeParametersRandom")).toBe(true);
    expect(r.notes.some((n) => n.kind === "compile" && n.fn === "updateLr")).toBe(true);
  },
  s2026015: (r) => expect(issues(r, "initializeParametersRandom").every((i) => i?.code === "timeout")).toBe(true),
  s2026016: (r) => {
    // Typed arrays: RLIMIT_DATA refuses the allocation, which the code sees as a RangeError.
    for (const i of issues(r, "initializeParametersHe")) {
      if (i?.code === "threw") expect(i.message).toMatch(/Array buffer allocation failed/);
      else expect(i?.code).toBe("crashed");
    }
    // A heap of plain arrays: V8 stops at --max-old-space-size (or the call's time runs out first).
    for (const i of issues(r, "initializeParametersRandom")) expect(["crashed", "timeout"]).toContain(i?.code);
  },
  s2026017: (r) => {
    for (const i of issues(r, "initializeParametersZeros")) expect(i).toMatchObject({ code: "threw", message: `fork bomb: ${Array(5).fill("ERR_ACCESS_DENIED").join(" ")}` });
  },
  s2026018: (r) => {
    for (const i of issues(r, "updateLr")) {
      // bubblewrap: its parent is the pid namespace's init, which ignores the SIGKILL; kill(-1) finds nobody (ESRCH).
      if (r.isolation?.filesystem === "private-mount") expect(i).toMatchObject({ code: "threw", message: "kill: the grader: sent, every process it may signal: ESRCH" });
      else if (r.isolation?.processes === "own-user") expect(i).toMatchObject({ code: "threw", message: "kill: the grader: EPERM, every process it may signal: sent" });
      else expect(i?.code).toBe("crashed"); // in a pid namespace, its parent is pid 0: it kills its own group
    }
  },
  s2026019: (r) => expect(issues(r, "initializeParametersRandom").every((i) => i?.code === "mismatch" || i?.code === "property_failed")).toBe(true),
  s2026020: (r) => expect(possibleScore(r)).toBe(100),
  s2026021: (r) => {
    for (const i of issues(r, "initializeParametersZeros")) expect(i).toMatchObject({ code: "bad_return", message: "result is a Proxy, not data" });
    for (const i of issues(r, "initializeParametersRandom")) expect(i).toMatchObject({ code: "bad_return", message: 'result["W1"] is a getter, not data' });
    for (const i of issues(r, "initializeParametersHe")) expect(i).toMatchObject({ code: "bad_return", message: 'result["self"] refers back to itself (a cycle)' });
    for (const i of issues(r, "updateLr")) {
      // Encoding 200 000 numbers takes ~0.2 s; on a loaded machine the call may hit its limit first.
      // About 4 MB of JSON: over the reply limit (4 MiB) it is refused in the child; just under it, judged a type mismatch.
      if (i?.code === "bad_return") expect(i.message).toMatch(/too large to send/);
      else if (i?.code !== "timeout") expect(i).toMatchObject({ code: "mismatch", mismatch: { code: "type_mismatch", got: "tuple of 200000" } });
    }
    // What the student returned is not copied into its result whole (a property quoted it: 4 MB once).
    expect(JSON.stringify(r).length).toBeLessThan(200_000);
  },
  s2026022: (r) => {
    expect(rawScore(r)).toBe(100); // printing is not graded either way
    expect(r.output).toContain("::notice title=dnnlab::s2026022 scored 100/100");
    expect(r.output).toContain("<script>alert('full marks')</script>");
  },
  s2026023: (r) => {
    for (const i of issues(r, "initializeParametersHe")) expect(i).toMatchObject({ code: "threw", message: `copied: ${Array(5).fill("ERR_ACCESS_DENIED").join(" ")}` });
    expect(r.output).toMatch(/^env: \{\}$/m);
  },
  s2026024: (r) => {
    for (const i of issues(r, "initializeParametersRandom")) expect(i).toMatchObject({ code: "threw", message: `wrote: ${Array(6).fill("ERR_ACCESS_DENIED").join(" ")}` });
  },
  s2026025: (r) => {
    for (const i of issues(r, "initializeParametersZeros")) {
      expect(i?.code).toBe("threw");
      // Node ≥ 25's permission model denies the network itself; older nodes leave it to the namespace.
      if (r.isolation?.permissionModel && permissionGatesNet) expect(i).toMatchObject({ message: expect.stringMatching(/ERR_ACCESS_DENIED/) });
      else if (r.isolation?.network === "none") expect(i).toMatchObject({ message: expect.stringMatching(r.isolation.filesystem === "private-mount" ? /ECONNREFUSED/ : /ENETUNREACH/) });
    }
  },
  s2026026: (r) => {
    expect(r.notes.some((n) => n.kind === "marker" && n.fn === "initializeParametersHe")).toBe(true);
    expect(r.notes.some((n) => n.kind === "compile" && n.fn === "initializeParametersZeros")).toBe(true);
    expect(r.notes.some((n) => n.kind === "outside_changed" && n.file === "optimization.ts")).toBe(true);
    expect(r.output ?? "").not.toContain("top-level code outside the function");
  },
  s2026027: (r) => {
    expect(issues(r, "initializeParametersZeros").every((i) => i?.code === "timeout")).toBe(true);
    expect(r.output!.length).toBeLessThanOrEqual(4000);
  },
};

describe("hostile battery: the batch", () => {
  it("grades every submission, hostile or not, and writes one result for each", () => {
    expect(full.size).toBe(fullTotal);
    const files = readdirSync(join(base, "out-full", "results")).sort();
    expect(files).toEqual([...full.keys()].map((id) => `${id}.json`).sort());
  });

  it("keeps none of the child's words in a hidden case's error (issue 13)", () => {
    let seen = 0;
    for (const r of full.values()) {
      for (const c of r.cases) {
        if (!c.hidden || (c.issue?.code !== "threw" && c.issue?.code !== "bad_return")) continue;
        seen++;
        expect(c.issue).toMatchObject({ message: "", redacted: true });
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it("grades every clean student exactly as in a batch without the hostile ones", () => {
    expect(CLEAN.length).toBeGreaterThan(5);
    for (const s of CLEAN) expect(strip(full.get(s.id)!), s.id).toEqual(strip(clean.get(s.id)!));
  });

  it("leaves no sandbox process and no sandbox temp dir behind", () => {
    expect(left.processes).toEqual([]);
    expect(left.dirs).toEqual([]);
    expect(ourProcesses()).toEqual([]);
  });

  it("changes none of the files the hostile code aimed at", () => {
    for (const [path, hash] of protectedBefore) expect(sha(path), path).toBe(hash);
    for (const path of [join(base, "s2026024.json"), "/tmp/dnnlab-pwned-s2026024.txt", "/etc/dnnlab-pwned.ts"]) expect(existsSync(path), path).toBe(false);
    expect(existsSync(fullDir)).toBe(true);
  });

  it("lets no connection through to 127.0.0.1 when the sandbox has no network", () => {
    if (full.get("s2026025")!.isolation?.network === "none") expect(connections).toBe(0);
  });

  it("keeps the grader's environment out of every file it writes", () => {
    const out = join(base, "out-full");
    const all = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(all.length).toBeGreaterThan(fullTotal);
    for (const e of all) expect(readFileSync(join(e.parentPath, e.name), "utf8").includes(canary), e.name).toBe(false);
  });

  it("shows printed fake results only inside a fence no printed backticks can close", () => {
    const md = readFileSync(join(base, "out-full", "feedback", "s2026022.en.md"), "utf8");
    const fence = /^(`{4,})text$/m.exec(md);
    expect(fence).not.toBeNull();
    const end = md.indexOf(`\n${fence![1]}\n`, fence!.index + 1);
    const body = md.slice(fence!.index, end);
    expect(body).toContain("<script>alert('full marks')</script>");
    expect(md.slice(0, fence!.index) + md.slice(end)).not.toContain("<script>");
  });
});

describe("hostile battery: code between the markers", () => {
  it.each(HOSTILE.map((s) => [`${s.id} ${s.hostile}`, s] as const))("%s earns what its code earns", (_t, s) => {
    const r = full.get(s.id)!;
    expect(r, "graded").toBeDefined();
    expect(r.failure).toBeUndefined();
    expectLosses(r, s);
    DETAILS[s.id]?.(r);
  });

  it("has a check of its details for every hostile student", () => {
    for (const s of HOSTILE) expect(Object.keys(DETAILS), s.id).toContain(s.id);
  });
});

describe("hostile battery: files", () => {
  it.each(FILE_HOSTILES.map((h) => [`${h.id} (${h.story})`, h] as const))("%s earns what it should", (_t, h) => {
    const r = full.get(h.id)!;
    expect(r, `${h.id} graded`).toBeDefined();
    const said = [r.failure?.message ?? "", ...r.notes.map((n) => renderNote(n, "en"))].join("\n");
    for (const re of h.says) expect(said, `${h.id} (${h.story})`).toMatch(re);
    if (h.expect === "unreadable") {
      expect(r.failure?.code, h.story).toBe("unreadable_submission");
      expect(rawScore(r)).toBe(0);
      return;
    }
    const expected = h.expect;
    expect(r.failure, h.story).toBeUndefined();
    for (const q of questionScores(r)) {
      const want = expected[q.question as "Q1" | "Q2" | "Q3"];
      expect(q.earned, `${h.id} ${q.question} (${h.story})`).toBe(want === "all" ? q.possible : 0);
    }
    // Nothing here is slow to refuse: no bomb is inflated, no huge file read, no FIFO opened.
    expect(r.durationMs, h.story).toBeLessThan(60_000);
  });

  it("built every file-level submission it checks", () => {
    expect(fileHostiles).toEqual(FILE_HOSTILES);
    expect(FILE_HOSTILES.length).toBe(13);
  });
});
