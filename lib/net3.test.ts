/**
 * lib/net3.ts against the plain code it replaces: lib/nn.ts's functions and the notebooks'
 * update formulas written here with the generic np ops. Every parameter, gradient, state
 * entry and cost must be the same double (Object.is), on random data, on weights large
 * enough to saturate the sigmoid (A3 of exactly 0 or 1: the cost's log shortcut must then
 * step aside), with labels other than 0/1, and on both kernel backends' shapes.
 */
import { describe, expect, it } from "vitest";
import { GRAD_KEYS, Net3, PARAM_KEYS, net3Dims, sameDoubles } from "./net3.ts";
import {
  type Params,
  backwardPropagation,
  backwardPropagationReg,
  computeCostOpt,
  computeLoss,
  forwardPropagation,
  updateParameters,
} from "./nn.ts";
import { Matrix, np } from "./np/index.ts";

const rs = new np.random.RandomState(7);

function params(dims: number[], scale: number): Params {
  const p: Params = {};
  for (let l = 1; l < dims.length; l++) {
    p["W" + l] = (rs.randn(dims[l], dims[l - 1]) as Matrix).mul(scale);
    p["b" + l] = (rs.randn(dims[l], 1) as Matrix).mul(0.1);
  }
  return p;
}

function data(n0: number, m: number, labels: "01" | "any"): [Matrix, Matrix] {
  const X = rs.randn(n0, m) as Matrix;
  const u = rs.rand(1, m) as Matrix;
  const Y = labels === "01" ? u.lt(0.5) : u.mul(3).sub(1);
  return [X, Y];
}

const copy = (p: Params): Params => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.copy()]));

const CASES = [
  { name: "the Initialization shapes", dims: [2, 10, 5, 1], m: 300, scale: 0.5, labels: "01" },
  { name: "odd widths, saturating weights", dims: [3, 7, 3, 1], m: 41, scale: 30, labels: "01" },
  { name: "labels other than 0/1", dims: [2, 4, 2, 1], m: 9, scale: 1, labels: "any" },
  { name: "tiny products (the kernels' JS path in np.dot)", dims: [1, 2, 1, 1], m: 3, scale: 2, labels: "01" },
] as const;

describe("Net3 against lib/nn.ts", () => {
  for (const c of CASES) {
    it(`init flavour: forward, computeLoss, backwardPropagation, updateParameters (${c.name})`, () => {
      const [X, Y] = data(c.dims[0], c.m, c.labels);
      let p = params([...c.dims], c.scale);
      const net = new Net3(net3Dims(p)!, { maxCols: c.m });
      net.setParameters(p);
      net.setBatch(X.data, Y.data, c.m);
      for (let i = 0; i < 5; i++) {
        const [a3, cache] = forwardPropagation(X, p);
        const cost = computeLoss(a3, Y);
        const grads = backwardPropagation(X, Y, cache);
        p = updateParameters(p, grads, 0.05);
        net.forward();
        expect(sameDoubles({ a3 }, { a3: net.output() }, ["a3"])).toBe(true);
        expect(Object.is(net.loss(), cost)).toBe(true);
        expect(Object.is(net.costOpt(2021), computeCostOpt(a3, Y, 2021))).toBe(true);
        expect(Object.is(net.costOpt(2017), computeCostOpt(a3, Y, 2017))).toBe(true);
        net.backward("init");
        expect(sameDoubles(net.gradients(), grads, GRAD_KEYS)).toBe(true);
        net.gd(0.05);
        expect(sameDoubles(net.parameters(), p, PARAM_KEYS)).toBe(true);
      }
    });

    it(`reg flavour with L2 and dropout against the notebook's expressions (${c.name})`, () => {
      const [X, Y] = data(c.dims[0], c.m, c.labels);
      const p = params([...c.dims], c.scale);
      const m = c.m;
      for (const [lambd, keepProb] of [[0, undefined], [0.7, undefined], [0, 0.8]] as const) {
        const net = new Net3(net3Dims(p)!, { maxCols: m, dropout: true });
        net.setParameters(p);
        net.setBatch(X.data, Y.data, m);
        const D1 = (rs.rand(c.dims[1], m) as Matrix).lt(0.8);
        const D2 = (rs.rand(c.dims[2], m) as Matrix).lt(0.8);
        net.setMasks(D1.data, D2.data);
        // the plain forward
        let A1 = np.maximum(0, np.dot(p.W1, X).add(p.b1));
        if (keepProb) A1 = A1.mul(D1).div(keepProb);
        let A2 = np.maximum(0, np.dot(p.W2, A1).add(p.b2));
        if (keepProb) A2 = A2.mul(D2).div(keepProb);
        const A3 = np.divide(1, np.add(1, np.exp(np.dot(p.W3, A2).add(p.b3).neg())));
        net.forward(keepProb);
        expect(sameDoubles({ a: net.output() }, { a: A3 }, ["a"])).toBe(true);
        const l2 = (1 / m) * (lambd / 2) * (np.sum(np.square(p.W1)) + np.sum(np.square(p.W2)) + np.sum(np.square(p.W3)));
        const cost = computeLoss(A3, Y) + l2;
        expect(Object.is(lambd === 0 ? net.loss() : net.lossL2(lambd), lambd === 0 ? computeLoss(A3, Y) : cost)).toBe(true);
        // the plain backward
        const dZ3 = A3.sub(Y);
        const dW3 = np.dot(dZ3, A2.T).mul(1 / m).add(p.W3.mul(lambd / m));
        let dA2 = np.dot(p.W3.T, dZ3);
        if (keepProb) dA2 = dA2.mul(D2).div(keepProb);
        const dZ2 = dA2.mul(A2.gt(0));
        const dW2 = np.dot(dZ2, A1.T).mul(1 / m).add(p.W2.mul(lambd / m));
        let dA1 = np.dot(p.W2.T, dZ2);
        if (keepProb) dA1 = dA1.mul(D1).div(keepProb);
        const dZ1 = dA1.mul(A1.gt(0));
        const dW1 = np.dot(dZ1, X.T).mul(1 / m).add(p.W1.mul(lambd / m));
        const db = (dZ: Matrix): Matrix => np.sum(dZ, { axis: 1, keepdims: true }).mul(1 / m);
        const expected: Params = { dW1, db1: db(dZ1), dW2, db2: db(dZ2), dW3, db3: db(dZ3) };
        net.backward("reg", lambd, keepProb);
        expect(sameDoubles(net.gradients(), expected, GRAD_KEYS)).toBe(true);
        if (lambd === 0 && !keepProb) {
          const [, cache] = forwardPropagation(X, p);
          expect(sameDoubles(net.gradients(), backwardPropagationReg(X, Y, cache), GRAD_KEYS)).toBe(true);
        }
      }
    });
  }

  it("momentum and Adam steps equal the notebooks' formulas, over several steps", () => {
    const dims = [2, 5, 2, 1];
    const [X, Y] = data(2, 64, "01");
    const p0 = params(dims, 1);
    for (const opt of ["momentum", "adam"] as const) {
      const net = new Net3(net3Dims(p0)!, { maxCols: 64, optimizer: opt });
      net.setParameters(p0);
      const zeros = Object.fromEntries(GRAD_KEYS.map((k) => [k, np.zerosLike(p0[k.slice(1)])]));
      net.setState("v", zeros);
      if (opt === "adam") net.setState("s", zeros);
      let p = copy(p0);
      const v = copy(zeros);
      const s = copy(zeros);
      for (let t = 1; t <= 4; t++) {
        const Xb = X.cols(0, 64 - t); // a different batch width each step
        const Yb = Y.cols(0, 64 - t);
        net.setBatch(Xb.data, Yb.data, 64 - t);
        const [, cache] = forwardPropagation(Xb, p);
        const g = backwardPropagation(Xb, Yb, cache);
        net.forward();
        net.backward("init");
        const lr = 0.01;
        for (let l = 1; l <= 3; l++) {
          for (const [P, G] of [["W" + l, "dW" + l], ["b" + l, "db" + l]]) {
            if (opt === "momentum") {
              v[G] = v[G].mul(0.9).add(g[G].mul(1 - 0.9));
              p[P] = p[P].sub(v[G].mul(lr));
            } else {
              v[G] = v[G].mul(0.9).add(g[G].mul(1 - 0.9));
              const vc = v[G].div(1 - 0.9 ** t);
              s[G] = s[G].mul(0.999).add(np.square(g[G]).mul(1 - 0.999));
              const sc = s[G].div(1 - 0.999 ** t);
              p[P] = p[P].sub(vc.mul(lr).div(np.sqrt(sc).add(1e-8)));
            }
          }
        }
        if (opt === "momentum") net.momentum(0.9, lr);
        else net.adam(t, lr, 0.9, 0.999, 1e-8);
        expect(sameDoubles(net.parameters(), p, PARAM_KEYS)).toBe(true);
        expect(sameDoubles(net.state("v"), v, GRAD_KEYS)).toBe(true);
        if (opt === "adam") expect(sameDoubles(net.state("s"), s, GRAD_KEYS)).toBe(true);
        p = net.parameters();
      }
    }
  });

  it("gathers a batch as X[:, permutation][:, from:from+m]", () => {
    const [X, Y] = data(2, 10, "01");
    const net = new Net3([2, 3, 2, 1], { maxCols: 4 });
    const perm = rs.permutation(10);
    net.gatherBatch(X.data, Y.data, 10, perm, 4, 4);
    const [bx, by] = net.batch();
    expect(sameDoubles({ x: bx, y: by }, { x: X.take(perm, { axis: 1 }).cols(4, 8), y: Y.take(perm, { axis: 1 }).cols(4, 8) }, ["x", "y"])).toBe(true);
  });

  it("net3Dims accepts only a 3-layer dict of consistent shapes", () => {
    expect(net3Dims(params([2, 4, 3, 1], 1))).toEqual([2, 4, 3, 1]);
    expect(net3Dims(params([2, 4, 1], 1))).toBeNull();
    const bad = params([2, 4, 3, 1], 1);
    bad.b2 = np.zeros([4, 1]);
    expect(net3Dims(bad)).toBeNull();
  });
});
