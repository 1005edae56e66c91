// Mirror of assembly/losses/overlap.ts: Keras's cosine_similarity, dice and tversky over rows [N, C], from the
// three row sums (row_sums.ts), then the gradient with the same per-element operations in the vectors and the
// tail. Formulas: see the kernel.
import { OVERLAP_KINDS } from '../../backend.js';
import type { FloatArray } from '../../types.js';
import type { Elem } from '../math/consts.js';
import { rowSums, sumA, sumB, sumP } from './row_sums.js';

const { cosine: COSINE, dice: DICE } = OVERLAP_KINDS;
const LIMIT = 1e7; // 1/ε, exact in float32

let gX = 0, gY = 0, g0 = 0;

const invNorm = (s: number, T: Elem): number => { const r = T(1 / T(Math.sqrt(s))); return r > LIMIT ? LIMIT : r; };

function rowLoss(kind: number, P: number, A: number, B: number, alpha: number, beta: number, k: number, T: Elem): number {
  const eps = T(1e-7);
  if (kind === COSINE) {
    const rx = invNorm(A, T), ry = invNorm(B, T), rxy = T(rx * ry);
    gY = -T(k * rxy);
    gX = rx === LIMIT ? 0 : T(T(T(k * P) * rxy) * T(rx * rx));
    g0 = 0;
    return -T(P * rxy);
  }
  let D: number, q: number, c: number;
  if (kind === DICE) {
    D = T(T(B + A) + eps);
    q = T(T(2 * P) / D);
    c = -2;
  } else {
    D = T(T(T(P + T(T(B - P) * alpha)) + T(T(A - P) * beta)) + eps);
    q = T(P / D);
    c = T(T(q * T(T(1 - alpha) - beta)) - 1);
  }
  g0 = T(T(k * (kind === DICE ? q : T(beta * q))) / D);
  gY = T(T(k * c) / D);
  gX = 0;
  return T(1 - q);
}

/** Σ over the rows [N, C] of the loss `kind`; per-row losses into `loss`, gradients into `grad` (scale·go_n per row). */
export function overlap(
  x: FloatArray, y: FloatArray, N: number, C: number, kind: number, alpha: number, beta: number, loss: FloatArray | null,
  grad: FloatArray | null, scale: number, go: FloatArray | null, T: Elem,
): number {
  alpha = T(alpha); beta = T(beta); scale = T(scale);
  let total = 0;
  for (let n = 0; n < N; n++) {
    const off = n * C;
    rowSums(x, y, off, C, kind === COSINE, T);
    const k = go !== null ? T(scale * go[n]) : scale;
    const l = rowLoss(kind, T(sumP), T(sumA), T(sumB), alpha, beta, k, T);
    if (grad !== null) {
      for (let i = off; i < off + C; i++) grad[i] = T(T(T(gX * x[i]) + T(gY * y[i])) + g0);
    }
    if (loss !== null) loss[n] = l;
    total += l;
  }
  return total;
}
