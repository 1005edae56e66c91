// Element-wise losses for the JS backend: the formulas of assembly/losses/ops.ts, one scalar at a time.
import { exp, log, log1p, logSigmoidFromE, sigmoidFromE } from './math.js';
import type { PointOp } from '../backend.js';

export interface ScalarOp {
  loss(x: number, y: number, pw: number, prm: number, prm2: number): number;
  grad(x: number, y: number, pw: number, prm: number, prm2: number): number;
}

/** Label smoothing of binary targets: y·(1 - ε) + ε/2 (ε = 0: y). */
export const smooth = (y: number, eps: number): number => y - eps * (y - 0.5);
const sign = (d: number): number => (+(d > 0)) - (+(d < 0));

const mse: ScalarOp = {
  loss: (x, y) => (x - y) * (x - y),
  grad: (x, y) => 2 * (x - y),
};

const l1: ScalarOp = {
  loss: (x, y) => Math.abs(x - y),
  // sign without a data-dependent branch; 0 at equality and for NaN, as torch.sign
  grad: (x, y) => sign(x - y),
};

// PyTorch's BCE backward clamps with `static const float EPSILON = 1e-12`, a float32 constant in every dtype.
const EPSILON = Math.fround(1e-12);

const bce: ScalarOp = {
  loss: (x, y0, pw, eps) => {
    const y = smooth(y0, eps);
    const lx = Math.max(log(x), -100);
    const l1x = Math.max(log1p(-x), -100);
    return (y - 1) * l1x - y * lx;
  },
  grad: (x, y, pw, eps) => (x - smooth(y, eps)) / Math.max((1 - x) * x, EPSILON),
};

const bceLogits: ScalarOp = {
  loss: (x, y0, pw, eps) => {
    const y = smooth(y0, eps);
    const lw = 1 + (pw - 1) * y;
    return (1 - y) * x - lw * logSigmoidFromE(x, exp(-Math.abs(x)));
  },
  grad: (x, y0, pw, eps) => {
    const y = smooth(y0, eps);
    return (1 + (pw - 1) * y) * sigmoidFromE(x, exp(-Math.abs(x))) - pw * y;
  },
};

const sigmoid: ScalarOp = { loss: (x) => sigmoidFromE(x, exp(-Math.abs(x))), grad: () => 0 };
const logSigmoid: ScalarOp = { loss: (x) => logSigmoidFromE(x, exp(-Math.abs(x))), grad: () => 0 };

const huber: ScalarOp = {
  loss: (x, y, pw, delta) => { const z = Math.abs(x - y); return z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta); },
  grad: (x, y, pw, delta) => { const d = x - y; return Math.abs(d) > delta ? delta * sign(d) : d; },
};

const smoothL1: ScalarOp = {
  loss: (x, y, pw, beta) => { const z = Math.abs(x - y); return z < beta ? (0.5 * z * z) / beta : z - 0.5 * beta; },
  grad: (x, y, pw, beta) => { const d = x - y; return Math.abs(d) > beta ? sign(d) : d / beta; },
};

/** softplus(u) = max(u, 0) + log1p(exp(-|u|)), u = -y·x: finite for every finite u. */
const softMargin: ScalarOp = {
  loss: (x, y) => { const u = -y * x; return (u > 0 ? u : 0) + log1p(exp(-Math.abs(u))); },
  grad: (x, y) => { const u = -y * x; return -y * sigmoidFromE(u, exp(-Math.abs(u))); },
};

/** |d| + log1p(e) - ln 2 with e = exp(-2|d|); gradient sign(d)·(1 - e)/(1 + e) (assembly/losses/ops.ts LogCosh). */
const logCosh: ScalarOp = {
  loss: (x, y) => { const a = Math.abs(x - y); return a + log1p(exp(-2 * a)) - Math.LN2; },
  grad: (x, y) => { const d = x - y, e = exp(-2 * Math.abs(d)); return sign(d) * ((1 - e) / (1 + e)); },
};

const hingeEmbedding: ScalarOp = {
  loss: (x, y, pw, margin) => (y !== 1 ? Math.max(margin - x, 0) : 0) + (y !== -1 ? x : 0),
  grad: (x, y, pw, margin) => (y !== -1 ? 1 : 0) - (y !== 1 && margin - x >= 0 ? 1 : 0),
};

const klDiv: ScalarOp = {
  loss: (x, p) => (p > 0 ? p * (log(p) - x) : 0),
  grad: (x, p) => (p > 0 ? -p : 0),
};

const klDivLog: ScalarOp = {
  loss: (x, t) => exp(t) * (t - x),
  grad: (x, t) => -exp(t),
};

const poissonLog: ScalarOp = {
  loss: (x, y) => exp(x) - y * x,
  grad: (x, y) => exp(x) - y,
};

const poissonRate: ScalarOp = {
  loss: (x, y, pw, eps) => x - y * log(x + eps),
  grad: (x, y, pw, eps) => 1 - y / (x + eps),
};

/** torchvision's sigmoid focal loss (assembly/losses/ops.ts Focal): alpha = prm, gamma = prm2. */
function focalParts(x: number, y: number, alpha: number, gamma: number) {
  const e = exp(-Math.abs(x));
  const p = sigmoidFromE(x, e), pn = sigmoidFromE(-x, e);
  const ce = (1 - y) * x - logSigmoidFromE(x, e);
  const q = p * (1 - y) + pn * y;
  const qg = gamma === 0 ? 1 : Math.pow(q, gamma);
  const at = alpha < 0 ? 1 : alpha * y + (1 - alpha) * (1 - y);
  return { p, pn, ce, q, qg, at };
}

const focal: ScalarOp = {
  loss: (x, y, pw, alpha, gamma) => { const f = focalParts(x, y, alpha, gamma); return f.at * f.ce * f.qg; },
  grad: (x, y, pw, alpha, gamma) => {
    const { p, pn, ce, q, qg, at } = focalParts(x, y, alpha, gamma);
    const t2 = q > 0 ? (gamma * ce * qg * p * pn * (1 - 2 * y)) / q : 0;
    return at * ((p - y) * qg + t2);
  },
};

/** x1 = x, x2 = y, the ±1 target in the pw slot, margin = prm. */
const marginRanking: ScalarOp = {
  loss: (x1, x2, t, margin) => Math.max(-t * (x1 - x2) + margin, 0),
  grad: (x1, x2, t, margin) => (-t * (x1 - x2) + margin >= 0 ? -t : 0),
};

export const scalarOps: Record<PointOp, ScalarOp> = {
  mse, l1, bce, bceLogits, sigmoid, logSigmoid, huber, smoothL1, softMargin, logCosh, hingeEmbedding, klDiv, klDivLog,
  poissonLog, poissonRate, focal, marginRanking,
};
