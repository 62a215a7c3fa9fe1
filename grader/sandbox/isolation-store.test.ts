/**
 * A probe result kept between `dnnlab check` runs (isolation.ts ProbeStore): used only for
 * the machine state it was probed in, never when malformed, and never by `check --ci`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ROOT } from "../root.ts";
import { type IsolationSupport, type ProbeStore, detectIsolation, probeKey, storedProbe } from "./isolation.ts";

/**
 * Two probes agree but on codeRangeBytes, which node 24 and 26 measure a little differently in
 * every process (534 491 136 then 534 753 280 bytes: V8's code range is placed anew each start).
 */
const sameMachine = (a: IsolationSupport, b: IsolationSupport) => expect({ ...a, codeRangeBytes: 0 }).toEqual({ ...b, codeRangeBytes: 0 });

const memory = (init: Record<string, unknown> = {}) => {
  const kept = new Map(Object.entries(init));
  const sets: string[] = [];
  const s: ProbeStore = {
    get: (k) => kept.get(k),
    set: (k, v) => {
      sets.push(k);
      kept.set(k, v);
    },
  };
  return { s, kept, sets };
};

afterEach(() => {
  delete process.env.DNNLAB_SANDBOX_BWRAP;
});

describe("kept probe results", () => {
  it("the key is stable, and changes with what the probe depends on", async () => {
    const a = await probeKey();
    expect(await probeKey()).toBe(a);
    process.env.DNNLAB_SANDBOX_BWRAP = "off";
    expect(await probeKey()).not.toBe(a);
  });

  it("a result kept for this machine state is used as it is, without probing", async () => {
    const real = await detectIsolation();
    const marked: IsolationSupport = { ...real, codeRangeBytes: 4242 };
    const { s, sets } = memory({ [await probeKey()]: marked });
    expect(await storedProbe(s)).toEqual(marked);
    expect(sets).toEqual([]);
  });

  it("a malformed or foreign kept value is not used: the machine is probed and the result kept", async () => {
    const key = await probeKey();
    for (const bad of [
      { permissionFlag: "--allow-everything" },
      { ...(await detectIsolation()), bwrap: { path: 1 } },
      { ...(await detectIsolation()), extra: true },
      "not an object",
    ]) {
      const { s, sets, kept } = memory({ [key]: bad });
      const got = await storedProbe(s);
      sameMachine(got, await detectIsolation());
      expect(sets).toEqual([key]);
      expect(kept.get(key)).toEqual(got);
    }
  }, 60_000);
});

describe("dnnlab check keeps the probe; check --ci does not", () => {
  const cache = mkdtempSync(join(tmpdir(), "dnnlab-probe-store-"));
  const out = mkdtempSync(join(tmpdir(), "dnnlab-probe-out-"));
  afterAll(() => {
    rmSync(cache, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });
  const kept = () => readdirSync(cache).filter((f) => /^isolation-[0-9a-f]{32}\.json$/.test(f));
  const check = (...extra: string[]) =>
    execa(process.execPath, [join(ROOT, "bin", "dnnlab.js"), "check", join(ROOT, "solutions"), "--lab", "hw2-1", ...extra], {
      cwd: ROOT,
      reject: false,
      env: { DNNLAB_CACHE_DIR: cache, NO_COLOR: "1" },
    });

  it("--ci: nothing kept", async () => {
    const r = await check("--ci", "--out", out);
    expect(r.exitCode).toBe(0);
    expect(kept()).toEqual([]);
  }, 120_000);

  it("a student's check: the result is kept, valid, and the next check scores the same", async () => {
    const first = await check();
    expect(first.exitCode).toBe(0);
    expect(kept()).toHaveLength(1);
    sameMachine(JSON.parse(readFileSync(join(cache, kept()[0]!), "utf8")) as IsolationSupport, await detectIsolation());
    const second = await check();
    expect(second.stdout).toBe(first.stdout);
  }, 120_000);
});
