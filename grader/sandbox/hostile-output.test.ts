/**
 * Issue 13.8: hidden inputs must not leak through printed output. The parent knows which
 * call printed what (marks with a fresh random value per call, capture.ts); a hidden call's
 * output, and everything its child prints after it (the child may have kept the inputs),
 * stays out of `output()`; a crash after a hidden call keeps no stderr.
 */
import { describe, expect, it } from "vitest";
import { type CallError, type SandboxOutcome, withSandbox } from "./sandbox.ts";

const STUDENT = [
  `let kept = "";`,
  `export function show(x: string): number { console.log("printed " + x); kept += x; return 1; }`,
  `export function later(): number { console.log("later " + kept); console.error("err " + kept); return 2; }`,
  `export function partial(x: string): number { process.stdout.write("no newline " + x); return 3; }`,
  `export function die(x: string): number { console.error("dying with " + x); process.exit(1); }`,
  `export function spin(): number { for (;;) {} }`,
].join("\n");

const errorOf = (o: SandboxOutcome): CallError => (o as Extract<SandboxOutcome, { ok: false }>).error;

describe("printed output per call (issue 13.8)", () => {
  it("keeps what visible calls print and withholds hidden calls and what follows them in the same child", async () => {
    await withSandbox({ "s.ts": STUDENT }, { callTimeoutMs: 1_000 }, async (sb) => {
      const a = await sb.call("s.ts", "show", ["visible-1"]);
      const p = await sb.call("s.ts", "partial", ["visible-2"]);
      const h = await sb.call("s.ts", "show", ["SECRET-hidden-args"], undefined, { hidden: true });
      const after = await sb.call("s.ts", "later", []);
      expect([a.ok, p.ok, h.ok, after.ok]).toEqual([true, true, true, true]);

      expect(sb.outputOf(a.callId)).toEqual({ stdout: "printed visible-1\n", stderr: "", withheld: false });
      expect(sb.outputOf(p.callId).stdout).toBe("no newline visible-2");
      expect(sb.outputOf(h.callId)).toMatchObject({ stdout: "printed SECRET-hidden-args\n", withheld: true });
      expect(sb.outputOf(after.callId)).toMatchObject({ stdout: expect.stringContaining("SECRET"), withheld: true });

      const out = sb.output();
      expect(out.stdout).toBe("printed visible-1\nno newline visible-2");
      expect(`${out.stdout}${out.stderr}`).not.toContain("SECRET");
      expect(out.stdout).not.toContain("\u0001");
      expect(out.withheldBytes).toBeGreaterThan(0);

      // A fresh child (after a timeout) has not seen the hidden inputs: its output is shown again.
      expect(errorOf(await sb.call("s.ts", "spin", []))).toMatchObject({ kind: "timeout" });
      const fresh = await sb.call("s.ts", "show", ["visible-3"]);
      expect(sb.outputOf(fresh.callId).withheld).toBe(false);
      expect(sb.output().stdout).toContain("printed visible-3");
      expect(sb.output().stdout).not.toContain("SECRET");
    });
  });

  it("keeps no stderr of a crash in a hidden call", async () => {
    await withSandbox({ "s.ts": STUDENT }, {}, async (sb) => {
      const shown = errorOf(await sb.call("s.ts", "die", ["visible"]));
      expect(shown).toMatchObject({ kind: "crashed", reason: "exited", stderrTail: expect.stringContaining("dying with visible") });
      const hidden = errorOf(await sb.call("s.ts", "die", ["SECRET"], undefined, { hidden: true }));
      expect(hidden).toMatchObject({ kind: "crashed", reason: "exited", stderrTail: "" });
      expect(JSON.stringify(sb.output())).not.toContain("SECRET");
    });
  });
});
