// Mirror of assembly/losses/margins.ts: multi margin (vector lanes for the row sum, then the scalar tail)
// and multilabel margin (scalar), PyTorch's CPU kernels in their order of operations. Formulas: see the kernel.
import type { FloatArray } from '../../types.js';
import { type Elem, isF32 } from '../math/consts.js';
import { lanes } from '../math/vec.js';

const ACC = new Float64Array(4);

/** One row of multi margin; writes the scaled gradient row when g is given. */
function multiMarginRow(
  x: FloatArray, off: number, C: number, y: number, wy: number, margin: number, p2: boolean, g: FloatArray | null,
  s: number, T: Elem,
): number {
  const L = lanes();
  const base = T(margin - x[off + y]);
  const k = T(T(wy / C) * s);
  ACC.fill(0);
  let i = 0;
  for (; i + L <= C; i += L) {
    for (let j = 0; j < L; j++) {
      const z = T(base + x[off + i + j]);
      const pos = z > 0 && i + j !== y; // the target class takes no part
      ACC[j] = T(ACC[j] + (pos ? (p2 ? T(z * z) : z) : 0));
      if (g !== null) g[off + i + j] = T((pos ? (p2 ? T(z + z) : 1) : 0) * k);
    }
  }
  let sum = T(ACC[0] + ACC[1]);
  if (isF32()) sum = T(sum + T(ACC[2] + ACC[3]));
  for (; i < C; i++) {
    if (i === y) continue;
    const z = T(base + x[off + i]);
    if (z > 0) sum = T(sum + (p2 ? T(z * z) : z));
    if (g !== null) g[off + i] = z > 0 ? T((p2 ? T(2 * z) : 1) * k) : 0;
  }
  if (g !== null) {
    let gy = 0;
    for (let j = 0; j < C; j++) if (j !== y) gy = T(gy + g[off + j]);
    g[off + y] = -gy;
  }
  return T(T(sum * wy) / C);
}

/** Σ over N rows of multi margin (p = 1 or 2); per-row losses and gradient rows as asked. */
export function multiMargin(
  x: FloatArray, t: Int32Array, w: FloatArray | null, N: number, C: number, p: 1 | 2, margin: number,
  loss: FloatArray | null, grad: FloatArray | null, scale: number, go: FloatArray | null, T: Elem,
): number {
  margin = T(margin); scale = T(scale);
  let total = 0;
  for (let n = 0; n < N; n++) {
    const y = t[n];
    const wy = w !== null ? w[y] : 1;
    const s = go !== null ? T(scale * go[n]) : scale;
    const l = multiMarginRow(x, n * C, C, y, wy, margin, p === 2, grad, s, T);
    if (loss !== null) loss[n] = l;
    total += l;
  }
  return total;
}

/** Σ over N rows of multilabel margin; t holds each row's classes, ended by -1 (is-target flags in `mark`). */
export function multilabelMargin(
  x: FloatArray, t: Int32Array, N: number, C: number, loss: FloatArray | null, grad: FloatArray | null,
  scale: number, go: FloatArray | null, T: Elem,
): number {
  scale = T(scale);
  if (grad !== null) grad.fill(0);
  const mark = new Uint8Array(C);
  let total = 0;
  for (let n = 0, o = 0; n < N; n++, o += C) {
    mark.fill(0);
    let k = 0;
    for (; k < C && t[o + k] >= 0; k++) mark[t[o + k]] = 1;
    const s = go !== null ? T(scale * go[n]) : scale;
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const yj = t[o + j], xy = x[o + yj];
      for (let i = 0; i < C; i++) {
        if (mark[i] !== 0) continue;
        const z = T(T(1 - xy) + x[o + i]);
        if (z > 0) {
          sum = T(sum + z);
          if (grad !== null) {
            grad[o + yj] = T(grad[o + yj] - T(s / C));
            grad[o + i] = T(grad[o + i] + T(s / C));
          }
        }
      }
    }
    const l = T(sum / C);
    if (loss !== null) loss[n] = l;
    total += l;
  }
  return total;
}
