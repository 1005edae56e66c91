// The JS backend's embedding losses: cosine embedding and triplet margin (assembly/losses/cosine.ts, triplet.ts).
import type { FloatArray } from '../types.js';

/** Cosine embedding (formulas in assembly/losses/cosine.ts). */
export function cosineEmbedding(
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

export function triplet(
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

