/**
 * Stack traces from the child, mapped in the parent to the spliced sources
 * (`dnnlab-submission:initialization.ts:42:7`) with the bundle's source map.
 *
 * The child runs without --enable-source-maps: node parsed the whole map at start-up
 * (V8 formats a stack while the runner loads), about 0.035 CPU-s of every child, most of
 * which never throws. Here the map is parsed only when a stack arrives, once per bundle.
 *
 * The text is hostile (a student can set `error.stack` to anything): it is already capped
 * (sandbox.ts), only `<bundle entry>:line:column` is rewritten, and a position the map does
 * not know is left as it was.
 */
import { SourceMap } from "node:module";
import { pathToFileURL } from "node:url";

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One bundle file and its map. */
class FileMap {
  private map: SourceMap | null | undefined;
  readonly frame: RegExp;
  readonly base: string;

  constructor(
    file: string,
    private readonly sourceMap: string | undefined,
  ) {
    this.base = pathToFileURL(file).href;
    this.frame = new RegExp(`(?:${escape(this.base)}|${escape(file)}):(\\d{1,9}):(\\d{1,9})`, "g");
  }

  mapText(text: string): string {
    this.frame.lastIndex = 0;
    if (!this.frame.test(text)) return text;
    const map = this.load();
    if (!map) return text;
    return text.replace(this.frame, (whole, line: string, column: string) => {
      const e = map.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
      if (typeof e.originalSource !== "string" || typeof e.originalLine !== "number" || typeof e.originalColumn !== "number") return whole;
      // As node printed them: a source with a scheme (the submission's files) as it is,
      // the runner's and lib/'s paths resolved against the bundle's URL.
      const source = /^[a-z][a-z0-9+.-]*:/i.test(e.originalSource) ? e.originalSource : new URL(e.originalSource, this.base).href;
      return `${source}:${e.originalLine + 1}:${e.originalColumn + 1}`;
    });
  }

  private load(): SourceMap | null {
    if (this.map === undefined) {
      try {
        this.map = this.sourceMap === undefined ? null : new SourceMap(JSON.parse(this.sourceMap));
      } catch {
        this.map = null;
      }
    }
    return this.map;
  }
}

export class StackMapper {
  private readonly files: FileMap[];

  /**
   * `entry`: the bundle file the child runs; `sourceMap`: its source map (JSON text);
   * `others`: more files the child loads (the constant part, base-bundle.ts) and their maps.
   */
  constructor(entry: string, sourceMap: string | undefined, others: { file: string; sourceMap: string }[] = []) {
    this.files = [new FileMap(entry, sourceMap), ...others.map((o) => new FileMap(o.file, o.sourceMap))];
  }

  /** The text with every position in a bundle file replaced by its source position, where the map knows it. */
  mapText(text: string): string {
    // Each file's positions are rewritten to source paths, which no later file's pattern matches.
    let out = text;
    for (const f of this.files) out = f.mapText(out);
    return out;
  }
}
