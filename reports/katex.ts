/**
 * Formulas rendered with KaTeX at build time (no script in the report), and KaTeX's CSS
 * with the fonts a report needs inlined as data: URIs, so an HTML report is one file.
 *
 * Size: all twenty KaTeX woff2 fonts are 254 KiB (339 KiB as base64), more than the rest
 * of a report. `katexCss(html)` embeds only the faces the given HTML uses, found from the
 * class names KaTeX puts on each span and the font rules of KaTeX's own stylesheet. The
 * course's formulas use six faces (Main regular and bold, Math italic, Size1–3): 107 KiB
 * of base64, a fifth of an hw2-1 report. A face a report does not embed
 * falls back to the browser's default font (readable, not TeX-looking), which is why
 * browser.test.ts checks that every face used by a rendered formula is embedded.
 */
import katex from "katex";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const KATEX_DIST = join(dirname(require.resolve("katex/package.json")), "dist");

const cache = new Map<string, string>();

/**
 * HTML of one formula. Display formulas are centred blocks; inline ones sit in a line of
 * text. A TeX error does not throw: KaTeX shows the source in red (`.katex-error`), which
 * is what a student who typed `$\frac{a}{$` in their conclusions should see.
 */
export function renderTex(tex: string, display: boolean): string {
  const key = `${display ? "D" : "I"}${tex}`;
  let html = cache.get(key);
  if (html === undefined) {
    html = katex.renderToString(tex, {
      displayMode: display,
      // HTML only: the hidden MathML copy would double every formula in pdftotext and screen
      // scrapes; the report is a printed document.
      output: "html",
      throwOnError: false,
      strict: "ignore",
      trust: false,
    });
    cache.set(key, html);
  }
  return html;
}

// ------------------------------------------------------------------ fonts

/** A font face of KaTeX, as the file name says: "Main-Regular", "Math-Italic", "Size1-Regular". */
export type FaceFile = string;

interface FontRule {
  /** classes that must all be on one element (besides "katex") */
  classes: string[];
  face: FaceFile;
}

let parsed: { css: string; rules: FontRule[]; faces: Map<FaceFile, string> } | undefined;

const STYLE_SUFFIX: Record<string, string> = { "normal-400": "Regular", "normal-700": "Bold", "italic-400": "Italic", "italic-700": "BoldItalic" };

/** The face file of a family/style/weight, when KaTeX ships one ("Main", "italic", 700 → "Main-BoldItalic"). */
function faceOf(family: string, style: string, weight: string, known: ReadonlySet<FaceFile>): FaceFile | undefined {
  const suffix = STYLE_SUFFIX[`${style}-${weight}`];
  const exact = `${family}-${suffix}`;
  if (known.has(exact)) return exact;
  // Families with one face (Size1, AMS, Script…) use it whatever the style says.
  const only = [...known].filter((f) => f.startsWith(`${family}-`));
  return only.length === 1 ? only[0] : undefined;
}

/** KaTeX's CSS, its @font-face rules by face file, and which classes switch to which face. */
function katexStyles(): NonNullable<typeof parsed> {
  if (parsed) return parsed;
  const css = readFileSync(join(KATEX_DIST, "katex.min.css"), "utf8");
  const faces = new Map<FaceFile, string>();
  for (const m of css.matchAll(/@font-face\{[^}]*url\(fonts\/KaTeX_([A-Za-z0-9]+-[A-Za-z]+)\.woff2\)[^}]*\}/g)) faces.set(m[1], m[0]);
  const known = new Set(faces.keys());
  const rules: FontRule[] = [];
  const body = css.replace(/@font-face\{[^}]*\}/g, "");
  for (const m of body.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const decl = m[2];
    const family = /font-family:KaTeX_(\w+)/.exec(decl)?.[1];
    const style = /font-style:(\w+)/.exec(decl)?.[1];
    const weight = /font-weight:(\w+)/.exec(decl)?.[1];
    if (!family && !style && !weight) continue;
    const face = faceOf(family ?? "Main", style ?? "normal", weight === "bold" ? "700" : (weight ?? "400"), known);
    if (!face) continue;
    for (const selector of m[1].split(",")) {
      const classes = [...selector.matchAll(/\.([\w-]+)/g)].map((c) => c[1]).filter((c) => c !== "katex");
      if (classes.length && !/[:>~+\[]/.test(selector)) rules.push({ classes, face });
    }
  }
  parsed = { css, rules, faces };
  return parsed;
}

/** The KaTeX faces the HTML uses: Main-Regular (the default) and those its classes switch to. */
export function facesUsed(html: string): Set<FaceFile> {
  const { rules } = katexStyles();
  const used = new Set<FaceFile>();
  if (!html.includes('class="katex')) return used;
  used.add("Main-Regular");
  const classLists = new Set([...html.matchAll(/class="([^"]*)"/g)].map((m) => m[1]));
  for (const list of classLists) {
    const classes = new Set(list.split(/\s+/));
    for (const r of rules) if (r.classes.every((c) => classes.has(c))) used.add(r.face);
  }
  return used;
}

const fontCache = new Map<FaceFile, string>();

function inlineFace(face: FaceFile, rule: string): string {
  let out = fontCache.get(face);
  if (out === undefined) {
    const data = readFileSync(join(KATEX_DIST, "fonts", `KaTeX_${face}.woff2`)).toString("base64");
    out = rule.replace(/src:[^;}]*/, `src:url(data:font/woff2;base64,${data}) format("woff2")`).replace("font-display:block", "font-display:swap");
    fontCache.set(face, out);
  }
  return out;
}

/**
 * KaTeX's stylesheet for a page whose HTML is `html`: every @font-face it does not use is
 * dropped, and those it uses are inlined (woff2 only; Chromium and every current browser
 * read it). Pass "none" to drop all fonts (the browser's fonts are used; about 107 KiB less).
 */
export function katexCss(html: string | "none"): string {
  const { css, faces } = katexStyles();
  const used = html === "none" ? new Set<FaceFile>() : facesUsed(html);
  const fontFaces = [...used].filter((f) => faces.has(f)).map((f) => inlineFace(f, faces.get(f)!));
  return fontFaces.join("") + css.replace(/@font-face\{[^}]*\}/g, "");
}
