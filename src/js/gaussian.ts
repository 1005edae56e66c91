// The JS backend's Gaussian NLL (assembly/losses/gaussian.ts).
import type { FloatArray } from '../types.js';
import { log } from './math.js';

/** Gaussian NLL (formulas in assembly/losses/gaussian.ts). */
export function gaussianNll(
  x: FloatArray, y: FloatArray, v: FloatArray, k: number, eps: number, full: boolean, loss: FloatArray | null,
  gx: FloatArray | null, gv: FloatArray | null, scale: number, go: FloatArray | null,
): number {
  const c = full ? 0.5 * Math.log(2 * Math.PI) : 0;
  let total = 0;
  for (let s = 0, i = 0; i < x.length; s++) {
    const vv = v[s] > eps ? v[s] : eps, lv = log(vv);
    let g = 0;
    for (let j = 0; j < k; j++, i++) {
      const d = x[i] - y[i], l = 0.5 * (lv + (d * d) / vv) + c;
      total += l;
      if (loss !== null) loss[i] = l;
      if (gx !== null) {
        const sc = go === null ? scale : scale * go[i];
        gx[i] = (sc * d) / vv;
        g += sc * 0.5 * (1 / vv - (d * d) / (vv * vv));
      }
    }
    if (gv !== null) gv[s] = g;
  }
  return total;
}

