/**
 * A class graded on a CI matrix gets the gradebook of one machine: the sample class graded
 * in 4 shards (`dnnlab grade --shard i/4`, as ci/workflows/grade-class.yml runs it), the
 * shards merged (`dnnlab merge`), and the merged gradebook compared with a single run's,
 * byte for byte (grading times are not in the gradebook). Through the CLI, as CI runs it.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
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

const dnnlab = (args: string[], env: Record<string, string> = {}) =>
  execa(process.execPath, [join(ROOT, "bin", "dnnlab.js"), ...args], { cwd: ROOT, reject: false, env: { CI: "true", ...env } });
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

describe("results graded with other cases, or by another dnnlab version", () => {
  const resultsOf = (d: string) => readdirSync(join(d, "results")).map((f) => JSON.parse(readFileSync(join(d, "results", f), "utf8")));

  it("stores which cases graded each result: the fixtures' hash and no secret", () => {
    const all = [1, 2, 3, 4].flatMap((i) => resultsOf(out(`shard-${i}`)));
    expect(all).toHaveLength(STUDENTS.length);
    for (const r of all) expect(r.gradedWith).toEqual({ fixtures: expect.stringMatching(/^[0-9a-f]{16}$/), secret: null });
    expect(new Set(all.map((r) => r.gradedWith.fixtures)).size).toBe(1);
  });

  it("merge refuses shards graded with different cases, naming both", async () => {
    cpSync(out("shard-2"), out("shard-2-other-secret"), { recursive: true });
    const file = join(out("shard-2-other-secret"), "results", readdirSync(join(out("shard-2-other-secret"), "results"))[0]!);
    const r0 = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...r0, gradedWith: { ...r0.gradedWith, secret: "0123456789ab" } }));
    const r = await dnnlab(["merge", out("shard-1"), out("shard-2-other-secret"), "--out", out("mixed")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("graded with different cases");
    expect(r.stderr).toContain("secret 0123456789ab");
    expect(r.stderr).toContain("no secret");
  });

  it("merge names a result file it cannot read instead of dropping that student", async () => {
    cpSync(out("shard-1"), out("shard-1-old"), { recursive: true });
    writeFileSync(join(out("shard-1-old"), "results", "s2026099.json"), JSON.stringify({ schema: "dnnlab.result/0", student: "s2026099", score: 7 }));
    const r = await dnnlab(["merge", out("shard-1-old"), out("shard-2"), "--out", out("with-old")]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/s2026099\.json: schema "dnnlab\.result\/0"/);
    expect(r.stderr).toContain("--resume");
  });

  it("--resume grades again what another secret graded, and only once", async () => {
    cpSync(out("shard-3"), out("shard-3-resume"), { recursive: true });
    const [student] = readdirSync(join(out("shard-3"), "results")).map((f) => f.replace(/\.json$/, ""));
    const args = ["grade", out("class"), "--shard", `3/${SHARDS}`, "--out", out("shard-3-resume"), "--resume", "--secret-env", "DNNLAB_TEST_SECRET", ...CALL_TIMEOUT];
    const first = await dnnlab(args, { DNNLAB_TEST_SECRET: "a course secret for this test" });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toContain(`graded with other cases (other fixtures or another --secret): graded again: ${student}`);
    const [r] = resultsOf(out("shard-3-resume"));
    expect(r.gradedWith.secret).toMatch(/^[0-9a-f]{12}$/);
    const again = await dnnlab(args, { DNNLAB_TEST_SECRET: "a course secret for this test" });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain("graded 0, already done 1");
    expect(again.stderr).not.toContain("graded again");
  }, 60_000);
});
