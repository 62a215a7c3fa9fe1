/**
 * Issue 13.1–13.3: every byte from the child is hostile. Two kinds of child:
 *
 *   - a forged runner (a plain node script speaking the wire, which knows every token, as a
 *     child that read the real runner's memory would): deep, huge, malformed or repeated
 *     replies WITH the right token must fail only that call, with a code, and the next call
 *     must be answered by a fresh child;
 *   - real student code in the real runner: a deep returned value, deep or huge lines
 *     written straight to fd 3, direct eval and v8 looking for the runner's secrets.
 *
 * Parent CPU per hostile call is printed (not asserted: speed belongs to docs/benchmarks.md).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decode } from "../../lib/value.ts";
import { type Bundle, type CallError, type Isolation, type SandboxOutcome, Sandbox, SandboxLimitsSchema, withSandbox } from "./sandbox.ts";
import { MAX_DEPTH, isEncoded, jsonShape, parseBody } from "./wire.ts";

const errorOf = (o: SandboxOutcome): CallError => {
  expect(o.ok, JSON.stringify(o).slice(0, 300)).toBe(false);
  return (o as Extract<SandboxOutcome, { ok: false }>).error;
};
const valueOf = (o: SandboxOutcome): unknown => {
  expect(o.ok, JSON.stringify(o).slice(0, 300)).toBe(true);
  return decode((o as Extract<SandboxOutcome, { ok: true }>).value);
};

/** Parent CPU (user + system, ms) spent while `f` runs. */
async function parentCpu<T>(label: string, f: () => Promise<T>): Promise<T> {
  const c0 = process.cpuUsage();
  const r = await f();
  const c = process.cpuUsage(c0);
  console.info(`parent CPU for ${label}: ${Math.round((c.user + c.system) / 1000)} ms`);
  return r;
}

/** A child that speaks the wire itself and answers each request by its fn name. */
const FORGED_RUNNER = String.raw`
const fs = require("node:fs");
let pending = "";
const buf = Buffer.alloc(65536);
function readLine() {
  for (;;) {
    const nl = pending.indexOf("\n");
    if (nl >= 0) { const l = pending.slice(0, nl); pending = pending.slice(nl + 1); return l; }
    const n = fs.readSync(3, buf, 0, buf.length, null);
    if (n === 0) process.exit(0);
    pending += buf.subarray(0, n).toString("utf8");
  }
}
function send(s) {
  const b = Buffer.from(s);
  for (let off = 0; off < b.length; ) off += fs.writeSync(3, b, off);
}
const hello = JSON.parse(readLine());
send(hello.token + ' {"loadErrors":[]}\n');
for (;;) {
  const req = JSON.parse(readLine());
  const t = req.token;
  const ok = (json) => send(t + ' {"ok":true,"value":' + json + '}\n');
  switch (req.fn) {
    case "add": ok(String(req.args[0] + req.args[1])); break;
    case "deep100k": ok("[".repeat(100000) + "]".repeat(100000)); break;
    case "deep2000": ok("[".repeat(2000) + "1" + "]".repeat(2000)); break;
    case "huge63mb": { const n = 63 * 1024 * 1024; send(t + ' {"ok":true,"value":"'); const chunk = "x".repeat(1 << 20); for (let i = 0; i < n; i += chunk.length) send(chunk); send('"}\n'); break; }
    case "manyItems": ok("[" + "0,".repeat(1500000) + "0]"); break;
    case "notJson": send(t + ' {"ok":tru\n'); break;
    case "proto": ok('{"__proto__":{"polluted":1}}'); break;
    case "badMatrix": ok('{"$matrix":{"shape":[2,2],"data":[1]}}'); break;
    case "badError": send(t + ' {"ok":false,"error":{"kind":"crashed","name":"x","message":"y"}}\n'); break;
    case "extraKey": send(t + ' {"ok":true,"value":1,"points":100}\n'); break;
    case "otherToken": send("1.deadbeef" + ' {"ok":true,"value":42}\n'); ok("7"); break;
    case "twice": ok("1"); ok("2"); break;
    case "junk": { const line = "y".repeat(1 << 20) + "\n"; for (let i = 0; i < 64; i++) send(line); ok("3"); break; }
    default: process.exit(3);
  }
}
`;

let dir: string;
let forged: Sandbox;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dnnlab-forged-"));
  const entry = join(dir, "forged.cjs");
  writeFileSync(entry, FORGED_RUNNER);
  const bundle: Bundle = { dir, entry, files: ["f.ts"], compileErrors: [], dispose: async () => {} };
  const isolation: Isolation = { permissionModel: false, network: "unrestricted", processes: "shared", user: "same-as-parent", rlimitData: null, rlimitCpuSeconds: null, filesystem: "host", rlimitFsize: null, diesWithParent: false };
  forged = new Sandbox(bundle, SandboxLimitsSchema.parse({ callTimeoutMs: 20_000 }), isolation, { command: process.execPath, args: [entry] });
});

afterAll(async () => {
  await forged?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("wire: a child that knows the token (issue 13.1–13.3)", () => {
  it.each([
    ["deep100k", "bad_reply", "a 100,000-deep line"],
    ["deep2000", "bad_reply", "a 2,000-deep value"],
    ["huge63mb", "reply_too_large", "a 63 MB line"],
    ["manyItems", "bad_reply", "1.5 million items"],
    ["notJson", "bad_reply", "a line that is not JSON"],
    ["proto", "bad_reply", "a __proto__ key"],
    ["badMatrix", "bad_reply", "a $matrix whose data does not match its shape"],
    ["badError", "bad_reply", "an error kind only the parent may give"],
    ["extraKey", "bad_reply", "a key the reply does not have"],
    ["junk", "bad_reply", "64 MB of lines without the token"],
  ] as const)("%s fails only that call (%s): %s", async (fn, reason, _story) => {
    const o = await parentCpu(fn, () => forged.call("f.ts", fn, []));
    expect(errorOf(o)).toMatchObject({ kind: "crashed", reason, during: "call" });
    // The next call gets a fresh child and its own answer.
    expect(valueOf(await forged.call("f.ts", "add", [2, 3]))).toBe(5);
  });

  it("takes only the reply with the call's own token, and only once", async () => {
    expect(valueOf(await forged.call("f.ts", "otherToken", []))).toBe(7);
    expect(valueOf(await forged.call("f.ts", "twice", []))).toBe(1);
    expect(valueOf(await forged.call("f.ts", "add", [1, 1]))).toBe(2);
  });
});

describe("wire: checks before parsing", () => {
  it("measures depth and items without recursion, strings and escapes skipped", () => {
    expect(jsonShape('{"a":[1,2,{"b":"]]]\\"["}]}', 10, 100)).toEqual({ depth: 3, items: 5 });
    expect(jsonShape("[".repeat(200_000) + "]".repeat(200_000), 64, 1e6)).toBeNull();
    expect(jsonShape("[[]", 64, 100)).toBeNull();
    expect(jsonShape("[" + "0,".repeat(10) + "0]", 64, 5)).toBeNull();
  });

  it("accepts exactly the Encoded values, checked iteratively", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(isEncoded(deep)).toBe(false);
    expect(isEncoded({ W: { $matrix: { shape: [1, 2], data: [1, "NaN"] } }, t: [1, "x", null, true, { $num: "-Infinity" }] })).toBe(true);
    expect(isEncoded({ $num: "1" })).toBe(false);
    expect(isEncoded({ $matrix: { shape: [1, 1], data: [1] }, extra: 1 })).toBe(false);
    expect(isEncoded(JSON.parse('{"__proto__":1}'))).toBe(false);
    expect(isEncoded(Array.from({ length: MAX_DEPTH - 1 }).reduce<unknown>((v) => [v], 0))).toBe(true);
  });

  it("parses a reply body only in its expected form", () => {
    expect(parseBody('{"ok":true,"value":[1,2]}', "reply")).toEqual({ type: "reply", ok: true, value: [1, 2] });
    expect(parseBody('{"loadErrors":[]}', "reply")).toBeNull();
    expect(parseBody('{"ok":true,"value":[1,2]}', "ready")).toBeNull();
    expect(parseBody('{"ok":false,"error":{"kind":"threw","name":"E","message":"m","stack":1}}', "reply")).toBeNull();
  });
});

const STUDENT = [
  `import * as fs from "node:fs";`,
  `import * as v8 from "node:v8";`,
  `import { createRequire } from "node:module";`,
  `export function deepValue(): unknown { let v: unknown = 1; for (let i = 0; i < 2000; i++) v = [v]; return v; }`,
  `export function deepLine(): number { fs.writeSync(3, "[".repeat(100000) + "]".repeat(100000) + "\\n"); return 1; }`,
  `export function hugeLine(): number { const mb = "z".repeat(1 << 20); for (let i = 0; i < 63; i++) fs.writeSync(3, mb); fs.writeSync(3, "\\n"); return 2; }`,
  `export function peek(): string[] {`,
  `  const out: string[] = [];`,
  `  for (const name of ["readBuffer", "pending", "send", "readLine", "readyToken", "token", "replyChars"]) {`,
  `    try { out.push(name + ":" + eval("typeof " + name)); } catch (e) { out.push(name + ":" + (e as Error).name); }`,
  `  }`,
  `  const req = createRequire(import.meta.url)("v8");`,
  `  out.push("v8:" + typeof (v8 as any).getHeapSnapshot + typeof (v8 as any).setFlagsFromString + typeof req.getHeapSnapshot + typeof req.setFlagsFromString + typeof req.queryObjects);`,
  `  out.push("report:" + typeof process.report);`,
  `  return out;`,
  `}`,
  `export function setFlags(): string { try { (createRequire(import.meta.url)("v8") as any).setFlagsFromString("--allow-natives-syntax"); return "set"; } catch (e) { return (e as Error).name; } }`,
].join("\n");

describe("wire: real student code (issue 13.1–13.3)", () => {
  it("fails a 2,000-deep returned value as bad_return, in the child", async () => {
    await withSandbox({ "s.ts": STUDENT }, {}, async (sb) => {
      const o = await parentCpu("2,000-deep return", () => sb.call("s.ts", "deepValue", []));
      expect(errorOf(o)).toMatchObject({ kind: "bad_return", message: expect.stringContaining(`nested more than ${MAX_DEPTH} levels deep`) });
    });
  });

  it("skips deep and huge lines written to fd 3 without the token; the call keeps its own answer or fails alone", async () => {
    await withSandbox({ "s.ts": STUDENT }, {}, async (sb) => {
      expect(valueOf(await parentCpu("100,000-deep line on fd 3", () => sb.call("s.ts", "deepLine", [])))).toBe(1);
      // 63 MB of junk is past the junk budget (8 × the reply limit = 32 MiB): that call fails alone.
      const o = await parentCpu("63 MB line on fd 3", () => sb.call("s.ts", "hugeLine", []));
      expect(errorOf(o)).toMatchObject({ kind: "crashed", reason: "bad_reply" });
      expect(valueOf(await sb.call("s.ts", "deepLine", []))).toBe(1);
    });
  });

  it("keeps the runner's channel and token out of reach of eval, v8 and process.report", async () => {
    await withSandbox({ "s.ts": STUDENT }, {}, async (sb) => {
      const seen = valueOf(await sb.call("s.ts", "peek", [])) as string[];
      for (const entry of seen.slice(0, 7)) expect(entry).toMatch(/:(undefined|EvalError)$/);
      expect(seen).toContain("v8:undefinedundefinedundefinedundefinedundefined");
      expect(seen).toContain("report:undefined");
      expect(valueOf(await sb.call("s.ts", "setFlags", []))).toBe("TypeError");
    });
  });
});
