/**
 * The parent maps the child's stacks (the child runs without --enable-source-maps): positions
 * in the bundle become positions in the spliced sources; anything else is left as it was.
 */
import { describe, expect, it } from "vitest";
import { bundleSubmission } from "./bundle.ts";
import { StackMapper } from "./stack-map.ts";

const SOURCE = ["export function boom(): number {", "  const x = 1;", '  throw new Error("boom " + x);', "}", ""].join("\n");

describe("StackMapper", () => {
  it("maps a frame of the bundle to the submission file and line, file URL or plain path", async () => {
    const bundle = await bundleSubmission({ "boom.ts": SOURCE });
    try {
      const { readFile } = await import("node:fs/promises");
      const js = (await readFile(bundle.entry, "utf8")).split("\n");
      const line = js.findIndex((l) => l.includes('throw new Error("boom "'));
      expect(line).toBeGreaterThanOrEqual(0);
      const column = js[line]!.indexOf("throw") + 1;
      const mapper = new StackMapper(bundle.entry, bundle.sourceMap);
      const url = new URL(`file://${bundle.entry}`).href;
      expect(mapper.mapText(`Error: boom 1\n    at boom (${url}:${line + 1}:${column})`)).toBe("Error: boom 1\n    at boom (dnnlab-submission:boom.ts:3:3)");
      expect(mapper.mapText(`at ${bundle.entry}:${line + 1}:${column}`)).toBe("at dnnlab-submission:boom.ts:3:3");
      // Other files and text that only looks like a frame stay as they are.
      expect(mapper.mapText("at y (file:///elsewhere/sandbox.mjs:3:3) dnnlab-submission:boom.ts:1:1")).toBe("at y (file:///elsewhere/sandbox.mjs:3:3) dnnlab-submission:boom.ts:1:1");
    } finally {
      await bundle.dispose();
    }
  });

  it("maps a frame of the constant part (base.js: the runner and lib/) to lib/'s file and line", async () => {
    const bundle = await bundleSubmission({ "boom.ts": SOURCE });
    try {
      const base = bundle.base!;
      const js = base.bundle.js.split("\n");
      const line = js.findIndex((l) => l.includes("function broadcastShapes("));
      expect(line).toBeGreaterThanOrEqual(0);
      const column = js[line]!.indexOf("function") + 1;
      const mapper = new StackMapper(bundle.entry, bundle.sourceMap, [base]);
      const mapped = mapper.mapText(`at x (${base.file}:${line + 1}:${column})`);
      expect(mapped).toMatch(/^at x \(file:\/\/\/.*\/lib\/np\/elementwise\.ts:\d+:\d+\)$/);
      const { readFile } = await import("node:fs/promises");
      const src = (await readFile(new URL(mapped.slice(6, mapped.indexOf(".ts:") + 3)), "utf8")).split("\n");
      expect(src[Number(/\.ts:(\d+):/.exec(mapped)![1]) - 1]).toContain("function broadcastShapes(");
    } finally {
      await bundle.dispose();
    }
  });

  it("leaves the text alone without a map, or with one that does not parse", () => {
    const text = "at f (/tmp/x/sandbox.mjs:10:5)";
    expect(new StackMapper("/tmp/x/sandbox.mjs", undefined).mapText(text)).toBe(text);
    expect(new StackMapper("/tmp/x/sandbox.mjs", "{not json").mapText(text)).toBe(text);
  });
});
