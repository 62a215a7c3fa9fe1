/**
 * A class graded on a CI matrix gets the gradebook of one machine: the sample class graded
 * in 4 shards (`dnnlab grade --shard i/4`, as ci/workflows/grade-class.yml runs it), the
 * shards merged (`dnnlab merge`), and the merged gradebook compared with a single run's,
 * byte for byte (grading times are not in the gradebook). Through the CLI, as CI runs it.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { materializeClass } from "../fixtures/submissions/materialize.ts";
import { SAMPLE_CLASS } from "../fixtures/submissions/sample-class.ts";
import { hw21 } from "./labs/hw2-1.ts";
import { ROOT } from "./root.ts";

/** Plain cases and the marker/compile paths; the sandbox's slow hostile ones are in self-test.test.ts. */
const STUDENTS = ["s2026001", "s2026002", "s2026003", "s2026005", "s2026007", "s2026014"];
const SHARDS = 4;

const dnnlab = (args: string[]) => execa(process.execPath, [join(ROOT, "bin", "dnnlab.js"), ...args], { cwd: ROOT, reject: false, env: { CI: "true" } });
/** None of these students loops: a generous call limit keeps a loaded machine from timing one run out and not the other. */
const CALL_TIMEOUT = ["--call-timeout", "30000"];

let dir: string;
const out = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dnnlab-merge-"));
  materializeClass(out("class"), new Date(hw21.deadline), SAMPLE_CLASS.filter((s) => STUDENTS.includes(s.id)));
  const runs = [
    dnnlab(["grade", out("class"), "--out", out("single"), "--workers", "2", ...CALL_TIMEOUT]),
    ...Array.from({ length: SHARDS }, (_, i) =>
      dnnlab(["grade", out("class"), "--shard", `${i + 1}/${SHARDS}`, "--out", out(`shard-${i + 1}`), "--workers", "1", ...CALL_TIMEOUT]),
    ),
  ];
  for (const r of await Promise.all(runs)) expect(r.exitCode, r.stderr).toBe(0);
  const merged = await dnnlab(["merge", ...Array.from({ length: SHARDS }, (_, i) => out(`shard-${i + 1}`)), "--out", out("merged"), "--expect", String(STUDENTS.length)]);
  expect(merged.exitCode, merged.stderr).toBe(0);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("grading in shards", () => {
  it("gives every shard its own students, each graded once", () => {
    const per = Array.from({ length: SHARDS }, (_, i) => readdirSync(join(out(`shard-${i + 1}`), "results")).sort());
    expect(per.map((p) => p.length)).toEqual([2, 2, 1, 1]);
    expect(per.flat().sort()).toEqual(STUDENTS.map((s) => `${s}.json`));
  });

  it("merges into the gradebook a single run writes, byte for byte", () => {
    const single = readFileSync(join(out("single"), "gradebook.csv"), "utf8");
    expect(single.trim().split("\n")).toHaveLength(STUDENTS.length + 1);
    expect(readFileSync(join(out("merged"), "gradebook.csv"), "utf8")).toBe(single);
    expect(readFileSync(join(out("merged"), "gradebook.json"), "utf8")).toBe(readFileSync(join(out("single"), "gradebook.json"), "utf8"));
  });

  it("keeps each student's feedback identical", () => {
    for (const s of STUDENTS) {
      for (const lang of ["en", "zh"]) {
        const file = join("feedback", `${s}.${lang}.md`);
        expect(readFileSync(join(out("merged"), file), "utf8"), file).toBe(readFileSync(join(out("single"), file), "utf8"));
      }
    }
  });

  it("refuses a merge with a shard missing", async () => {
    const r = await dnnlab(["merge", out("shard-1"), out("shard-2"), "--out", out("partial"), "--expect", String(STUDENTS.length)]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("a shard is missing or incomplete");
  });

  it("lets a shard with no student in it finish with nothing to do", async () => {
    const r = await dnnlab(["grade", out("class"), "--shard", "8/8", "--out", out("shard-8-of-8")]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("nothing to grade");
    expect(readdirSync(join(out("shard-8-of-8"), "results"))).toEqual([]);
  });
});
