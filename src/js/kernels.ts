// The JS backend: assembles the mirrors of the kernels (src/js/losses/*, src/js/math/* ↔ assembly/losses/*,
// assembly/math/*) into the Kernels interface, as assembly/index.ts assembles the module's exports: one Op
// and one element type (f32: Math.fround, f64: no rounding) per call.
import { BOX_KINDS, OVERLAP_KINDS, type Kernels, type PointOp } from '../backend.js';
import type { FloatArray } from '../types.js';
import { useElem, type Elem } from './math/consts.js';
import { pointwise } from './losses/pointwise.js';
import {
  type Op, Mse, L1, Bce, BceLogits, Huber, SmoothL1, SoftMargin, LogCosh, HingeEmbedding, KlDiv, KlDivLog, PoissonLog,
  PoissonRate, Focal, MarginRanking, firstOutside01, countClassTargets,
} from './losses/ops.js';
import { Mape, Msle, Hinge, SquaredHinge, firstNonBinary } from './losses/ops.js';
import { Sigmoid, LogSigmoid, softmax } from './losses/activations.js';
import { crossEntropy, nll } from './losses/cross_entropy.js';
import { cosineEmbedding } from './losses/cosine.js';
import { multiMargin, multilabelMargin } from './losses/margins.js';
import { triplet } from './losses/triplet.js';
import { gaussianNll } from './losses/gaussian.js';
import { ctc } from './losses/ctc.js';
import { categorical } from './losses/categorical.js';
import { boxIou } from './losses/boxes.js';
import { overlap } from './losses/overlap.js';
import { ntXent } from './losses/ntxent.js';

const ops: Record<PointOp, Op> = {
  mse: Mse, l1: L1, bce: Bce, bceLogits: BceLogits, sigmoid: Sigmoid, logSigmoid: LogSigmoid, huber: Huber,
  smoothL1: SmoothL1, softMargin: SoftMargin, logCosh: LogCosh, hingeEmbedding: HingeEmbedding, klDiv: KlDiv, klDivLog: KlDivLog,
  poissonLog: PoissonLog, poissonRate: PoissonRate, focal: Focal, marginRanking: MarginRanking,
  mape: Mape, msle: Msle, hinge: Hinge, squaredHinge: SquaredHinge,
};

/** Selects the element type of the data (the export suffix _f32 or _f64) and returns its rounding T. */
const elem = (x: FloatArray): Elem => useElem(x instanceof Float32Array);

export const jsKernels: Kernels = {
  name: 'js',
  pointwise(op, x, y, w, pw, period, go, loss, grad, scale, param, param2) {
    // the activations: sigmoid_f32(x, out, n) runs the driver with y = x, no weights, the loss into out
    if (op === 'sigmoid' || op === 'logSigmoid') {
      pointwise(ops[op], x, x, null, null, null, x.length, loss, null, 1, 0, 0, elem(x));
      return 0;
    }
    return pointwise(ops[op], x, y, w, pw, go, period, loss, grad, scale, param, param2, elem(x));
  },
  crossEntropy(x, t, y, w, N, C, D, ignore, eps, loss, grad, scale, go) {
    return crossEntropy(x, t, y, w, N, C, D, ignore, eps, loss, grad, scale, go, elem(x));
  },
  categorical(op, x, t, y, N, C, D, param, param2, loss, grad, scale, go) {
    return categorical(op, x, t, y, N, C, D, param, param2, loss, grad, scale, go, elem(x));
  },
  nll(x, t, w, N, C, D, ignore, loss, grad, scale, go) {
    return nll(x, t, w, N, C, D, ignore, loss, grad, scale, go, elem(x));
  },
  softmax(x, out, N, C, D, log) { softmax(x, out, N, C, D, log, elem(x)); },
  cosineEmbedding(x1, x2, y, N, D, margin, loss, g1, g2, scale, go) {
    return cosineEmbedding(x1, x2, y, N, D, margin, loss, g1, g2, scale, go, elem(x1));
  },
  multiMargin(x, t, w, N, C, p, margin, loss, grad, scale, go) {
    return multiMargin(x, t, w, N, C, p, margin, loss, grad, scale, go, elem(x));
  },
  multilabelMargin(x, t, N, C, loss, grad, scale, go) {
    return multilabelMargin(x, t, N, C, loss, grad, scale, go, elem(x));
  },
  triplet(a, p, n, N, D, margin, q, eps, swap, cosine, loss, ga, gp, gn, scale, go) {
    return triplet(a, p, n, N, D, margin, q, eps, swap, cosine, loss, ga, gp, gn, scale, go, elem(a));
  },
  gaussianNll(x, y, v, k, eps, full, loss, gx, gv, scale, go) {
    return gaussianNll(x, y, v, k, eps, full, loss, gx, gv, scale, go, elem(x));
  },
  ctc(lp, targets, offsets, inLens, tgLens, T, N, C, blank, zeroInf, sMax, loss, grad, sc) {
    return ctc(lp, targets, offsets, inLens, tgLens, T, N, C, blank, zeroInf, sMax, loss, grad, sc, elem(lp));
  },
  boxIou(kind, b1, b2, N, loss, g1, g2, scale, go) {
    return boxIou(BOX_KINDS.indexOf(kind), b1, b2, N, loss, g1, g2, scale, go);
  },
  overlap(x, y, N, C, kind, alpha, beta, loss, grad, scale, go) {
    return overlap(x, y, N, C, OVERLAP_KINDS[kind], alpha, beta, loss, grad, scale, go, elem(x));
  },
  ntXent(x, t, N, D, temperature, work, grad, scale) {
    return ntXent(x, t, N, D, temperature, work, grad, scale, elem(x));
  },
  firstOutside01, countClassTargets,
  firstNonBinary,
};
