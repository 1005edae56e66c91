// The JS backend: the algorithms of assembly/ in scalar float64 (src/js/math.ts), same passes and formulas.
// This file holds the element-wise and class-row kernels and assembles the backend; the others have their own files.
import type { Kernels, PointOp } from '../backend.js';
import type { FloatArray } from '../types.js';
import { exp, exp32, log, log1p, log1p32, log32, log1pUnit32, sigmoidFromE } from './math.js';
import { scalarOps, smooth, type ScalarOp } from './ops.js';
import { cosineEmbedding, triplet } from './embedding.js';
import { multiMargin, multilabelMargin } from './margins.js';
import { gaussianNll } from './gaussian.js';
import { ctc } from './ctc.js';

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
    const f32 = x instanceof Float32Array; // float32 data: the float32 algorithms (no runtime call)
    let s = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i], yi = smooth(y[i], eps);
      const lx = f32 ? log32(xi) : log(xi), l1x = f32 ? log1p32(-xi) : log1p(-xi);
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
  const ls = x instanceof Float32Array ? log32(sum) : log(sum);
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

export function crossEntropy(
  x: FloatArray, t: Int32Array | null, y: FloatArray | null, w: FloatArray | null, N: number, C: number, D: number,
  ignore: number, eps: number, loss: FloatArray | null, grad: FloatArray | null, scale: number, go: FloatArray | null,
): number {
  if (x instanceof Float32Array && t !== null && w === null && D === 1 && eps === 0 && go === null) {
    return ceIndex32(x, t, N, C, ignore, loss, grad, scale);
  }
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

/**
 * The common case as one tight loop: float32 logits [N, C], class indices, no weights, smoothing or gradOutput
 * (ceRow's formulas with k1 = wt = 1, so the results are the same to the bit). The max and exp loops are
 * written out rather than calling rowMax/rowExpSum: with those shared (dtype-polymorphic) helpers V8 ran this
 * loop at 17 or 32 ns/logit from one process to the next; written out, 17 every time.
 */
function ceIndex32(
  x: Float32Array, t: Int32Array, N: number, C: number, ignore: number, loss: FloatArray | null,
  grad: FloatArray | null, s: number,
): number {
  let total = 0;
  for (let r = 0, off = 0; r < N; r++, off += C) {
    const tt = t[r], end = off + C;
    let l = 0;
    if (tt === ignore) {
      if (grad !== null) grad.fill(0, off, end);
    } else {
      let m = -Infinity, sum = 0;
      for (let i = off; i < end; i++) { const v = x[i]; m = v > m ? v : m; }
      if (grad === null) for (let i = off; i < end; i++) sum += exp32(x[i] - m);
      else for (let i = off; i < end; i++) { const v = exp32(x[i] - m); sum += v; grad[i] = v; }
      l = log32(sum) - (x[off + tt] - m);
      if (grad !== null) {
        const a = s / sum;
        for (let i = off; i < end; i++) grad[i] *= a;
        grad[off + tt] -= s;
      }
    }
    if (loss !== null) loss[r] = l;
    total += l;
  }
  return total;
}

export function nll(
  x: FloatArray, t: Int32Array, w: FloatArray | null, N: number, C: number, D: number, ignore: number,
  loss: FloatArray | null, grad: FloatArray | null, scale: number, go: FloatArray | null,
): number {
  if (grad !== null) grad.fill(0);
  if (w === null && D === 1 && go === null) return nllRows(x, t, N, C, ignore, loss, grad, scale);
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

/** nll's common case ([N, C], no weights or gradOutput) as one tight loop: the same results with wt = 1. */
function nllRows(
  x: FloatArray, t: Int32Array, N: number, C: number, ignore: number, loss: FloatArray | null,
  grad: FloatArray | null, scale: number,
): number {
  let total = 0;
  for (let r = 0, off = 0; r < N; r++, off += C) {
    const tt = t[r];
    const l = tt === ignore ? 0 : -x[off + tt];
    if (grad !== null && tt !== ignore) grad[off + tt] = -scale;
    if (loss !== null) loss[r] = l;
    total += l;
  }
  return total;
}

export function softmax(x: FloatArray, out: FloatArray, N: number, C: number, D: number, isLog: boolean): void {
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

function firstOutside01(x: FloatArray): number {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(v >= 0 && v <= 1)) return i;
  }
  return -1;
}

function countClassTargets(t: Int32Array, C: number, ignore: number): number {
  let count = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === ignore) continue;
    if (c < 0 || c >= C) return -1;
    count++;
  }
  return count;
}

export const jsKernels: Kernels = {
  firstOutside01, countClassTargets,
  name: 'js', pointwise, crossEntropy, nll, cosineEmbedding, multiMargin, multilabelMargin, triplet, gaussianNll, ctc,
  softmax,
};
