/**
 * The demo's reports (issue 16.2, 14.4): written in a thread as each student is graded, they
 * are the reports `writeClassReports` writes from the finished gradebook, file for file, and
 * they show the students' shipped experiment runs.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { SAMPLE_CLASS } from "../fixtures/submissions/sample-class.ts";
import { loadFixtures, loadLab } from "../grader/labs/index.ts";
import { readResults } from "../grader/pipeline/batch.ts";
import { parseRoster } from "../grader/roster/roster.ts";
import { writeClassReports } from "../reports/class.ts";
import { runDemo } from "./demo.ts";

const work = mkdtempSync(join(tmpdir(), "dnnlab-demo-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
/** What differs between two writings of the same report: the time it was made, and vega's numbering of clip paths. */
const normal = (text: string): string => text.replace(/clip\d+/g, "clip").replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "TIME");
const sink = () => new Writable({ write: (_c, _e, done) => done() });

describe("the demo's reports", () => {
  // everything right, a wrong He scale (a run of its own), the untouched stubs (no run)
  const students = SAMPLE_CLASS.filter((s) => ["s2026001", "s2026002", "s2026003"].includes(s.id));
  const out = join(work, "demo");

  it("are what writeClassReports writes from the gradebook, and show each student's experiment runs", async () => {
    await runDemo({ out, pdf: false, reports: true, callTimeoutMs: 2000, students, stdout: sink(), stderr: sink() });
    const fixtures = loadFixtures();
    const roster = parseRoster(readFileSync(join(out, "roster.csv"), "utf8"));
    for (const id of ["hw2-1", "regularization"]) {
      const lab = loadLab(id, fixtures);
      const again = join(work, "again", id);
      const r = await writeClassReports({ results: await readResults(join(out, id), id), lab, submissions: join(out, "submissions"), out: again, roster });
      expect(r.failed).toEqual([]);
      const mine = join(out, id, "reports");
      expect(files(mine)).toEqual(files(again));
      expect(files(mine).length).toBeGreaterThanOrEqual(3 * 4);
      for (const f of files(again)) expect(normal(readFileSync(join(mine, f), "utf8")), relative(work, join(mine, f))).toBe(normal(readFileSync(join(again, f), "utf8")));
    }
    // The shipped runs are in the reports: cost curves and decision boundaries of s2026001's
    // own run, and s2026003's (its He scale is wrong) differs from it.
    const plots = (s: string) => files(join(out, "hw2-1", "reports", s)).filter((f) => f.startsWith("plots/"));
    expect(plots("s2026001")).toEqual(expect.arrayContaining(["plots/initialization-cost-zh.svg", "plots/initialization-cost-en.svg"]));
    expect(plots("s2026001").length).toBeGreaterThanOrEqual(2 + 3);
    const he = (s: string) => normal(readFileSync(join(out, "hw2-1", "reports", s, "plots", "initialization-he.svg"), "utf8"));
    expect(he("s2026003")).not.toBe(he("s2026001"));
    // the stubs train nothing of Initialization (only the runs that use no student code are there)
    expect(plots("s2026002").filter((f) => f.startsWith("plots/initialization"))).toEqual([]);
    expect(readFileSync(join(out, "regularization", "reports", "s2026001", "report.zh.html"), "utf8")).toMatch(/<svg /);
  });
});
