/** GitHub Classroom was retired in 2026 (issue 15.5): new releases refuse classroom.yml; the checker's command warns. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../grader/root.ts";

const dnnlab = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, "bin", "dnnlab.js"), ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

describe("release --classroom", () => {
  it("is refused with one line saying what to use instead, and writes nothing", () => {
    const out = join(mkdtempSync(join(tmpdir(), "dnnlab-classroom-")), "bundle");
    const r = dnnlab("release", "--classroom", "--out", out);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("GitHub Classroom was retired in 2026");
    expect(r.stderr).toContain("dnnlab.yml");
    expect(existsSync(out)).toBe(false);
  });
});

describe("classroom (the checker's command, kept for one term)", () => {
  it("warns on stderr that it is deprecated", () => {
    const r = dnnlab("classroom", "Q1", "--results", join(tmpdir(), "no-such-results"));
    expect(r.stderr).toContain("`classroom` is deprecated: GitHub Classroom was retired in 2026");
  });
});
