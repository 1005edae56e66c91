// Mirror of assembly/losses/activations.ts: sigmoid / log_sigmoid as pointwise Ops (the "loss" is the
// activation, y is unused), softmax / log_softmax over the class dimension with the row passes of rows.ts.
import type { FloatArray } from '../../types.js';
import type { Elem } from '../math/consts.js';
import { vsigmoid, vlogsigmoid } from '../math/sigmoid.js';
import type { Op } from './ops.js';

export const Sigmoid: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { return vsigmoid(x, T); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) { return vsigmoid(x, T); },
};

export const LogSigmoid: Op = {
  loss(x, y, pw, hasPW, prm, prm2, T) { return vlogsigmoid(x, T); },
  lossGrad(x, y, pw, hasPW, prm, prm2, gmul, g, i, T) { return vlogsigmoid(x, T); },
};
