import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundarySpec, classOneRects, costSpec, compactSvg, renderExperimentPlots, renderSvg } from "./plots.ts";
import { sampleExperiment } from "../fixtures/sample-report.ts";
import { plotWords } from "./view-model.ts";

const EN = plotWords("en", "initialization");

describe("classOneRects", () => {
  it("covers exactly the class-1 cells, without overlaps (property)", () => {
    const grid = fc.integer({ min: 1, max: 12 }).chain((w) =>
      fc.record({ w: fc.constant(w), z: fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: w, maxLength: w }), { minLength: 1, maxLength: 12 }) }),
    );
    fc.assert(
      fc.property(grid, ({ w, z }) => {
        const x1 = Array.from({ length: w }, (_, j) => j * 0.5);
        const x2 = z.map((_, i) => -1 + i * 0.25);
        const rects = classOneRects({ x1, x2, z });
        z.forEach((row, i) =>
          row.forEach((cell, j) => {
            const inside = rects.filter((r) => r.x < x1[j] && x1[j] < r.x2 && r.y < x2[i] && x2[i] < r.y2).length;
            expect(inside, `cell (${i}, ${j})`).toBe(cell);
          }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("merges identical runs of neighbouring rows into one rectangle", () => {
    const z = [
      [0, 1, 1, 0],
      [0, 1, 1, 0],
      [0, 1, 1, 1],
    ];
    expect(classOneRects({ x1: [0, 1, 2, 3], x2: [0, 1, 2], z })).toEqual([
      { x: 0.5, x2: 2.5, y: -0.5, y2: 1.5 },
      { x: 0.5, x2: 3.5, y: 1.5, y2: 2.5 },
    ]);
  });
});

describe("compactSvg", () => {
  it("rounds geometry to 0.1 px and writes circle symbols as <circle>", () => {
    const svg =
      '<path transform="translate(12.3456,7.891)" d="M1.5,0A1.5,1.5,0,1,1,-1.5,0A1.5,1.5,0,1,1,1.5,0" fill="#c0392b" stroke-width="2" opacity="1"/>' +
      '<text transform="translate(1.2345,2)">0.693147</text>';
    expect(compactSvg(svg)).toBe('<circle cx="12.3" cy="7.9" r="1.5" fill="#c0392b"/><text transform="translate(1.2,2)">0.693147</text>');
  });
});

describe("renderExperimentPlots", () => {
  it("draws one cost plot per experiment and one boundary plot per run, as small SVGs", async () => {
    const plots = await renderExperimentPlots(sampleExperiment(), plotWords("en", "initialization"));
    expect(plots.cost).toMatch(/^<svg [^>]*viewBox/);
    expect(plots.boundaries.map((b) => b.run)).toEqual(["zeros", "random", "he"]);
    for (const b of plots.boundaries) {
      expect(b.svg).toMatch(/^<svg /);
      expect(b.svg.match(/<circle /g)).toHaveLength(80);
      expect(b.svg.length).toBeLessThan(20_000);
    }
    // The random run's first cost is null (log 0): a gap, not a NaN in the path.
    expect(plots.cost).not.toContain("NaN");
  });

  it("writes a cost plot's axes and legend in the report's language; a boundary plot is the same drawing in both", async () => {
    const [zh, en] = [await renderExperimentPlots(sampleExperiment(), plotWords("zh", "initialization")), await renderExperimentPlots(sampleExperiment(), EN)];
    const words = (svg: string | null) => [...(svg ?? "").matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).filter((w) => !/^[\d.,\s−-]+$/.test(w));
    expect(words(zh.cost)).toEqual(expect.arrayContaining(["迭代次数", "代价", "全零", "随机 × 10", "He"]));
    expect(words(zh.cost).filter((w) => /[a-z]{2,}/.test(w))).toEqual([]);
    expect(words(en.cost)).toEqual(expect.arrayContaining(["iteration", "cost", "zeros", "He"]));
    expect(zh.boundaries.map((b) => b.svg)).toEqual(en.boundaries.map((b) => b.svg));
  });
});

describe("renderSvg's cache of drawn plots", () => {
  it("draws a spec that differs from a drawn one only in its data, or in a -0, afresh", async () => {
    const b = sampleExperiment().boundaries[2];
    const first = await renderSvg(boundarySpec(b));
    expect(await renderSvg(boundarySpec(b))).toBe(first);
    // one training point moved: its circle moves with it
    const moved = { ...b, points: { ...b.points, x1: [1.4, ...b.points.x1.slice(1)] } };
    const svg = await renderSvg(boundarySpec(moved));
    expect(svg).not.toBe(first);
    expect(svg.match(/<circle /g)).toHaveLength(80);
    // A cost plot is clipped, and vega numbers its clip paths per drawing: a spec drawn
    // again gets new numbers, one taken from the cache the same.
    const curves = sampleExperiment().curves;
    const zero = [{ ...curves[2], costs: [0, ...curves[2].costs.slice(1)] }];
    const negZero = [{ ...curves[2], costs: [-0, ...curves[2].costs.slice(1)] }];
    const a = await renderSvg(costSpec("initialization", zero, EN));
    expect(await renderSvg(costSpec("initialization", zero, EN))).toBe(a);
    const c = await renderSvg(costSpec("initialization", negZero, EN));
    expect(a).toMatch(/clip-path="url\(#clip\d+\)"/);
    expect(c).not.toBe(a);
    expect(c.replace(/clip\d+/g, "clip")).toBe(a.replace(/clip\d+/g, "clip"));
  });
});
