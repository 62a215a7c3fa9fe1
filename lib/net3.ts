/**
 * Net3: the course's 3-layer network (LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID)
 * trained in place, for the notebooks' model() drivers. Every matrix — parameters,
 * the data of the current (mini-)batch, activations, gradients, optimiser state — lives
 * at a fixed offset of one kernel arena (lib/np/kernels.ts: a wasm memory of its own),
 * so an iteration allocates nothing and the products run on it without copies.
 *
 * Each step computes exactly the floating-point operations, in the same order, of the
 * numpy-like code it replaces (lib/nn.ts's forwardPropagation, computeLoss / computeCost /
 * computeCostOpt, backwardPropagation / backwardPropagationReg, updateParameters, and the
 * notebooks' reference L2, dropout, momentum and Adam formulas, written next to each loop),
 * so trained parameters and costs are the same doubles: lib/net3.test.ts checks that
 * against the plain code. Parameters and gradients are stored in the dictionaries' order
 * (W1, b1, W2, b2, W3, b3), so an update is one loop over all of them.
 */
import { logprob, type Params } from "./nn.ts";
import { Matrix } from "./np/matrix.ts";
import { kernelArena, type KernelArena } from "./np/kernels.ts";

const KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"] as const;

/** Layer sizes [n0, n1, n2, n3] of a 3-layer parameter dict, or null when it is not one. */
export function net3Dims(parameters: Params): [number, number, number, number] | null {
  const W1 = parameters["W1"], b1 = parameters["b1"], W2 = parameters["W2"];
  const b2 = parameters["b2"], W3 = parameters["W3"], b3 = parameters["b3"];
  if (Object.keys(parameters).length !== 6) return null;
  if (![W1, b1, W2, b2, W3, b3].every((x) => x instanceof Matrix)) return null;
  const [n1, n0] = [W1.nrows, W1.ncols];
  const n2 = W2.nrows;
  const n3 = W3.nrows;
  const ok =
    b1.nrows === n1 && b1.ncols === 1 && W2.ncols === n1 && b2.nrows === n2 && b2.ncols === 1 &&
    W3.ncols === n2 && b3.nrows === n3 && b3.ncols === 1;
  return ok ? [n0, n1, n2, n3] : null;
}

export interface Net3Options {
  /** The largest number of columns (examples) a batch will have. */
  maxCols: number;
  /** Room for momentum's v ("momentum") or Adam's v and s ("adam"). */
  optimizer?: "gd" | "momentum" | "adam";
  /** Room for dropout masks D1, D2. */
  dropout?: boolean;
}

export class Net3 {
  readonly n0: number;
  readonly n1: number;
  readonly n2: number;
  readonly n3: number;
  /** Columns of the current batch (set by setBatch). */
  m = 0;
  private readonly ar: KernelArena;
  private readonly h: Float64Array;
  private readonly sizes: number[];
  // offsets into the arena, in doubles
  private readonly oP: number; // W1 b1 W2 b2 W3 b3
  private readonly oG: number; // dW1 db1 dW2 db2 dW3 db3
  private readonly oV: number;
  private readonly oS: number;
  private readonly oX: number;
  private readonly oY: number;
  private readonly oZ1: number;
  private readonly oA1: number;
  private readonly oZ2: number;
  private readonly oA2: number;
  private readonly oZ3: number;
  private readonly oA3: number;
  private readonly oD1: number;
  private readonly oD2: number;
  private readonly oDz3: number;
  private readonly oDa2: number;
  private readonly oDz2: number;
  private readonly oDa1: number;
  private readonly oDz1: number;
  private readonly oT: number; // scratch: cost terms, squares
  /** Offsets of W1, b1, … inside P (and of dW1, db1, … inside G). */
  private readonly at: number[];
  readonly nParams: number;

  constructor(dims: readonly [number, number, number, number], opts: Net3Options) {
    const [n0, n1, n2, n3] = dims;
    this.n0 = n0;
    this.n1 = n1;
    this.n2 = n2;
    this.n3 = n3;
    const M = opts.maxCols;
    this.sizes = [n1 * n0, n1, n2 * n1, n2, n3 * n2, n3];
    this.at = [];
    let np_ = 0;
    for (const s of this.sizes) {
      this.at.push(np_);
      np_ += s;
    }
    this.nParams = np_;
    let top = 0;
    const take = (n: number): number => {
      const o = top;
      top += n + (n & 1); // keep every block 16-byte aligned for the f64x2 kernels
      return o;
    };
    this.oP = take(np_);
    this.oG = take(np_);
    this.oV = opts.optimizer === "momentum" || opts.optimizer === "adam" ? take(np_) : -1;
    this.oS = opts.optimizer === "adam" ? take(np_) : -1;
    this.oX = take(n0 * M);
    this.oY = take(n3 * M);
    this.oZ1 = take(n1 * M);
    this.oA1 = take(n1 * M);
    this.oZ2 = take(n2 * M);
    this.oA2 = take(n2 * M);
    this.oZ3 = take(n3 * M);
    this.oA3 = take(n3 * M);
    this.oD1 = opts.dropout ? take(n1 * M) : -1;
    this.oD2 = opts.dropout ? take(n2 * M) : -1;
    this.oDz3 = take(n3 * M);
    this.oDa2 = take(n2 * M);
    this.oDz2 = take(n2 * M);
    this.oDa1 = take(n1 * M);
    this.oDz1 = take(n1 * M);
    this.oT = take(Math.max(n3 * M, np_));
    this.ar = kernelArena(top);
    this.h = this.ar.heap;
  }

  /** A view of `n` doubles of the arena at offset `o`. */
  private v(o: number, n: number): Float64Array {
    return this.h.subarray(o, o + n);
  }

  // ---------------------------------------------------------------- in and out

  /** Copy a parameter dict (W1, b1, …, b3 of this net's shapes) in. */
  setParameters(parameters: Params): void {
    KEYS.forEach((k, i) => this.h.set(parameters[k].data, this.oP + this.at[i]));
  }

  /** The parameters as a new dict of new matrices. */
  parameters(): Params {
    return this.dict(this.oP, KEYS);
  }

  /** dW1, db1, … as a new dict (for checks). */
  gradients(): Params {
    return this.dict(this.oG, ["dW1", "db1", "dW2", "db2", "dW3", "db3"]);
  }

  /** The optimiser state v (momentum, Adam) or s (Adam) as a new dict keyed dW1, db1, …. */
  state(which: "v" | "s"): Params {
    return this.dict(which === "v" ? this.oV : this.oS, ["dW1", "db1", "dW2", "db2", "dW3", "db3"]);
  }

  /** Copy a state dict (keyed dW1, db1, …) in. */
  setState(which: "v" | "s", d: Params): void {
    const o = which === "v" ? this.oV : this.oS;
    ["dW1", "db1", "dW2", "db2", "dW3", "db3"].forEach((k, i) => this.h.set(d[k].data, o + this.at[i]));
  }

  private dict(o: number, keys: readonly string[]): Params {
    const shapes: [number, number][] = [
      [this.n1, this.n0], [this.n1, 1], [this.n2, this.n1], [this.n2, 1], [this.n3, this.n2], [this.n3, 1],
    ];
    const out: Params = {};
    keys.forEach((k, i) => {
      const [r, c] = shapes[i];
      out[k] = new Matrix(r, c, this.h.slice(o + this.at[i], o + this.at[i] + r * c));
    });
    return out;
  }

  /** Load a batch: X (n0×m) and Y (n3×m), both row-major. */
  setBatch(X: Float64Array, Y: Float64Array, m: number): void {
    this.m = m;
    this.h.set(X.subarray(0, this.n0 * m), this.oX);
    this.h.set(Y.subarray(0, this.n3 * m), this.oY);
  }

  /** Load the batch X[:, idx[from:from+m]], Y[:, idx[…]] of a full X (n0×cols), Y (n3×cols): `X[:, permutation]` sliced. */
  gatherBatch(X: Float64Array, Y: Float64Array, cols: number, idx: ArrayLike<number>, from: number, m: number): void {
    this.m = m;
    const h = this.h;
    for (let r = 0; r < this.n0; r++) {
      const src = r * cols;
      const dst = this.oX + r * m;
      for (let j = 0; j < m; j++) h[dst + j] = X[src + idx[from + j]];
    }
    for (let r = 0; r < this.n3; r++) {
      const src = r * cols;
      const dst = this.oY + r * m;
      for (let j = 0; j < m; j++) h[dst + j] = Y[src + idx[from + j]];
    }
  }

  /** The batch currently loaded, as new matrices [X, Y]. */
  batch(): [Matrix, Matrix] {
    const { n0, n3, m } = this;
    return [new Matrix(n0, m, this.v(this.oX, n0 * m).slice()), new Matrix(n3, m, this.v(this.oY, n3 * m).slice())];
  }

  /** Dropout masks D1 (n1×m), D2 (n2×m), 0/1, for the current batch width. */
  setMasks(D1: Float64Array, D2: Float64Array): void {
    this.h.set(D1.subarray(0, this.n1 * this.m), this.oD1);
    this.h.set(D2.subarray(0, this.n2 * this.m), this.oD2);
  }

  /** A3 of the last forward pass, as a new matrix. */
  output(): Matrix {
    return new Matrix(this.n3, this.m, this.v(this.oA3, this.n3 * this.m).slice());
  }

  // ---------------------------------------------------------------- forward

  /**
   * Z_l = np.dot(W_l, A_{l−1}).add(b_l); A_l = relu(Z_l) for l = 1, 2 and sigmoid(Z3) (the
   * arena keeps np.dot(W_l, A_{l−1}) only: nothing downstream reads Z_l itself). With
   * `keepProb` (dropout, masks from setMasks): A_l = relu(Z_l).mul(D_l).div(keepProb), l = 1, 2.
   */
  forward(keepProb?: number): void {
    const { n0, n1, n2, n3, m, ar, at, oP } = this;
    ar.matmul(oP + at[0], this.oX, this.oZ1, n1, n0, m);
    this.biasRelu(this.oZ1, this.oA1, oP + at[1], n1, keepProb === undefined ? -1 : this.oD1, keepProb ?? 1);
    ar.matmul(oP + at[2], this.oA1, this.oZ2, n2, n1, m);
    this.biasRelu(this.oZ2, this.oA2, oP + at[3], n2, keepProb === undefined ? -1 : this.oD2, keepProb ?? 1);
    ar.matmul(oP + at[4], this.oA2, this.oZ3, n3, n2, m);
    ar.biasSigmoid(this.oZ3, this.oA3, oP + at[5], n3, m); // sigmoid(Z3 + b3), 1 / (1 + Math.exp(-z))
  }

  private biasRelu(oZ: number, oA: number, ob: number, rows: number, oD: number, keepProb: number): void {
    if (oD < 0) this.ar.biasRelu(oZ, oA, ob, rows, this.m);
    else this.ar.biasReluDrop(oZ, oA, ob, oD, rows, this.m, keepProb);
  }

  // ---------------------------------------------------------------- costs

  /**
   * The sum of logprobs(A3, Y) in numpy's pairwise order; `nan`: NaN terms count 0 (np.nansum).
   * With a label y of 0 or 1 and 0 < a < 1 one of the two logs is known without computing it:
   * log(a)·(−1)·0 is +0 (log a < 0), and log(1 − a)·(−1)·0 is +0, or −0 when 1 − a rounds to 1
   * (log 1 = +0); the sum with it is written out, so the term is the same double.
   */
  private logprobsSum(nan: boolean): number {
    const h = this.h;
    const n = this.n3 * this.m;
    const oA = this.oA3;
    const oY = this.oY;
    const oT = this.oT;
    for (let i = 0; i < n; i++) {
      const a = h[oA + i];
      const y = h[oY + i];
      let v: number;
      if (a > 0 && a < 1 && y === 1) v = Math.log(a) * -1 * 1 + (1 - a < 1 ? 0 : -0);
      else if (a > 0 && a < 1 && y === 0) v = 0 + Math.log(1 - a) * -1 * 1;
      else v = logprob(a, y);
      h[oT + i] = nan && v !== v ? 0 : v;
    }
    return this.ar.sum(oT, n);
  }

  /** computeLoss / computeCost: (1/m)·nansum(logprobs). */
  loss(): number {
    return (1 / this.m) * this.logprobsSum(true);
  }

  /** computeCostOpt, 2021: the sum of the batch's logprobs; 2017: their mean. */
  costOpt(version: 2017 | 2021): number {
    const total = this.logprobsSum(false);
    return version === 2017 ? (1 / this.m) * total : total;
  }

  /**
   * computeCostWithRegularization: loss() + (1/m)·(λ/2)·(np.sum(np.square(W1)) + … W2 … + … W3).
   */
  lossL2(lambd: number): number {
    const crossEntropyCost = this.loss();
    const sq = (l: 0 | 2 | 4): number => {
      const h = this.h;
      const o = this.oP + this.at[l];
      const n = this.sizes[l];
      const oT = this.oT;
      for (let i = 0; i < n; i++) {
        const w = h[o + i];
        h[oT + i] = w * w;
      }
      return this.ar.sum(oT, n);
    };
    const L2RegularizationCost = (1 / this.m) * (lambd / 2) * (sq(0) + sq(2) + sq(4));
    return crossEntropyCost + L2RegularizationCost;
  }

  // ---------------------------------------------------------------- backward

  /**
   * The backward pass into G (dW1, db1, …, db3).
   * "init" = lib/nn.ts backwardPropagation: dz3 = (a3 − Y)·(1/m), dW = dz·aᵀ, db = Σ dz.
   * "reg" = backwardPropagationReg: dZ3 = A3 − Y, dW = (dZ·Aᵀ)·(1/m), db = (Σ dZ)·(1/m); with
   * `lambd` ≠ 0 the L2 term: dW = (dZ·Aᵀ)·(1/m) + W·(λ/m); with `keepProb` (dropout)
   * dA_l = (dA_l · D_l) / keepProb before the ReLU mask. dZ_l = dA_l · (A_l > 0).
   */
  backward(flavour: "init" | "reg", lambd = 0, keepProb?: number): void {
    const { n0, n1, n2, n3, m, ar, at, h, oP, oG } = this;
    const scale = 1 / m;
    const oDz3 = this.oDz3;
    // init: dz3 = (a3 − Y)·(1/m); reg: dZ3 = A3 − Y
    ar.diffScale(this.oA3, this.oY, oDz3, n3 * m, flavour === "init" ? scale : undefined);
    const s = flavour === "init" ? undefined : scale;
    const l2 = lambd !== 0 ? lambd / m : 0;
    // layer 3
    this.dW(oDz3, this.oA2, oG + at[4], n3, n2, s, lambd !== 0 ? oP + at[4] : -1, l2);
    this.rowSums(oDz3, oG + at[5], n3, s);
    if (n3 === 1 && keepProb === undefined) {
      // dA2 = W3ᵀ·dZ3 (k = 1) and dZ2 = dA2 · (A2 > 0) in one pass (dA2 is not kept: nothing reads it)
      ar.outerReluBack(oP + at[4], oDz3, this.oA2, this.oDz2, n2, m);
    } else {
      ar.matmulTN(oP + at[4], oDz3, this.oDa2, n2, n3, m);
      this.reluBackward(this.oDa2, this.oA2, this.oDz2, n2 * m, keepProb === undefined ? -1 : this.oD2, keepProb ?? 1);
    }
    // layer 2
    this.dW(this.oDz2, this.oA1, oG + at[2], n2, n1, s, lambd !== 0 ? oP + at[2] : -1, l2);
    this.rowSums(this.oDz2, oG + at[3], n2, s);
    ar.matmulTN(oP + at[2], this.oDz2, this.oDa1, n1, n2, m);
    this.reluBackward(this.oDa1, this.oA1, this.oDz1, n1 * m, keepProb === undefined ? -1 : this.oD1, keepProb ?? 1);
    // layer 1
    this.dW(this.oDz1, this.oX, oG + at[0], n1, n0, s, lambd !== 0 ? oP + at[0] : -1, l2);
    this.rowSums(this.oDz1, oG + at[1], n1, s);
  }

  /** dW (r×c) = np.dot(dZ, A.T) [.mul(scale)] [.add(W.mul(λ/m))], dZ (r×m), A (c×m). */
  private dW(oDz: number, oA: number, oOut: number, r: number, c: number, scale: number | undefined, oW: number, l2: number): void {
    this.ar.matmulNT(oDz, oA, oOut, r, this.m, c);
    if (scale === undefined) return;
    const h = this.h;
    const n = r * c;
    if (oW < 0) {
      for (let i = 0; i < n; i++) h[oOut + i] = h[oOut + i] * scale;
    } else {
      for (let i = 0; i < n; i++) h[oOut + i] = h[oOut + i] * scale + h[oW + i] * l2;
    }
  }

  /** db (r×1) = np.sum(dZ, {axis: 1, keepdims: true}) [.mul(scale)]. */
  private rowSums(oDz: number, oOut: number, r: number, scale: number | undefined): void {
    this.ar.rowSums(oDz, oOut, r, this.m, scale);
  }

  /** dZ = dA.mul(A.gt(0)); with a mask first dA = dA.mul(D).div(keepProb) (kept in dA, as the notebook's). */
  private reluBackward(oDa: number, oA: number, oDz: number, n: number, oD: number, keepProb: number): void {
    if (oD < 0) this.ar.reluBack(oDa, oA, oDz, n);
    else this.ar.reluBackDrop(oDa, oA, oD, oDz, n, keepProb);
  }

  // ---------------------------------------------------------------- updates (element by element over P)

  /** Gradient descent: p = p.sub(g.mul(lr)). */
  gd(learningRate: number): void {
    this.ar.gdStep(this.oP, this.oG, this.nParams, learningRate);
  }

  /** Momentum: v = v.mul(β).add(g.mul(1 − β)); p = p.sub(v.mul(lr)). */
  momentum(beta: number, learningRate: number): void {
    const { h, oP, oG, oV, nParams: n } = this;
    const c = 1 - beta;
    for (let i = 0; i < n; i++) {
      const v = h[oV + i] * beta + h[oG + i] * c;
      h[oV + i] = v;
      h[oP + i] = h[oP + i] - v * learningRate;
    }
  }

  /**
   * Adam, step t: v = v·β1 + g·(1 − β1); v̂ = v / (1 − β1^t); s = s·β2 + g²·(1 − β2);
   * ŝ = s / (1 − β2^t); p = p − (v̂·lr) / (√ŝ + ε).
   */
  adam(t: number, learningRate: number, beta1: number, beta2: number, epsilon: number): void {
    const { h, oP, oG, oV, oS, nParams: n } = this;
    const c1 = 1 - beta1;
    const c2 = 1 - beta2;
    const d1 = 1 - beta1 ** t;
    const d2 = 1 - beta2 ** t;
    for (let i = 0; i < n; i++) {
      const g = h[oG + i];
      const v = h[oV + i] * beta1 + g * c1;
      h[oV + i] = v;
      const vc = v / d1;
      const s = h[oS + i] * beta2 + g * g * c2;
      h[oS + i] = s;
      const sc = s / d2;
      h[oP + i] = h[oP + i] - (vc * learningRate) / (Math.sqrt(sc) + epsilon);
    }
  }
}

/** Whether two dicts hold the same doubles under the given keys (Object.is: -0 ≠ 0, NaN = NaN). */
export function sameDoubles(a: Params, b: Params, keys: readonly string[]): boolean {
  for (const k of keys) {
    const x = a[k];
    const y = b[k];
    if (!(x instanceof Matrix && y instanceof Matrix) || x.nrows !== y.nrows || x.ncols !== y.ncols) return false;
    for (let i = 0; i < x.data.length; i++) if (!Object.is(x.data[i], y.data[i])) return false;
  }
  return true;
}

export const PARAM_KEYS = KEYS;
export const GRAD_KEYS = ["dW1", "db1", "dW2", "db2", "dW3", "db3"] as const;
