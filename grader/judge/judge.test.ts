/** The judge of one fixture case: own-code credit (creditParts) and the number-vs-Matrix rule. */
import { describe, expect, it } from "vitest";
import { np } from "../../lib/np/index.ts";
import { type Value, encode } from "../../lib/value.ts";
import type { FixtureCase } from "../cases/schema.ts";
import { judgeFixture } from "./judge.ts";

const fixture = (expected: Value, creditParts?: string[]): FixtureCase => ({
  id: "c",
  fn: "f",
  description: "a case",
  args: [],
  expected: encode(expected),
  rtol: 1e-7,
  atol: 1e-9,
  hidden: false,
  reproduces: "test",
  ...(creditParts ? { creditParts } : {}),
});
const ok = (v: Value) => ({ ok: true as const, value: encode(v) });
const ctx = { question: "Q", points: 6 };
const dict = { dW1: np.array([[1, 2]]), db1: np.array([[3]]), dZ1: np.array([[4]]) };

describe("judgeFixture", () => {
  it("grades only the credit parts: shipped parts right earn nothing", () => {
    const c = fixture(dict, ['result["dW1"]', 'result["db1"]']);
    // dZ1 (shipped code) right, both credited parts wrong: 0
    expect(judgeFixture(c, ok({ dW1: np.array([[0, 0]]), db1: np.array([[0]]), dZ1: dict.dZ1 }), ctx).earned).toBe(0);
    // one of the two credited parts right: half
    const half = judgeFixture(c, ok({ dW1: dict.dW1, db1: np.array([[0]]), dZ1: np.array([[9]]) }), ctx);
    expect(half.earned).toBe(3);
    expect(half.issue).toMatchObject({ code: "mismatch", partsOk: 1, partsTotal: 2, mismatch: { path: 'result["db1"]' } });
  });

  it("is all or nothing when no part is left to credit", () => {
    const c = fixture(dict, []);
    expect(judgeFixture(c, ok(dict), ctx).earned).toBe(6);
    expect(judgeFixture(c, ok({ ...dict, dZ1: np.array([[0]]) }), ctx).earned).toBe(0);
  });

  it("without creditParts grades every part (older fixture files)", () => {
    expect(judgeFixture(fixture(dict), ok({ ...dict, dZ1: np.array([[0]]) }), ctx).earned).toBe(4);
  });

  it("calls a 1×1 Matrix where the course returns a number a type mismatch", () => {
    const r = judgeFixture(fixture(1.5), ok(np.array([[1.5]])), ctx);
    expect(r.earned).toBe(0);
    expect(r.issue).toMatchObject({ code: "mismatch", mismatch: { code: "type_mismatch", expected: "number", got: "Matrix (1,1)" } });
  });

  it("accepts a number where a 1×1 Matrix is expected", () => {
    expect(judgeFixture(fixture(np.array([[1.5]])), ok(1.5), ctx).earned).toBe(6);
  });
});

describe("errors of hidden cases (issue 13)", () => {
  const secret = "X = [[0.125, -3.5]], seed 20261214";
  const threw = (name: string, message: string, stack?: string) => ({
    ok: false as const,
    error: { kind: "threw" as const, name, message, ...(stack !== undefined ? { stack } : {}) },
  });
  const stack = `RangeError: ${secret}\n    at initializeParametersHe (dnnlab-submission:initialization.ts:42:11)\n    at run (node:internal)`;

  it("drop the message and stack of a hidden case's throw, keeping the error name and file:line", () => {
    const r = judgeFixture({ ...fixture(1), hidden: true }, threw("RangeError", secret, stack), ctx);
    expect(r.earned).toBe(0);
    expect(r.issue).toEqual({ code: "threw", fn: "f", name: "RangeError", message: "", redacted: true, at: { file: "initialization.ts", line: 42 } });
    expect(JSON.stringify(r)).not.toContain("0.125");
  });

  it("replace a student's own error name, which could carry the inputs too", () => {
    const r = judgeFixture({ ...fixture(1), hidden: true }, threw(`E_${secret}`, secret, stack), ctx);
    expect(r.issue).toMatchObject({ code: "threw", name: "Error", message: "" });
    expect(JSON.stringify(r)).not.toContain("0.125");
  });

  it("take no file:line from a forged frame", () => {
    const forged = `Error\n    at f (dnnlab-submission:${secret}.ts:1:1)`;
    const r = judgeFixture({ ...fixture(1), hidden: true }, threw("Error", secret, forged), ctx);
    expect(r.issue).toEqual({ code: "threw", fn: "f", name: "Error", message: "", redacted: true });
  });

  it("drop a hidden case's bad_return text", () => {
    const r = judgeFixture({ ...fixture(1), hidden: true }, { ok: false, error: { kind: "bad_return", name: "EncodeError", message: secret } }, ctx);
    expect(r.issue).toEqual({ code: "bad_return", fn: "f", message: "", redacted: true });
  });

  it("keep the whole message of a visible case", () => {
    const r = judgeFixture(fixture(1), threw("RangeError", secret, stack), ctx);
    expect(r.issue).toEqual({ code: "threw", fn: "f", name: "RangeError", message: secret, at: { file: "initialization.ts", line: 42 } });
  });
});
