// The JS backend: the algorithms of assembly/ in scalar float64 (src/js/math.ts), same passes and formulas.
import type { Kernels, PointOp } from '../backend.js';
import type { FloatArray } from '../types.js';
import { exp, exp32, log, log1p, log1pUnit32, sigmoidFromE } from './math.js';
import { scalarOps, smooth, type ScalarOp } from './ops.js';

// The hot reduced case (loss total and gradient) four elements at a time: four independent sums let the
// additions overlap instead of waiting on one another.
function mseGrad(x: FloatArray, y: FloatArray, grad: FloatArray, scale: number): number {
  const n = x.length, k = 2 * scale;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    const d0 = x[i] - y[i], d1 = x[i + 1] - y[i + 1], d2 = x[i + 2] - y[i + 2], d3 = x[i + 3] - y[i + 3];
    s0 += d0 * d0; s1 += d1 * d1; s2 += d2 * d2; s3 += d3 * d3;
    grad[i] = k * d0; grad[i + 1] = k * d1; grad[i + 2] = k * d2; grad[i + 3] = k * d3;
  }
  for (; i < n; i++) { const d = x[i] - y[i]; s0 += d * d; grad[i] = k * d; }
  return (s0 + s1) + (s2 + s3);
}

const sign = (d: number): number => (+(d > 0)) - (+(d < 0)); // no data-dependent branch

function l1Grad(x: FloatArray, y: FloatArray, grad: FloatArray, scale: number): number {
  const n = x.length;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    const d0 = x[i] - y[i], d1 = x[i + 1] - y[i + 1], d2 = x[i + 2] - y[i + 2], d3 = x[i + 3] - y[i + 3];
    s0 += Math.abs(d0); s1 += Math.abs(d1); s2 += Math.abs(d2); s3 += Math.abs(d3);
    grad[i] = scale * sign(d0); grad[i + 1] = scale * sign(d1); grad[i + 2] = scale * sign(d2); grad[i + 3] = scale * sign(d3);
  }
  for (; i < n; i++) { const d = x[i] - y[i]; s0 += Math.abs(d); grad[i] = scale * sign(d); }
  return (s0 + s1) + (s2 + s3);
}

// BCE with logits, one loop per dtype so each calls its own exp and log1p directly (float32 data on the
// float32 kernels' algorithms).
function bceLogits32(x: FloatArray, y: FloatArray, loss: FloatArray | null, grad: FloatArray | null, scale: number, eps: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i], yi = smooth(y[i], eps);
    const e = exp32(-Math.abs(xi));
    const l = (1 - yi) * xi - ((0 < xi ? 0 : xi) - log1pUnit32(e));
    s += l;
    if (loss !== null) loss[i] = l;
    if (grad !== null) grad[i] = scale * (sigmoidFromE(xi, e) - yi);
  }
  return s;
}

function bceLogits64(x: FloatArray, y: FloatArray, loss: FloatArray | null, grad: FloatArray | null, scale: number, eps: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i], yi = smooth(y[i], eps);
    const e = exp(-Math.abs(xi));
    const l = (1 - yi) * xi - ((0 < xi ? 0 : xi) - log1p(e));
    s += l;
    if (loss !== null) loss[i] = l;
    if (grad !== null) grad[i] = scale * (sigmoidFromE(xi, e) - yi);
  }
  return s;
}

const BCE_EPS = Math.fround(1e-12); // PyTorch's float EPSILON, in every dtype

type Fast = (x: FloatArray, y: FloatArray, loss: FloatArray | null, grad: FloatArray | null, scale: number, param: number) => number;

/**
 * Unweighted element-wise losses as one tight loop each (the common case; weights go through the generic
 * segment loop): no call per element, and float32 data on the float32 algorithms (exp32, log1pUnit32).
 */
const fast: Partial<Record<PointOp, Fast>> = {
  mse(x, y, loss, grad, scale) {
    if (loss === null && grad !== null) return mseGrad(x, y, grad, scale);
    let s = 0;
    const k = 2 * scale;
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - y[i];
      s += d * d;
      if (loss !== null) loss[i] = d * d;
      if (grad !== null) grad[i] = k * d;
    }
    return s;
  },
  l1(x, y, loss, grad, scale) {
    if (loss === null && grad !== null) return l1Grad(x, y, grad, scale);
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const d = x[i] - y[i];
      const a = Math.abs(d);
      s += a;
      if (loss !== null) loss[i] = a;
      if (grad !== null) grad[i] = scale * sign(d);
    }
    return s;
  },
  bce(x, y, loss, grad, scale, eps) {
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i], yi = smooth(y[i], eps);
      const lx = log(xi), l1x = log1p(-xi);
      const l = (yi - 1) * (l1x > -100 ? l1x : -100) - yi * (lx > -100 ? lx : -100);
      s += l;
      if (loss !== null) loss[i] = l;
      if (grad !== null) grad[i] = scale * ((xi - yi) / Math.max((1 - xi) * xi, BCE_EPS));
    }
    return s;
  },
  bceLogits(x, y, loss, grad, scale, eps) {
    return x instanceof Float32Array ? bceLogits32(x, y, loss, grad, scale, eps) : bceLogits64(x, y, loss, grad, scale, eps);
  },
};

function pointwiseSegment(
  op: ScalarOp, x: FloatArray, y: FloatArray, w: FloatArray | null, wOff: number, pw: FloatArray | null,
  pwOff: number, go: FloatArray | null, loss: FloatArray | null, grad: FloatArray | null, scale: number,
  prm: number, prm2: number, start: number, end: number,
): number {
  let total = 0;
  for (let i = start; i < end; i++) {
    const xi = x[i], yi = y[i];
    const pwi = pw === null ? 1 : pw[i - pwOff];
    const wi = w === null ? 1 : w[i - wOff];
    const l = op.loss(xi, yi, pwi, prm, prm2) * wi;
    total += l;
    if (loss !== null) loss[i] = l;
    if (grad !== null) grad[i] = op.grad(xi, yi, pwi, prm, prm2) * wi * scale * (go === null ? 1 : go[i]);
  }
  return total;
}

function pointwise(
  opName: PointOp, x: FloatArray, y: FloatArray, w: FloatArray | null, pw: FloatArray | null, period: number,
  go: FloatArray | null, loss: FloatArray | null, grad: FloatArray | null, scale: number, param: number,
  param2: number,
): number {
  const op = scalarOps[opName];
  const n = x.length;
  const f = fast[opName];
  if (f !== undefined && w === null && pw === null && go === null) return f(x, y, loss, grad, scale, param);
  if (period >= n) return pointwiseSegment(op, x, y, w, 0, pw, 0, go, loss, grad, scale, param, param2, 0, n);
  let total = 0;
  for (let base = 0; base < n; base += period) {
    const wOff = w !== null && w.length < n ? base : 0;
    const pwOff = pw !== null && pw.length < n ? base : 0;
    total += pointwiseSegment(op, x, y, w, wOff, pw, pwOff, go, loss, grad, scale, param, param2, base, base + period);
  }
  return total;
}

/** Σ exp(x_c - m) over a row, storing the terms into e when given (exp32 for float32 data). */
function rowExpSum(x: FloatArray, off: number, C: number, D: number, m: number, e: FloatArray | null): number {
  let sum = 0;
  const end = off + C * D;
  if (x instanceof Float32Array) {
    for (let i = off; i < end; i += D) {
      const v = exp32(x[i] - m);
      sum += v;
      if (e !== null) e[i] = v;
    }
  } else {
    for (let i = off; i < end; i += D) {
      const v = exp(x[i] - m);
      sum += v;
      if (e !== null) e[i] = v;
    }
  }
  return sum;
}

/** max over the row; NaN when one is NaN (the sum of exponentials would carry it anyway). */
function rowMax(x: FloatArray, off: number, C: number, D: number): number {
  let m = -Infinity;
  const end = off + C * D;
  for (let i = off; i < end; i += D) {
    const v = x[i];
    m = v > m ? v : m;
  }
  return m;
}

/** One row of cross-entropy (formulas in assembly/losses/cross_entropy.ts). */
function ceRow(
  x: FloatArray, off: number, tt: number, y: FloatArray | null, w: FloatArray | null, W: number, C: number,
  D: number, eps: number, g: FloatArray | null, s: number,
): number {
  const m = rowMax(x, off, C, D);
  const k0 = eps / C, k1 = 1 - eps;
  const sum = rowExpSum(x, off, C, D, m, g);
  const ls = log(sum);
  if (y !== null) {
    let A = 0, svd = 0;
    for (let c = 0, i = off; c < C; c++, i += D) {
      const v = (w === null ? 1 : w[c]) * (k1 * y[i] + k0);
      A += v;
      svd += v * (x[i] - m);
    }
    if (g !== null) {
      const a = (s * A) / sum;
      for (let c = 0, i = off; c < C; c++, i += D) g[i] = a * g[i] - s * (w === null ? 1 : w[c]) * (k1 * y[i] + k0);
    }
    return ls * A - svd;
  }
  const wt = w === null ? 1 : w[tt];
  const dt = x[off + tt * D] - m;
  let l = k1 * wt * (ls - dt);
  if (eps !== 0) {
    let svd = 0;
    for (let c = 0, i = off; c < C; c++, i += D) svd += (w === null ? 1 : w[c]) * (x[i] - m);
    l += k0 * (ls * W - svd);
  }
  if (g !== null) {
    const a = ((k1 * wt + k0 * W) * s) / sum, b = k0 * s;
    const end = off + C * D;
    if (b === 0) for (let i = off; i < end; i += D) g[i] *= a;
    else for (let c = 0, i = off; c < C; c++, i += D) g[i] = a * g[i] - b * (w === null ? 1 : w[c]);
    g[off + tt * D] -= k1 * wt * s;
  }
  return l;
}

function crossEntropy(
  x: FloatArray, t: Int32Array | null, y: FloatArray | null, w: FloatArray | null, N: number, C: number, D: number,
  ignore: number, eps: number, loss: FloatArray | null, grad: FloatArray | null, scale: number, go: FloatArray | null,
): number {
  let W = C;
  if (w !== null) { W = 0; for (let c = 0; c < C; c++) W += w[c]; }
  let total = 0;
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const r = n * D + d, off = n * C * D + d;
      const tt = t === null ? 0 : t[r];
      let l = 0;
      if (t !== null && tt === ignore) {
        if (grad !== null) for (let c = 0; c < C; c++) grad[off + c * D] = 0;
      } else {
        l = ceRow(x, off, tt, y, w, W, C, D, eps, grad, go === null ? scale : scale * go[r]);
      }
      if (loss !== null) loss[r] = l;
      total += l;
    }
  }
  return total;
}

function nll(
  x: FloatArray, t: Int32Array, w: FloatArray | null, N: number, C: number, D: number, ignore: number,
  loss: FloatArray | null, grad: FloatArray | null, scale: number, go: FloatArray | null,
): number {
  if (grad !== null) grad.fill(0);
  let total = 0;
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const r = n * D + d, tt = t[r];
      let l = 0;
      if (tt !== ignore) {
        const wt = w === null ? 1 : w[tt];
        const i = (n * C + tt) * D + d;
        l = -wt * x[i];
        if (grad !== null) grad[i] = -wt * (go === null ? scale : scale * go[r]);
      }
      if (loss !== null) loss[r] = l;
      total += l;
    }
  }
  return total;
}

function softmax(x: FloatArray, out: FloatArray, N: number, C: number, D: number, isLog: boolean): void {
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const off = n * C * D + d;
      const m = rowMax(x, off, C, D);
      const sum = rowExpSum(x, off, C, D, m, isLog ? null : out);
      if (isLog) {
        const ls = log(sum);
        for (let c = 0, i = off; c < C; c++, i += D) out[i] = (x[i] - m) - ls;
      } else {
        const a = 1 / sum;
        for (let c = 0, i = off; c < C; c++, i += D) out[i] *= a;
      }
    }
  }
}

/** Cosine embedding (formulas in assembly/losses/cosine.ts). */
function cosineEmbedding(
  x1: FloatArray, x2: FloatArray, y: FloatArray, N: number, D: number, margin: number, loss: FloatArray | null,
  g1: FloatArray | null, g2: FloatArray | null, scale: number, go: FloatArray | null,
): number {
  const eps = x1 instanceof Float32Array ? Math.fround(1e-12) : 1e-12;
  let total = 0;
  for (let n = 0, o = 0; n < N; n++, o += D) {
    let P = 0, S1 = 0, S2 = 0;
    for (let i = o; i < o + D; i++) { P += x1[i] * x2[i]; S1 += x1[i] * x1[i]; S2 += x2[i] * x2[i]; }
    const m1 = S1 + eps, m2 = S2 + eps, den = Math.sqrt(m1 * m2), cos = P / den;
    const s = go === null ? scale : scale * go[n];
    let l = 0, k = 0;
    if (y[n] === 1) { l = 1 - cos; k = -s; }
    else if (y[n] === -1) { const u = cos - margin; l = u > 0 ? u : 0; k = u >= 0 ? s : 0; }
    if (loss !== null) loss[n] = l;
    total += l;
    if (g1 !== null && g2 !== null) {
      for (let i = o; i < o + D; i++) {
        g1[i] = (k / den) * x2[i] - ((k * cos) / m1) * x1[i];
        g2[i] = (k / den) * x1[i] - ((k * cos) / m2) * x2[i];
      }
    }
  }
  return total;
}

/** Multi margin (formulas in assembly/losses/margins.ts). */
function multiMargin(
  x: FloatArray, t: Int32Array, w: FloatArray | null, N: number, C: number, p: 1 | 2, margin: number,
  loss: FloatArray | null, grad: FloatArray | null, scale: number, go: FloatArray | null,
): number {
  let total = 0;
  for (let n = 0, o = 0; n < N; n++, o += C) {
    const y = t[n], wy = w === null ? 1 : w[y];
    const k = (wy / C) * (go === null ? scale : scale * go[n]);
    const base = margin - x[o + y];
    let sum = 0, gy = 0;
    for (let i = 0; i < C; i++) {
      if (i === y) continue;
      const z = base + x[o + i];
      if (z > 0) sum += p === 2 ? z * z : z;
      if (grad !== null) { const g = z > 0 ? (p === 2 ? 2 * z : 1) * k : 0; grad[o + i] = g; gy += g; }
    }
    if (grad !== null) grad[o + y] = -gy;
    const l = (sum * wy) / C;
    if (loss !== null) loss[n] = l;
    total += l;
  }
  return total;
}

/** Multilabel margin (formulas in assembly/losses/margins.ts). */
function multilabelMargin(
  x: FloatArray, t: Int32Array, N: number, C: number, loss: FloatArray | null, grad: FloatArray | null,
  scale: number, go: FloatArray | null,
): number {
  if (grad !== null) grad.fill(0);
  const mark = new Uint8Array(C);
  let total = 0;
  for (let n = 0, o = 0; n < N; n++, o += C) {
    mark.fill(0);
    let k = 0;
    for (; k < C && t[o + k] >= 0; k++) mark[t[o + k]] = 1;
    const s = (go === null ? scale : scale * go[n]) / C;
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const yj = t[o + j], xy = x[o + yj];
      for (let i = 0; i < C; i++) {
        if (mark[i]) continue;
        const z = 1 - xy + x[o + i];
        if (z > 0) {
          sum += z;
          if (grad !== null) { grad[o + yj] -= s; grad[o + i] += s; }
        }
      }
    }
    const l = sum / C;
    if (loss !== null) loss[n] = l;
    total += l;
  }
  return total;
}

// Triplet margin (formulas in assembly/losses/triplet.ts).
function pnorm(x: FloatArray, y: FloatArray, o: number, D: number, q: number, eps: number): number {
  let s = 0;
  for (let j = o; j < o + D; j++) {
    const v = x[j] - y[j] + eps;
    s += q === 2 ? v * v : q === 1 ? Math.abs(v) : Math.pow(Math.abs(v), q);
  }
  return q === 2 ? Math.sqrt(s) : q === 1 ? s : Math.pow(s, 1 / q);
}

function cosParts(x: FloatArray, y: FloatArray, o: number, D: number, e: number) {
  let w12 = 0, w1 = 0, w2 = 0;
  for (let j = o; j < o + D; j++) { w12 += x[j] * y[j]; w1 += x[j] * x[j]; w2 += y[j] * y[j]; }
  const n12 = Math.sqrt(Math.max(w1 * w2, e * e));
  return { w1, w2, n12, cos: w12 / n12, free: w1 * w2 > e * e };
}

function tripletDist(x: FloatArray, y: FloatArray, o: number, D: number, cosine: boolean, q: number, eps: number, e: number): number {
  return cosine ? 1 - cosParts(x, y, o, D, e).cos : pnorm(x, y, o, D, q, eps);
}

function tripletGrad(
  x: FloatArray, y: FloatArray, gx: FloatArray, gy: FloatArray, o: number, D: number, cosine: boolean, q: number,
  eps: number, e: number, d: number, k: number,
): void {
  if (k === 0) return;
  if (cosine) {
    const { w1, w2, n12, cos, free } = cosParts(x, y, o, D, e);
    for (let j = o; j < o + D; j++) {
      gx[j] += k * -(y[j] / n12 - (free ? (cos * x[j]) / w1 : 0));
      gy[j] += k * -(x[j] / n12 - (free ? (cos * y[j]) / w2 : 0));
    }
    return;
  }
  if (d === 0) return;
  for (let j = o; j < o + D; j++) {
    const v = x[j] - y[j] + eps;
    const sg = (+(v > 0)) - (+(v < 0));
    const gv = q === 2 ? v / d : q === 1 ? sg : sg * Math.pow(Math.abs(v) / d, q - 1);
    gx[j] += k * gv;
    gy[j] -= k * gv;
  }
}

function triplet(
  a: FloatArray, p: FloatArray, n: FloatArray, N: number, D: number, margin: number, q: number, eps: number,
  swap: boolean, cosine: boolean, loss: FloatArray | null, ga: FloatArray | null, gp: FloatArray | null,
  gn: FloatArray | null, scale: number, go: FloatArray | null,
): number {
  const e = a instanceof Float32Array ? Math.fround(1e-8) : 1e-8;
  if (ga !== null) { ga.fill(0); gp!.fill(0); gn!.fill(0); }
  let total = 0;
  for (let r = 0, o = 0; r < N; r++, o += D) {
    const dap = tripletDist(a, p, o, D, cosine, q, eps, e), dan = tripletDist(a, n, o, D, cosine, q, eps, e);
    let useP = false, dneg = dan;
    if (swap) {
      const dpn = tripletDist(p, n, o, D, cosine, q, eps, e);
      if (dpn < dan) { useP = true; dneg = dpn; }
    }
    const u = margin + dap - dneg, l = u > 0 ? u : 0;
    if (loss !== null) loss[r] = l;
    total += l;
    if (ga !== null && u >= 0) {
      const s = go === null ? scale : scale * go[r];
      tripletGrad(a, p, ga, gp!, o, D, cosine, q, eps, e, dap, s);
      if (useP) tripletGrad(p, n, gp!, gn!, o, D, cosine, q, eps, e, dneg, -s);
      else tripletGrad(a, n, ga, gn!, o, D, cosine, q, eps, e, dneg, -s);
    }
  }
  return total;
}

/** Gaussian NLL (formulas in assembly/losses/gaussian.ts). */
function gaussianNll(
  x: FloatArray, y: FloatArray, v: FloatArray, k: number, eps: number, full: boolean, loss: FloatArray | null,
  gx: FloatArray | null, gv: FloatArray | null, scale: number, go: FloatArray | null,
): number {
  const c = full ? 0.5 * Math.log(2 * Math.PI) : 0;
  let total = 0;
  for (let s = 0, i = 0; i < x.length; s++) {
    const vv = v[s] > eps ? v[s] : eps, lv = log(vv);
    let g = 0;
    for (let j = 0; j < k; j++, i++) {
      const d = x[i] - y[i], l = 0.5 * (lv + (d * d) / vv) + c;
      total += l;
      if (loss !== null) loss[i] = l;
      if (gx !== null) {
        const sc = go === null ? scale : scale * go[i];
        gx[i] = (sc * d) / vv;
        g += sc * 0.5 * (1 / vv - (d * d) / (vv * vv));
      }
    }
    if (gv !== null) gv[s] = g;
  }
  return total;
}

/** log(e^a + e^b) with -Infinity as the empty sum. */
function lse(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = a > b ? a : b;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** CTC (algorithm in assembly/losses/ctc.ts), in float64 log space. */
function ctc(
  lp: FloatArray, targets: Int32Array, offsets: Int32Array, inLens: Int32Array, tgLens: Int32Array, T: number,
  N: number, C: number, blank: number, zeroInf: boolean, sMax: number, loss: FloatArray, grad: FloatArray | null,
  sc: FloatArray,
): number {
  if (grad !== null) grad.fill(0);
  const width = 2 * sMax + 1;
  const alpha = new Float64Array(T * width), beta = new Float64Array(T * width), lcab = new Float64Array(C);
  let total = 0;
  for (let n = 0; n < N; n++) {
    const Tn = inLens[n], L = tgLens[n], o = offsets[n], S = 2 * L + 1;
    const ext = (s: number): number => ((s & 1) === 0 ? blank : targets[o + (s >> 1)]);
    const at = (t: number, c: number): number => lp[(t * N + n) * C + c];
    let nll = Infinity;
    if (Tn > 0) {
      alpha.fill(-Infinity, 0, S);
      alpha[0] = at(0, blank);
      if (L > 0) alpha[1] = at(0, ext(1));
      for (let t = 1; t < Tn; t++) {
        const prev = (t - 1) * width, cur = t * width;
        for (let s = 0; s < S; s++) {
          const l = ext(s);
          let a = alpha[prev + s];
          if (s > 0) a = lse(a, alpha[prev + s - 1]);
          if (s > 1 && l !== blank && l !== ext(s - 2)) a = lse(a, alpha[prev + s - 2]);
          alpha[cur + s] = a + at(t, l);
        }
      }
      const last = (Tn - 1) * width;
      nll = -(L > 0 ? lse(alpha[last + S - 1], alpha[last + S - 2]) : alpha[last]);
    }
    const dropped = zeroInf && nll === Infinity;
    loss[n] = dropped ? 0 : nll;
    total += dropped ? 0 : nll;
    if (grad === null || Tn === 0 || dropped) continue;
    const lastB = (Tn - 1) * width;
    beta.fill(-Infinity, lastB, lastB + S);
    beta[lastB + S - 1] = at(Tn - 1, blank);
    if (L > 0) beta[lastB + S - 2] = at(Tn - 1, ext(S - 2));
    for (let t = Tn - 2; t >= 0; t--) {
      const next = (t + 1) * width, cur = t * width;
      for (let s = 0; s < S; s++) {
        const l = ext(s);
        let b = beta[next + s];
        if (s < S - 1) b = lse(b, beta[next + s + 1]);
        if (s < S - 2 && l !== blank && l !== ext(s + 2)) b = lse(b, beta[next + s + 2]);
        beta[cur + s] = b + at(t, l);
      }
    }
    for (let t = 0; t < Tn; t++) {
      lcab.fill(-Infinity);
      for (let s = 0; s < S; s++) lcab[ext(s)] = lse(lcab[ext(s)], alpha[t * width + s] + beta[t * width + s]);
      const row = (t * N + n) * C;
      for (let c = 0; c < C; c++) grad[row + c] = (Math.exp(lp[row + c]) - Math.exp(lcab[c] + nll - lp[row + c])) * sc[n];
    }
  }
  return total;
}

export const jsKernels: Kernels = {
  name: 'js', pointwise, crossEntropy, nll, cosineEmbedding, multiMargin, multilabelMargin, triplet, gaussianNll, ctc,
  softmax,
};
