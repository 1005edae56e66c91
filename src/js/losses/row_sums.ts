// Mirror of assembly/losses/row_sums.ts: P = Σ a·b and A = Σ a², B = Σ b² (squares) or A = Σ a, B = Σ b over one
// row, in L lanes rounded to T (lane j holds the elements i ≡ j mod L of the whole vectors) added in float64 in
// the kernel's hsum order, the tail in float64.
import type { FloatArray } from '../../types.js';
import { type Elem, isF32 } from '../math/consts.js';
import { lanes } from '../math/vec.js';

const P = new Float64Array(4), S1 = new Float64Array(4), S2 = new Float64Array(4);
const hsum = (v: Float64Array): number => (isF32() ? (v[0] + v[1]) + (v[2] + v[3]) : v[0] + v[1]);

// Results of rowSums (as the kernel's globals).
export let sumP = 0, sumA = 0, sumB = 0;

export function rowSums(a: FloatArray, b: FloatArray, off: number, D: number, squares: boolean, T: Elem): void {
  const L = lanes();
  P.fill(0); S1.fill(0); S2.fill(0);
  let i = 0;
  for (; i + L <= D; i += L) {
    for (let j = 0; j < L; j++) {
      const va = a[off + i + j], vb = b[off + i + j];
      P[j] = T(P[j] + T(va * vb));
      S1[j] = T(S1[j] + (squares ? T(va * va) : va));
      S2[j] = T(S2[j] + (squares ? T(vb * vb) : vb));
    }
  }
  let sp = hsum(P), s1 = hsum(S1), s2 = hsum(S2);
  for (; i < D; i++) {
    const va = a[off + i], vb = b[off + i];
    sp += va * vb; s1 += squares ? va * va : va; s2 += squares ? vb * vb : vb;
  }
  sumP = sp; sumA = s1; sumB = s2;
}
