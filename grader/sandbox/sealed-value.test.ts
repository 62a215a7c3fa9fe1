import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Matrix } from "../../lib/np/matrix.ts";
import { type Value, decode, encode } from "../../lib/value.ts";
import { sealValueCodec } from "./sealed-value.ts";

const codec = sealValueCodec();
const BIG = 1 << 24;

const number = fc.oneof(
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, 0, 1e-300),
  fc.integer({ min: -1000, max: 1000 }),
);
const matrix = fc
  .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }))
  .chain(([r, c]) => fc.array(number, { minLength: r * c, maxLength: r * c }).map((d) => new Matrix(r, c, Float64Array.from(d))));
const key = fc.string().filter((k) => k !== "$matrix" && k !== "$num" && k !== "__proto__");
const value: fc.Arbitrary<Value> = fc.letrec<{ v: Value }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    number,
    fc.boolean(),
    fc.string(),
    fc.constant(null),
    matrix,
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(key, tie("v"), { maxKeys: 4 }),
  ),
})).v;

class Point {
  x = 1;
}

describe("sealValueCodec", () => {
  it("writes exactly what lib/value.ts's encode writes", () => {
    fc.assert(
      fc.property(value, (v) => {
        const sealed = codec.encodeJson(v, BIG);
        expect(sealed.ok).toBe(true);
        expect(sealed.ok && sealed.json).toBe(JSON.stringify(encode(v)));
      }),
      { numRuns: 300 },
    );
  });

  it("reads back what lib/value.ts's decode reads", () => {
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(encode(v));
        expect(codec.decodeJson(text)).toEqual(decode(JSON.parse(text)));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses what encode refuses, with the same message", () => {
    const cyclic: unknown[] = [1];
    cyclic.push(cyclic);
    const getter = {
      get W1() {
        return 1;
      },
    };
    for (const bad of [undefined, [1, undefined], () => 1, new Point(), cyclic, { a: getter }]) {
      const sealed = codec.encodeJson(bad, BIG);
      expect(sealed.ok).toBe(false);
      expect(!sealed.ok && sealed.message).toBe((() => {
        try {
          encode(bad);
          return "encoded";
        } catch (e) {
          return (e as Error).message;
        }
      })());
    }
  });

  it("refuses a Proxy, an array getter, a hole and a tampered Matrix without running student code", () => {
    let ran = false;
    const trap = () => {
      ran = true;
      return undefined;
    };
    const proxy = new Proxy({ a: 1 }, { get: trap, ownKeys: () => ((ran = true), []), getPrototypeOf: () => ((ran = true), Object.prototype) });
    const arrayGetter = [1, 2];
    Object.defineProperty(arrayGetter, 1, { get: () => ((ran = true), 2), enumerable: true });
    // eslint-disable-next-line no-sparse-arrays
    const hole = [1, , 3];
    const tampered = new Matrix(1, 2);
    Object.defineProperty(tampered, "data", { get: () => ((ran = true), new Float64Array(2)) });
    const hijacked = new Matrix(1, 1);
    Object.defineProperty(Matrix, Symbol.hasInstance, { value: () => ((ran = true), true), configurable: true });
    try {
      expect(codec.encodeJson(proxy, BIG)).toEqual({ ok: false, message: "result is a Proxy, not data" });
      expect(codec.encodeJson([0, { W: proxy }], BIG)).toEqual({ ok: false, message: 'result[1]["W"] is a Proxy, not data' });
      expect(codec.encodeJson(arrayGetter, BIG)).toEqual({ ok: false, message: "result[1] is a getter, not data" });
      expect(codec.encodeJson(hole, BIG)).toEqual({ ok: false, message: "result[1] is missing (a hole in the array)" });
      expect(codec.encodeJson(tampered, BIG)).toEqual({ ok: false, message: "result is a Matrix that does not hold its own data" });
      expect(codec.encodeJson({ m: hijacked }, BIG)).toEqual({ ok: true, json: '{"m":{"$matrix":{"shape":[1,1],"data":[0]}}}' });
      expect(codec.encodeJson({ $num: "NaN" }, BIG)).toEqual({
        ok: false,
        message: 'result has the key "$num", which the grader\'s wire format reserves',
      });
    } finally {
      delete (Matrix as unknown as Record<symbol, unknown>)[Symbol.hasInstance];
    }
    expect(ran).toBe(false);
  });

  it("keeps working after the built-ins it captured are replaced", () => {
    const sealed = sealValueCodec();
    const saved = { map: Array.prototype.map, keys: Object.keys, isArray: Array.isArray, stringify: JSON.stringify };
    let encoded: unknown;
    let decoded: unknown;
    try {
      Array.prototype.map = (() => ["hacked"]) as unknown as typeof saved.map;
      Object.keys = () => ["hacked"];
      Array.isArray = (() => false) as unknown as typeof Array.isArray;
      JSON.stringify = () => '"hacked"';
      encoded = sealed.encodeJson([1, { a: [2, "x"] }, new Matrix(1, 1, Float64Array.of(NaN))], BIG);
      decoded = sealed.decode([1, { a: [2] }]);
    } finally {
      // Restored before expect(), which needs them.
      Array.prototype.map = saved.map;
      Object.keys = saved.keys;
      Array.isArray = saved.isArray;
      JSON.stringify = saved.stringify;
    }
    expect(encoded).toEqual({ ok: true, json: '[1,{"a":[2,"x"]},{"$matrix":{"shape":[1,1],"data":["NaN"]}}]' });
    expect(decoded).toEqual([1, { a: [2] }]);
  });

  it("stops writing past its size cap", () => {
    const r = codec.encodeJson(new Matrix(1, 1000), 100);
    expect(r).toEqual({ ok: false, message: "result is too large to send (more than 100 characters)" });
  });
});
