/**
 * Every GitHub workflow dnnlab ships is valid for GitHub Actions: checked with
 * @actions/workflow-parser, GitHub's own parser of workflow files, against its workflow
 * schema (workflow-v1.0.json: keys, events, step shapes, and which expression contexts
 * each key may use). The workflows: the instructors' ci/workflows/grade-class.yml and the
 * student bundle's dnnlab.yml and classroom.yml (grader/release-texts.ts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadFixtures, loadLab } from "../grader/labs/index.ts";
import { visibleLab } from "../grader/pipeline/check.ts";
import { runnerId } from "../grader/exporters/classroom.ts";
import { CHECK_COMMAND, classroomWorkflow, studentWorkflow } from "../grader/release/texts.ts";
import { ROOT } from "../grader/root.ts";

/** The schema errors of a workflow file, as GitHub would report them. */
async function workflowErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !parsed.value) return errors;
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return (template.errors ?? []).map((e) => e.Message);
}

const fixtures = loadFixtures();
const labs = ["hw2-1", "regularization"].map((id) => visibleLab(loadLab(id, fixtures), fixtures));

type Step = { id?: string; name?: string; run?: string; uses?: string; if?: string; env?: Record<string, string>; with?: Record<string, string> };
type Workflow = { name: string; jobs: Record<string, { steps: Step[]; strategy?: { matrix: Record<string, unknown> } }> };

const WORKFLOWS: [string, () => string][] = [
  ["ci/workflows/grade-class.yml", () => readFileSync(join(ROOT, "ci", "workflows", "grade-class.yml"), "utf8")],
  ["dnnlab.yml (student bundle)", studentWorkflow],
  ["classroom.yml (student bundle, both labs)", () => classroomWorkflow(labs)],
  ["classroom.yml (student bundle, regularization only)", () => classroomWorkflow(labs.slice(1))],
];

describe("the workflows pass GitHub's workflow schema", () => {
  it("rejects a broken workflow (the validator validates)", async () => {
    const broken = "on: pushy\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n    steps:\n      - run: echo ${{ stepz.x }}\n";
    expect((await workflowErrors("broken.yml", broken)).length).toBeGreaterThanOrEqual(3);
  });

  it.each(WORKFLOWS)("%s", async (name, text) => {
    expect(await workflowErrors(name, text())).toEqual([]);
  });
});

describe("what the workflows promise", () => {
  it("the student workflow installs with npm's cache, runs check --ci and uploads the results", () => {
    const steps = (parse(studentWorkflow()) as Workflow).jobs.check!.steps;
    expect(steps.find((s) => s.uses?.startsWith("actions/setup-node"))?.with?.cache).toBe("npm");
    expect(steps.some((s) => s.run === CHECK_COMMAND)).toBe(true);
    const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact"))!;
    expect(upload.with?.path).toBe("dnnlab-results/");
    expect(upload.if).toContain("!cancelled()");
  });

  it("classroom.yml has one result step per question, each read by the reporter", () => {
    const wf = parse(classroomWorkflow(labs)) as Workflow;
    expect(wf.name).toBe("Autograding Tests");
    const steps = wf.jobs["run-autograding-tests"]!.steps;
    const ids = labs.flatMap((l) => l.questions.map((q) => runnerId(l.id, q.id)));
    expect(ids).toEqual(["hw2-1-q1", "hw2-1-q2", "hw2-1-q3", "regularization-q1", "regularization-q2"]);
    for (const id of ids) expect(steps.find((s) => s.id === id)?.run).toMatch(/^node dnnlab-check\.mjs classroom [\w-]+\/Q\d$/);
    const reporter = steps.find((s) => s.uses?.startsWith("classroom-resources/autograding-grading-reporter"))!;
    expect(reporter.with?.runners).toBe(ids.join(","));
    for (const id of ids) expect(reporter.env?.[`${id.toUpperCase()}_RESULTS`]).toBe(`\${{ steps.${id}.outputs.result }}`);
    expect(steps.findIndex((s) => s.run === CHECK_COMMAND)).toBeLessThan(steps.findIndex((s) => s.id === ids[0]));
  });

  it("grade-class.yml shards with --shard i/N over the matrix and merges every shard", () => {
    const wf = parse(readFileSync(join(ROOT, "ci", "workflows", "grade-class.yml"), "utf8")) as Workflow;
    const grade = wf.jobs.grade!;
    expect(grade.strategy?.matrix.shard).toEqual([1, 2, 3, 4]);
    const run = grade.steps.map((s) => s.run ?? "").find((r) => r.includes(" grade "))!;
    expect(run).toContain('--shard "${{ matrix.shard }}/${{ strategy.job-total }}"');
    const merge = wf.jobs.merge!.steps.map((s) => s.run ?? "").find((r) => r.includes(" merge "))!;
    expect(merge).toContain("shards/shard-*");
    expect(merge).toContain("--expect");
  });
});
