/**
 * `np`: the numpy-like surface students and solutions use.
 *
 *   import { np, Matrix } from "../lib/np/index.ts";
 *   np.random.seed(3);
 *   const W1 = np.random.randn(2, 3).mul(10);      // numpy: np.random.randn(2, 3) * 10
 *   const Z1 = np.dot(W1, X).add(b1);               // numpy: np.dot(W1, X) + b1
 *   const db1 = np.sum(dZ1, { axis: 1, keepdims: true }).div(m);
 */
import { Matrix } from "./matrix.ts";
import * as ops from "./ops.ts";
import { RandomState, globalRandomState } from "./random.ts";

export { Matrix, type Operand } from "./matrix.ts";
export { ValueError, IndexError, type Shape } from "./errors.ts";
export { RandomState } from "./random.ts";
export type { ReduceOpts, Nested, ShapeLike } from "./ops.ts";

/** The global legacy RandomState (`np.random.seed`, `np.random.randn`, …) with its class attached. */
type GlobalRandom = RandomState & { RandomState: typeof RandomState };
const random = globalRandomState as GlobalRandom;
random.RandomState = RandomState;

export const np = {
  ...ops,
  /** `np.linalg.norm` */
  linalg: { norm: ops.norm },
  random,
  /** numpy's float64 constants. */
  pi: Math.PI,
  e: Math.E,
  inf: Infinity,
  nan: NaN,
};

// ndarray methods that are one-liners over np functions: `W.dot(X)`, `dZ.sum({axis: 1, keepdims: true})`.
declare module "./matrix.ts" {
  interface Matrix {
    /** `a.dot(b)` = np.dot(a, b) */
    dot(b: Matrix | number, out?: Matrix): Matrix;
    /** `a.sum()` = np.sum(a) */
    sum(): number;
    sum(opts: ops.ReduceOpts & { axis: 0 | 1 }): Matrix;
    /** `a.mean()` = np.mean(a) */
    mean(): number;
    mean(opts: ops.ReduceOpts & { axis: 0 | 1 }): Matrix;
  }
}
Matrix.prototype.dot = function (this: Matrix, b: Matrix | number, out?: Matrix) {
  return ops.dot(this, b, out);
};
Matrix.prototype.sum = function (this: Matrix, opts?: ops.ReduceOpts) {
  return ops.sum(this, opts) as never;
};
Matrix.prototype.mean = function (this: Matrix, opts?: ops.ReduceOpts) {
  return ops.mean(this, opts) as never;
};
