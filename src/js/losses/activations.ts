// Mirror of assembly/losses/activations.ts: sigmoid / log_sigmoid as pointwise Ops (the "loss" is the
// activation, y is unused), softmax / log_softmax over the class dimension with the row passes of rows.ts.
import type { FloatArray } from '../../types.js';
import type { Elem } from '../math/consts.js';
import { vsigmoid, vlogsigmoid } from '../math/sigmoid.js';
import { vlog } from '../math/log.js';
import type { Op } from './ops.js';
import { rowMax, rowExpSum, rowScale, rowSumExp } from './rows.js';

export const Sigmoid: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { return vsigmoid(x, T); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) { return vsigmoid(x, T); },
};

export const LogSigmoid: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { return vlogsigmoid(x, T); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) { return vlogsigmoid(x, T); },
};

/** out_c = (x_c - max) - log Σ exp(x - max) over the row (rowLogSoftmax). */
function rowLogSoftmax(x: FloatArray, out: FloatArray, off: number, C: number, stride: number, m: number, ls: number, T: Elem): void {
  for (let c = 0, p = off; c < C; c++, p += stride) out[p] = T(T(x[p] - m) - ls);
}

/** softmax (log = false) or log_softmax (log = true) of x into out, over the class dimension of [N, C, D]. */
export function softmax(x: FloatArray, out: FloatArray, N: number, C: number, D: number, log: boolean, T: Elem): void {
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const off = n * C * D + d;
      const m = rowMax(x, off, C, D, T);
      rowExpSum(x, off, C, D, m, log ? null : out, false, null, null, 1, 0, T);
      if (log) rowLogSoftmax(x, out, off, C, D, m, vlog(T(rowSumExp), T), T);
      else rowScale(out, off, C, D, T(1 / rowSumExp), 0, null, null, 1, 0, T);
    }
  }
}
