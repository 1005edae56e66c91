// Mirror of assembly/losses/rows.ts: the row passes shared by cross-entropy and (log-)softmax. A row is the C
// class scores of one sample (and position), `stride` elements apart from `off`. The kernel reads a row as
// vectors of L = lanes() classes and a scalar tail; every operation is lane-wise, so only the sums and the
// max depend on the lane layout: lane j of a vector holds the classes c ≡ j (mod L) of its block, and the
// vector accumulators are combined in the kernel's order. Gathered (strided) and contiguous rows share it.
import type { FloatArray } from '../../types.js';
import { type Elem, isF32 } from '../math/consts.js';
import { BLOCK, lanes, maxnan, pmax, vmaxnan } from '../math/vec.js';
import { vexpneg } from '../math/exp.js';

// Lanes of up to four vector accumulators: accumulator q, lane j at ACC[q * 4 + j].
const ACC = new Float64Array(16), ACC_VD = new Float64Array(4), ACC_V = new Float64Array(4);

/** hsum of the L lanes of a from `at`, in float64 in the kernel's order. */
const hsumAt = (a: Float64Array, at: number): number =>
  (isF32() ? (a[at] + a[at + 1]) + (a[at + 2] + a[at + 3]) : a[at] + a[at + 1]);

/** max over the row: four vector maxima (pmax), combined with vmaxnan and hmax, then the scalar tail (maxnan). */
export function rowMax(x: FloatArray, off: number, C: number, stride: number, T: Elem): number {
  const L = lanes();
  let m = -Infinity, i = 0;
  if (C >= L) {
    for (let q = 0; q < 4; q++) for (let j = 0; j < L; j++) ACC[q * 4 + j] = x[off + j * stride];
    for (i = L; i + 4 * L <= C; i += 4 * L) {
      for (let q = 0; q < 4; q++) {
        for (let j = 0; j < L; j++) ACC[q * 4 + j] = pmax(ACC[q * 4 + j], x[off + (i + q * L + j) * stride]);
      }
    }
    for (; i + L <= C; i += L) for (let j = 0; j < L; j++) ACC[j] = pmax(ACC[j], x[off + (i + j) * stride]);
    for (let j = 0; j < L; j++) ACC[j] = vmaxnan(vmaxnan(ACC[j], ACC[4 + j]), vmaxnan(ACC[8 + j], ACC[12 + j]));
    m = maxnan(ACC[0], ACC[1]);
    if (L === 4) m = maxnan(m, maxnan(ACC[2], ACC[3]));
  }
  for (; i < C; i++) m = maxnan(m, x[off + i * stride]);
  return m;
}

/** The per-class factor v_c: w_c (1 without weights) times k1·y_c + k0 when y is given (y laid out like x). */
export function classFactor(
  w: FloatArray | null, y: FloatArray | null, yOff: number, k1: number, k0: number, c: number, stride: number, T: Elem,
): number {
  let v = w !== null ? w[c] : 1;
  if (y !== null) v = T(v * T(T(y[yOff + c * stride] * k1) + k0));
  return v;
}

// Results of rowExpSum (as the kernel's globals).
export let rowSumExp = 0, rowSumVD = 0, rowSumV = 0;

/**
 * One pass with d_c = x_c - m: rowSumExp = Σ exp(d_c), rowSumVD = Σ v_c·d_c, rowSumV = Σ v_c (classFactor;
 * skipped unless wantVD). Stores exp(d_c) into e (at the row's positions) when e is given.
 */
export function rowExpSum(
  x: FloatArray, off: number, C: number, stride: number, m: number, e: FloatArray | null, wantVD: boolean,
  w: FloatArray | null, y: FloatArray | null, k1: number, k0: number, T: Elem,
): void {
  if (!wantVD) { rowExpSumOnly(x, off, C, stride, m, e, T); return; }
  const L = lanes();
  let sum = 0, svd = 0, sv = 0, i = 0;
  while (i + L <= C) { // blocks of BLOCK classes, one vector accumulator per sum
    const end = Math.min(C - L + 1, i + BLOCK);
    ACC.fill(0, 0, L); ACC_VD.fill(0); ACC_V.fill(0);
    for (; i < end; i += L) {
      for (let j = 0; j < L; j++) {
        const p = off + (i + j) * stride;
        const d = T(x[p] - m);
        const ex = vexpneg(d, T);
        ACC[j] = T(ACC[j] + ex);
        const v = classFactor(w, y, off, k1, k0, i + j, stride, T);
        ACC_VD[j] = T(ACC_VD[j] + T(v * d));
        ACC_V[j] = T(ACC_V[j] + v);
        if (e !== null) e[p] = ex;
      }
    }
    sum += hsumAt(ACC, 0); svd += hsumAt(ACC_VD, 0); sv += hsumAt(ACC_V, 0);
  }
  for (; i < C; i++) {
    const p = off + i * stride;
    const d = T(x[p] - m);
    const ex = vexpneg(d, T);
    sum += ex;
    const v = classFactor(w, y, off, k1, k0, i, stride, T);
    svd += T(v * d);
    sv += v;
    if (e !== null) e[p] = ex;
  }
  rowSumExp = sum; rowSumVD = svd; rowSumV = sv;
}

/**
 * rowExpSum without the v_c sums. The kernel adds the block's vectors into four accumulators, in groups of four
 * vectors (vector q of a group into accumulator q) and the block's last vectors outside a whole group into
 * accumulator 0, then combines them as (acc0 + acc1) + (acc2 + acc3). One exp call site (so that V8 inlines it).
 */
function rowExpSumOnly(x: FloatArray, off: number, C: number, stride: number, m: number, e: FloatArray | null, T: Elem): void {
  const L = lanes(), lane = L - 1, shift = L === 4 ? 2 : 1; // (o >> shift: the vector of class o)
  const whole = C & ~lane; // classes in whole vectors: the rest is the scalar tail
  let sum = 0, start = 0, end = Math.min(whole, BLOCK);
  let grouped = end - ((end - start) & (4 * L - 1)); // classes in whole groups of four vectors
  ACC.fill(0);
  for (let c = 0, p = off; c < C; c++, p += stride) {
    const ex = vexpneg(T(x[p] - m), T);
    if (e !== null) e[p] = ex;
    if (c >= whole) { sum += ex; continue; }
    const o = c - start;
    const slot = c < grouped ? ((o >> shift) & 3) * 4 + (o & lane) : o & lane;
    ACC[slot] = T(ACC[slot] + ex);
    if (c + 1 === end) {
      for (let j = 0; j < L; j++) ACC[j] = T(T(ACC[j] + ACC[4 + j]) + T(ACC[8 + j] + ACC[12 + j]));
      sum += hsumAt(ACC, 0);
      ACC.fill(0);
      start = end;
      end = Math.min(whole, start + BLOCK);
      grouped = end - ((end - start) & (4 * L - 1));
    }
  }
  rowSumExp = sum; rowSumVD = 0; rowSumV = 0;
}

/** g_c = a·g_c - b·v_c in place over the row (the same two operations per class in the vectors and the tail). */
export function rowScale(
  g: FloatArray, off: number, C: number, stride: number, a: number, b: number, w: FloatArray | null,
  y: FloatArray | null, k1: number, k0: number, T: Elem,
): void {
  for (let c = 0, p = off; c < C; c++, p += stride) {
    let v = T(g[p] * a);
    if (b !== 0) v = T(v - T(classFactor(w, y, off, k1, k0, c, stride, T) * b));
    g[p] = v;
  }
}
