import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Matrix } from "../../lib/np/matrix.ts";
import { type Encoded, decode, encode } from "../../lib/value.ts";
import type { CallOutcome as JudgeCallOutcome } from "../judge/judge.ts";
import {
  type Bundle,
  type CallOutcome,
  type Isolation,
  type Sandbox,
  bundleSubmission,
  detectIsolation,
  startSandbox,
  withSandbox,
} from "./sandbox.ts";

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const src = (...lines: string[]) => lines.join("\n") + "\n";

// The judge consumes these outcomes: they must stay assignable to its type.
const forJudge = (o: CallOutcome): JudgeCallOutcome => o;

/** Small hand-written submissions, one concern per function. */
const GOOD = src(
  `import { np, Matrix } from "../lib/np/index.ts";`,
  `export function add(a: number, b: number): number { return a + b; }`,
  `export function withNaN(): Matrix { return np.array([[1, 2, 3], [4, NaN, -Infinity]]); }`,
  `export function scale(m: Matrix, k: number): Matrix { return m.mul(k); }`,
  `export function stub(): number {`,
  `  throw new Error("initializeParametersHe is not written yet: write your code between START CODE HERE and END CODE HERE");`,
  `}`,
  `export function env(): string[] { return Object.keys(process.env); }`,
);

const HOSTILE = src(
  `import * as fs from "node:fs";`,
  `import * as net from "node:net";`,
  `import { createRequire } from "node:module";`,
  `export function spin(): number { for (;;) {} }`,
  `export function never(): Promise<number> { return new Promise(() => {}); }`,
  `export function exitMidCall(): number { process.exit(0); }`,
  `export function killParent(): number { process.kill(process.ppid, "SIGKILL"); return 1; }`,
  `export function proxy() { return new Proxy({ a: 1 }, {}); }`,
  `export function getter() { return { get W1() { return 1; } }; }`,
  `export function cyclic() { const a: unknown[] = [1]; a.push(a); return a; }`,
  `export function bomb(): number { const a = new Float64Array(1e8); a[a.length - 1] = 1; return a[a.length - 1]; }`,
  `export function fakeStdout(): number {`,
  `  for (let id = 0; id < 100; id++) console.log(JSON.stringify({ nonce: "0", id, ok: true, value: 42 }));`,
  `  throw new Error("the real answer is this error");`,
  `}`,
  `export function forgeChannel(): number {`,
  `  for (let id = 0; id < 100; id++) fs.writeSync(3, JSON.stringify({ id, ok: true, value: 42 }) + "\\n");`,
  `  throw new Error("the real answer is this error");`,
  `}`,
  `export function forgeWithToken(nonce: string, id: number): number {`,
  `  for (const other of [id, id + 1, id + 2, 999]) fs.writeSync(3, \`\${other}.\${nonce} {"ok":true,"value":42}\\n\`);`,
  `  throw new Error("the real answer is this error");`,
  `}`,
  `export function throwString(): number { throw "plain string"; }`,
  `export function throwGetter(): number { throw { get message(): string { throw new Error("gotcha"); } }; }`,
  `export function throwProxy(): number { throw new Proxy({}, { get() { throw new Error("trap"); }, getPrototypeOf() { throw new Error("trap"); } }); }`,
  `export function read(path: string): string { return fs.readFileSync(path, "utf8"); }`,
  `export function write(path: string): number { fs.writeFileSync(path, "pwned"); return 1; }`,
  `export function spawn(): string { return createRequire(import.meta.url)("child_process").execSync("id").toString(); }`,
  `export function binding(): number { (process as any).binding("spawn_sync"); return 1; }`,
  `export function connect(port: number): Promise<string> {`,
  `  return new Promise((resolve, reject) => {`,
  `    const s = net.connect(port, "127.0.0.1", () => { s.destroy(); resolve("connected"); });`,
  `    s.on("error", reject);`,
  `  });`,
  `}`,
  `export function flood(): number { fs.writeSync(3, "x".repeat(200_000)); return 1; }`,
  `export function huge(): string { return "x".repeat(100_000); }`,
  `export function noisy(): number {`,
  `  const line = "x".repeat(1023) + "\\n";`,
  `  for (let i = 0; i < 4096; i++) process.stdout.write(line);`,
  `  return 1;`,
  `}`,
);

const PATCHER = src(
  `import { Matrix } from "../lib/np/index.ts";`,
  `Math.exp = () => 0;`,
  `Array.prototype.map = function () { return ["hacked"]; } as any;`,
  `JSON.stringify = () => '{"ok":true,"value":"forged"}';`,
  `JSON.parse = () => ({ forged: true });`,
  `Object.defineProperty = (() => { throw new Error("no defineProperty for you"); }) as any;`,
  `Object.keys = () => ["forged"];`,
  `Array.isArray = (() => false) as any;`,
  `(Object.prototype as any).toJSON = function () { return "forged"; };`,
  `Promise.prototype.then = function (this: unknown) { return this; } as any;`,
  `export function plain() { return [1, { a: 2, b: [3, "x"] }, null, true]; }`,
  `export function usesExp(): number { return Math.exp(1); }`,
  `export function matrix(): Matrix { return new Matrix(1, 2, Float64Array.of(0.5, NaN)); }`,
  `export async function later() { return { v: [1, 2] }; }`,
  `export function echo(x: unknown) { return x; }`,
);

const value = (o: CallOutcome): unknown => (o.ok ? decode(o.value) : o.error);
const errorOf = (o: CallOutcome) => {
  expect(o.ok).toBe(false);
  return (o as Extract<CallOutcome, { ok: false }>).error;
};
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let isolation: Isolation;
let bundle: Bundle;
let sandbox: Sandbox;

beforeAll(async () => {
  bundle = await bundleSubmission({
    "good.ts": GOOD,
    "hostile.ts": HOSTILE,
    "broken.ts": src(`export function f(): number {`, `  const s = "中文"; return 1 +;`, `}`),
    "loader.ts": src(`export function g(): number { return 1; }`, `throw new TypeError("top-level boom");`),
    "cheat.ts": src(`import { initializeParametersHe } from "../solutions/initialization.ts";`, `export const he = initializeParametersHe;`),
    // esbuild bundles a glob import without asking the resolver plugin.
    "glob.ts": src(`export async function he(name: string) {`, `  return (await import("../solutions" + name)).initializeParametersHe([2, 1]);`, `}`),
  });
  sandbox = await startSandbox(bundle, { callTimeoutMs: 1_000, outputBytes: 64 * 1024 });
  isolation = (await sandbox.call("good.ts", "add", [1, 1])).isolation;
});

afterAll(async () => {
  await sandbox?.close();
});

describe("sandbox: answers", () => {
  it("returns the value a correct function returns", async () => {
    const o = await sandbox.call("good.ts", "add", [2, 3]);
    expect(o.ok && o.value).toBe(5);
    expect(forJudge(o).ok).toBe(true);
  });

  it("round-trips a Matrix result, NaN and infinities included", async () => {
    const o = await sandbox.call("good.ts", "withNaN", []);
    expect(value(o)).toEqual(new Matrix(2, 3, Float64Array.of(1, 2, 3, 4, NaN, -Infinity)));
    const arg = encode(new Matrix(1, 2, Float64Array.of(1, -2)));
    expect(value(await sandbox.call("good.ts", "scale", [arg, 3]))).toEqual(new Matrix(1, 2, Float64Array.of(3, -6)));
  });

  it("reports an untouched placeholder as not_written", async () => {
    const e = errorOf(await sandbox.call("good.ts", "stub", []));
    expect(e).toMatchObject({ kind: "not_written", name: "Error", message: expect.stringMatching(/^initializeParametersHe is not written yet/) });
    expect("stack" in e && e.stack).toMatch(/dnnlab-submission:good\.ts:6/);
  });

  it("reports a function the file does not export as not_exported", async () => {
    expect(errorOf(await sandbox.call("good.ts", "nope", []))).toMatchObject({ kind: "not_exported" });
  });

  it("reports a syntax error with its line and still runs the other files", async () => {
    expect(bundle.compileErrors).toEqual([
      { file: "broken.ts", line: 2, column: 29, message: 'Unexpected ";"' },
      { file: "cheat.ts", line: 1, column: 40, message: expect.stringContaining("may import only ../lib/") },
      { file: "glob.ts", line: 2, column: 24, message: expect.stringContaining('cannot import "../solutions') },
    ]);
    expect(errorOf(await sandbox.call("broken.ts", "f", []))).toMatchObject({
      kind: "threw",
      name: "CompileError",
      message: 'broken.ts does not compile: Unexpected ";"',
    });
    expect(value(await sandbox.call("good.ts", "add", [1, 2]))).toBe(3);
  });

  it("refuses to bundle an import of the reference solutions, static or glob", async () => {
    expect(errorOf(await sandbox.call("cheat.ts", "he", []))).toMatchObject({
      kind: "threw",
      message: expect.stringContaining('cannot import "../solutions/initialization.ts"'),
    });
    expect(errorOf(await sandbox.call("glob.ts", "he", ["initialization.ts"]))).toMatchObject({ kind: "threw", name: "CompileError" });
    expect(readFileSync(bundle.entry, "utf8")).not.toMatch(/initializeParametersHe\s*\(/);
  });

  it("reports a module whose top-level code throws for that file only", async () => {
    expect(sandbox.loadErrors.map((e) => e.file)).toEqual(["broken.ts", "loader.ts", "cheat.ts", "glob.ts"]);
    expect(errorOf(await sandbox.call("loader.ts", "g", []))).toMatchObject({
      kind: "threw",
      name: "TypeError",
      message: "loader.ts threw while loading: top-level boom",
    });
    expect(value(await sandbox.call("good.ts", "add", [2, 2]))).toBe(4);
  });

  it("reports how the child was confined in every outcome", async () => {
    const o = await sandbox.call("good.ts", "add", [0, 0]);
    expect(o.isolation).toEqual(isolation);
    expect(isolation.permissionModel).toBe(true);
    const support = await detectIsolation();
    expect(isolation.network).toBe(support.bwrap || support.unshare?.network ? "none" : "unrestricted");
    expect(isolation.filesystem).toBe(support.bwrap ? "private-mount" : "host");
    if (!support.bwrap) console.info(`bubblewrap layer not tested here: ${support.bwrapMissing}`);
  });
});

describe("sandbox: time and crashes", () => {
  it("times out a synchronous infinite loop within its limit and answers the next call from a fresh child", async () => {
    const before = sandbox.starts;
    const o = await sandbox.call("hostile.ts", "spin", []);
    expect(errorOf(o)).toEqual({ kind: "timeout", limitMs: 1_000, scope: "call" });
    expect(o.ms).toBeLessThan(2_500);
    expect(value(await sandbox.call("good.ts", "add", [4, 5]))).toBe(9);
    expect(sandbox.starts).toBe(before + 1);
  });

  it("times out a promise that never settles", async () => {
    expect(errorOf(await sandbox.call("hostile.ts", "never", [], 500))).toEqual({ kind: "timeout", limitMs: 500, scope: "call" });
  });

  it("reports process.exit(0) in the middle of a call as a crash, not a success", async () => {
    const e = errorOf(await sandbox.call("hostile.ts", "exitMidCall", []));
    expect(e).toMatchObject({ kind: "crashed", reason: "exited", exitCode: 0, during: "call" });
    expect(value(await sandbox.call("good.ts", "add", [1, 1]))).toBe(2);
  });

  it("cannot signal the grader with process.kill(process.ppid)", async () => {
    const o = await sandbox.call("hostile.ts", "killParent", []);
    if (isolation.processes === "own-user") expect(errorOf(o)).toMatchObject({ kind: "threw", code: "EPERM" });
    // Still here: the grader (this process) was not killed.
    expect(value(await sandbox.call("good.ts", "add", [1, 1]))).toBe(2);
  });

  it("fails a 1e8-element Float64Array inside the child and keeps the parent fine", async ({ skip }) => {
    if (isolation.rlimitData === null) skip();
    const e = errorOf(await sandbox.call("hostile.ts", "bomb", []));
    expect(["threw", "crashed"]).toContain(e.kind);
    if (e.kind === "threw") expect(e.message).toMatch(/Array buffer allocation failed/);
    expect(value(await sandbox.call("good.ts", "add", [1, 1]))).toBe(2);
  });

  it("stops the whole submission once its wall time is used up, start-ups included", async () => {
    await withSandbox({ "h.ts": HOSTILE }, { callTimeoutMs: 500, wallTimeMs: 1_200 }, async (sb) => {
      const t0 = performance.now();
      expect(errorOf(await sb.call("h.ts", "spin", []))).toEqual({ kind: "timeout", limitMs: 500, scope: "call" });
      let last: CallOutcome | undefined;
      for (let i = 0; i < 5 && !(last && !last.ok && last.error.kind === "timeout" && last.error.scope === "submission"); i++) {
        last = await sb.call("h.ts", "spin", []);
      }
      expect(errorOf(last!)).toEqual({ kind: "timeout", limitMs: 1_200, scope: "submission" });
      expect(performance.now() - t0).toBeLessThan(1_200 + 1_000);
      // Used up: later calls fail at once.
      const after = await sb.call("h.ts", "spin", []);
      expect(errorOf(after)).toEqual({ kind: "timeout", limitMs: 1_200, scope: "submission" });
      expect(after.ms).toBeLessThan(50);
    });
  });
});

describe("sandbox: what a submission cannot do", () => {
  it("keeps the protocol intact when a module patches globals at its top level", async () => {
    await withSandbox({ "p.ts": PATCHER }, {}, async (sb) => {
      expect(value(await sb.call("p.ts", "plain", []))).toEqual([1, { a: 2, b: [3, "x"] }, null, true]);
      // Judged on what the function returns, with its own patched Math.exp.
      expect(value(await sb.call("p.ts", "usesExp", []))).toBe(0);
      expect(value(await sb.call("p.ts", "matrix", []))).toEqual(new Matrix(1, 2, Float64Array.of(0.5, NaN)));
      expect(value(await sb.call("p.ts", "later", []))).toEqual({ v: [1, 2] });
      const arg: Encoded = { W: encode(new Matrix(1, 1, Float64Array.of(7))), list: [1, [2]] };
      expect(await sb.call("p.ts", "echo", [arg])).toMatchObject({ ok: true, value: arg });
    });
  });

  it("turns a thrown string, an object with a throwing getter or a Proxy into a well-formed error", async () => {
    expect(errorOf(await sandbox.call("hostile.ts", "throwString", []))).toMatchObject({ kind: "threw", name: "string", message: "plain string" });
    expect(errorOf(await sandbox.call("hostile.ts", "throwGetter", []))).toMatchObject({ kind: "threw", name: "thrown value" });
    expect(errorOf(await sandbox.call("hostile.ts", "throwProxy", []))).toMatchObject({ kind: "threw", name: "Proxy", message: "a Proxy was thrown" });
  });

  it("never takes a forged success: each call's token is fresh, and a guessed one is skipped", async () => {
    await sandbox.call("good.ts", "add", [0, 0]); // a child is running
    const inside = sandbox as unknown as { nextId: number };
    const before = sandbox.droppedMessages;
    const id = inside.nextId;
    const o = await sandbox.call("hostile.ts", "forgeWithToken", ["0".repeat(32), id]);
    expect(errorOf(o)).toMatchObject({ kind: "threw", message: "the real answer is this error" });
    // The next two calls get ids id+1 and id+2: their answers are their own, not the forged 42.
    expect(value(await sandbox.call("good.ts", "add", [1, 1]))).toBe(2);
    expect(value(await sandbox.call("good.ts", "add", [2, 2]))).toBe(4);
    expect(sandbox.droppedMessages).toBe(before + 4);
  });

  it("reports a Proxy, a getter or a cycle as bad_return", async () => {
    expect(errorOf(await sandbox.call("hostile.ts", "proxy", []))).toMatchObject({ kind: "bad_return", message: "result is a Proxy, not data" });
    expect(errorOf(await sandbox.call("hostile.ts", "getter", []))).toMatchObject({
      kind: "bad_return",
      message: 'result["W1"] is a getter, not data',
    });
    expect(errorOf(await sandbox.call("hostile.ts", "cyclic", []))).toMatchObject({
      kind: "bad_return",
      message: "result[1] refers back to itself (a cycle)",
    });
  });

  it("ignores protocol-looking lines on stdout and forged lines on the channel", async () => {
    for (const fn of ["fakeStdout", "forgeChannel"]) {
      expect(errorOf(await sandbox.call("hostile.ts", fn, []))).toMatchObject({ kind: "threw", message: "the real answer is this error" });
    }
    expect(sandbox.output().stdout).toContain('"value":42');
    expect(value(await sandbox.call("good.ts", "add", [20, 22]))).toBe(42);
  });

  it("denies reading the course's shared folder, the solutions and /etc", async () => {
    for (const path of ["/work/shared/DESIGN.md", join(ROOT, "solutions", "initialization.ts"), "/etc/passwd"]) {
      expect(errorOf(await sandbox.call("hostile.ts", "read", [path]))).toMatchObject({ kind: "threw", code: "ERR_ACCESS_DENIED" });
    }
  });

  it("denies writing a file", async () => {
    const target = join(tmpdir(), `dnnlab-sandbox-write-${process.pid}.txt`);
    for (const path of [target, join(bundle.dir, "x.txt")]) {
      expect(errorOf(await sandbox.call("hostile.ts", "write", [path]))).toMatchObject({ kind: "threw", code: "ERR_ACCESS_DENIED" });
      expect(existsSync(path)).toBe(false);
    }
  });

  it("denies child_process and process.binding", async () => {
    for (const fn of ["spawn", "binding"]) {
      expect(errorOf(await sandbox.call("hostile.ts", fn, []))).toMatchObject({ kind: "threw", code: "ERR_ACCESS_DENIED" });
    }
  });

  it("cannot open a TCP connection, even to 127.0.0.1", async ({ skip }) => {
    if (isolation.network !== "none") skip();
    let connections = 0;
    const server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    try {
      const e = errorOf(await sandbox.call("hostile.ts", "connect", [port]));
      // Node ≥ 25's permission model denies the network itself (no --allow-net given): refused before
      // any socket exists. Older nodes leave it to the namespace: no route (unshare), or a loopback of
      // its own where nobody listens (bwrap). Either way nothing reached our server (below).
      const namespaceCode = isolation.filesystem === "private-mount" ? "ECONNREFUSED" : "ENETUNREACH";
      expect(e).toMatchObject({ kind: "threw", code: isolation.permissionModel && (await detectIsolation()).permissionGatesNet ? "ERR_ACCESS_DENIED" : namespaceCode });
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it("refuses an answer larger than its limit, and skips what is written to the channel without its token", async () => {
    await withSandbox({ "h.ts": HOSTILE, "g.ts": GOOD }, { replyBytes: 65_536 }, async (sb) => {
      expect(errorOf(await sb.call("h.ts", "huge", []))).toMatchObject({ kind: "bad_return", message: expect.stringMatching(/too large/) });
      // 200 KB on fd 3 without the call's token: skipped as it streams in, never kept.
      const before = sb.droppedMessages;
      expect(value(await sb.call("h.ts", "flood", []))).toBe(1);
      expect(sb.droppedMessages).toBe(before + 1);
      expect(value(await sb.call("g.ts", "add", [1, 2]))).toBe(3);
    });
  });

  it("gives the child an empty environment", async () => {
    expect(value(await sandbox.call("good.ts", "env", []))).toEqual([]);
  });

  it("caps unbounded output and still answers the call", async () => {
    const o = await sandbox.call("hostile.ts", "noisy", []);
    expect(value(o)).toBe(1);
    const out = sandbox.output();
    expect(out.stdout.length).toBeLessThanOrEqual(64 * 1024);
    // All but the cap and what may still sit in the pipe (64 KB) when the answer arrives.
    expect(out.stdoutDroppedBytes).toBeGreaterThanOrEqual(4096 * 1024 - 3 * 64 * 1024);
  });
});

describe("sandbox: the bundle", () => {
  it("holds the runner, the course library and the submission, not the parent's libraries (zod)", async () => {
    const b = await bundleSubmission({ "good.ts": GOOD });
    try {
      const js = readFileSync(b.entry, "utf8");
      const base = readFileSync(b.base!.file, "utf8");
      expect(js).toContain("dnnlab-submission:good.ts");
      // lib/ and the runner are in the constant part, once; the submission's bundle takes them from there.
      expect(js).toContain("dnnlab-lib:lib/np/index.ts");
      expect(js).not.toContain("grader/sandbox/runner.ts");
      expect(js).not.toContain("lib/np/matrix.ts");
      expect(base).toContain("grader/sandbox/runner.ts");
      expect(base).toContain("lib/np/matrix.ts");
      // zod reached the child through outcome.ts once: 750 kB parsed by every child at start.
      expect(js).not.toMatch(/node_modules\/zod\//);
      expect(base).not.toMatch(/node_modules\/zod\//);
    } finally {
      await b.dispose();
    }
  });
});

describe("sandbox: cleanup", () => {
  it("leaves no process and no temp dir after close()", async () => {
    const b = await bundleSubmission({ "good.ts": GOOD });
    const sb = await startSandbox(b);
    expect(value(await sb.call("good.ts", "add", [1, 1]))).toBe(2);
    const pid = sb.pid!;
    expect(alive(pid)).toBe(true);
    await sb.close();
    expect(alive(pid)).toBe(false);
    expect(alive(-pid)).toBe(false);
    expect(existsSync(b.dir)).toBe(false);
  });

  it("leaves no process and no temp dir when the caller throws inside withSandbox", async () => {
    let pid = 0;
    let dir = "";
    await expect(
      withSandbox({ "h.ts": HOSTILE }, {}, async (sb, b) => {
        dir = b.dir;
        void sb.call("h.ts", "spin", []);
        await new Promise((r) => setTimeout(r, 300));
        pid = sb.pid!;
        throw new Error("the grader failed");
      }),
    ).rejects.toThrow("the grader failed");
    expect(pid).toBeGreaterThan(0);
    expect(alive(-pid)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
