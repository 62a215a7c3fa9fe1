/**
 * Issue 13, the sandbox's items, end to end: hostile students graded in one batch with the
 * perfect student (splice, compile, sandbox, judge, batch runner). For each: the whole
 * class is graded, the perfect student's row equals its row from a batch of its own,
 * nothing is written outside, nothing is left running.
 *
 *   13.1  a 2,000-deep returned value; a 100,000-deep line written to fd 3
 *   13.2  a 63 MB line written to fd 3
 *   13.3  eval and v8 looking for the runner's channel; a line with a guessed token
 *   13.6  a world-writable unix socket on disk and an abstract one
 *   13.7  V8 trace flags and writes to /tmp and /dev/shm
 *   13.8  printing the arguments of every call (the hidden cases' included)
 *
 * (13.9's killed grader and memory cap: hostile-confine.test.ts.)
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { materializeClass } from "../../fixtures/submissions/materialize.ts";
import { SAMPLE_CLASS, type SampleStudent } from "../../fixtures/submissions/sample-class.ts";
import { loadFixtures, loadLab } from "../labs/index.ts";
import { gradeBatch } from "../pipeline/batch.ts";
import { type SubmissionResult, rawScore } from "../result/result.ts";

const fixtures = loadFixtures();
const lab = loadLab("hw2-1", fixtures);
const tag = randomBytes(6).toString("hex");
const base = mkdtempSync(join(tmpdir(), "dnnlab-h13-"));
const SOCKET = join(base, "daemon.sock");
const ABSTRACT = `\0dnnlab-h13-${tag}`;
const V8_LOG = `/tmp/dnnlab-h13-${tag}.log`;
const SHM_FILE = `/dev/shm/dnnlab-h13-${tag}`;

const ZEROS_B = 'parameters["b" + l] = np.zeros([layersDims[l], 1]);';
const PERFECT = SAMPLE_CLASS[0]!;
const hostile = (n: number, story: string, body: string, loses: string[] = []): SampleStudent => ({
  ...PERFECT,
  id: `h13${String(n).padStart(3, "0")}`,
  story,
  hostile: story,
  edits: [{ file: "initialization.ts", fn: "initializeParametersZeros", from: ZEROS_B, to: `${ZEROS_B}\nif (l === L - 1) {\n${body}\n}` }],
  loses,
});

const HOSTILE: SampleStudent[] = [
  hostile(1, "13.1 returns a 2,000-deep array", `let v: unknown = 1; for (let i = 0; i < 2000; i++) v = [v]; return v as Params;`, ["initializeParametersZeros"]),
  hostile(2, "13.1 writes a 100,000-deep line to fd 3", `process.getBuiltinModule("node:fs").writeSync(3, "[".repeat(100000) + "]".repeat(100000) + "\\n");`),
  hostile(
    3,
    "13.2 writes a 63 MB line to fd 3",
    `const fs = process.getBuiltinModule("node:fs"); const mb = "{".repeat(1 << 20); for (let i = 0; i < 63; i++) fs.writeSync(3, mb); fs.writeSync(3, "\\n");`,
    ["initializeParametersZeros"],
  ),
  hostile(
    4,
    "13.3 looks for the runner's channel with eval and v8, forges a reply with a guessed token",
    [
      `const found: string[] = [];`,
      `for (const name of ["readBuffer", "pending", "send", "readLine", "readyToken", "replyChars", "token", "mark"]) {`,
      `  try { if (eval("typeof " + name) !== "undefined") found.push(name); } catch { /* code generation from strings is off */ }`,
      `}`,
      `const v8 = process.getBuiltinModule("node:v8") as unknown as Record<string, unknown>;`,
      `for (const f of ["getHeapSnapshot", "writeHeapSnapshot", "setFlagsFromString", "queryObjects"]) if (typeof v8[f] === "function") found.push("v8." + f);`,
      `process.getBuiltinModule("node:fs").writeSync(3, "\\n2.00000000000000000000000000000000 {\\"ok\\":true,\\"value\\":{}}\\n");`,
      `if (found.length > 0) throw new Error("reached " + found.join(", "));`,
    ].join("\n"),
  ),
  hostile(
    5,
    "13.6 sends its arguments to a unix socket on disk and to an abstract one",
    [
      `const net = process.getBuiltinModule("node:net");`,
      `const tell = (path: string) => new Promise<void>((resolve) => { const s = net.connect(path, () => s.end(JSON.stringify(layersDims), () => resolve())); s.on("error", () => resolve()); });`,
      `return Promise.all([tell(${JSON.stringify(SOCKET)}), tell(${JSON.stringify(ABSTRACT)})]).then(() => parameters) as unknown as Params;`,
    ].join("\n"),
  ),
  hostile(
    6,
    "13.7 turns on V8 logging into /tmp and writes /dev/shm",
    [
      `const v8 = process.getBuiltinModule("node:v8") as unknown as { setFlagsFromString?: (f: string) => void };`,
      `try { v8.setFlagsFromString?.(${JSON.stringify(`--logfile=${V8_LOG} --log-all --prof`)}); } catch { /* removed */ }`,
      `try { process.getBuiltinModule("node:fs").writeFileSync(${JSON.stringify(SHM_FILE)}, "x"); } catch { /* denied */ }`,
    ].join("\n"),
  ),
  hostile(7, "13.8 prints the arguments of every call", `console.log("ARGS " + JSON.stringify(layersDims));`),
];

let privateTmp: string;
let savedTmp: string | undefined;
let servers: Server[] = [];
const received: string[] = [];
let alone: SubmissionResult;
let full: Map<string, SubmissionResult>;
let leftProcesses: string[];

function ourProcesses(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(privateTmp)) found.push(pid);
    } catch {
      // gone
    }
  }
  return found;
}

beforeAll(async () => {
  chmodSync(base, 0o755);
  privateTmp = join(base, "tmp");
  mkdirSync(privateTmp);
  chmodSync(privateTmp, 0o755);
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = privateTmp;
  for (const path of [SOCKET, ABSTRACT]) {
    const s = createServer((c) => c.on("data", (d) => received.push(String(d))));
    await new Promise<void>((r) => s.listen(path, r));
    servers.push(s);
  }
  chmodSync(SOCKET, 0o777);
  const deadline = new Date(lab.deadline);
  materializeClass(join(base, "alone"), deadline, [PERFECT]);
  materializeClass(join(base, "class"), deadline, [PERFECT, ...HOSTILE]);
  const ctx = { lab, fixtures, limits: { callTimeoutMs: 3_000 } };
  alone = (await gradeBatch({ submissions: join(base, "alone"), out: join(base, "out-alone"), ctx, workers: 2 })).results[0]!;
  const b = await gradeBatch({ submissions: join(base, "class"), out: join(base, "out-class"), ctx, workers: 2 });
  full = new Map(b.results.map((r) => [r.student, r]));
  leftProcesses = ourProcesses();
}, 300_000);

afterAll(async () => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  for (const s of servers) await new Promise((r) => s.close(r));
  servers = [];
  rmSync(base, { recursive: true, force: true });
});

const strip = (r: SubmissionResult) => ({ ...r, gradedAt: "", durationMs: 0 });
/** The issues of the visible zeros cases (a hidden case's error text is redacted: grader/judge/judge.ts). */
const zerosIssues = (r: SubmissionResult) => r.cases.filter((c) => c.fn === "initializeParametersZeros" && !c.hidden).map((c) => c.issue);

describe("issue 13 (sandbox items): the class with its hostile students", () => {
  it("grades the whole class, the perfect student exactly as alone, and leaves nothing behind", () => {
    expect([...full.keys()].sort()).toEqual([PERFECT, ...HOSTILE].map((s) => s.id).sort());
    expect(strip(full.get(PERFECT.id)!)).toEqual(strip(alone));
    expect(rawScore(alone)).toBe(100);
    expect(leftProcesses).toEqual([]);
    expect(readdirSync(privateTmp).filter((n) => n.startsWith("dnnlab-sbx-"))).toEqual([]);
    for (const f of [V8_LOG, SHM_FILE]) expect(existsSync(f), f).toBe(false);
  });

  it.each(HOSTILE.map((s) => [s.story, s] as const))("%s: loses exactly what it breaks", (_story, s) => {
    const r = full.get(s.id)!;
    expect(r.failure).toBeUndefined();
    for (const c of r.cases) {
      const broken = s.loses!.includes(c.fn);
      expect(c.earned, `${c.id}: ${JSON.stringify(c.issue)}`).toBe(broken ? 0 : c.points);
    }
  });

  it("13.1/13.2: the deep value and the 63 MB line fail only their own calls, with a code", () => {
    for (const i of zerosIssues(full.get("h13001")!)) expect(i).toMatchObject({ code: "bad_return", message: expect.stringContaining("nested more than 64 levels deep") });
    for (const i of zerosIssues(full.get("h13003")!)) expect(i).toMatchObject({ code: "crashed", reason: "bad_reply" });
  });

  it("13.6: no unix socket of the host heard from the child", () => {
    const iso = full.get("h13005")!.isolation!;
    if (iso.filesystem === "private-mount") expect(received).toEqual([]);
    else console.info(`no private filesystem here (bubblewrap missing): the socket on disk heard ${JSON.stringify(received)}`);
  });

  it("13.8: the hidden cases' arguments are not in the printed output, the visible ones are", () => {
    const out = full.get("h13007")!.output ?? "";
    expect(out).toContain("ARGS [3,2,1]");
    const hidden = fixtures.get("initialization")!.cases.filter((c) => c.hidden).map((c) => JSON.stringify(c.args[0]));
    expect(hidden.length).toBeGreaterThan(0);
    for (const h of hidden) expect(out).not.toContain(h);
    const md = readFileSync(join(base, "out-class", "results", "h13007.json"), "utf8");
    for (const h of hidden) expect(md).not.toContain(`ARGS ${h}`);
  });
});
