/**
 * Values that cross a file or a process boundary: the arguments and results of the
 * graded functions (numbers, Matrix, tuples, parameter dicts), as JSON-safe data.
 *
 *   number (finite)   → number
 *   NaN / ±Infinity   → { "$num": "NaN" | "Infinity" | "-Infinity" }
 *   Matrix            → { "$matrix": { "shape": [r, c], "data": [row-major numbers or $num strings] } }
 *   array (tuple)     → array
 *   dict              → object
 *   boolean / string / null → as is
 *
 * `encode` refuses anything else (functions, class instances other than Matrix,
 * cycles), so a result that is not plain data is reported, never half-serialised.
 */
import { z } from "zod";
import { Matrix } from "./np/matrix.ts";

export type Value = number | boolean | string | null | Matrix | Value[] | { [key: string]: Value };

type NumToken = number | "NaN" | "Infinity" | "-Infinity";

export type Encoded =
  | number
  | boolean
  | string
  | null
  | { $num: "NaN" | "Infinity" | "-Infinity" }
  | { $matrix: { shape: [number, number]; data: NumToken[] } }
  | Encoded[]
  | { [key: string]: Encoded };

const numToken = (x: number): NumToken => (Number.isFinite(x) ? x : Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity");
const fromToken = (t: NumToken): number => (typeof t === "number" ? t : Number(t));

export class EncodeError extends Error {
  override name = "EncodeError";
}

/** Plain data out of a Value; throws EncodeError naming the path of what is not plain data. */
export function encode(v: unknown, path = "result", seen: Set<object> = new Set()): Encoded {
  if (typeof v === "number") return Number.isFinite(v) ? v : { $num: numToken(v) as "NaN" };
  if (typeof v === "boolean" || typeof v === "string" || v === null) return v;
  if (v === undefined) throw new EncodeError(`${path} is undefined (did the function forget to return?)`);
  if (typeof v !== "object") throw new EncodeError(`${path} is a ${typeof v}, not data`);
  if (seen.has(v)) throw new EncodeError(`${path} refers back to itself (a cycle)`);
  seen.add(v);
  try {
    if (v instanceof Matrix) {
      return { $matrix: { shape: [v.nrows, v.ncols], data: Array.from(v.data, numToken) } };
    }
    if (Array.isArray(v)) return v.map((x, i) => encode(x, `${path}[${i}]`, seen));
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      throw new EncodeError(`${path} is a ${proto?.constructor?.name ?? "class instance"}, expected a Matrix, number, array or dict`);
    }
    const out: { [key: string]: Encoded } = {};
    for (const key of Object.keys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, key);
      if (!d || !("value" in d)) throw new EncodeError(`${path}["${key}"] is a getter, not data`);
      out[key] = encode(d.value, `${path}["${key}"]`, seen);
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

/** The Value that `encode` wrote. */
export function decode(e: Encoded): Value {
  if (e === null || typeof e !== "object") return e;
  if (Array.isArray(e)) return e.map(decode);
  if ("$num" in e && Object.keys(e).length === 1) return Number((e as { $num: string }).$num);
  if ("$matrix" in e && Object.keys(e).length === 1) {
    const { shape, data } = (e as { $matrix: { shape: [number, number]; data: NumToken[] } }).$matrix;
    return new Matrix(shape[0], shape[1], Float64Array.from(data, fromToken));
  }
  const out: { [key: string]: Value } = {};
  for (const [k, x] of Object.entries(e)) out[k] = decode(x as Encoded);
  return out;
}

const numTokenSchema = z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]);

/** zod schema of Encoded, for data read from a file or a child process. */
export const EncodedSchema: z.ZodType<Encoded> = z.lazy(() =>
  z.union([
    z.number(),
    z.boolean(),
    z.string(),
    z.null(),
    z.strictObject({ $num: z.enum(["NaN", "Infinity", "-Infinity"]) }),
    z
      .strictObject({
        $matrix: z.strictObject({
          shape: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
          data: z.array(numTokenSchema),
        }),
      })
      .refine((m) => m.$matrix.shape[0] * m.$matrix.shape[1] === m.$matrix.data.length, {
        message: "matrix data length does not match its shape",
      }),
    z.array(EncodedSchema),
    z.record(z.string(), EncodedSchema),
  ]),
) as z.ZodType<Encoded>;

/** A short description of a value's structure, for messages ("Matrix (2,3)", "tuple of 5", "dict W1, b1"). */
export function describe(v: Value): string {
  if (v instanceof Matrix) return `Matrix (${v.nrows},${v.ncols})`;
  if (Array.isArray(v)) return `tuple of ${v.length}`;
  if (v === null) return "null";
  if (typeof v === "object") return `dict with keys ${Object.keys(v).join(", ") || "(none)"}`;
  return typeof v;
}
