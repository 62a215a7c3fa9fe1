/**
 * The student's Markdown (conclusions, answers) and our own short texts with `code` in them,
 * as safe HTML. A deliberately small subset, enough for a lab report: paragraphs, line
 * breaks, headings (shown one level below the report's), lists, block quotes, fenced code,
 * `code`, **bold**, *italic*, links (http, https and mailto only), and formulas: $…$ inline,
 * $$…$$ displayed (KaTeX). Everything else is text: any HTML the student writes is escaped,
 * never interpreted, so a report cannot carry a script.
 */
import { renderTex } from "./katex.ts";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Inline Markdown → HTML: code spans and formulas first (their content is literal), then emphasis and links. */
export function inlineHtml(text: string): string {
  const held: string[] = [];
  const hold = (html: string): string => `\u0000${held.push(html) - 1}\u0000`;
  let s = text
    .replace(/\u0000/g, "")
    .replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, _ticks: string, code: string) => hold(`<code>${escapeHtml(code.trim())}</code>`))
    .replace(/\$\$([^$]+?)\$\$/g, (_, tex: string) => hold(renderTex(tex.trim(), true)))
    .replace(/(^|[^\\$])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\d)/g, (_, before: string, tex: string) => before + hold(renderTex(tex, false)));
  s = escapeHtml(s)
    .replace(/\\\$/g, "$")
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, "<strong>$1</strong>")
    .replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, "$1<em>$2</em>")
    .replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, "$1<em>$2</em>")
    .replace(/\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:)[^\s()"]+)\)/g, '<a href="$2">$1</a>')
    .replace(/ {2,}\n|\\\n/g, "<br>\n");
  return s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => held[Number(i)]);
}

type Block =
  | { kind: "p"; text: string }
  | { kind: "h"; level: number; text: string }
  | { kind: "code"; lang: string; text: string }
  | { kind: "math"; tex: string }
  | { kind: "list"; ordered: boolean; items: string[] }
  | { kind: "quote"; text: string };

const LIST_ITEM = /^\s{0,3}([-*+]|\d{1,3}[.)])\s+(.*)$/;

function blocks(markdown: string): Block[] {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const out: Block[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (para.length) out.push({ kind: "p", text: para.join("\n") });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fence = /^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)/.exec(line);
    if (fence) {
      flush();
      const body: string[] = [];
      for (i++; i < lines.length; i++) {
        const close = /^\s{0,3}(`{3,}|~{3,})\s*$/.exec(lines[i]);
        if (close && close[1][0] === fence[1][0] && close[1].length >= fence[1].length) break;
        body.push(lines[i]);
      }
      out.push({ kind: "code", lang: fence[2], text: body.join("\n") });
      continue;
    }
    if (/^\s*\$\$/.test(line)) {
      flush();
      const rest = line.trim().slice(2);
      const tex: string[] = [];
      if (rest.endsWith("$$") && rest.length >= 2) tex.push(rest.slice(0, -2));
      else {
        if (rest) tex.push(rest);
        for (i++; i < lines.length; i++) {
          const end = lines[i].indexOf("$$");
          if (end >= 0) {
            tex.push(lines[i].slice(0, end));
            break;
          }
          tex.push(lines[i]);
        }
      }
      out.push({ kind: "math", tex: tex.join("\n").trim() });
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      out.push({ kind: "h", level: heading[1].length, text: heading[2] });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      const ordered = /\d/.test(item[1]);
      const items = [item[2]];
      for (i++; i < lines.length; i++) {
        const next = LIST_ITEM.exec(lines[i]);
        if (next && /\d/.test(next[1]) === ordered) items.push(next[2]);
        else if (lines[i].trim() && /^\s+/.test(lines[i])) items[items.length - 1] += `\n${lines[i].trim()}`;
        else {
          i--;
          break;
        }
      }
      out.push({ kind: "list", ordered, items });
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      flush();
      const quoted = [line.replace(/^\s{0,3}>\s?/, "")];
      while (i + 1 < lines.length && /^\s{0,3}>/.test(lines[i + 1])) quoted.push(lines[++i].replace(/^\s{0,3}>\s?/, ""));
      out.push({ kind: "quote", text: quoted.join("\n") });
      continue;
    }
    if (!line.trim()) flush();
    else para.push(line);
  }
  flush();
  return out;
}

/**
 * Student Markdown → HTML. `headingBase` is the level a `#` heading becomes (the report's
 * own sections are h2/h3, so student headings start at h4 and never go past h6).
 */
export function markdownToHtml(markdown: string, headingBase = 4): string {
  return blocks(markdown)
    .map((b) => {
      switch (b.kind) {
        case "p":
          return `<p>${inlineHtml(b.text)}</p>`;
        case "h": {
          const level = Math.min(6, headingBase + b.level - 1);
          return `<h${level}>${inlineHtml(b.text)}</h${level}>`;
        }
        case "code":
          return `<pre><code${b.lang ? ` class="language-${escapeHtml(b.lang)}"` : ""}>${escapeHtml(b.text)}</code></pre>`;
        case "math":
          return `<div class="formula">${renderTex(b.tex, true)}</div>`;
        case "list": {
          const tag = b.ordered ? "ol" : "ul";
          return `<${tag}>${b.items.map((it) => `<li>${inlineHtml(it)}</li>`).join("")}</${tag}>`;
        }
        case "quote":
          return `<blockquote>${markdownToHtml(b.text, headingBase)}</blockquote>`;
        default: {
          const unhandled: never = b;
          return unhandled;
        }
      }
    })
    .join("\n");
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
