/**
 * The CI exporters of a student's check: GitHub annotations (where each failing function
 * is marked, escaping) and GitHub Classroom results (the reporter's format, statuses).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleLab } from "../pipeline/check.ts";
import { checkFolder } from "../pipeline/check-folder.ts";
import type { Lab } from "../labs/lab.ts";
import { loadFixtures, loadLab } from "../labs/index.ts";
import { parseRegions } from "../splice/markers.ts";
import type { SubmissionResult } from "../result/result.ts";
import { EXERCISES_DIR } from "../splice/stubs.ts";
import { checkAnnotations, workflowCommand } from "./annotations.ts";
import { classroomError, classroomResult, encodeClassroomResult, runnerId } from "./classroom.ts";

describe("workflowCommand", () => {
  it("escapes the message (%, CR, LF) and the properties (also : and ,)", () => {
    expect(workflowCommand({ level: "error", file: "exercises/a,b.ts", line: 3, title: "f: 50% lost", message: "one\r\ntwo 100%" })).toBe(
      "::error file=exercises/a%2Cb.ts,line=3,title=f%3A 50%25 lost::one%0D%0Atwo 100%25",
    );
    expect(workflowCommand({ level: "notice", title: "t", message: "m" })).toBe("::notice title=t::m");
  });
});

describe("annotations of a real check", () => {
  const fixtures = loadFixtures();
  const full = visibleLab(loadLab("hw2-1", fixtures), fixtures);
  const lab: Lab = { ...full, questions: full.questions.filter((q) => q.id === "Q1") };
  const stub = readFileSync(join(EXERCISES_DIR, "initialization.ts"), "utf8");
  let dir: string;
  let text: string;
  let result: SubmissionResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dnnlab-annot-"));
    // Three lines added above everything (outside the markers, ignored by the grader) and a
    // type error in He's region: the error's line in the spliced source is 3 lines above
    // its line in the student's file.
    const he = parseRegions(stub, "initialization.ts").regions.find((r) => r.fn === "initializeParametersHe")!;
    const lines = stub.split("\n");
    lines.splice(he.startLine, 1, '    const oops: number = "not a number";', "    parameters[\"W\" + l] = np.zeros([1, 1]);");
    text = ["// my notes", "// more notes", "// and more", ...lines].join("\n");
    writeFileSync(join(dir, "initialization.ts"), text);
    const outcome = await checkFolder(dir, { labs: [lab], explicit: true, fixtures }, { lang: "en", json: true, color: false });
    result = outcome.results[0]!;
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const files = () => ({
    path: (f: string) => `exercises/${f}`,
    read: (f: string) => (f === "initialization.ts" ? text : null),
  });

  it("marks a compiler error at its line in the student's file", () => {
    const annotations = checkAnnotations([{ lab, result }], files());
    const he = annotations.find((a) => a.title.startsWith("initializeParametersHe"))!;
    const errorLine = text.split("\n").findIndex((l) => l.includes("const oops")) + 1;
    expect(he).toMatchObject({ level: "error", file: "exercises/initialization.ts", line: errorLine });
  });

  it("marks a function that is not written at its START marker, one annotation per function", () => {
    const annotations = checkAnnotations([{ lab, result }], files());
    const zeros = parseRegions(text, "initialization.ts").regions.find((r) => r.fn === "initializeParametersZeros")!;
    expect(annotations.find((a) => a.title.startsWith("initializeParametersZeros"))?.line).toBe(zeros.startLine);
    expect(annotations.map((a) => a.title.split(":")[0])).toEqual(["initializeParametersZeros", "initializeParametersRandom", "initializeParametersHe"]);
  });

  it("keeps to `max` annotations, the last one naming the functions left out", () => {
    const annotations = checkAnnotations([{ lab, result }], files(), { max: 2 });
    expect(annotations).toHaveLength(2);
    expect(annotations[1]!.title).toBe("dnnlab: 2 more functions lose points");
    expect(annotations[1]!.message).toContain("initializeParametersRandom, initializeParametersHe");
  });

  it("gives Classroom one test per case, its earned points as score", () => {
    const r = classroomResult(result, lab, "Q1", { filename: "exercises/initialization.ts", lineOf: () => 7 });
    expect(r.version).toBe(1);
    expect(r.status).toBe("pass");
    expect(r.max_score).toBe(lab.questions[0]!.points);
    expect(r.tests).toHaveLength(result.cases.length);
    expect(r.tests.map((t) => t.score)).toEqual(result.cases.map((c) => c.earned));
    expect(r.tests[0]).toMatchObject({ filename: "exercises/initialization.ts", line_no: 7, status: "fail", execution_time: "0s" });
    expect(r.tests[0]!.message).toContain("not written yet");
    expect(classroomResult(result, lab, "Q1", { failUnder: 50, percent: 10 }).status).toBe("fail");
    expect(classroomResult(result, lab, "Q1", { failUnder: 5, percent: 10 }).status).toBe("pass");
  });
});

describe("Classroom results", () => {
  it("name runners as step ids and env names allow", () => {
    expect(runnerId("hw2-1", "Q1")).toBe("hw2-1-q1");
    expect(runnerId("my lab", "Q 2")).toBe("my-lab-q-2");
  });

  it("report a question that could not be checked as an error worth its points", () => {
    const r = classroomError(30, "hw2-1 Q1 Initialization", "the check step did not finish");
    expect(r).toMatchObject({ version: 1, status: "error", max_score: 30 });
    expect(r.tests).toEqual([expect.objectContaining({ status: "error", score: 0, message: "the check step did not finish" })]);
  });

  it("encode as base64 JSON, as the reporter decodes it", () => {
    const r = classroomError(2.5, "x", "y");
    expect(JSON.parse(Buffer.from(encodeClassroomResult(r), "base64").toString("utf8"))).toEqual(r);
  });
});
