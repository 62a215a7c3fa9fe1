/**
 * Similarity on the sample class's own code: s2026061 copied s2026060's momentum and Adam
 * with other names, other comments and other spacing; s2026062 wrote Adam independently;
 * s2026001 and s2026009 (and most of the class) wrote the reference. Both engines must flag
 * the copied pair and nothing else.
 */
import { describe, expect, it } from "vitest";
import { submissionFiles } from "../../fixtures/submissions/materialize.ts";
import { SAMPLE_CLASS } from "../../fixtures/submissions/sample-class.ts";
import { parseRegions } from "../splice/markers.ts";
import { loadLab } from "../labs/index.ts";
import { knownPieces, ownCode, pieceKey } from "./class.ts";
import { compareWithDolos, loadDolos } from "./dolos.ts";
import { DEFAULT_DOLOS, type StudentCode, compareClass } from "./similarity.ts";
import { tokenize } from "./tokens.ts";

const FILE = "optimization.ts";
const codeOf = (id: string): StudentCode => {
  const s = SAMPLE_CLASS.find((x) => x.id === id)!;
  const text = submissionFiles(s)[FILE];
  return { student: id, pieces: parseRegions(text, FILE).regions.map((r) => ({ key: pieceKey(FILE, r.fn, r.index), code: r.body })) };
};
const lab = loadLab("hw2-1");
const known = knownPieces(lab).filter((p) => p.key.startsWith(FILE));
const CLASS = ["s2026001", "s2026007", "s2026009", "s2026060", "s2026061", "s2026062"].map(codeOf);
const own = ownCode(CLASS, known);

describe("tokenize", () => {
  it("gives the same tokens whatever the names, comments and spacing", () => {
    const a = tokenize('const key = "d" + p + l; // first\nv[key] = v[key].mul(beta1);');
    const b = tokenize("/* moved */ const name='d'+which+l;\n\n   v[ name ]=v[name] .mul( beta1 ) ;");
    expect(b.map((t) => t.text)).toEqual(a.map((t) => t.text));
  });
});

describe("own code", () => {
  it("leaves out regions that are the reference token for token", () => {
    const pieces = Object.fromEntries(own.map((s) => [s.student, s.pieces.map((p) => p.key)]));
    expect(pieces.s2026001).toEqual([]);
    expect(pieces.s2026060).toEqual([pieceKey(FILE, "updateParametersWithMomentum", 0), pieceKey(FILE, "updateParametersWithAdam", 0)]);
  });
});

describe("compareClass (winnowing)", () => {
  it("flags the re-named, re-commented, re-spaced copy and no one else", () => {
    const report = compareClass(own, known);
    expect(report.pairs.map((p) => [p.a, p.b])).toEqual([["s2026060", "s2026061"]]);
    expect(report.pairs[0].similarity).toBeGreaterThan(0.9);
    expect(report.pairs[0].fragments[0].a.key).toBe(report.pairs[0].fragments[0].b.key);
  });

  it("does not flag two students who both wrote the reference", () => {
    const reference = [codeOf("s2026001"), { ...codeOf("s2026001"), student: "twin" }];
    expect(compareClass(ownCode(reference, known), known).pairs).toEqual([]);
    // …even though their code is identical: without the exclusion they would be a pair.
    expect(compareClass(reference, []).pairs.map((p) => p.similarity)).toEqual([1]);
  });
});

const dolos = await loadDolos();
describe.skipIf(!dolos)("compareWithDolos", () => {
  it("flags the copy and not the independent Adam", async () => {
    const report = await compareWithDolos(dolos!, own, known, DEFAULT_DOLOS, CLASS.length);
    expect(report.pairs.map((p) => [p.a, p.b])).toEqual([["s2026060", "s2026061"]]);
    const f = report.pairs[0].fragments[0];
    expect(f.a.code).toContain("const key");
    expect(f.b.code).toContain("const name");
  });
});
