/**
 * zh outputs of graded results hold no English (issue 16.1): every property's check is run on
 * wrong answers (the reference's output scaled, shifted, zeroed, transposed, cut short, NaN, or
 * a value of the wrong kind), the failures become a result per lab, and that result is
 * rendered by every output that takes a language, then read with zh-english.test.ts's
 * detectors. Before issue 16's leftovers were fixed, ~17 property reasons were English lines
 * built in grader/judge/properties/, JUnit and Exercism were English only, the CI annotations'
 * titles were English, and a TypeScript zh-cn message ending in "?" got our "。" after it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { perfect } from "../fixtures/sample-results.ts";
import { type Value, decode, encode } from "../lib/value.ts";
import { Matrix, np } from "../lib/np/index.ts";
import type { Assignment } from "../grader/cases/schema.ts";
import { checkAnnotations } from "../grader/exporters/annotations.ts";
import { dashboardModel } from "../grader/exporters/dashboard/model.ts";
import { toDashboardHtml } from "../grader/exporters/dashboard/html.ts";
import { toExercismJson } from "../grader/exporters/exercism.ts";
import { toGradescopeJson } from "../grader/exporters/gradescope.ts";
import { toJUnitXml } from "../grader/exporters/junit.ts";
import { toStepSummary } from "../grader/exporters/step-summary.ts";
import { renderFeedback, renderTerminal } from "../grader/feedback/feedback.ts";
import { findProperty } from "../grader/judge/properties/index.ts";
import { type RawCall, runProperty } from "../grader/judge/properties/run.ts";
import type { PropertySpec } from "../grader/judge/properties/types.ts";
import type { Lab } from "../grader/labs/lab.ts";
import { loadLab } from "../grader/labs/index.ts";
import { type CaseResult, type PropertyReason, type SubmissionResult, SubmissionResultSchema } from "../grader/result/result.ts";
import * as refGc from "../solutions/gradient-checking.ts";
import * as refInit from "../solutions/initialization.ts";
import * as refOpt from "../solutions/optimization.ts";
import * as refReg from "../solutions/regularization.ts";
import { doubledPunctuation, englishSentences, englishWords, withoutIds } from "./zh-english.test.ts";
import * as zhFeedback from "./zh/feedback.ts";

type Answer = (v: Value) => Value;
const deep = (num: (x: number) => number, mat: (m: Matrix) => Matrix): Answer => {
  const go = (v: Value): Value =>
    typeof v === "number" ? num(v) : v instanceof Matrix ? mat(v) : Array.isArray(v) ? v.map(go) : v !== null && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, go(x)])) : v;
  return go;
};
/** Wrong answers derived from the reference's (right) answer. */
const WRONG: Record<string, Answer> = {
  scaled: deep((x) => x * 1.5, (m) => m.mul(1.5)),
  shifted: deep((x) => x + 0.1, (m) => m.add(0.1)),
  zeroed: deep(() => 0, (m) => np.zerosLike(m)),
  nan: deep(() => NaN, (m) => m.mul(NaN)),
  transposed: deep((x) => x, (m) => m.T),
  cutShort: (v) => (Array.isArray(v) ? v.slice(0, -1) : v !== null && typeof v === "object" && !(v instanceof Matrix) ? Object.fromEntries(Object.entries(v).slice(1)) : v),
  null: () => null,
  number: () => 3,
  text: () => "x",
  emptyList: () => [],
  emptyDict: () => ({}),
};
const REFERENCE: Record<Assignment, Record<string, unknown>> = {
  initialization: refInit,
  "gradient-checking": refGc,
  optimization: refOpt,
  regularization: refReg,
};

/** A property run against an implementation that answers every call with answer(reference's answer). */
async function runWith(spec: PropertySpec, answer: Answer | undefined, question: string, points: number): Promise<CaseResult> {
  const impl = REFERENCE[spec.assignment];
  const raw: RawCall = async (fn, args) => {
    const f = impl[fn] as (...a: Value[]) => Value;
    const right = f(...args.map(decode));
    return { ok: true, value: encode(answer ? answer(right) : right) };
  };
  return runProperty({ ...spec, numRuns: Math.min(spec.numRuns, 5) }, raw, { question, points });
}

const labs = [loadLab("hw2-1"), loadLab("regularization")];
/** Per lab: the result of a student whose every property fails, one wrong answer per property. */
const failing = new Map<Lab, { result: SubmissionResult; reasons: { id: string; answer: string; reason: unknown }[] }>();

beforeAll(async () => {
  for (const lab of labs) {
    const cases: CaseResult[] = [];
    const reasons: { id: string; answer: string; reason: unknown }[] = [];
    for (const q of lab.questions) {
      for (const t of q.tests) {
        if (t.kind !== "property") continue;
        const spec = findProperty(q.assignment, t.id)!;
        const right = await runWith(spec, undefined, q.id, t.points);
        expect(right.earned, `${t.id} passes the reference`).toBe(t.points);
        for (const [name, answer] of Object.entries(WRONG)) {
          const c = await runWith(spec, answer, q.id, t.points);
          if (c.issue?.code === "property_failed") reasons.push({ id: t.id, answer: name, reason: c.issue.reason });
          if (c.issue && !cases.some((k) => k.id === c.id && JSON.stringify(k.issue) === JSON.stringify(c.issue))) cases.push(c);
        }
      }
    }
    // A compiler error whose zh-cn text ends in its own "?" ("你是否指的是“layerDims”?"), on the first case.
    const fn = cases[0]!.fn;
    const en = "Cannot find name 'layerDim'. Did you mean 'layerDims'?";
    const diagnostic = [{ depth: 0, parts: [{ key: "Cannot_find_name_0_Did_you_mean_1_2552", args: [["layerDim"], ["layerDims"]] }], en }];
    cases[0] = { ...cases[0]!, issue: { code: "does_not_compile", fn, file: "x.ts", line: 3, column: 7, message: en, diagnostic } };
    const result = SubmissionResultSchema.parse({
      ...perfect,
      lab: lab.id,
      student: "s2026099",
      cases,
      notes: [{ file: "x.ts", kind: "compile", fn, line: 3, error: { file: "x.ts", line: 3, column: 7, fn, code: 2552, message: en, diagnostic } }],
    });
    failing.set(lab, { result, reasons });
  }
}, 120_000);

describe("zh outputs of graded results hold no English sentence", () => {
  it("every property failure reason is a code with data, never a sentence, and never the check's own crash", () => {
    const all = [...failing.values()].flatMap((f) => f.reasons);
    expect(all.length).toBeGreaterThan(60);
    expect(all.filter((r) => typeof r.reason === "string")).toEqual([]);
    expect(all.filter((r) => (r.reason as PropertyReason).code === "check_threw")).toEqual([]);
    const codes = new Set(all.map((r) => (r.reason as PropertyReason).code));
    for (const c of ["wrong_shape", "not_zeros", "std_off", "wrong_keys", "wrong_type", "mismatch", "batch_count", "wrong_value", "cost_off", "check_too_large", "check_too_small", "keep_fraction"]) {
      expect(codes, c).toContain(c);
    }
  });

  it("feedback (Markdown and terminal), step summary, Gradescope, JUnit, Exercism, annotations and the dashboard", async () => {
    for (const [lab, { result }] of failing) {
      const outputs: Record<string, string> = {
        feedback: renderFeedback(result, lab, "zh"),
        terminal: renderTerminal(result, lab, "zh", { color: false }),
        stepSummary: toStepSummary([result], lab, { lang: "zh" }),
        gradescope: prose(JSON.parse(toGradescopeJson(result, lab, { lang: "zh" }))),
        junit: xmlProse(toJUnitXml([result], lab, { lang: "zh" })),
        exercism: prose(JSON.parse(toExercismJson(result, lab, { lang: "zh" }))),
        annotations: checkAnnotations([{ lab, result }], { path: (f) => `exercises/${f}`, read: () => null }, { lang: "zh", max: 1000 })
          .map((a) => `${a.title}\n${a.message}`)
          .join("\n"),
        dashboard: dashboardText(await toDashboardHtml(dashboardModel([result], lab), { lang: "zh", hasReport: () => false })),
      };
      for (const [name, text] of Object.entries(outputs)) {
        expect(englishSentences(withoutIds(text)), `${lab.id} ${name}`).toEqual([]);
        expect(doubledPunctuation(text), `${lab.id} ${name}`).toEqual([]);
        expect(englishWords(text), `${lab.id} ${name}`).toEqual([]);
      }
    }
  });
});


/** The words of a JSON output: its name, output, message and test_code strings (not protocol values such as "failed" or "hidden"). */
const prose = (v: unknown): string =>
  Array.isArray(v) ? v.map(prose).join("\n") : v && typeof v === "object" ? Object.entries(v).map(([k, x]) => (typeof x === "string" ? (["name", "output", "message", "test_code"].includes(k) ? x : "") : prose(x))).join("\n") : "";

/** The words of an XML document: its name, message and value attributes and its text (not element or attribute names). */
const xmlProse = (xml: string): string =>
  [...xml.matchAll(/ (?:name|message|value)="([^"]*)"|>([^<]+)</g)].map((m) => m[1] ?? m[2]).join("\n");

/** The dashboard's visible text: no script, style or tags. */
const dashboardText = (html: string): string =>
  html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, " ").replace(/<[^>]+>/g, " ").replace(/&[a-z#0-9]+;/g, " ");

describe("what the sandbox says of a value it could not send back, in zh feedback", () => {
  // One message per template of grader/sandbox/sealed-value.ts and lib/value.ts's encode.
  const messages = [
    "result is undefined (did the function forget to return?)",
    "result[0] is a function, not data",
    "result is nested more than 64 levels deep",
    "result is a Proxy, not data",
    'result["self"] refers back to itself (a cycle)',
    "result has a Proxy among its prototypes, not data",
    "result[2] is missing (a hole in the array)",
    'result["W1"] is a getter, not data',
    "result is a Map, expected a Matrix, number, array or dict",
    'result has the key "$matrix", which the grader\'s wire format reserves',
    "result is a Matrix that does not hold its own data",
    "result is too large to send (more than 4193280 characters)",
    "result is nested too deeply to send",
  ];
  it("is reworded, every template", () => {
    for (const message of messages) {
      const text = zhFeedback.caseIssue({ code: "bad_return", fn: "initializeParametersHe", message }, { description: "He 初始化", hidden: false });
      expect([...englishSentences(text), ...englishWords(text)], message).toEqual([]);
      expect(doubledPunctuation(text), message).toEqual([]);
    }
  });
});
