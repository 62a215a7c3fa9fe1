/**
 * TypeScript's messages as data (issue 16.1): TypeScript formats a message as soon as it
 * creates a diagnostic, in the locale set by `setLocalizedDiagnosticMessages`. We set a
 * "locale" whose every template is the message's key followed by its argument slots,
 * between private-use delimiters, so each diagnostic's text carries its key and arguments;
 * `decode` reads them back and `english` renders the line exactly as TypeScript would in
 * English. i18n/compile.ts renders the same data from TypeScript's zh-cn catalog.
 *
 * Arguments are type and identifier text, which a student controls: compile.ts replaces
 * the delimiters in student text before the compiler sees it, and, as a second guard, a
 * decoded line is used only if its keys are TypeScript's, nesting is bounded and encoding
 * it again gives back the exact text TypeScript produced; otherwise the line is kept as
 * plain text.
 */
import type TS from "typescript";
import type { DiagnosticLine, DiagnosticMessage, DiagnosticPart } from "./errors.ts";

const OPEN = "\uE000";
const ARGS = "\uE001";
const NEXT = "\uE002";
const CLOSE = "\uE003";
const MAX_NESTING = 8;

type Catalog = Map<string, string>;

function arity(template: string): number {
  let n = 0;
  for (const m of template.matchAll(/\{(\d+)\}/g)) n = Math.max(n, Number(m[1]) + 1);
  return n;
}

function encodedTemplate(key: string, n: number): string {
  if (n === 0) return `${OPEN}${key}${CLOSE}`;
  return `${OPEN}${key}${ARGS}${Array.from({ length: n }, (_, i) => `{${i}}`).join(NEXT)}${CLOSE}`;
}

/** Install the encoding "locale" into this TypeScript instance; returns the English catalog. */
export function installEncoding(ts: typeof TS): Catalog {
  const diagnostics = (ts as unknown as { Diagnostics: Record<string, TS.DiagnosticMessage> }).Diagnostics;
  const english: Catalog = new Map();
  const encoded: Record<string, string> = {};
  for (const m of Object.values(diagnostics)) {
    english.set(m.key, m.message);
    encoded[m.key] = encodedTemplate(m.key, arity(m.message));
  }
  (ts as unknown as { setLocalizedDiagnosticMessages(m: Record<string, string>): void }).setLocalizedDiagnosticMessages(encoded);
  return english;
}

/** Fill `{n}` slots as TypeScript does; a part renders through `message`. */
export function fill(template: string, args: readonly DiagnosticPart[][], message: (m: DiagnosticMessage) => string): string {
  const text = (parts: readonly DiagnosticPart[]) => parts.map((p) => (typeof p === "string" ? p : message(p))).join("");
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => (Number(i) < args.length ? text(args[Number(i)]!) : whole));
}

function reencode(parts: readonly DiagnosticPart[]): string {
  return parts
    .map((p) =>
      typeof p === "string" ? p : p.args.length === 0 ? `${OPEN}${p.key}${CLOSE}` : `${OPEN}${p.key}${ARGS}${p.args.map(reencode).join(NEXT)}${CLOSE}`,
    )
    .join("");
}

/** Parse encoded text into parts; undefined when it is not well formed or names an unknown key. */
function parse(text: string, known: (key: string) => boolean): DiagnosticPart[] | undefined {
  let i = 0;
  const parts = (depth: number, stops: string): DiagnosticPart[] | undefined => {
    const out: DiagnosticPart[] = [];
    let plain = "";
    while (i < text.length && !stops.includes(text[i]!)) {
      const ch = text[i]!;
      if (ch === OPEN) {
        if (depth >= MAX_NESTING) return undefined;
        if (plain) out.push(plain);
        plain = "";
        i++;
        const keyEnd = i;
        while (i < text.length && text[i] !== ARGS && text[i] !== CLOSE) i++;
        const key = text.slice(keyEnd, i);
        const args: DiagnosticPart[][] = [];
        if (text[i] === ARGS) {
          do {
            i++;
            const arg = parts(depth + 1, NEXT + CLOSE);
            if (!arg) return undefined;
            args.push(arg);
          } while (text[i] === NEXT);
        }
        if (text[i] !== CLOSE || !known(key)) return undefined;
        i++;
        out.push({ key, args });
      } else if (ch === ARGS || ch === NEXT || ch === CLOSE) {
        return undefined;
      } else {
        plain += ch;
        i++;
      }
    }
    if (plain) out.push(plain);
    return out;
  };
  const out = parts(0, "");
  return out !== undefined && i === text.length && reencode(out) === text ? out : undefined;
}

/** The English text of parts (what TypeScript prints without a locale). */
export function englishOf(parts: readonly DiagnosticPart[], english: Catalog): string {
  const message = (m: DiagnosticMessage): string => fill(english.get(m.key) ?? m.key, m.args, message);
  return parts.map((p) => (typeof p === "string" ? p : message(p))).join("");
}

/** A line whose text could not be read as data: kept as it is (delimiters dropped). */
function plainLine(depth: number, text: string): DiagnosticLine {
  const en = text.replace(/[\uE000-\uE003]/g, "");
  return { depth, parts: [en], en };
}

/** The lines of a diagnostic chain, as TypeScript's flattenDiagnosticMessageText walks it. */
export function decodeChain(chain: string | TS.DiagnosticMessageChain, english: Catalog): DiagnosticLine[] {
  const lines: DiagnosticLine[] = [];
  const walk = (c: string | TS.DiagnosticMessageChain, depth: number) => {
    const text = typeof c === "string" ? c : c.messageText;
    const parts = parse(text, (key) => english.has(key));
    lines.push(parts ? { depth, parts, en: englishOf(parts, english) } : plainLine(depth, text));
    if (typeof c !== "string") for (const next of c.next ?? []) walk(next, depth + 1);
  };
  walk(chain, 0);
  return lines;
}

/** The English text of lines, joined as TypeScript's flattenDiagnosticMessageText with "\n" does. */
export function flattenLines(lines: readonly DiagnosticLine[]): string {
  return lines.map((l, k) => (k === 0 ? "" : l.sameLine ? " " : `\n${"  ".repeat(l.depth)}`) + l.en).join("");
}
