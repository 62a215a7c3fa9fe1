/**
 * lib/value.ts's wire format, written and read inside the sandbox child by code that a
 * submission cannot bend.
 *
 * `encode` in lib/value.ts looks up `Array.prototype.map`, `Array.from`, `Object.keys`,
 * `Set`, `Number.isFinite` and `instanceof Matrix` each time it runs, so a student module
 * that replaces one of them at its top level would change what the child reports — or
 * break the reply altogether. `sealValueCodec()` takes every built-in it needs when it is
 * called (the child calls it before any student module is loaded) and never looks one up
 * again; it never calls student code either: no getter, no Proxy trap, no `toJSON`, no
 * `Symbol.hasInstance`.
 *
 * Same format and same messages as lib/value.ts (sealed-value.test.ts pins the two
 * equal), and stricter on what lib/value.ts would let through or call into:
 *   Proxy anywhere                  → "result is a Proxy, not data"
 *   getter on an array element      → "result[1] is a getter, not data"
 *   hole in an array                → "result[1] is missing (a hole in the array)"
 *   Matrix whose fields were edited → "result is a Matrix that does not hold its own data"
 *   dict with a "$matrix"/"$num" key → "result has the key "$num", which the grader's wire format reserves"
 *   more than MAX_DEPTH (64) levels  → "result[0][0]… is nested more than 64 levels deep"
 */
import { types } from "node:util";
import { Matrix } from "../../lib/np/matrix.ts";
import type { Encoded } from "../../lib/value.ts";
import { MAX_DEPTH } from "./wire.ts";

export type SealedEncoding = { ok: true; json: string } | { ok: false; message: string };

export interface SealedCodec {
  /** `JSON.stringify(encode(v))`, or why `v` is not data; `maxChars` caps the text. */
  encodeJson(v: unknown, maxChars: number): SealedEncoding;
  /** `decode(JSON.parse(text))` of one Encoded value; throws on malformed input. */
  decodeJson(text: string): unknown;
  /** `decode(e)` of an already parsed Encoded value; throws on malformed input. */
  decode(e: unknown): unknown;
}

class TooLarge {}

/** A codec bound to the built-ins as they are now. */
export function sealValueCodec(): SealedCodec {
  const ReflectApply = Reflect.apply;
  const ReflectOwnKeys = Reflect.ownKeys;
  const ObjectGetPrototypeOf = Object.getPrototypeOf;
  const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const ObjectDefineProperty = Object.defineProperty;
  const ObjectKeys = Object.keys;
  const ObjectPrototype = Object.prototype;
  const ArrayIsArray = Array.isArray;
  const NumberIsFinite = Number.isFinite;
  const JSONStringify = JSON.stringify;
  const JSONParse = JSON.parse;
  const String_ = String;
  const SetCtor = Set;
  const SetHas = Set.prototype.has;
  const SetAdd = Set.prototype.add;
  const SetDelete = Set.prototype.delete;
  const Float64ArrayCtor = Float64Array;
  const TypedArrayPrototype = ObjectGetPrototypeOf(Float64Array.prototype) as object;
  const typedArrayLength = ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, "length")!.get!;
  const { isProxy, isFloat64Array } = types;
  const MatrixCtor = Matrix;
  const MatrixPrototype = Matrix.prototype as object;
  const isInteger = (x: unknown): x is number => typeof x === "number" && NumberIsFinite(x) && x % 1 === 0 && x >= 0;

  /** The value of an own data property, `undefined` when absent or an accessor. */
  function ownData(o: object, key: string): { value: unknown } | undefined {
    const d = ObjectGetOwnPropertyDescriptor(o, key);
    return d && "value" in d ? { value: d.value } : undefined;
  }

  /** Whether Matrix.prototype is on o's prototype chain (`instanceof` without Symbol.hasInstance or traps). */
  function isMatrix(o: object): boolean | "proxy" {
    let p: object | null = ObjectGetPrototypeOf(o) as object | null;
    while (p !== null) {
      if (p === MatrixPrototype) return true;
      if (isProxy(p)) return "proxy";
      p = ObjectGetPrototypeOf(p) as object | null;
    }
    return false;
  }

  /** The name of a class instance's constructor, read without running its code. */
  function className(proto: object): string | undefined {
    if (isProxy(proto)) return undefined;
    const ctor = ownData(proto, "constructor")?.value;
    if ((typeof ctor !== "function" && (typeof ctor !== "object" || ctor === null)) || isProxy(ctor)) return undefined;
    const name = ownData(ctor as object, "name")?.value;
    return typeof name === "string" && name !== "" ? name : undefined;
  }

  const numText = (x: number): string =>
    NumberIsFinite(x) ? "" + x : x !== x ? '"NaN"' : x > 0 ? '"Infinity"' : '"-Infinity"';

  function encodeJson(root: unknown, maxChars: number): SealedEncoding {
    const seen = new SetCtor<object>();
    let size = 0;
    const out = (s: string): string => {
      size += s.length;
      if (size > maxChars) throw new TooLarge();
      return s;
    };
    const fail = (message: string): never => {
      throw { sealedFailure: message };
    };

    function enc(v: unknown, path: string, depth: number): string {
      if (typeof v === "number") return out(NumberIsFinite(v) ? "" + v : `{"$num":${numText(v)}}`);
      if (typeof v === "boolean") return out(v ? "true" : "false");
      if (typeof v === "string") return out(JSONStringify(v));
      if (v === null) return out("null");
      if (v === undefined) return fail(`${path} is undefined (did the function forget to return?)`);
      if (typeof v !== "object") return fail(`${path} is a ${typeof v}, not data`);
      if (depth > MAX_DEPTH) return fail(`${path} is nested more than ${MAX_DEPTH} levels deep`);
      if (isProxy(v)) return fail(`${path} is a Proxy, not data`);
      if (ReflectApply(SetHas, seen, [v])) return fail(`${path} refers back to itself (a cycle)`);
      ReflectApply(SetAdd, seen, [v]);
      try {
        return encObject(v, path, depth);
      } finally {
        ReflectApply(SetDelete, seen, [v]);
      }
    }

    function encObject(v: object, path: string, depth: number): string {
      const matrix = isMatrix(v);
      if (matrix === "proxy") return fail(`${path} has a Proxy among its prototypes, not data`);
      if (matrix) return encMatrix(v, path);
      if (ArrayIsArray(v)) {
        const n = (v as unknown[]).length; // own data property of a real array: cannot be patched
        let s = out("[");
        for (let i = 0; i < n; i++) {
          const d = ObjectGetOwnPropertyDescriptor(v, "" + i);
          if (d === undefined) return fail(`${path}[${i}] is missing (a hole in the array)`);
          if (!("value" in d)) return fail(`${path}[${i}] is a getter, not data`);
          s += (i > 0 ? out(",") : "") + enc(d.value, `${path}[${i}]`, depth + 1);
        }
        return s + out("]");
      }
      const proto = ObjectGetPrototypeOf(v) as object | null;
      if (proto !== ObjectPrototype && proto !== null) {
        return fail(`${path} is a ${className(proto) ?? "class instance"}, expected a Matrix, number, array or dict`);
      }
      const keys = ObjectKeys(v);
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] === "$matrix" || keys[i] === "$num") return fail(`${path} has the key "${keys[i]}", which the grader's wire format reserves`);
      }
      let s = out("{");
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const d = ObjectGetOwnPropertyDescriptor(v, key);
        if (!d || !("value" in d)) return fail(`${path}["${key}"] is a getter, not data`);
        s += (i > 0 ? out(",") : "") + out(JSONStringify(key) + ":") + enc(d.value, `${path}["${key}"]`, depth + 1);
      }
      return s + out("}");
    }

    function encMatrix(v: object, path: string): string {
      const rows = ownData(v, "nrows")?.value;
      const cols = ownData(v, "ncols")?.value;
      const data = ownData(v, "data")?.value;
      if (!isInteger(rows) || !isInteger(cols) || !isFloat64Array(data) || isProxy(data)) {
        return fail(`${path} is a Matrix that does not hold its own data`);
      }
      const n = ReflectApply(typedArrayLength, data, []) as number;
      if (n !== rows * cols) return fail(`${path} is a Matrix that does not hold its own data`);
      let s = out(`{"$matrix":{"shape":[${rows},${cols}],"data":[`);
      for (let i = 0; i < n; i++) s += out((i > 0 ? "," : "") + numText((data as Float64Array)[i]!));
      return s + out("]}}");
    }

    try {
      return { ok: true, json: enc(root, "result", 1) };
    } catch (e) {
      if (e instanceof TooLarge) return { ok: false, message: `result is too large to send (more than ${maxChars} characters)` };
      if (typeof e === "object" && e !== null && "sealedFailure" in e) return { ok: false, message: String_(e.sealedFailure) };
      // What is left is the engine's own RangeError (call stack exceeded): nothing else can throw here.
      return { ok: false, message: "result is nested too deeply to send" };
    }
  }

  const NUM_TOKENS: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };
  const token = (t: unknown): number => {
    if (typeof t === "number") return t;
    if (typeof t === "string" && (t === "NaN" || t === "Infinity" || t === "-Infinity")) return NUM_TOKENS[t]!;
    throw new TypeError(`not a number token: ${String_(t)}`);
  };
  const define = (o: object, key: string, value: unknown): void => {
    ObjectDefineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  };

  function decode(e: unknown): unknown {
    if (e === null || typeof e !== "object") return e;
    if (ArrayIsArray(e)) {
      const a: unknown[] = [];
      for (let i = 0; i < e.length; i++) define(a, "" + i, decode(e[i]));
      return a;
    }
    const keys = ReflectOwnKeys(e);
    const one = keys.length === 1 ? keys[0] : undefined;
    if (one === "$num") return token(ownData(e, "$num")?.value);
    if (one === "$matrix") {
      const m = ownData(e, "$matrix")?.value as { shape?: unknown; data?: unknown } | undefined;
      const shape = m && ownData(m, "shape")?.value;
      const data = m && ownData(m, "data")?.value;
      if (!ArrayIsArray(shape) || shape.length !== 2 || !isInteger(shape[0]) || !isInteger(shape[1]) || !ArrayIsArray(data)) {
        throw new TypeError("malformed $matrix");
      }
      if (data.length !== shape[0] * shape[1]) throw new TypeError("matrix data length does not match its shape");
      const buf = new Float64ArrayCtor(data.length);
      for (let i = 0; i < data.length; i++) buf[i] = token(data[i]);
      return new MatrixCtor(shape[0], shape[1], buf);
    }
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      if (typeof k === "string") define(o, k, decode(ownData(e, k)?.value));
    }
    return o;
  }

  return {
    encodeJson,
    decode,
    decodeJson: (text) => decode(JSONParse(text) as Encoded),
  };
}
