/**
 * RandomState against numpy 2.4.6, bit for bit.
 *
 * Oracles: fixtures/numpy-compat/vectors.json (the shared reference vectors, every entry
 * but the datasets) and fixtures/numpy-compat/rng-extra.json (written by
 * fixtures/numpy-compat/gen-rng-extra.py: SHA-256 of long streams, long interleaved call
 * sequences, permutations, states, bad-seed errors). Doubles are compared with Object.is,
 * so a last-bit difference (or -0 for +0) fails.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { IndexError, ValueError } from "./errors.ts";
import { Matrix } from "./matrix.ts";
import { globalRandomState, RandomState } from "./random.ts";

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/numpy-compat/${name}`, import.meta.url), "utf8"));

type Nested = number | Nested[];

/** Paths where `actual` and `expected` differ, comparing every number with Object.is. */
function bitDiffs(actual: unknown, expected: unknown, path = "", out: string[] = []): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      out.push(`${path || "value"}: expected an array of ${expected.length}, got ${JSON.stringify(actual)}`);
      return out;
    }
    expected.forEach((e, i) => bitDiffs(actual[i], e, `${path}[${i}]`, out));
  } else if (!Object.is(actual, expected)) {
    out.push(`${path || "value"}: expected ${String(expected)}, got ${String(actual)}`);
  }
  return out;
}

/** A (1, n) Matrix as the flat list numpy prints for a 1-D array. */
function row(m: Matrix): number[] {
  expect(m.nrows).toBe(1);
  return Array.from(m.data);
}

const sha256 = (bytes: ArrayBufferView): string =>
  createHash("sha256").update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).digest("hex");
const sha256Int64 = (values: readonly number[]): string => sha256(BigInt64Array.from(values, (v) => BigInt(v)));

// ---------------------------------------------------------------------------------------
// vectors.json

interface Vectors {
  seeds: Record<string, Record<"fresh_seed_before_each_call" | "one_seed_then_calls_in_this_order", Record<string, Nested>>>;
  "seed(3); randn(2,3)": Nested;
  "seed(3); randn(2,3)*10": Nested;
  interplay: {
    "seed(0); randn(3); rand(2); randn(2)": { "randn(3)": Nested; "rand(2)": Nested; "randn(2)": Nested };
    "seed(0); randn(1); seed(0); randn(1)": Nested;
  };
}
const vectors = fixture("vectors.json") as Vectors;

/** The calls named in vectors.json, made on our RandomState, returned as numpy prints them. */
const VECTOR_CALLS: Record<string, (rs: RandomState) => Nested> = {
  "rand(5)": (rs) => row(rs.rand(5)),
  "randn(2,3)": (rs) => rs.randn(2, 3).tolist(),
  "permutation(10)": (rs) => rs.permutation(10),
  "randint(0,10,size=5)": (rs) => rs.randint(0, 10, 5),
  "normal(0,0.05,size=(3,2))": (rs) => rs.normal(0, 0.05, [3, 2]).tolist(),
};

describe("RandomState against vectors.json (numpy 2.4.6)", () => {
  it("has a TS call for every entry of the file except the datasets", () => {
    expect(Object.keys(vectors).sort()).toEqual(
      ["datasets", "format", "generator", "interplay", "seed(3); randn(2,3)", "seed(3); randn(2,3)*10", "seeds"].sort(),
    );
    for (const modes of Object.values(vectors.seeds)) {
      for (const calls of Object.values(modes)) {
        for (const call of Object.keys(calls)) expect(VECTOR_CALLS, call).toHaveProperty([call]);
      }
    }
  });

  for (const [seed, modes] of Object.entries(vectors.seeds)) {
    it(`each call right after seed(${seed}) equals numpy bit for bit`, () => {
      const rs = new RandomState();
      for (const [call, expected] of Object.entries(modes.fresh_seed_before_each_call)) {
        rs.seed(Number(seed));
        expect(bitDiffs(VECTOR_CALLS[call](rs), expected), call).toEqual([]);
      }
    });

    it(`the calls in order after one seed(${seed}) equal numpy bit for bit`, () => {
      const rs = new RandomState(Number(seed));
      for (const [call, expected] of Object.entries(modes.one_seed_then_calls_in_this_order)) {
        expect(bitDiffs(VECTOR_CALLS[call](rs), expected), call).toEqual([]);
      }
    });
  }

  it("randn(2,3) after seed(3) equals numpy bit for bit", () => {
    const rs = new RandomState(3);
    expect(bitDiffs(rs.randn(2, 3).tolist(), vectors["seed(3); randn(2,3)"])).toEqual([]);
  });

  it("randn(2,3)*10 after seed(3) is the notebook's W1 bit for bit", () => {
    const rs = new RandomState(3);
    expect(bitDiffs(rs.randn(2, 3).mul(10).tolist(), vectors["seed(3); randn(2,3)*10"])).toEqual([]);
  });

  it("the global RandomState gives the same stream after seed(3)", () => {
    globalRandomState.seed(3);
    expect(bitDiffs(globalRandomState.randn(2, 3).tolist(), vectors["seed(3); randn(2,3)"])).toEqual([]);
  });

  it("keeps the cached second gaussian across rand(): seed(0); randn(3); rand(2); randn(2)", () => {
    const want = vectors.interplay["seed(0); randn(3); rand(2); randn(2)"];
    const rs = new RandomState(0);
    expect(bitDiffs(row(rs.randn(3)), want["randn(3)"])).toEqual([]);
    expect(bitDiffs(row(rs.rand(2)), want["rand(2)"])).toEqual([]);
    expect(bitDiffs(row(rs.randn(2)), want["randn(2)"])).toEqual([]);
  });

  it("drops the cached gaussian on seed(): seed(0); randn(1); seed(0); randn(1)", () => {
    const rs = new RandomState(0);
    rs.randn(1);
    rs.seed(0);
    expect(bitDiffs(row(rs.randn(1)), vectors.interplay["seed(0); randn(1); seed(0); randn(1)"])).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// rng-extra.json

interface State {
  key_sha256: string;
  pos: number;
  has_gauss: boolean;
  gauss: number;
}
interface Extra {
  randn_20000_sha256: Record<string, string>;
  rand_20000_sha256: Record<string, string>;
  "uniform(-3.7,11.3,size=20000)_sha256": Record<string, string>;
  "normal(1.5,0.3,size=20000)_sha256": Record<string, string>;
  "randint(0,2**40+7,size=5000)_sha256": Record<string, string>;
  "randint(-1000,1000,size=5000)_sha256": Record<string, string>;
  sequences: { calls: string[]; by_seed: Record<string, { steps: { call: string; result: Nested }[]; final_state: State }> };
  "permutation(1000)": Record<string, number[]>;
  state_after_seed: Record<string, { key_sha256: string; key_head: number[]; key_623: number; pos: number }>;
  bad_seeds: { seed: number | string; python: string; error: string; message: string }[];
}
const extra = fixture("rng-extra.json") as Extra;

/** The calls of gen-rng-extra.py's SEQUENCE, by the same names. */
const SEQUENCE_CALLS: Record<string, (rs: RandomState) => Nested> = {
  "randn(7)": (rs) => row(rs.randn(7)),
  "rand(3)": (rs) => row(rs.rand(3)),
  "permutation(300)": (rs) => rs.permutation(300),
  "randint(-5,3,size=11)": (rs) => rs.randint(-5, 3, 11),
  "randn(5)": (rs) => row(rs.randn(5)),
  "normal(0,0.05,size=(3,2))": (rs) => rs.normal(0, 0.05, [3, 2]).tolist(),
  "shuffle(list(range(100,125)))": (rs) => {
    const x = Array.from({ length: 25 }, (_, i) => 100 + i);
    rs.shuffle(x);
    return x;
  },
  "randint(0,2**40,size=5)": (rs) => rs.randint(0, 2 ** 40, 5),
  "randint(0,2**32,size=3)": (rs) => rs.randint(0, 2 ** 32, 3),
  "randint(0,2**32+5,size=6)": (rs) => rs.randint(0, 2 ** 32 + 5, 6),
  "randint(0,2**31,size=4)": (rs) => rs.randint(0, 2 ** 31, 4),
  "randint(-2**52,2**52,size=4)": (rs) => rs.randint(-(2 ** 52), 2 ** 52, 4),
  "randint(7)": (rs) => rs.randint(7),
  "randint(5,size=(2,3))": (rs) => rs.randint(5, undefined, [2, 3]).tolist(),
  "randint(3,4,size=2)": (rs) => rs.randint(3, 4, 2),
  "rand()": (rs) => rs.rand(),
  "randn()": (rs) => rs.randn(),
  "randn()#2": (rs) => rs.randn(),
  "randn()#3": (rs) => rs.randn(),
  "uniform(-2,5,size=4)": (rs) => row(rs.uniform(-2, 5, 4)),
  "normal(3.5,2.25,size=4)": (rs) => row(rs.normal(3.5, 2.25, 4)),
  "normal()": (rs) => rs.normal(),
  "choice(10,6)": (rs) => rs.choice(10, 6),
  "choice(10,6,replace=False)": (rs) => rs.choice(10, 6, false),
  "choice([2.5,-1,7,9.25],size=5)": (rs) => rs.choice([2.5, -1, 7, 9.25], 5),
  "choice(4)": (rs) => rs.choice(4),
  "random_sample((2,2))": (rs) => rs.random_sample([2, 2]).tolist(),
  "permutation([0.5,1.5,2.5,3.5,4.5,5.5])": (rs) => rs.permutation([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]),
  "shuffle(arange(12.).reshape(4,3))": (rs) => {
    const m = new Matrix(4, 3, Float64Array.from({ length: 12 }, (_, i) => i));
    rs.shuffle(m);
    return m.tolist();
  },
  "randn(3)": (rs) => row(rs.randn(3)),
};

describe("RandomState against rng-extra.json (numpy 2.4.6)", () => {
  it("randn(20000) for seeds 0..30 hashes to numpy's SHA-256 (620000 gaussians, bit for bit)", () => {
    const wrong = Object.entries(extra.randn_20000_sha256).filter(
      ([seed, hash]) => sha256(new RandomState(Number(seed)).randn(20000).data) !== hash,
    );
    expect(wrong.map(([seed]) => seed)).toEqual([]);
    expect(Object.keys(extra.randn_20000_sha256)).toHaveLength(31);
  });

  it("rand(20000), uniform(-3.7, 11.3) and normal(1.5, 0.3) streams hash to numpy's (add and multiply not fused)", () => {
    for (const [seed, hash] of Object.entries(extra.rand_20000_sha256)) {
      expect(sha256(new RandomState(Number(seed)).rand(20000).data), `rand, seed ${seed}`).toBe(hash);
    }
    for (const [seed, hash] of Object.entries(extra["uniform(-3.7,11.3,size=20000)_sha256"])) {
      expect(sha256(new RandomState(Number(seed)).uniform(-3.7, 11.3, 20000).data), `uniform, seed ${seed}`).toBe(hash);
    }
    for (const [seed, hash] of Object.entries(extra["normal(1.5,0.3,size=20000)_sha256"])) {
      expect(sha256(new RandomState(Number(seed)).normal(1.5, 0.3, 20000).data), `normal, seed ${seed}`).toBe(hash);
    }
  });

  it("randint streams (32-bit and 64-bit masked rejection) hash to numpy's int64 output", () => {
    for (const [seed, hash] of Object.entries(extra["randint(0,2**40+7,size=5000)_sha256"])) {
      expect(sha256Int64(new RandomState(Number(seed)).randint(0, 2 ** 40 + 7, 5000)), `seed ${seed}`).toBe(hash);
    }
    for (const [seed, hash] of Object.entries(extra["randint(-1000,1000,size=5000)_sha256"])) {
      expect(sha256Int64(new RandomState(Number(seed)).randint(-1000, 1000, 5000)), `seed ${seed}`).toBe(hash);
    }
  });

  it("has a TS call for every call of the interleaved sequences", () => {
    for (const call of extra.sequences.calls) expect(SEQUENCE_CALLS, call).toHaveProperty([call]);
  });

  for (const [seed, { steps, final_state }] of Object.entries(extra.sequences.by_seed)) {
    it(`a long interleaving of ${steps.length} calls after seed(${seed}) equals numpy, and so does the final state`, () => {
      const rs = new RandomState(Number(seed));
      for (const { call, result } of steps) expect(bitDiffs(SEQUENCE_CALLS[call](rs), result), call).toEqual([]);
      const state = rs.getState();
      expect({
        key_sha256: sha256(state.key),
        pos: state.pos,
        has_gauss: state.hasGauss,
        gauss: state.gauss,
      }).toEqual(final_state);
      expect(Object.is(state.gauss, final_state.gauss)).toBe(true);
    });
  }

  it("permutation(1000) for seeds 0..4 equals numpy", () => {
    for (const [seed, perm] of Object.entries(extra["permutation(1000)"])) {
      expect(new RandomState(Number(seed)).permutation(1000), `seed ${seed}`).toEqual(perm);
    }
  });

  it("seeding fills the 624 state words like numpy's init_genrand and sets pos to 624", () => {
    for (const [seed, want] of Object.entries(extra.state_after_seed)) {
      const state = new RandomState(Number(seed)).getState();
      expect(Array.from(state.key.subarray(0, 4)), `seed ${seed}`).toEqual(want.key_head);
      expect(state.key[623], `seed ${seed}`).toBe(want.key_623);
      expect(sha256(state.key), `seed ${seed}`).toBe(want.key_sha256);
      expect(state.pos).toBe(want.pos);
    }
  });

  for (const bad of extra.bad_seeds) {
    it(`rejects seed ${bad.python} with numpy's ${bad.error}: ${bad.message}`, () => {
      const seed = typeof bad.seed === "string" ? Number(bad.seed) : bad.seed;
      let caught: unknown;
      try {
        new RandomState(seed);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(bad.error === "ValueError" ? ValueError : TypeError);
      expect((caught as Error).name).toBe(bad.error);
      expect((caught as Error).message).toBe(bad.message);
    });
  }
});

// ---------------------------------------------------------------------------------------
// API behaviour (shapes, aliases, state, errors)

describe("RandomState API", () => {
  it("accepts the largest seeds, 2**31 and 2**32 - 1", () => {
    expect(() => new RandomState(2 ** 31)).not.toThrow();
    expect(() => new RandomState(2 ** 32 - 1)).not.toThrow();
  });

  it("seed() without an argument takes OS entropy: two generators differ, and it clears the cache", () => {
    const a = new RandomState();
    const b = new RandomState();
    expect(a.rand(4).data).not.toEqual(b.rand(4).data);
    a.randn();
    a.seed();
    expect(a.getState().hasGauss).toBe(false);
    expect(a.getState().pos).toBe(624);
  });

  it("getState/setState restore the stream, including a cached gaussian", () => {
    const rs = new RandomState(5);
    rs.randn(3); // odd count: the second value of the last pair is cached
    const saved = rs.getState();
    expect(saved.hasGauss).toBe(true);
    const first = [...rs.randn(5).data, ...rs.rand(2).data, ...rs.randint(0, 2 ** 40, 3)];
    rs.setState(saved);
    const again = [...rs.randn(5).data, ...rs.rand(2).data, ...rs.randint(0, 2 ** 40, 3)];
    expect(bitDiffs(again, first)).toEqual([]);
  });

  it("getState returns a copy that later draws do not change", () => {
    const rs = new RandomState(1);
    const s = rs.getState();
    const key = s.key.slice();
    rs.rand(1000);
    expect(s.key).toEqual(key);
    s.key[0] = 0;
    expect(rs.getState().key[0]).not.toBe(0);
  });

  it("setState refuses a key of the wrong length or a bad position", () => {
    const rs = new RandomState(1);
    const s = rs.getState();
    expect(() => rs.setState({ ...s, key: new Uint32Array(10) })).toThrow(ValueError);
    expect(() => rs.setState({ ...s, pos: 625 })).toThrow(ValueError);
  });

  it("rand/randn take no argument (a number), n (a row), r and c, or a shape [r, c]", () => {
    const rs = new RandomState(0);
    expect(typeof rs.rand()).toBe("number");
    expect(typeof rs.randn()).toBe("number");
    expect(rs.rand(4).shape).toEqual([1, 4]);
    expect(rs.randn(2, 3).shape).toEqual([2, 3]);
    expect(rs.rand(0).shape).toEqual([1, 0]);
    rs.seed(7);
    const a = rs.randn(2, 3);
    rs.seed(7);
    const b = rs.randn([2, 3]);
    expect(bitDiffs(Array.from(b.data), Array.from(a.data))).toEqual([]);
    expect(b.shape).toEqual([2, 3]);
  });

  it("random_sample and randomSample are rand with a size argument", () => {
    const rs = new RandomState(11);
    const a = rs.rand(3, 2);
    rs.seed(11);
    const b = rs.randomSample([3, 2]);
    rs.seed(11);
    const c = rs.random_sample([3, 2]);
    expect(b.data).toEqual(a.data);
    expect(c.data).toEqual(a.data);
    expect(rs.randomSample(5).shape).toEqual([1, 5]);
    expect(typeof rs.random_sample()).toBe("number");
  });

  it("rejects negative and fractional dimensions with numpy's messages", () => {
    const rs = new RandomState(0);
    expect(() => rs.rand(-1)).toThrow(new ValueError("negative dimensions are not allowed"));
    expect(() => rs.randn(2, -3)).toThrow(ValueError);
    expect(() => rs.rand(2.5)).toThrow(new TypeError("'float' object cannot be interpreted as an integer"));
  });

  it("normal(0, s) is exactly s times randn, and normal() defaults to a standard gaussian", () => {
    const rs = new RandomState(2);
    const a = rs.normal(0, 0.05, [4, 5]);
    rs.seed(2);
    const b = rs.randn(4, 5).mul(0.05);
    expect(bitDiffs(Array.from(a.data), Array.from(b.data))).toEqual([]);
    rs.seed(2);
    const c = rs.normal();
    rs.seed(2);
    expect(Object.is(c, rs.randn())).toBe(true);
    expect(() => rs.normal(0, -1)).toThrow(new ValueError("scale < 0"));
  });

  it("uniform(low, high) is low + (high - low) * rand, and refuses an infinite range", () => {
    const rs = new RandomState(4);
    const a = rs.uniform(-2, 5, 6);
    rs.seed(4);
    const u = rs.rand(6);
    expect(bitDiffs(Array.from(a.data), Array.from(u.data, (x) => -2 + 7 * x))).toEqual([]);
    expect(() => rs.uniform(0, Infinity)).toThrow(new RangeError("Range exceeds valid bounds"));
  });

  it("randint(n) means [0, n): same draws as randint(0, n)", () => {
    const rs = new RandomState(9);
    const a = rs.randint(6, undefined, 50);
    rs.seed(9);
    const b = rs.randint(0, 6, 50);
    expect(a).toEqual(b);
    expect(Math.max(...a)).toBe(5);
    expect(Math.min(...a)).toBe(0);
  });

  it("randint returns a number without size, number[] for n and a Matrix for [r, c]", () => {
    const rs = new RandomState(0);
    expect(typeof rs.randint(0, 10)).toBe("number");
    expect(Array.isArray(rs.randint(0, 10, 3))).toBe(true);
    expect(rs.randint(0, 10, [2, 4]).shape).toEqual([2, 4]);
    expect(rs.randint(3, 4, 4)).toEqual([3, 3, 3, 3]);
  });

  it("randint a scalar draws the same as size 1", () => {
    const rs = new RandomState(12);
    const a = [rs.randint(0, 2 ** 40 + 3), rs.randint(-7, 100)];
    rs.seed(12);
    const b = [...rs.randint(0, 2 ** 40 + 3, 1), ...rs.randint(-7, 100, 1)];
    expect(a).toEqual(b);
  });

  it("randint refuses empty ranges with numpy's messages, except for an empty size", () => {
    const rs = new RandomState(0);
    expect(() => rs.randint(0)).toThrow(new ValueError("high <= 0"));
    expect(() => rs.randint(0, 0)).toThrow(new ValueError("high <= 0"));
    expect(() => rs.randint(5, 5)).toThrow(new ValueError("low >= high"));
    expect(() => rs.randint(1, 0)).toThrow(new ValueError("low >= high"));
    expect(rs.randint(5, 3, 0)).toEqual([]);
    expect(() => rs.randint(0, 10, -1)).toThrow(new ValueError("negative dimensions are not allowed"));
  });

  it("randint refuses bounds JavaScript numbers cannot hold exactly", () => {
    const rs = new RandomState(0);
    expect(() => rs.randint(0, 2 ** 60)).toThrow(ValueError);
    expect(() => rs.randint(-(2 ** 53 - 1), 2 ** 53 - 1)).toThrow(ValueError);
    expect(() => rs.randint(0.5, 3)).toThrow(TypeError);
    expect(rs.randint(0, 2 ** 53 - 1)).toBeLessThan(2 ** 53);
  });

  it("permutation(n) is a shuffled arange(n); permutation(array) shuffles a copy", () => {
    const rs = new RandomState(3);
    const p = rs.permutation(50);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(rs.permutation(0)).toEqual([]);
    expect(rs.permutation(-3)).toEqual([]);
    const x = ["a", "b", "c", "d"];
    const y = rs.permutation(x);
    expect(x).toEqual(["a", "b", "c", "d"]);
    expect([...y].sort()).toEqual(x);
    expect(() => rs.permutation(2.5)).toThrow(new IndexError("x must be an integer or at least 1-dimensional"));
  });

  it("shuffle moves Matrix rows exactly as it moves the items of a list, with the same draws", () => {
    const rs = new RandomState(21);
    const order = Array.from({ length: 7 }, (_, i) => i);
    rs.shuffle(order);
    const m = new Matrix(7, 3, Float64Array.from({ length: 21 }, (_, i) => i));
    const before = m.tolist();
    rs.seed(21);
    rs.shuffle(m);
    expect(m.tolist()).toEqual(order.map((i) => before[i]));
    // After the same number of draws both streams are in the same place.
    const after = rs.rand();
    rs.seed(21);
    rs.permutation(7);
    expect(rs.rand()).toBe(after);
  });

  it("shuffle of 0 or 1 items makes no draws", () => {
    const rs = new RandomState(8);
    rs.shuffle([]);
    rs.shuffle([42]);
    rs.shuffle(new Matrix(1, 5));
    expect(rs.getState().pos).toBe(624);
  });

  it("choice(n, k) draws like randint(0, n, k); without replacement it is permutation(n)[:k]", () => {
    const rs = new RandomState(30);
    const a = rs.choice(10, 8);
    rs.seed(30);
    expect(a).toEqual(rs.randint(0, 10, 8));
    rs.seed(30);
    const b = rs.choice(10, 4, false);
    const next = rs.rand();
    rs.seed(30);
    expect(b).toEqual(rs.permutation(10).slice(0, 4));
    expect(rs.rand()).toBe(next); // a full permutation's draws were used
    expect(rs.choice(5, [2, 3]).shape).toEqual([2, 3]);
  });

  it("choice refuses impossible requests with numpy's messages", () => {
    const rs = new RandomState(0);
    expect(() => rs.choice(0, 3)).toThrow(new ValueError("a must be greater than 0 unless no samples are taken"));
    expect(() => rs.choice([], 3)).toThrow(new ValueError("'a' cannot be empty unless no samples are taken"));
    expect(() => rs.choice(3, 5, false)).toThrow(
      new ValueError("Cannot take a larger sample than population when 'replace=False'"),
    );
    expect(() => rs.choice(3, -1, false)).toThrow(new ValueError("Negative dimensions are not allowed"));
    expect(() => rs.choice(2.5, 3)).toThrow(new ValueError("a must be 1-dimensional or an integer"));
    expect(rs.choice(0, 0)).toEqual([]);
  });

  it("next32 gives the raw tempered MT19937 outputs (seed 5489 is the reference generator's default)", () => {
    // First outputs of mt19937 with init_genrand(5489), as published with the algorithm.
    const rs = new RandomState(5489);
    expect([rs.next32(), rs.next32(), rs.next32()]).toEqual([3499211612, 581869302, 3890346734]);
  });
});

describe("block fills (randn, rand in one call) against one draw at a time", () => {
  it("give the same doubles and leave the same state, across twists and with a cached gaussian", () => {
    for (const seed of [0, 3, 12345]) {
      const bulk = new RandomState(seed);
      const one = new RandomState(seed);
      // sizes chosen to end mid-block, odd (a gaussian left cached), and to cross several twists
      for (const n of [1, 7, 311, 624, 1000, 2501, 3]) {
        const g = row(bulk.randn(1, n) as Matrix);
        const e = Array.from({ length: n }, () => one.randn() as number);
        expect(bitDiffs(g, e)).toEqual([]);
        const u = row(bulk.rand(1, n) as Matrix);
        const f = Array.from({ length: n }, () => one.rand() as number);
        expect(bitDiffs(u, f)).toEqual([]);
        expect(bulk.next32()).toBe(one.next32()); // an odd word in between shifts the pairing
      }
      const a = bulk.getState();
      const b = one.getState();
      expect([a.pos, a.hasGauss, a.gauss, Array.from(a.key)]).toEqual([b.pos, b.hasGauss, b.gauss, Array.from(b.key)]);
    }
  });
});
