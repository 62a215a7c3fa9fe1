/**
 * The class dashboard as one self-contained HTML page: inline CSS, the figures as inline
 * SVG (charts.ts), one small inline script to sort the student table, and a Content
 * Security Policy that forbids loading anything, so it works from file:// with no server
 * and no network. Every value that came from a submission or the roster (ids, names, code)
 * is escaped. Words come from i18n/{en,zh}/dashboard.ts.
 */
import { diagnosisTitle, renderDiagnoses } from "../../../i18n/diagnose.ts";
import type { Lang } from "../../splice/markers.ts";
import { formatPoints } from "../../result/scores.ts";
import { distributionSpec, passRateSpec, renderSvg } from "./charts.ts";
import type { DashboardModel, StudentRow } from "./model.ts";
import { SORT_SCRIPT } from "./script.ts";
import { type DashboardWords, dashboardWords } from "./words.ts";

export interface PageOptions {
  lang: Lang;
  /** the same page in the other language, relative to this one */
  otherHref?: string;
  /** does a student's lab report exist (reports/<id>/report.<lang>.html)? */
  hasReport?: (student: string) => boolean;
  /** when the page was built */
  now?: Date;
  /** pairs shown with their fragments (the rest are listed in similarity.json) */
  maxPairs?: number;
}

const ESC: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]);
const href = (...parts: string[]): string => esc(parts.join(""));
const enc = encodeURIComponent;
/** Points as a teacher reads them in a table: at most 2 decimals (the exact value sorts, in data-v). */
const pts = (x: number): string => String(Number(x.toFixed(2)));

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#222}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.lang{float:right}.summary{color:#444}.figure{overflow-x:auto}
table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #eee;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f5f5f5;position:sticky;top:0}table.sortable th{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.late{color:#a65e00}.failed{color:#b00020}.missing{color:#666;font-style:italic}.flag{color:#b00020}
.pair{margin:12px 0 20px}.frag{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin:6px 0}
.frag pre{margin:0;background:#f8f8f8;border:1px solid #e3e3e3;padding:6px;overflow-x:auto;font-size:12px}
.frag .at{font-size:12px;color:#555}.muted{color:#666}
`;

function statusCell(row: StudentRow, w: DashboardWords): string {
  return `<td class="${row.status}" data-v="${row.status}">${esc(w.status[row.status])}</td>`;
}

function studentTable(m: DashboardModel, w: DashboardWords, o: PageOptions): string {
  const qs = m.questions;
  const head =
    `<tr><th>${esc(w.columns.student)}</th><th>${esc(w.columns.name)}</th><th>${esc(w.columns.section)}</th>` +
    qs.map((q) => `<th class="n" data-type="number">${esc(q.id)}</th>`).join("") +
    `<th class="n" data-type="number">${esc(w.columns.total)}</th><th>${esc(w.columns.status)}</th><th>${esc(w.columns.similar)}</th><th>${esc(w.columns.links)}</th></tr>`;
  const rows = m.students.map((s) => {
    const links =
      s.status === "missing"
        ? ""
        : `<a href="${href("feedback/", enc(s.id), ".", o.lang, ".md")}">${esc(w.feedback)}</a>` +
          (o.hasReport?.(s.id) ? ` · <a href="${href("reports/", enc(s.id), "/report.", o.lang, ".html")}">${esc(w.report)}</a>` : "");
    return (
      `<tr id="student-${esc(s.id)}"><td>${esc(s.id)}</td><td>${esc(s.name)}</td><td>${esc(s.section)}</td>` +
      qs.map((q) => `<td class="n" data-v="${s.scores[q.id] ?? 0}">${pts(s.scores[q.id] ?? 0)}</td>`).join("") +
      `<td class="n" data-v="${s.total}">${pts(s.total)}</td>${statusCell(s, w)}` +
      `<td class="flag">${s.similarTo.map((x) => `<a href="#pair-${esc(pairId(s.id, x))}">${esc(x)}</a>`).join(", ")}</td><td>${links}</td></tr>`
    );
  });
  return `<p class="muted">${esc(w.sortHint)}</p><table class="sortable" id="students"><thead>${head}</thead><tbody>${rows.join("")}</tbody></table>`;
}

const pairId = (a: string, b: string): string => (a < b ? `${a}--${b}` : `${b}--${a}`);

/** A mistake in words: the catalog entry's "what the output looks like", or the detector's sentence. */
function mistakeWords(x: DashboardModel["mistakes"][number], lang: Lang): string | undefined {
  if (x.source === "catalog") return diagnosisTitle(x, lang);
  return renderDiagnoses([x.sample], lang)[0];
}

function mistakesTable(m: DashboardModel, w: DashboardWords, lang: Lang): string {
  if (m.mistakes.length === 0) return `<p class="muted">${esc(w.noMistakes)}</p>`;
  const c = w.mistakeColumns;
  const rows = m.mistakes.slice(0, 30).map((x) => {
    const words = mistakeWords(x, lang);
    const shown = x.students.slice(0, 20).map((s) => `<a href="#student-${esc(s)}">${esc(s)}</a>`).join(", ");
    const more = x.students.length > 20 ? ` ${esc(w.more(x.students.length - 20))}` : "";
    return `<tr><td>${words ? `${esc(words)} <span class="muted">(${esc(x.id)})</span>` : esc(x.id)}</td><td><code>${esc(x.fn)}</code></td><td class="n">${x.students.length}</td><td>${shown}${more}</td></tr>`;
  });
  return `<table><thead><tr><th>${esc(c.mistake)}</th><th>${esc(c.fn)}</th><th class="n">${esc(c.count)}</th><th>${esc(c.who)}</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function problemsTable(m: DashboardModel, w: DashboardWords): string {
  const rows = m.students.flatMap((s) => {
    const cells = (what: string, detail: string): string =>
      `<tr><td><a href="#student-${esc(s.id)}">${esc(s.id)}</a></td><td>${esc(s.name)}</td><td class="${s.status}">${esc(what)}</td><td>${esc(detail)}</td></tr>`;
    if (s.status === "missing") return [cells(w.missingWhat, w.missingDetail)];
    if (s.status === "failed") return [cells(w.failedWhat, `${s.failure?.code ?? ""}: ${s.failure?.message ?? ""}`.slice(0, 300))];
    if (s.status === "late") return [cells(w.lateWhat, w.late(formatPoints(s.minutesLate), formatPoints(s.penalty), s.timeSource))];
    return [];
  });
  if (rows.length === 0) return `<p class="muted">${esc(w.noProblems)}</p>`;
  const c = w.problemColumns;
  return `<table><thead><tr><th>${esc(c.student)}</th><th>${esc(c.name)}</th><th>${esc(c.kind)}</th><th>${esc(c.detail)}</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function similaritySection(m: DashboardModel, w: DashboardWords, o: PageOptions): string {
  const s = m.similarity;
  if (!s) return "";
  const intro = `<p class="muted">${esc(w.similarityIntro(String(s.options.threshold), s.options.k))}</p>`;
  if (s.pairs.length === 0) return `<h2>${esc(w.sections.similarity)}</h2>${intro}<p>${esc(w.noSimilar)}</p>`;
  const pairs = s.pairs.slice(0, o.maxPairs ?? 50).map((p) => {
    const frags = p.fragments.slice(0, 6).map(
      (f) =>
        `<div class="frag"><div><div class="at">${esc(p.a)} · ${esc(w.fragmentAt(f.a.key, f.a.startLine, f.a.endLine))}</div><pre>${esc(f.a.code)}</pre></div>` +
        `<div><div class="at">${esc(p.b)} · ${esc(w.fragmentAt(f.b.key, f.b.startLine, f.b.endLine))}</div><pre>${esc(f.b.code)}</pre></div></div>`,
    );
    return `<div class="pair" id="pair-${esc(pairId(p.a, p.b))}"><h3>${esc(w.pairTitle(p.a, p.b, `${Math.round(p.similarity * 100)}%`, p.shared))}</h3>${frags.join("")}</div>`;
  });
  const more = s.pairs.length > pairs.length ? `<p class="muted">${esc(w.more(s.pairs.length - pairs.length))} (similarity.json)</p>` : "";
  return `<h2>${esc(w.sections.similarity)}</h2>${intro}${pairs.join("")}${more}`;
}

/** The charts of a model in one language, rendered once per page. */
export async function renderCharts(m: DashboardModel, lang: Lang): Promise<{ distribution: string; passRate: string }> {
  const w = dashboardWords(lang);
  const distribution = await renderSvg(distributionSpec(m.questions, { points: w.axes.points, students: w.axes.students, title: (q) => `${q.id} ${q.title[lang]} (${q.possible})` }));
  const passRate = await renderSvg(
    passRateSpec(m.tests, {
      passRate: w.axes.passRate,
      label: (t) => `${t.question} ${t.fn}: ${t.id}${t.hidden ? ` (${w.hiddenTest})` : ""}`,
    }),
  );
  return { distribution, passRate };
}

export async function toDashboardHtml(m: DashboardModel, o: PageOptions): Promise<string> {
  const w = dashboardWords(o.lang);
  const charts = await renderCharts(m, o.lang);
  const count = (st: StudentRow["status"]): number => m.students.filter((s) => s.status === st).length;
  const present = m.students.filter((s) => s.status !== "missing");
  const possible = present[0]?.possible ?? m.questions.reduce((s, q) => s + q.possible, 0);
  const mean = present.length ? present.reduce((s, r) => s + r.total, 0) / present.length : 0;
  const summary = w.summary({
    students: m.students.length,
    graded: present.length,
    late: count("late"),
    failed: count("failed"),
    missing: count("missing"),
    mean: formatPoints(Math.round(mean * 100) / 100),
    possible: formatPoints(possible),
  });
  const title = w.title(`${m.lab.id} ${m.lab.title[o.lang]}`);
  return `<!doctype html>
<html lang="${o.lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<link rel="icon" href="data:,">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
${o.otherHref ? `<a class="lang" href="${esc(o.otherHref)}">${esc(w.otherLanguage)}</a>` : ""}
<h1>${esc(title)}</h1>
<p class="summary">${esc(summary)}</p>
<h2>${esc(w.sections.distribution)}</h2>
<div class="figure">${charts.distribution}</div>
<h2>${esc(w.sections.passRate)}</h2>
<div class="figure">${charts.passRate}</div>
<h2>${esc(w.sections.mistakes)}</h2>
${mistakesTable(m, w, o.lang)}
<h2>${esc(w.sections.problems)}</h2>
${problemsTable(m, w)}
${similaritySection(m, w, o)}
<h2>${esc(w.sections.students)}</h2>
${studentTable(m, w, o)}
<p class="muted">${esc(w.generated((o.now ?? new Date()).toISOString().slice(0, 16).replace("T", " ") + " UTC"))}</p>
<script>${SORT_SCRIPT}</script>
</body>
</html>
`;
}
