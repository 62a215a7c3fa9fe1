/**
 * The student's Markdown (conclusions, answers) and our own short texts with `code` in them,
 * as safe HTML, with markdown-it (CommonMark) and HTML off: any HTML the student writes is
 * escaped, never interpreted, so a report cannot carry a script. Links only to http, https and
 * mailto; headings shown below the report's own; formulas $…$ inline and $$…$$ displayed
 * (KaTeX), added as two small markdown-it rules (a `$` followed by a digit is a price).
 */
import MarkdownIt from "markdown-it";
import { renderTex } from "./katex.ts";

type Md = InstanceType<typeof MarkdownIt>;
type StateInline = Parameters<Parameters<Md["inline"]["ruler"]["after"]>[2]>[0];
type StateBlock = Parameters<Parameters<Md["block"]["ruler"]["before"]>[2]>[0];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** `$tex$` inside a line: not `$ ` nor ` $`, and not closing right before a digit ($5 and $6 stay text). */
function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src[start] !== "$" || src[start + 1] === "$" || src[start + 1] === undefined || /\s/.test(src[start + 1])) return false;
  if (start > 0 && src[start - 1] === "\\") return false;
  let end = start + 1;
  for (; end < state.posMax; end++) {
    if (src[end] === "\n") return false;
    if (src[end] === "$" && src[end - 1] !== "\\") break;
  }
  if (end >= state.posMax || /\s/.test(src[end - 1]) || /\d/.test(src[end + 1] ?? "")) return false;
  if (!silent) {
    const token = state.push("math_inline", "", 0);
    token.content = src.slice(start + 1, end);
  }
  state.pos = end + 1;
  return true;
}

/** A `$$` block: `$$ tex $$` on one line, or from a line starting with `$$` to the line holding the next `$$`. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (n: number): string => state.src.slice(state.bMarks[n] + state.tShift[n], state.eMarks[n]);
  const first = lineText(startLine);
  if (!first.startsWith("$$")) return false;
  if (silent) return true;
  const rest = first.slice(2);
  const tex: string[] = [];
  let line = startLine;
  const close = rest.indexOf("$$");
  if (close >= 0) tex.push(rest.slice(0, close));
  else {
    if (rest.trim()) tex.push(rest);
    for (line++; line < endLine; line++) {
      const text = lineText(line);
      const end = text.indexOf("$$");
      if (end >= 0) {
        tex.push(text.slice(0, end));
        break;
      }
      tex.push(text);
    }
  }
  state.line = Math.min(line, endLine) + 1;
  const token = state.push("math_block", "", 0);
  token.content = tex.join("\n").trim();
  token.map = [startLine, state.line];
  return true;
}

function markdownIt(headingBase: number): Md {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.validateLink = (url: string): boolean => /^(https?:\/\/|mailto:)/i.test(url.trim());
  md.inline.ruler.after("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, { alt: ["paragraph", "reference", "blockquote", "list"] });
  md.renderer.rules.math_inline = (tokens, i) => renderTex(tokens[i].content, false);
  md.renderer.rules.math_block = (tokens, i) => `<div class="formula">${renderTex(tokens[i].content, true)}</div>\n`;
  const shift = (tag: string): string => `h${Math.min(6, headingBase + Number(tag.slice(1)) - 1)}`;
  md.renderer.rules.heading_open = (tokens, i) => `<${shift(tokens[i].tag)}>`;
  md.renderer.rules.heading_close = (tokens, i) => `</${shift(tokens[i].tag)}>\n`;
  return md;
}

const renderers = new Map<number, Md>();
const mdFor = (headingBase: number): Md => {
  let md = renderers.get(headingBase);
  if (!md) renderers.set(headingBase, (md = markdownIt(headingBase)));
  return md;
};

/** Inline Markdown → HTML (one paragraph's worth: code spans, formulas, emphasis, links, line breaks). */
export function inlineHtml(text: string): string {
  return mdFor(4).renderInline(text);
}

/**
 * Student Markdown → HTML. `headingBase` is the level a `#` heading becomes (the report's
 * own sections are h2/h3, so student headings start at h4 and never go past h6).
 */
export function markdownToHtml(markdown: string, headingBase = 4): string {
  return mdFor(headingBase).render(markdown).trimEnd();
}

/** A code fence longer than any run of backticks in `code`, so the code cannot close it. */
export function fenceFor(code: string): string {
  const longest = Math.max(0, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

/** Markdown whose `#` headings are pushed down to `base` (so student text cannot open a report section). */
export function demoteHeadings(markdown: string, base = 4): string {
  let fence: string | null = null;
  return markdown
    .split("\n")
    .map((line) => {
      const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
      if (f) {
        if (fence === null) fence = f[1];
        else if (f[1][0] === fence[0] && f[1].length >= fence.length) fence = null;
        return line;
      }
      if (fence !== null) return line;
      return line.replace(/^(\s{0,3})(#{1,6})(\s)/, (_, sp: string, h: string, s: string) => sp + "#".repeat(Math.min(6, base + h.length - 1)) + s);
    })
    .join("\n");
}

/** Our own one-line texts (feedback, notes): HTML-escaped, with `code` spans as <code>; nothing else is Markdown. */
export function codeSpansHtml(text: string): string {
  return text
    .split(/(`+[^`]*?`+)/g)
    .map((part) => (/^`+[\s\S]*`+$/.test(part) && part.length > 1 ? `<code>${escapeHtml(part.replace(/^`+|`+$/g, ""))}</code>` : escapeHtml(part)))
    .join("");
}

/** Remove the indentation every non-blank line shares (a region's code sits inside a function body). */
export function dedent(code: string): string {
  const lines = code.replace(/\r\n?/g, "\n").replace(/^\n+|\s+$/g, "").split("\n");
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join("\n");
}
