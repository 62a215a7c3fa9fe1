import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { failed, late, partial, perfect, sampleLab, sampleResults } from "../../fixtures/sample-results.ts";
import { renderFeedback } from "../feedback/feedback.ts";
import { type CaseResult, type SubmissionResult, SubmissionResultSchema, finalScore, rawScore } from "../result/result.ts";
import { caseText } from "../../i18n/case-text.ts";
import { exercismResults, toExercismJson } from "./exercism.ts";
import { renderCaseFeedback } from "../feedback/feedback.ts";
import { toGradebookCsv, toGradebookJson } from "./gradebook.ts";
import { gradescopeResults, toGradescopeJson } from "./gradescope.ts";
import { toJUnitXml, xmlAttr } from "./junit.ts";
import { toStepSummary } from "./step-summary.ts";

// ---------------------------------------------------------------- small readers for the outputs

/** RFC 4180 CSV: quoted fields, "" inside quotes, \n or \r\n line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field), rows.push(row), (row = []), (field = "");
    } else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

/** CSV rows as objects keyed by the header. */
function csvRecords(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

const XML_ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const decodeXml = (s: string): string =>
  s.replace(XML_ENTITY, (_, e: string) =>
    e === "amp" ? "&" : e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : e === "apos" ? "'" : String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : Number(e.slice(1))),
  );

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * A strict little XML reader, enough for JUnit: throws unless the text is well-formed
 * (one root, balanced tags, unique attributes, only the five entities and character
 * references, no raw < or & in text or attributes, only XML 1.0 characters).
 */
function parseXml(xml: string): XmlElement {
  if (/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml)) throw new Error("a character XML 1.0 does not allow");
  const body = xml.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, "");
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  const clean = (s: string, where: string) => {
    if (/[&<]/.test(s.replace(XML_ENTITY, ""))) throw new Error(`raw & or < in ${where}: ${s.slice(0, 60)}`);
  };
  const root: XmlElement = { name: "#document", attrs: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  let pos = 0;
  while (pos < body.length) {
    token.lastIndex = pos;
    const m = token.exec(body);
    if (!m) throw new Error(`not well-formed at ${pos}: ${body.slice(pos, pos + 60)}`);
    pos = token.lastIndex;
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      clean(m[5], "text");
      if (top === root && m[5].trim()) throw new Error("text outside the root element");
      top.text += decodeXml(m[5]);
      continue;
    }
    const [, close, name, rawAttrs, selfClose] = m;
    if (close) {
      if (rawAttrs || selfClose || stack.pop()?.name !== name) throw new Error(`unbalanced </${name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (a[1] in attrs) throw new Error(`attribute ${a[1]} twice on <${name}>`);
      clean(a[2], `attribute ${a[1]}`);
      attrs[a[1]] = decodeXml(a[2]);
    }
    const el: XmlElement = { name, attrs, children: [], text: "" };
    top.children.push(el);
    if (!selfClose) stack.push(el);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (root.children.length !== 1) throw new Error("not exactly one root element");
  return root.children[0];
}

const all = (el: XmlElement, name: string): XmlElement[] => [
  ...el.children.filter((c) => c.name === name),
  ...el.children.flatMap((c) => all(c, name)),
];

const sum = (xs: number[]): number => xs.reduce((s, x) => s + x, 0);

// ---------------------------------------------------------------- the sample results

describe("sample results", () => {
  it("are valid results (the exporters' input is what grading writes)", () => {
    for (const r of sampleResults) expect(SubmissionResultSchema.safeParse(r).success).toBe(true);
  });
});

// ---------------------------------------------------------------- gradebook

describe("toGradebookCsv", () => {
  it("has one row per student, sorted, with the earned points per question and the totals", () => {
    const csv = toGradebookCsv(sampleResults, sampleLab);
    expect(csv).toMatchInlineSnapshot(`
      "student,Q1,Q2,Q3,total,raw_total,possible,late_penalty,minutes_late,submitted_at,time_source,status,failure
      s001-alice,10,10,10,30,30,30,0,0,2026-12-14T12:00:00.000Z,timestamps,graded,
      s002-bo,3.5,10,2.333333,15.833333,15.833333,30,0,0,2026-12-14T15:00:00.000Z,unknown,graded,
      s003-chen,10,6,10,20.8,26,30,5.2,1986,2026-12-16T01:05:00.000Z,git,late,
      s004-dana,0,0,0,0,0,30,0,0,,none,failed,unreadable_submission: s004-dana.zip: end of central directory record signature not found; the file is not a readable zip
      "
    `);
  });

  it("parses back to the scores of the result model", () => {
    const records = csvRecords(toGradebookCsv(sampleResults, sampleLab));
    expect(records.map((r) => r.student)).toEqual(["s001-alice", "s002-bo", "s003-chen", "s004-dana"]);
    for (const rec of records) {
      const r = sampleResults.find((x) => x.student === rec.student)!;
      expect(Number(rec.total)).toBeCloseTo(finalScore(r), 6);
      expect(Number(rec.raw_total)).toBeCloseTo(rawScore(r), 6);
      expect(Number(rec.possible)).toBe(30);
      for (const q of ["Q1", "Q2", "Q3"]) {
        expect(Number(rec[q])).toBeCloseTo(sum(r.cases.filter((c) => c.question === q).map((c) => c.earned)), 6);
      }
    }
    const chen = records.find((r) => r.student === "s003-chen")!;
    expect([chen.total, chen.late_penalty, chen.minutes_late, chen.status]).toEqual(["20.8", "5.2", "1986", "late"]);
  });

  it("prints numbers without float noise: at most 6 decimals, no trailing zeros", () => {
    const noisy: SubmissionResult = { ...perfect, student: "noisy", cases: perfect.cases.map((c) => ({ ...c, earned: c.points * (0.1 + 0.2) })) };
    const [rec] = csvRecords(toGradebookCsv([noisy], sampleLab));
    for (const key of ["Q1", "Q2", "Q3", "total", "raw_total"]) expect(rec[key]).toMatch(/^\d+(\.\d{0,5}[1-9])?$/);
    expect(rec.Q1).toBe("3");
    expect(rec.total).toBe("9");
  });

  it("quotes ids with commas and quotes, and defuses ids a spreadsheet would run as formulas", () => {
    const odd = [
      { ...perfect, student: 'li, "the" student' },
      { ...perfect, student: "=HYPERLINK(\"http://x\")" },
    ];
    const csv = toGradebookCsv(odd, sampleLab);
    const students = csvRecords(csv).map((r) => r.student);
    expect(students).toContain('li, "the" student');
    expect(students).toContain("'=HYPERLINK(\"http://x\")");
  });

  it("can start with a byte order mark for spreadsheets", () => {
    expect(toGradebookCsv([perfect], sampleLab, { bom: true }).startsWith("\uFEFFstudent,")).toBe(true);
    expect(toGradebookCsv([perfect], sampleLab).startsWith("student,")).toBe(true);
  });

  it("refuses a question id that is also a gradebook column", () => {
    const lab = { ...sampleLab, questions: [{ ...sampleLab.questions[0], id: "total" }] };
    expect(() => toGradebookCsv([], lab)).toThrowError(/question id "total" is also a gradebook column/);
  });

  it("gives every question a column even when a submission has no cases at all", () => {
    const empty: SubmissionResult = { ...failed, student: "s005-empty", cases: [] };
    const [rec] = csvRecords(toGradebookCsv([empty], sampleLab));
    expect(rec).toMatchObject({ Q1: "0", Q2: "0", Q3: "0", total: "0", possible: "30", status: "failed" });
  });

  it("property: total = sum of the question columns − late_penalty, for any results", () => {
    const caseArb = fc
      .record({
        question: fc.constantFrom("Q1", "Q2", "Q3", "Q9"),
        points: fc.double({ min: 0.01, max: 10, noNaN: true }),
        share: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ question, points, share }): CaseResult => ({
        id: "c",
        kind: "fixture",
        question,
        fn: "f",
        description: "a case",
        hidden: false,
        points,
        earned: points * share,
        ...(share < 1 ? { issue: { code: "not_written", fn: "f" } } : {}),
      }));
    const resultArb = fc
      .record({
        student: fc.string({ minLength: 1, maxLength: 8 }),
        cases: fc.array(caseArb, { maxLength: 12 }),
        percent: fc.integer({ min: 0, max: 100 }),
        overcharge: fc.double({ min: 0, max: 1.5, noNaN: true }),
        fails: fc.boolean(),
      })
      .map(({ student, cases, percent, overcharge, fails }): SubmissionResult => {
        const raw = sum(cases.map((c) => c.earned));
        return SubmissionResultSchema.parse({
          ...perfect,
          student,
          cases,
          // the penalty may even exceed the score: the total is clamped at 0
          late: { minutesLate: percent * 14.4, penaltyPercent: percent, penaltyPoints: percent ? raw * overcharge : 0 },
          ...(fails ? { failure: { code: "infrastructure", message: "x" } } : {}),
        });
      });
    fc.assert(
      fc.property(fc.array(resultArb, { minLength: 1, maxLength: 6 }), (results) => {
        const csv = toGradebookCsv(results, sampleLab);
        const [header] = parseCsv(csv);
        const questions = header.slice(1, header.indexOf("total"));
        const records = csvRecords(csv);
        expect(records).toHaveLength(results.length);
        for (const rec of records) {
          const cols = sum(questions.map((q) => Number(rec[q])));
          const tol = 1e-6 * (questions.length + 2);
          expect(Math.abs(Number(rec.total) - (cols - Number(rec.late_penalty)))).toBeLessThanOrEqual(tol);
          expect(Math.abs(Number(rec.raw_total) - cols)).toBeLessThanOrEqual(tol);
          expect(Number(rec.total)).toBeGreaterThanOrEqual(0);
          expect(Number(rec.late_penalty)).toBeLessThanOrEqual(Number(rec.raw_total) + tol);
        }
      }),
      { seed: 20261214, numRuns: 200 },
    );
  });
});

describe("toGradebookJson", () => {
  it("has the lab, its questions and the same rows as the CSV", () => {
    const doc = JSON.parse(toGradebookJson(sampleResults, sampleLab));
    expect(doc.lab).toBe("hw-demo");
    expect(doc.questions.map((q: { id: string; points: number }) => [q.id, q.points])).toEqual([
      ["Q1", 10],
      ["Q2", 10],
      ["Q3", 10],
    ]);
    const csv = csvRecords(toGradebookCsv(sampleResults, sampleLab));
    expect(doc.students.map((s: { student: string }) => s.student)).toEqual(csv.map((r) => r.student));
    doc.students.forEach((s: Record<string, unknown> & { scores: Record<string, number> }, i: number) => {
      expect(String(s.total)).toBe(csv[i].total);
      expect(String(s.late_penalty)).toBe(csv[i].late_penalty);
      for (const q of ["Q1", "Q2", "Q3"]) expect(String(s.scores[q])).toBe(csv[i][q]);
    });
    expect(doc.students[3]).toMatchObject({ student: "s004-dana", status: "failed", failure: { code: "unreadable_submission" } });
  });
});

// ---------------------------------------------------------------- Gradescope

describe("toGradescopeJson", () => {
  it("scores after the late penalty; the tests carry the points before it", () => {
    for (const r of sampleResults) {
      const gs = JSON.parse(toGradescopeJson(r, sampleLab));
      expect(gs.score).toBeCloseTo(finalScore(r), 6);
      expect(sum(gs.tests.map((t: { score: number }) => t.score))).toBeCloseTo(rawScore(r), 6);
      expect(sum(gs.tests.map((t: { max_score: number }) => t.max_score))).toBeCloseTo(30, 6);
      for (const t of gs.tests) {
        expect(Object.keys(t).sort()).toEqual(["max_score", "name", "number", "output", "score", "status", "tags", "visibility"]);
        expect(t.status).toBe(t.score >= t.max_score ? "passed" : "failed");
      }
    }
    const chen = gradescopeResults(late, sampleLab);
    expect(chen.score).toBe(20.8);
    expect(chen.output).toContain("Late penalty: −5.2 points");
  });

  it("numbers tests by question and case; hidden cases show after publishing, without values", () => {
    const gs = gradescopeResults(partial, sampleLab);
    expect(gs.tests.map((t) => [t.number, t.visibility, t.status])).toEqual([
      ["1.1", "visible", "failed"],
      ["1.2", "after_published", "failed"],
      ["1.3", "visible", "failed"],
      ["2.1", "visible", "passed"],
      ["2.2", "visible", "passed"],
      ["3.1", "visible", "failed"],
      ["3.2", "visible", "failed"],
    ]);
    const hidden = gs.tests[1];
    expect(hidden.output).toContain("values differ");
    expect(hidden.output).not.toMatch(/expected \d|got \d|error \d/);
    // Students get the counterexample in words, never the fast-check replay line (instructors: JUnit).
    expect(gs.tests[2].output).toContain("Counterexample, found on run 2: the inputs [1,5,3].");
    expect(gs.tests[2].output).not.toContain("fc.assert");
    expect(gs).toMatchObject({ visibility: "visible", stdout_visibility: "hidden", output_format: "md", execution_time: 5 });
  });

  it("a submission that could not be graded: score 0, the reason on top, a zero test per question when no case was built", () => {
    const gs = gradescopeResults({ ...failed, cases: [] }, sampleLab);
    expect(gs.score).toBe(0);
    expect(gs.output).toContain("could not be graded (unreadable_submission)");
    expect(gs.tests.map((t) => [t.name, t.score, t.max_score, t.status])).toEqual([
      ["Q1 Initialization: No case could be run.", 0, 10, "failed"],
      ["Q2 Gradient Checking: No case could be run.", 0, 10, "failed"],
      ["Q3 Optimization: No case could be run.", 0, 10, "failed"],
    ]);
  });

  it("speaks Chinese when asked", () => {
    const gs = gradescopeResults(partial, sampleLab, { lang: "zh" });
    expect(gs.output).toContain("总分：15.83 / 30");
    expect(gs.tests[0].output).toContain("提示：");
  });
});

// ---------------------------------------------------------------- Exercism

describe("toExercismJson", () => {
  it("follows the v3 interface: version, overall status, tests with name, status, message, test_code, task_id", () => {
    const ex = JSON.parse(toExercismJson(partial, sampleLab));
    expect(ex.version).toBe(3);
    expect(ex.status).toBe("fail");
    expect(ex.message).toBeNull();
    expect(ex.tests.map((t: { status: string; task_id: number }) => [t.status, t.task_id])).toEqual([
      ["fail", 1],
      ["fail", 1],
      ["fail", 1],
      ["pass", 2],
      ["pass", 2],
      ["fail", 3],
      ["error", 3], // the timeout: the code gave no answer to check
    ]);
    for (const t of ex.tests) {
      expect(typeof t.test_code).toBe("string");
      expect("message" in t).toBe(t.status !== "pass");
      expect("output" in t).toBe(false);
    }
    expect(ex.tests[1].test_code).toContain("/* hidden inputs */");
    expect(ex.tests[2].message).toContain("Counterexample, found on run 2: the inputs [1,5,3].");
  });

  it("passes a perfect submission and errors on one that could not be graded", () => {
    expect(exercismResults(perfect, sampleLab)).toMatchObject({ version: 3, status: "pass", message: null });
    expect(exercismResults(perfect, sampleLab).tests.every((t) => t.status === "pass")).toBe(true);
    const ex = exercismResults(failed, sampleLab);
    expect(ex.status).toBe("error");
    expect(ex.message).toContain("s004-dana.zip");
  });

  it("keeps the cases' order, which is the lab's", () => {
    expect(exercismResults(late, sampleLab).tests.map((t) => t.name)).toEqual(late.cases.map((c) => `${c.question} · ${c.description}`));
  });

  it("speaks the language asked for: names, messages and the comments in test_code; statuses stay", () => {
    const en = exercismResults(partial, sampleLab);
    const zh = exercismResults(partial, sampleLab, { lang: "zh" });
    expect(zh.tests.map((t) => t.status)).toEqual(en.tests.map((t) => t.status));
    expect(zh.tests.map((t) => t.name)).toEqual(partial.cases.map((c) => `${c.question} · ${caseText(c, "zh").description}`));
    expect(zh.tests[0]!.message).toBe(renderCaseFeedback(partial.cases[0]!, "zh"));
    expect(zh.tests[0]!.test_code).toContain("在该用例的容差内与期望输出比较");
    expect(exercismResults(failed, sampleLab, { lang: "zh" }).message).toMatch(/^你的提交无法评分/);
  });
});

// ---------------------------------------------------------------- JUnit

describe("toJUnitXml", () => {
  it("is well-formed, with a suite per student and question and counts that match the cases", () => {
    const doc = parseXml(toJUnitXml(sampleResults, sampleLab));
    expect(doc.name).toBe("testsuites");
    const suites = all(doc, "testsuite");
    expect(suites.map((s) => s.attrs.name)).toEqual(
      ["s001-alice", "s002-bo", "s003-chen", "s004-dana"].flatMap((s) => ["Q1", "Q2", "Q3"].map((q) => `${s}.${q}`)),
    );
    for (const s of suites) {
      const cases = all(s, "testcase");
      expect(Number(s.attrs.tests)).toBe(cases.length);
      expect(Number(s.attrs.failures)).toBe(all(s, "failure").length);
      expect(Number(s.attrs.errors)).toBe(all(s, "error").length);
      for (const c of cases) expect(c.attrs.classname).toBe(s.attrs.name);
    }
    expect(Number(doc.attrs.tests)).toBe(all(doc, "testcase").length);
    expect(Number(doc.attrs.failures)).toBe(6); // partial: 5, late: 1
    expect(Number(doc.attrs.errors)).toBe(7); // every case of the unreadable zip
    expect(doc.attrs.time).toBe("13.322");
  });

  it("puts the feedback in the failure: message attribute and a body with the hint and points", () => {
    const doc = parseXml(toJUnitXml([partial], sampleLab));
    const [first] = all(doc, "failure");
    expect(first.attrs.type).toBe("mismatch");
    expect(first.attrs.message).toContain('`result["W1"]` differs at [0, 1]');
    expect(first.text).toContain("Hint: Scale by np.sqrt(2 / layersDims[l - 1]).");
    expect(first.text).toContain("Points: 2 / 4");
  });

  it("speaks the language asked for; names, classnames and types stay the same", () => {
    const en = parseXml(toJUnitXml([partial], sampleLab));
    const zh = parseXml(toJUnitXml([partial], sampleLab, { lang: "zh" }));
    const names = (d: typeof en, tag: string, attr: string) => all(d, tag).map((e) => e.attrs[attr]);
    expect(names(zh, "testsuite", "name")).toEqual(names(en, "testsuite", "name"));
    expect(names(zh, "testcase", "classname")).toEqual(names(en, "testcase", "classname"));
    expect(names(zh, "failure", "type")).toEqual(names(en, "failure", "type"));
    expect(names(zh, "testcase", "name")[0]).toBe(caseText(partial.cases[0]!, "zh").description);
    expect(names(zh, "testcase", "name")[0]).not.toBe(names(en, "testcase", "name")[0]);
    const [first] = all(zh, "failure");
    expect(first.attrs.message).toContain("`result[\"W1\"]` 在 [0, 1] 处不一致");
    expect(first.text).toContain("得分：2 / 4");
    expect(names(zh, "property", "value")).toContain("Q1 参数初始化");
  });

  it("escapes <, &, quotes and strips characters XML 1.0 forbids", () => {
    const nasty = 'a<b>&"c\'\x00\x07\x1b\x7f\uFFFE\uD800 tab\there\nline 😀';
    const r: SubmissionResult = {
      ...partial,
      student: `s<&>"'${"\x01"}`,
      cases: partial.cases.map((c) => ({ ...c, description: nasty })),
    };
    const xml = toJUnitXml([r], sampleLab);
    const doc = parseXml(xml); // throws if not well-formed
    const [c] = all(doc, "testcase");
    expect(c.attrs.name).toBe('a<b>&"c\'\x7f tab\there\nline 😀');
    expect(c.attrs.classname).toBe(`s<&>"'.Q1`);
    expect(all(doc, "failure")[0].text).toContain('"a<b>&"c\'\x7f tab\there\nline 😀"');
    expect(xml).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\uFFFE]/);
    expect(xmlAttr('<&>"\'\t\n\r')).toBe("&lt;&amp;&gt;&quot;&apos;&#9;&#10;&#13;");
  });
});

// ---------------------------------------------------------------- step summary

describe("toStepSummary", () => {
  it("is the student's feedback page for a single submission", () => {
    expect(toStepSummary([partial], sampleLab)).toBe(renderFeedback(partial, sampleLab, "en"));
    expect(toStepSummary([partial], sampleLab, { lang: "zh" })).toBe(renderFeedback(partial, sampleLab, "zh"));
  });

  it("is a row per student for a class", () => {
    expect(toStepSummary(sampleResults, sampleLab)).toMatchInlineSnapshot(`
      "## hw-demo · Initialization, Gradient Checking and Optimization

      4 submissions: 2 graded, 1 late, 1 could not be graded. Mean total 16.66 / 30, median 18.32.

      | Student | Q1 | Q2 | Q3 | Total | Status |
      |---|---:|---:|---:|---:|---|
      | s001-alice | 10 | 10 | 10 | **30** / 30 | graded |
      | s002-bo | 3.5 | 10 | 2.33 | **15.83** / 30 | graded |
      | s003-chen | 10 | 6 | 10 | **20.8** / 30 | late, −5.2 |
      | s004-dana | 0 | 0 | 0 | **0** / 30 | ✗ failed (unreadable_submission) |
      "
    `);
  });

  it("is a table per question when the class is large, with the submissions that could not be graded", () => {
    expect(toStepSummary(sampleResults, sampleLab, { maxRows: 3 })).toMatchInlineSnapshot(`
      "## hw-demo · Initialization, Gradient Checking and Optimization

      4 submissions: 2 graded, 1 late, 1 could not be graded. Mean total 16.66 / 30, median 18.32.

      | Question | Points | Mean | Median | Min | Max | Full marks |
      |---|---:|---:|---:|---:|---:|---:|
      | Q1 Initialization | 10 | 5.88 | 6.75 | 0 | 10 | 2 |
      | Q2 Gradient Checking | 10 | 6.5 | 8 | 0 | 10 | 2 |
      | Q3 Optimization | 10 | 5.58 | 6.17 | 0 | 10 | 2 |
      | Total (after late penalties) | 30 | 16.66 | 18.32 | 0 | 30 | 1 |

      ### Could not be graded

      - s004-dana: unreadable_submission — s004-dana.zip: end of central directory record signature not found; the file is not a readable zip
      "
    `);
  });

  it("escapes | in student ids inside tables", () => {
    expect(toStepSummary([perfect, { ...perfect, student: "a|b" }], sampleLab)).toContain("| a\\|b | 10 |");
  });

  it("says so when nothing was graded", () => {
    expect(toStepSummary([], sampleLab)).toContain("No submissions were graded.");
  });
});
