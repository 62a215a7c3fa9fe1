import { describe, expect, it } from "vitest";
import { compileSubmission } from "./compile.ts";
import { generateStub } from "../splice/markers.ts";
import { splice } from "../splice/splice.ts";
import { bundleSubmission, withSandbox } from "../sandbox/sandbox.ts";

// Issue 13.9: a decorator in a region made esbuild inject its runtime helpers, which the
// bundle check took for a forbidden import and blamed the whole file. Valid TypeScript
// must compile, bundle and run.
const FILE = "initialization.ts";
const SOLUTION = [
  "export function twice(x: number): number {",
  "  // ### START CODE HERE ###",
  "  return 2 * x;",
  "  // ### END CODE HERE ###",
  "}",
  "",
].join("\n");
const DECORATED = SOLUTION.replace(
  "  return 2 * x;",
  [
    "  function logged<T>(value: T, _ctx: ClassMethodDecoratorContext): T {",
    "    return value;",
    "  }",
    "  class Doubler {",
    "    @logged twice(y: number): number {",
    "      return 2 * y;",
    "    }",
    "  }",
    "  return new Doubler().twice(x);",
  ].join("\n"),
);

describe("a standard decorator inside a region (issue 13.9)", () => {
  it("type-checks, bundles with esbuild's helpers and runs", async () => {
    const spliced = splice(generateStub(SOLUTION, FILE), DECORATED, FILE);
    const { sources, errors } = compileSubmission([spliced]);
    expect(errors).toEqual([]);
    const bundle = await bundleSubmission(sources);
    try {
      expect(bundle.compileErrors).toEqual([]);
    } finally {
      await bundle.dispose();
    }
    const out = await withSandbox(sources, {}, (sb) => sb.call(FILE, "twice", [21]));
    expect(out).toMatchObject({ ok: true, value: 42 });
  });

  it("still refuses a submission that names esbuild's runtime module itself", async () => {
    const bundle = await bundleSubmission({ [FILE]: `import "<runtime>";\n${SOLUTION}` });
    try {
      expect(bundle.compileErrors.map((e) => e.file)).toEqual([FILE]);
    } finally {
      await bundle.dispose();
    }
  });
});
