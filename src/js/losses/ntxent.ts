// Mirror of assembly/losses/ntxent.ts: optax's NT-Xent over embeddings [N, D] with integer labels, in the kernel's
// order of operations (dot products in L lanes of T added in float64, the tail in float64). Formulas: see the kernel.
import type { FloatArray } from '../../types.js';
import { type Elem, isF32 } from '../math/consts.js';
import { vexpneg } from '../math/exp.js';
import { vlog } from '../math/log.js';
import { lanes, maxnan } from '../math/vec.js';

const ACC = new Float64Array(4);

function dot(a: FloatArray, ao: number, b: FloatArray, bo: number, D: number, T: Elem): number {
  const L = lanes();
  ACC.fill(0);
  let i = 0;
  for (; i + L <= D; i += L) for (let j = 0; j < L; j++) ACC[j] = T(ACC[j] + T(a[ao + i + j] * b[bo + i + j]));
  let s = isF32() ? (ACC[0] + ACC[1]) + (ACC[2] + ACC[3]) : ACC[0] + ACC[1];
  for (; i < D; i++) s += a[ao + i] * b[bo + i];
  return T(s);
}

function axpy(g: FloatArray, go: number, v: FloatArray, vo: number, c: number, D: number, T: Elem): void {
  for (let i = 0; i < D; i++) g[go + i] = T(g[go + i] + T(c * v[vo + i]));
}

function normalize(x: FloatArray, w: FloatArray, N: number, D: number, eps: number, T: Elem): void {
  const nrm = N * D, sq = nrm + N;
  for (let i = 0; i < N; i++) {
    const A = dot(x, i * D, x, i * D, D, T);
    const n = T(Math.sqrt(A < eps ? eps : A));
    w[nrm + i] = n;
    w[sq + i] = A;
    for (let d = i * D; d < (i + 1) * D; d++) w[d] = T(x[d] / n);
  }
}

function row(i: number, t: Int32Array, w: FloatArray, N: number, D: number, temp: number, grad: FloatArray | null, c: number, T: Elem): number {
  const s = N * D + 2 * N, li = t[i], ei = i * D;
  let m = -Infinity;
  for (let k = 0; k < N; k++) {
    if (k === i) continue;
    const v = T(dot(w, ei, w, k * D, D, T) / temp);
    w[s + k] = v;
    m = maxnan(m, v);
  }
  let S = 0, positives = 0;
  for (let k = 0; k < N; k++) {
    if (k === i) continue;
    if (t[k] === li) { positives++; continue; }
    const e = vexpneg(T(w[s + k] - m), T);
    w[s + k] = e;
    S += e;
  }
  if (positives === 0) return 0;
  const St = T(S);
  let total = 0, R = 0;
  for (let j = 0; j < N; j++) {
    if (j === i || t[j] !== li) continue;
    const d = T(w[s + j] - m);
    const den = T(St + vexpneg(d, T));
    total += T(vlog(den, T) - d);
    R = T(R + T(1 / den));
    w[s + j] = T(-St / den);
  }
  if (grad === null) return total;
  for (let k = 0; k < N; k++) {
    if (k === i) continue;
    const v = w[s + k];
    const G = T((t[k] === li ? v : T(v * R)) * c);
    axpy(grad, ei, w, k * D, G, D, T);
    axpy(grad, k * D, w, ei, G, D, T);
  }
  return total;
}

function throughNorm(grad: FloatArray, w: FloatArray, N: number, D: number, eps: number, T: Elem): void {
  for (let i = 0; i < N; i++) {
    const n = w[N * D + i];
    const c = w[N * D + N + i] < eps ? 0 : dot(grad, i * D, w, i * D, D, T);
    for (let d = i * D; d < (i + 1) * D; d++) grad[d] = T(T(grad[d] - T(c * w[d])) / n);
  }
}

/** Σ of the positive pairs' terms; the gradient (scale per term) into grad when given. work: N·D + 3N. */
export function ntXent(
  x: FloatArray, t: Int32Array, N: number, D: number, temp: number, work: FloatArray, grad: FloatArray | null, scale: number, T: Elem,
): number {
  const eps = isF32() ? 2 ** -23 : 2 ** -52;
  temp = T(temp); scale = T(scale);
  normalize(x, work, N, D, eps, T);
  if (grad !== null) grad.fill(0);
  const c = T(scale / temp);
  let total = 0;
  for (let i = 0; i < N; i++) total += row(i, t, work, N, D, temp, grad, c, T);
  if (grad !== null) throughNorm(grad, work, N, D, eps, T);
  return total;
}
