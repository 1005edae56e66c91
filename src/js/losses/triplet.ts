// Mirror of assembly/losses/triplet.ts: triplet margin loss over rows [N, D], scalar loops in T.
// Identity with the kernel holds for q = 1 and q = 2 (and the cosine distance); other q go through pow, which
// is V8's Math.pow here and AssemblyScript's (musl's) in the kernel: the two may differ in the last bit of a
// float64, so the results may differ by an ulp or so (bound tested in test/backends-identical.test.ts).
import type { FloatArray } from '../../types.js';
import { type Elem, isF32 } from '../math/consts.js';

/** ‖x - y + eps‖_q over the row at o. */
function pnorm(x: FloatArray, y: FloatArray, o: number, D: number, q: number, eps: number, T: Elem): number {
  let s = 0;
  for (let j = o; j < o + D; j++) {
    const v = T(T(x[j] - y[j]) + eps);
    s = T(s + (q === 2 ? T(v * v) : q === 1 ? Math.abs(v) : T(Math.pow(Math.abs(v), q))));
  }
  return q === 2 ? T(Math.sqrt(s)) : q === 1 ? s : T(Math.pow(s, 1 / q));
}

const cosEps = (): number => (isF32() ? Math.fround(1e-8) : 1e-8);

/** 1 - x·y/sqrt(max(|x|²|y|², ε²)) over the row at o. */
function cosdist(x: FloatArray, y: FloatArray, o: number, D: number, T: Elem): number {
  let w12 = 0, w1 = 0, w2 = 0;
  for (let j = o; j < o + D; j++) {
    const a = x[j], b = y[j];
    w12 = T(w12 + T(a * b)); w1 = T(w1 + T(a * a)); w2 = T(w2 + T(b * b));
  }
  const e = cosEps();
  const n12 = T(Math.sqrt(Math.max(T(w1 * w2), T(e * e))));
  return T(1 - T(w12 / n12));
}

const dist = (x: FloatArray, y: FloatArray, o: number, D: number, cosine: boolean, q: number, eps: number, T: Elem): number =>
  (cosine ? cosdist(x, y, o, D, T) : pnorm(x, y, o, D, q, eps, T));

/** gx += k·∇_x d(x, y), gy += k·∇_y d(x, y) for the cosine distance. */
function addCosGrad(x: FloatArray, y: FloatArray, gx: FloatArray, gy: FloatArray, o: number, D: number, k: number, T: Elem): void {
  let w12 = 0, w1 = 0, w2 = 0;
  for (let j = o; j < o + D; j++) {
    const a = x[j], b = y[j];
    w12 = T(w12 + T(a * b)); w1 = T(w1 + T(a * a)); w2 = T(w2 + T(b * b));
  }
  const e = cosEps();
  const free = T(w1 * w2) > T(e * e);
  const n12 = T(Math.sqrt(Math.max(T(w1 * w2), T(e * e))));
  const cos = T(w12 / n12);
  for (let j = o; j < o + D; j++) {
    const a = x[j], b = y[j];
    const dx = -T(T(b / n12) - (free ? T(T(cos * a) / w1) : 0));
    const dy = -T(T(a / n12) - (free ? T(T(cos * b) / w2) : 0));
    gx[j] = T(gx[j] + T(k * dx));
    gy[j] = T(gy[j] + T(k * dy));
  }
}

/** gx += k·∇_x d(x, y), gy += k·∇_y d(x, y) (d: the distance already computed). */
function addGrad(
  x: FloatArray, y: FloatArray, gx: FloatArray, gy: FloatArray, o: number, D: number, cosine: boolean, q: number,
  eps: number, d: number, k: number, T: Elem,
): void {
  if (k === 0) return;
  if (cosine) { addCosGrad(x, y, gx, gy, o, D, k, T); return; }
  if (d === 0) return;
  for (let j = o; j < o + D; j++) {
    const v = T(T(x[j] - y[j]) + eps);
    const sg = v > 0 ? 1 : v < 0 ? -1 : 0;
    const gv = q === 2 ? T(v / d) : q === 1 ? sg : T(sg * T(Math.pow(Math.abs(v) / d, q - 1)));
    gx[j] = T(gx[j] + T(k * gv));
    gy[j] = T(gy[j] - T(k * gv));
  }
}

/** Σ over rows; per-row losses into `loss`; gradients for a, p, n into ga, gp, gn (zeroed here). */
export function triplet(
  a: FloatArray, p: FloatArray, n: FloatArray, N: number, D: number, margin: number, q: number, eps: number,
  swap: boolean, cosine: boolean, loss: FloatArray | null, ga: FloatArray | null, gp: FloatArray | null,
  gn: FloatArray | null, scale: number, go: FloatArray | null, T: Elem,
): number {
  margin = T(margin); q = T(q); eps = T(eps); scale = T(scale);
  if (ga !== null) { ga.fill(0); gp!.fill(0); gn!.fill(0); }
  let total = 0;
  for (let r = 0, o = 0; r < N; r++, o += D) {
    const dap = dist(a, p, o, D, cosine, q, eps, T);
    const dan = dist(a, n, o, D, cosine, q, eps, T);
    let useP = false, dneg = dan;
    if (swap) {
      const dpn = dist(p, n, o, D, cosine, q, eps, T);
      if (dpn < dan) { useP = true; dneg = dpn; }
    }
    const u = T(T(margin + dap) - dneg);
    const l = u > 0 || u !== u ? u : 0; // clamp_min(u, 0): NaN stays NaN, as PyTorch
    if (loss !== null) loss[r] = l;
    total += l;
    if (ga !== null && (u >= 0 || u !== u)) {
      const s = go !== null ? T(scale * go[r]) : scale;
      addGrad(a, p, ga, gp!, o, D, cosine, q, eps, dap, s, T);
      if (useP) addGrad(p, n, gp!, gn!, o, D, cosine, q, eps, dneg, -s, T);
      else addGrad(a, n, ga, gn!, o, D, cosine, q, eps, dneg, -s, T);
    }
  }
  return total;
}
