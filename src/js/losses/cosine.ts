// Mirror of assembly/losses/cosine.ts: cosine embedding loss over rows [N, D] of two inputs. The three row
// sums (row_sums.ts), then the gradients with the same per-element operations in the vectors and the tail.
// Formulas: see the kernel.
import type { FloatArray } from '../../types.js';
import type { Elem } from '../math/consts.js';
import { rowSums, sumA, sumB, sumP } from './row_sums.js';

/** One row's loss; writes both gradient rows when g1 is given. */
function rowCos(
  a: FloatArray, b: FloatArray, off: number, D: number, g1: FloatArray | null, g2: FloatArray | null, y: number,
  margin: number, s: number, T: Elem,
): number {
  rowSums(a, b, off, D, true, T);
  const sp = sumP, s1 = sumA, s2 = sumB;
  const eps = T(1e-12);
  const m1 = T(T(s1) + eps), m2 = T(T(s2) + eps);
  const den = T(Math.sqrt(T(m1 * m2)));
  const cos = T(T(sp) / den);
  let l = 0, k = 0;
  if (y === 1) { l = T(1 - cos); k = -s; } else if (y === -1) { const u = T(cos - margin); l = u > 0 || u !== u ? u : 0; k = u >= 0 || u !== u ? s : 0; } // (NaN stays NaN)
  if (g1 !== null && g2 !== null) {
    const a1 = T(k / den), c1 = T(T(k * cos) / m1), c2 = T(T(k * cos) / m2);
    for (let j = off; j < off + D; j++) {
      const va = a[j], vb = b[j];
      g1[j] = T(T(a1 * vb) - T(c1 * va));
      g2[j] = T(T(a1 * va) - T(c2 * vb));
    }
  }
  return l;
}

/** Σ over rows; per-row losses into `loss`, gradients for both inputs into g1, g2 (scale·go_n per row). */
export function cosineEmbedding(
  x1: FloatArray, x2: FloatArray, y: FloatArray, N: number, D: number, margin: number, loss: FloatArray | null,
  g1: FloatArray | null, g2: FloatArray | null, scale: number, go: FloatArray | null, T: Elem,
): number {
  margin = T(margin); scale = T(scale);
  let total = 0;
  for (let n = 0; n < N; n++) {
    const s = go !== null ? T(scale * go[n]) : scale;
    const l = rowCos(x1, x2, n * D, D, g1, g2, y[n], margin, s, T);
    if (loss !== null) loss[n] = l;
    total += l;
  }
  return total;
}
