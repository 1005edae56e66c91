// The JS backend's margin losses over class-index targets (assembly/losses/margins.ts).
import type { FloatArray } from '../types.js';

/** Multi margin (formulas in assembly/losses/margins.ts). */
export function multiMargin(
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
export function multilabelMargin(
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

