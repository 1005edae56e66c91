// Element-wise losses for the JS backend: the formulas of assembly/losses/ops.ts, one scalar at a time.
import { exp, log, log1p, sigmoidFromE, logSigmoidFromE } from './math.js';
import type { PointOp } from '../backend.js';

export interface ScalarOp {
  loss(x: number, y: number, pw: number): number;
  grad(x: number, y: number, pw: number): number;
}

const mse: ScalarOp = {
  loss: (x, y) => (x - y) * (x - y),
  grad: (x, y) => 2 * (x - y),
};

const l1: ScalarOp = {
  loss: (x, y) => Math.abs(x - y),
  // sign without a data-dependent branch; 0 at equality and for NaN, as torch.sign
  grad: (x, y) => (+(x - y > 0)) - (+(x - y < 0)),
};

// PyTorch's BCE backward clamps with `static const float EPSILON = 1e-12`, a float32 constant in every dtype.
const EPSILON = Math.fround(1e-12);

const bce: ScalarOp = {
  loss: (x, y) => {
    const lx = Math.max(log(x), -100);
    const l1x = Math.max(log1p(-x), -100);
    return (y - 1) * l1x - y * lx;
  },
  grad: (x, y) => (x - y) / Math.max((1 - x) * x, EPSILON),
};

const bceLogits: ScalarOp = {
  loss: (x, y, pw) => {
    const lw = 1 + (pw - 1) * y;
    return (1 - y) * x - lw * logSigmoidFromE(x, exp(-Math.abs(x)));
  },
  grad: (x, y, pw) => (1 + (pw - 1) * y) * sigmoidFromE(x, exp(-Math.abs(x))) - pw * y,
};

const sigmoid: ScalarOp = { loss: (x) => sigmoidFromE(x, exp(-Math.abs(x))), grad: () => 0 };
const logSigmoid: ScalarOp = { loss: (x) => logSigmoidFromE(x, exp(-Math.abs(x))), grad: () => 0 };

export const scalarOps: Record<PointOp, ScalarOp> = { mse, l1, bce, bceLogits, sigmoid, logSigmoid };
