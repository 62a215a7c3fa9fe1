/**
 * The initialization properties at their (issue 14) smaller sizes still pass the reference
 * and fail each scale bug: the student's function runs in-process here, through the same
 * encode/decode the sandbox's wire uses.
 */
import { describe, expect, it } from "vitest";
import { np } from "../../../lib/np/index.ts";
import type { Matrix } from "../../../lib/np/index.ts";
import { type Value, decode, encode } from "../../../lib/value.ts";
import { initializeParametersHe, initializeParametersRandom } from "../../../solutions/initialization.ts";
import { findProperty } from "./index.ts";
import { type RawCall, runProperty } from "./run.ts";

type Init = (dims: number[]) => Record<string, Matrix>;

/** A rawCall that runs `impl` on the decoded arguments. */
const callWith = (impl: Init): RawCall => async (_fn, args) => {
  const [dims] = args.map((a) => decode(a)) as [number[]];
  return { ok: true, value: encode(impl(dims) as unknown as Value) };
};

/** W_l = randn(n_l, n_{l-1}) × scale(l, dims), b_l = 0. */
const scaled = (scale: (l: number, dims: number[]) => number): Init => (dims) => {
  np.random.seed(3);
  const p: Record<string, Matrix> = {};
  for (let l = 1; l < dims.length; l++) {
    p["W" + l] = np.random.randn(dims[l]!, dims[l - 1]!).mul(scale(l, dims));
    p["b" + l] = np.zeros([dims[l]!, 1]);
  }
  return p;
};

const run = async (id: string, impl: Init) => {
  const spec = findProperty("initialization", id)!;
  expect(spec, id).toBeDefined();
  return runProperty(spec, callWith(impl), { question: "Q1", points: 4 });
};

describe("he-scale", () => {
  it("passes the reference solution", async () => {
    const r = await run("he-scale", initializeParametersHe as unknown as Init);
    expect(r.issue).toBeUndefined();
    expect(r.earned).toBe(4);
  });

  it.each([
    ["sqrt(1 / fan-in)", scaled((l, d) => Math.sqrt(1 / d[l - 1]!))],
    ["the layer's own size instead of the fan-in", scaled((l, d) => Math.sqrt(2 / d[l]!))],
    ["the first layer's fan-in for every layer", scaled((_l, d) => Math.sqrt(2 / d[0]!))],
    ["the next layer's size", scaled((l, d) => Math.sqrt(2 / d[Math.min(l + 1, d.length - 1)]!))],
    ["no scaling", scaled(() => 1)],
    ["sqrt(2) / fan-in", scaled((l, d) => Math.sqrt(2) / d[l - 1]!)],
  ])("fails %s", async (_name, impl) => {
    const r = await run("he-scale", impl);
    expect(r.earned).toBe(0);
    expect(r.issue).toMatchObject({ code: "property_failed", fn: "initializeParametersHe", reason: { code: "std_off" } });
  });

  it("reports a wrong shape and non-zero biases as codes with their data", async () => {
    const transposed: Init = (dims) => {
      const p = scaled((l, d) => Math.sqrt(2 / d[l - 1]!))(dims);
      p.W1 = np.zeros([dims[0]!, dims[1]!]);
      return p;
    };
    const r = await run("he-scale", transposed);
    expect(r.issue).toMatchObject({ reason: { code: "wrong_shape", param: "W1" } });
    const ones: Init = (dims) => ({ ...scaled((l, d) => Math.sqrt(2 / d[l - 1]!))(dims), b1: np.ones([dims[1]!, 1]) });
    expect((await run("he-scale", ones)).issue).toMatchObject({ reason: { code: "not_zeros", param: "b1" } });
  });
});

describe("random-shapes", () => {
  it("passes the reference solution", async () => {
    const r = await run("random-shapes", initializeParametersRandom as unknown as Init);
    expect(r.issue).toBeUndefined();
  });

  it.each([
    ["without the × 10", scaled(() => 1)],
    ["× 100", scaled(() => 100)],
    ["× 5", scaled(() => 5)],
  ])("fails %s", async (_name, impl) => {
    const r = await run("random-shapes", impl);
    expect(r.earned).toBe(0);
    expect(r.issue).toMatchObject({ code: "property_failed", fn: "initializeParametersRandom", reason: { code: "std_off", param: "W1", expected: 10 } });
  });
});

describe("a hidden property's thrown error (issue 13)", () => {
  it("keeps no word of the message", async () => {
    const spec = { ...findProperty("initialization", "he-scale")!, hidden: true };
    const secret = "layers 61, 23, 170";
    const r = await runProperty(spec, async () => ({ ok: false, error: { kind: "threw", name: "Error", message: secret, stack: `Error: ${secret}\n    at g (dnnlab-submission:initialization.ts:9:3)` } }), { question: "Q1", points: 4 });
    expect(r.issue).toEqual({ code: "threw", fn: "initializeParametersHe", name: "Error", message: "", redacted: true, at: { file: "initialization.ts", line: 9 } });
  });
});
