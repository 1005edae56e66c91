// Float64 references of every loss and activation, written from PyTorch 1.13's formulas (torch.nn.functional and
// its ATen kernels and autograd formulas: clamps, NaN propagation, denominators, ignore index, label smoothing),
// never from losskit's code. Each loss gives its per-row losses ('none'), what 'mean' divides by, and the
// gradients of Σ_r g_r·loss_r for upstream weights g (gradOutput, 1 for 'sum', 1/denominator for 'mean').
// No test-runner imports: the fuzz script bundles this file.

export type Vec = ArrayLike<number>;
/** A call's arguments as numbers (index targets and lengths too), and its options with PyTorch's defaults filled. */
export interface RefCall { args: Vec[]; o: Record<string, any> }
export interface RefResult {
  /** The 'none' result. */
  rows: number[];
  /** What 'mean' divides Σ_r rows[r]·rowScale[r] by (0: NaN). */
  denom: number;
  rowScale?: number[];
  /** Per row, the magnitude of the terms that cancel into it (float rounding is relative to these), where larger. */
  magnitudes?: number[];
  /** Gradients of Σ_r g[r]·rows[r] for each differentiable argument. */
  grads(g: number[]): number[][];
  /** Where gradient terms cancel: the magnitudes of those terms, like grads. */
  gradScales?(g: number[]): number[][];
}
export type Reference = (c: RefCall) => RefResult;

const zeros = (n: number): number[] => new Array<number>(n).fill(0);
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const logSigmoid = (x: number): number => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
/** torch.sign: 0 at 0 and for NaN ((0 < a) - (a < 0)). */
const sign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);
/** clamp_min(v, 0)'s value (NaN stays NaN) and its backward mask (self >= min: passes at 0, not for NaN). */
const relu = (v: number): number => (Number.isNaN(v) ? NaN : Math.max(v, 0));
const passes = (v: number): number => (v >= 0 ? 1 : 0);
/** xlogy(x, x): 0 at 0, NaN for NaN or negative x. */
const xlogx = (x: number): number => (x === 0 ? 0 : x * Math.log(x));

/**
 * Element-wise losses: l_i, dl_i/dx_i and, where terms cancel, the magnitudes of the terms of each (float rounding
 * is relative to those), for the i-th element; rows are elements, 'mean' over n.
 */
type Point = [loss: number, grad: number, lossTerms?: number, gradTerms?: number];
function pointwise(f: (x: number, y: number, i: number, o: Record<string, any>) => Point): Reference {
  return ({ args: [x, y], o }) => {
    const n = x.length;
    const rows = zeros(n), d = zeros(n), magnitudes = zeros(n), dmag = zeros(n);
    for (let i = 0; i < n; i++) [rows[i], d[i], magnitudes[i] = 0, dmag[i] = 0] = f(x[i], y[i], i, o);
    const batch = o.reduction === 'batchmean' && o.shape ? o.shape[0] : n;
    return {
      rows, denom: batch, magnitudes, grads: (g) => [d.map((v, i) => v * g[i])], gradScales: (g) => [dmag.map((v, i) => Math.abs(v * g[i]))],
    };
  };
}
/** Rounding to the call's dtype, and exp in it: PyTorch's float32 intermediates overflow (exp above 88.72). */
const roundTo = (o: Record<string, any>) => (o.dtype === 'float32' ? Math.fround : (v: number) => v);
const expOf = (o: Record<string, any>) => (v: number) => roundTo(o)(Math.exp(v));

/** A float option that repeats along the last dimension (or has the input's length): its value at i. */
const broadcast = (w: Vec | undefined, i: number): number => (w === undefined ? 1 : w[i % w.length]);
/** BCE's label smoothing: targets y·(1 - ε) + ε/2. */
const smooth = (y: number, o: Record<string, any>): number => y * (1 - o.labelSmoothing) + o.labelSmoothing / 2;

function huber(d: number, delta: number): Point {
  const l = Math.abs(d) < delta ? 0.5 * d * d : delta * (Math.abs(d) - 0.5 * delta);
  return [l, d < -delta ? -delta : d > delta ? delta : d];
}
function smoothL1(d: number, beta: number): Point {
  if (beta === 0) return [Math.abs(d), sign(d)]; // PyTorch calls l1_loss
  const l = Math.abs(d) < beta ? (0.5 * d * d) / beta : Math.abs(d) - 0.5 * beta;
  return [l, d <= -beta ? -1 : d >= beta ? 1 : d / beta];
}
/** torchvision's sigmoid_focal_loss and its autograd gradient (pow's backward is 0 for gamma 0). */
function focal(x: number, y: number, alpha: number, gamma: number): Point {
  const p = sigmoid(x), q = sigmoid(-x); // q = 1 - p without cancellation
  const ce = (1 - y) * x - logSigmoid(x);
  const base = p * (1 - y) + q * y; // 1 - p_t
  const at = alpha >= 0 ? alpha * y + (1 - alpha) * (1 - y) : 1;
  const dBase = (1 - 2 * y) * p * q;
  const powGrad = gamma === 0 ? 0 : gamma * base ** (gamma - 1) * dBase;
  const terms = Math.abs(at) * ((p + Math.abs(y)) * base ** gamma + Math.abs(ce * powGrad));
  return [at * ce * base ** gamma, at * ((p - y) * base ** gamma + ce * powGrad), Math.abs(at) * (Math.abs((1 - y) * x) + Math.abs(logSigmoid(x))), terms];
}
function poisson(x: number, y: number, o: Record<string, any>): Point {
  const e = expOf(o)(x), ratio = roundTo(o)(y / roundTo(o)(x + o.eps)); // (float32: y/(x + eps) overflows as PyTorch's)
  const [l, d, m, dm] = o.logInput ? [e - y * x, e - y, Math.abs(e) + Math.abs(y * x), Math.abs(e) + Math.abs(y)]
    : [x - y * Math.log(x + o.eps), 1 - ratio, Math.abs(x) + Math.abs(y * Math.log(x + o.eps)), 1 + Math.abs(ratio)];
  // the Stirling term, masked where target <= 1 (a NaN target is not masked)
  const s = o.full && !(y <= 1) ? y * Math.log(y) - y + 0.5 * Math.log(2 * Math.PI * y) : 0;
  return [l + s, d, m + (o.full ? Math.abs(y * Math.log(y)) + Math.abs(y) : 0), dm];
}
function bceLogits(x: number, y0: number, i: number, o: Record<string, any>): Point {
  const y = smooth(y0, o), w = broadcast(o.weight, i), pw = broadcast(o.posWeight, i);
  const lw = o.posWeight === undefined ? 1 : 1 + (pw - 1) * y;
  return [
    w * ((1 - y) * x - lw * logSigmoid(x)), w * (lw * sigmoid(x) - pw * y),
    Math.abs(w * (1 - y) * x) + Math.abs(w * lw * logSigmoid(x)), Math.abs(w * lw * sigmoid(x)) + Math.abs(w * pw * y),
  ];
}
function bce(x: number, y0: number, i: number, o: Record<string, any>): Point {
  const y = smooth(y0, o), w = broadcast(o.weight, i);
  const l = -w * (y * Math.max(Math.log(x), -100) + (1 - y) * Math.max(Math.log1p(-x), -100));
  return [l, (w * (x - y)) / Math.max(x * (1 - x), 1e-12)];
}
/** hinge_embedding_loss: where(t != 1, clamp_min(margin - x, 0), 0) + where(t != -1, x, 0). */
function hinge(x: number, t: number, margin: number): Point {
  const m = margin - x;
  return [(t !== 1 ? relu(m) : 0) + (t !== -1 ? x : 0), (t !== 1 ? -passes(m) : 0) + (t !== -1 ? 1 : 0), Math.abs(x) + Math.abs(margin)];
}

/** Keras's epsilon (1e-7) in the call's dtype, as the kernels take it. */
const kerasEpsilon = (o: Record<string, any>): number => roundTo(o)(1e-7);
/** Keras's mean_absolute_percentage_error per element; |d| has gradient sign(d) (0 at d = 0), as l1Loss. */
function mape(x: number, y: number, o: Record<string, any>): Point {
  const m = Math.max(Math.abs(y), kerasEpsilon(o));
  return [(100 * Math.abs(y - x)) / m, (100 * sign(x - y)) / m, (100 * (Math.abs(x) + Math.abs(y))) / m];
}
/** Keras's mean_squared_logarithmic_error per element; max(x, ε) passes the gradient where x >= ε (clamp_min). */
function msle(x: number, y: number, o: Record<string, any>): Point {
  const eps = kerasEpsilon(o), mx = Math.max(x, eps);
  const a = Math.log1p(mx), b = Math.log1p(Math.max(y, eps)), d = a - b;
  const terms = Math.abs(a) + Math.abs(b); // d cancels where x ≈ y: its error is relative to the logs
  return [d * d, x >= eps ? (2 * d) / (1 + mx) : 0, 2 * Math.abs(d) * terms, (2 * terms) / (1 + mx)];
}
/**
 * Keras's hinge losses, f(u, t) of the margin u = 1 - t·x: targets t are y itself, or 2y - 1 when every target of
 * the call is 0 or 1 (Keras's convert_binary_labels_to_hinge).
 */
const hingeLike = (f: (u: number, t: number, x: number) => Point): Reference => (c) => {
  const [x, y] = c.args;
  const binary = Array.from(y).every((v) => v === 0 || v === 1);
  const t = binary ? Array.from(y, (v) => 2 * v - 1) : y;
  return pointwise((xi, ti) => f(1 - ti * xi, ti, xi))({ ...c, args: [x, t] });
};
// max(u, 0) with gradient 0 at the kink (u = 0) and for NaN: relu's backward
const kerasHinge = hingeLike((u, t, x) => [relu(u), u > 0 ? -t : 0, 1 + Math.abs(t * x)]);
const kerasSquaredHinge = hingeLike((u, t, x) => {
  const terms = 1 + Math.abs(t * x);
  return [relu(u) ** 2, u > 0 ? -2 * t * u : 0, 2 * terms * Math.abs(relu(u)), 2 * Math.abs(t) * terms];
});

/** log_softmax of one row (PyTorch: x - max - log Σ exp(x - max); NaN or an infinite max spreads NaN). */
function logSoftmaxRow(v: number[]): number[] {
  let m = -Infinity;
  for (const a of v) m = Number.isNaN(a) || Number.isNaN(m) ? NaN : Math.max(m, a);
  let s = 0;
  for (const a of v) s += Math.exp(a - m);
  const lse = Math.log(s);
  return v.map((a) => a - m - lse);
}

/** The [N, C, D] layout of a class shape ([C] → one row). */
function classDims(shape: number[] | undefined, n: number, targets: number): [number, number, number] {
  if (!shape) return [targets, n / targets, 1];
  if (shape.length === 1) return [1, shape[0], 1];
  return [shape[0], shape[1], shape.slice(2).reduce((a, b) => a * b, 1)];
}
const column = (x: Vec, N: number, C: number, D: number, n: number, d: number): number[] =>
  Array.from({ length: C }, (_, c) => x[n * C * D + c * D + d]);

/**
 * cross_entropy (index targets: nll of log_softmax with label smoothing; probability targets: -Σ w·y'·lsm)
 * and nll_loss, per position (n, d). Each row's loss is -Σ_c a_c·lsm_c for coefficients a (0 for ignored rows).
 */
function classLoss(logSoftmax: boolean): Reference {
  return ({ args: [x, t], o }) => {
    const probs = o.targetKind === 'probs';
    const [N, C, D] = classDims(o.shape, x.length, t.length);
    const eps = o.labelSmoothing ?? 0, w = (c: number) => (o.weight ? o.weight[c] : 1);
    const rows = zeros(N * D), magnitudes = zeros(N * D), grad = zeros(x.length), scales = zeros(x.length), coef: number[][] = [], lsms: number[][] = [];
    let denom = 0;
    for (let n = 0; n < N; n++) {
      for (let d = 0; d < D; d++) {
        const r = n * D + d, v = column(x, N, C, D, n, d);
        const lsm = logSoftmax ? logSoftmaxRow(v) : v;
        let a = zeros(C);
        if (probs) a = a.map((_, c) => w(c) * (column(t, N, C, D, n, d)[c] * (1 - eps) + eps / C));
        else if (t[r] !== o.ignoreIndex) {
          const y = t[r];
          a = a.map((_, c) => (eps > 0 ? (eps * w(c)) / C : 0) + (c === y ? (1 - eps) * w(y) : 0));
          denom += w(y);
        }
        // only the classes a row reads: an unread -inf never meets a 0 coefficient
        const read = (c: number) => probs || eps > 0 || c === t[r];
        // index targets: PyTorch adds two losses, (1 - ε)·nll + ε·smooth (so 0·inf is NaN at ε = 1)
        const y = t[r], kept = probs || y !== o.ignoreIndex;
        let smoothed = 0;
        if (kept && (probs || eps > 0)) for (let c = 0; c < C; c++) smoothed -= (probs ? a[c] : w(c) / C) * lsm[c];
        rows[r] = !kept ? 0 : probs ? smoothed : (1 - eps) * -w(y) * lsm[y] + (eps > 0 ? eps * smoothed : 0);
        // log Σ exp is accurate to ulps of 1 (d log s = ds/s): each read log-probability carries that
        magnitudes[r] = a.reduce((m, ac, c) => m + (read(c) ? Math.abs(ac) * (Math.abs(lsm[c]) + (logSoftmax ? 1 : 0)) : 0), 0);
        coef.push(a.map((ac, c) => (read(c) ? ac : 0)));
        lsms.push(lsm);
      }
    }
    return {
      rows, denom: probs ? N * D : denom, magnitudes,
      grads(g) {
        for (let r = 0; r < N * D; r++) {
          const n = Math.floor(r / D), d = r % D, a = coef[r];
          if (!probs && t[r] === o.ignoreIndex) continue;
          const sumA = a.reduce((s, v) => s + v, 0);
          for (let c = 0; c < C; c++) {
            const i = n * C * D + c * D + d;
            // (nll_loss writes the target's gradient only: the others stay 0 even where g is infinite)
            grad[i] = logSoftmax ? g[r] * (sumA * Math.exp(lsms[r][c]) - a[c]) : a[c] === 0 ? 0 : -g[r] * a[c];
            scales[i] = Math.abs(g[r]) * (logSoftmax ? Math.abs(sumA * Math.exp(lsms[r][c])) + Math.abs(a[c]) : Math.abs(a[c]));
          }
        }
        return [grad];
      },
      gradScales(g) { this.grads(g); return [scales]; },
    };
  };
}

/**
 * The categorical losses (Keras's categorical hinge and categorical focal, optax's poly-1) per row of class scores v
 * with target row y (one-hot for an index target): the loss, its gradient with respect to v, the magnitude of the
 * terms that cancel into the loss, and per class the magnitude of the gradient's terms.
 */
type CategoricalRow = (v: number[], y: number[], o: Record<string, any>) => [loss: number, grad: number[], mag: number, gradMags: number[]];

/** Rows of [N, C, d...] (class dimension 1, or the last with classDim -1) with index or probability targets. */
function categoricalRows(f: CategoricalRow): Reference {
  return ({ args: [x, t], o }) => {
    const probs = o.targetKind === 'probs', last = o.classDim === -1 || o.classDim === 'last';
    const [N, C, D] = last && o.shape.length > 1 ? [x.length / o.shape.at(-1), o.shape.at(-1), 1] : classDims(o.shape, x.length, t.length);
    const rows = zeros(N * D), magnitudes = zeros(N * D), rowGrads: number[][] = [], rowMags: number[][] = [];
    for (let r = 0; r < N * D; r++) {
      const n = Math.floor(r / D), d = r % D;
      const y = probs ? column(t, N, C, D, n, d) : Array.from({ length: C }, (_, c) => (c === t[r] ? 1 : 0));
      const [l, g, m, gm] = f(column(x, N, C, D, n, d), y, o);
      rows[r] = l; magnitudes[r] = m; rowGrads.push(g); rowMags.push(gm);
    }
    const spread = (g: number[], per: number[][], abs: boolean) => {
      const out = zeros(x.length);
      for (let r = 0; r < N * D; r++) {
        const n = Math.floor(r / D), d = r % D;
        for (let c = 0; c < C; c++) out[n * C * D + c * D + d] = (abs ? Math.abs(g[r]) : g[r]) * per[r][c];
      }
      return [out];
    };
    return { rows, denom: N * D, magnitudes, grads: (g) => spread(g, rowGrads, false), gradScales: (g) => spread(g, rowMags, true) };
  };
}

/** categorical_hinge: max(neg - pos + 1, 0); the max's gradient split among its ties, 0 at the kink (NaN rows: NaN). */
const categoricalHinge: CategoricalRow = (v, y) => {
  const z = v.map((a, c) => (1 - y[c]) * a);
  let neg = -Infinity, pos = 0, mag = 1;
  for (let c = 0; c < v.length; c++) {
    neg = Number.isNaN(z[c]) || Number.isNaN(neg) ? NaN : Math.max(neg, z[c]);
    pos += y[c] * v[c];
    mag += Math.abs(y[c] * v[c]);
  }
  const m = neg - pos + 1, ties = z.filter((a) => a === neg).length;
  const grad = v.map((_, c) => (Number.isNaN(m) ? NaN : m > 0 ? (z[c] === neg ? (1 - y[c]) / ties : 0) - y[c] : 0));
  return [Number.isNaN(m) ? NaN : Math.max(m, 0), grad, mag + Math.abs(neg), y.map((yc) => Math.abs(1 - yc) + Math.abs(yc))];
};

/** Σ_c a_c·∂p_c/∂v_j = a_j·p_j - p_j·Σ_c a_c·p_c, summed term by term: the softmax's Jacobian applied to a. */
const softmaxBack = (p: number[], a: number[]): number[] => p.map((pj, j) => a.reduce((s, ac, c) => s + ac * p[c] * ((c === j ? 1 : 0) - pj), 0));

/** categorical_focal_crossentropy from logits, without Keras's clip: Σ_{y_c ≠ 0} α·(1 - p_c)^γ·(-y_c·log p_c). */
const categoricalFocal: CategoricalRow = (v, y, o) => {
  const { alpha, gamma } = o;
  const lsm = logSoftmaxRow(v), p = lsm.map(Math.exp);
  let loss = 0, mag = 0, total = 0;
  // p_c·∂l/∂p_c = α·y_c·(γ·(1 - p_c)^(γ-1)·p_c·log p_c - (1 - p_c)^γ) (the first term's limit 0 at p_c = 1)
  const dp = v.map((_, c) => {
    if (y[c] === 0) return 0;
    const q = 1 - p[c];
    loss += alpha * q ** gamma * -y[c] * lsm[c];
    mag += Math.abs(alpha * y[c]) * (Math.abs(lsm[c]) + 1);
    total += Math.abs(alpha * y[c]) * (gamma * (Math.abs(lsm[c]) + 1) + 1);
    return alpha * y[c] * ((q > 0 ? gamma * q ** (gamma - 1) * p[c] * lsm[c] : 0) - q ** gamma);
  });
  // ∂p_c/∂v_j = p_c·(δ_cj - p_j)
  const grad = p.map((pj, j) => dp.reduce((s, d, c) => s + d * ((c === j ? 1 : 0) - pj), 0));
  return [loss, grad, mag, p.map((pj, j) => total * (pj + (y[j] !== 0 ? 1 : 0)))];
};

/** poly_loss_cross_entropy: -Σ y_c·log p_c + ε·Σ y_c·(1 - p_c). */
const poly: CategoricalRow = (v, y, o) => {
  const eps = o.epsilon, lsm = logSoftmaxRow(v), p = lsm.map(Math.exp);
  const ce = y.reduce((s, yc, c) => s - yc * lsm[c], 0), one = y.reduce((s, yc, c) => s + yc * (1 - p[c]), 0);
  const ceBack = p.map((pj, j) => y.reduce((s, yc) => s + yc * pj, 0) - y[j]);
  const polyBack = softmaxBack(p, y.map((yc) => -eps * yc));
  const sy = y.reduce((s, yc) => s + Math.abs(yc), 0);
  const mag = y.reduce((s, yc, c) => s + Math.abs(yc) * (Math.abs(lsm[c]) + 1 + Math.abs(eps) * (1 + p[c])), 0);
  return [ce + eps * one, ceBack.map((g, j) => g + polyBack[j]), mag, p.map((pj, j) => (1 + Math.abs(eps)) * (pj * sy + Math.abs(y[j])))];
};

/** [N, K] rows of a matrix shape ([K] or none: one row). */
const matrixDims = (shape: number[] | undefined, n: number): [number, number] =>
  !shape ? [1, n] : shape.length === 2 ? [shape[0], shape[1]] : [1, shape[0]];

/** multilabel_soft_margin_loss: per row -(1/C)·Σ_c w_c·(y·logσ(x) + (1 - y)·logσ(-x)). */
const multilabelSoftMargin: Reference = ({ args: [x, y], o }) => {
  const [N, C] = matrixDims(o.shape, x.length);
  const rows = zeros(N), d = zeros(x.length), dmag = zeros(x.length), magnitudes = zeros(N);
  for (let i = 0; i < x.length; i++) {
    const w = o.weight ? o.weight[i % C] : 1;
    // (losskit's stable form (1 - y)·x - logσ(x) cancels: its terms' magnitudes)
    magnitudes[Math.floor(i / C)] += (Math.abs(w) * (Math.abs((1 - y[i]) * x[i]) + Math.abs(logSigmoid(x[i])))) / C;
    rows[Math.floor(i / C)] -= (w * (y[i] * logSigmoid(x[i]) + (1 - y[i]) * logSigmoid(-x[i]))) / C;
    d[i] = (w * (sigmoid(x[i]) - y[i])) / C;
    dmag[i] = (w * (sigmoid(x[i]) + Math.abs(y[i]))) / C;
  }
  const perRow = (v: number[]) => (g: number[]) => [v.map((di, i) => di * g[Math.floor(i / C)])];
  return { rows, denom: N, magnitudes, grads: perRow(d), gradScales: (g) => perRow(dmag)(g).map((a) => a.map(Math.abs)) };
};

/** multi_margin_loss (ATen's loop: z > 0 only, so NaN scores count for nothing). */
const multiMargin: Reference = ({ args: [x, t], o }) => {
  const [N, C] = o.shape ? matrixDims(o.shape, x.length) : [t.length, x.length / t.length];
  const rows = zeros(N);
  const terms: [r: number, i: number, y: number, h: number][] = [];
  for (let r = 0; r < N; r++) {
    const y = t[r], wy = o.weight ? o.weight[y] : 1;
    for (let i = 0; i < C; i++) {
      const z = o.margin - x[r * C + y] + x[r * C + i];
      if (i === y || !(z > 0)) continue;
      rows[r] += ((o.p === 1 ? z : z * z) * wy) / C;
      terms.push([r, i, y, ((o.p === 1 ? 1 : 2 * z) * wy) / C]);
    }
  }
  return {
    rows, denom: N,
    grads(g) {
      const grad = zeros(x.length);
      for (const [r, i, y, h] of terms) { grad[r * C + i] += g[r] * h; grad[r * C + y] -= g[r] * h; }
      return [grad];
    },
  };
};

/** multilabel_margin_loss: each listed target j against every non-target i, z = 1 - x_j + x_i > 0. */
const multilabelMargin: Reference = ({ args: [x, t], o }) => {
  const [N, C] = matrixDims(o.shape, x.length);
  const rows = zeros(N), pairs: [r: number, j: number, i: number][] = [];
  for (let r = 0; r < N; r++) {
    const list: number[] = [];
    for (let k = 0; k < C && t[r * C + k] !== -1; k++) list.push(t[r * C + k]);
    for (const j of list) {
      for (let i = 0; i < C; i++) {
        if (list.includes(i)) continue;
        const z = 1 - x[r * C + j] + x[r * C + i];
        if (z > 0) { rows[r] += z / C; pairs.push([r, j, i]); }
      }
    }
  }
  return {
    rows, denom: N,
    grads(g) {
      const grad = zeros(x.length);
      for (const [r, j, i] of pairs) { grad[r * C + i] += g[r] / C; grad[r * C + j] -= g[r] / C; }
      return [grad];
    },
  };
};

const row = (v: Vec, r: number, D: number): number[] => Array.from({ length: D }, (_, k) => v[r * D + k]);
const dot = (a: number[], b: number[]): number => a.reduce((s, v, k) => s + v * b[k], 0);

/** cosine_embedding_loss: cos with EPSILON 1e-12 on each squared norm; 1 - cos (t = 1), clamp_min(cos - margin, 0) (t = -1). */
const cosineEmbedding: Reference = ({ args: [x1, x2, t], o }) => {
  const [N, D] = matrixDims(o.shape, x1.length);
  const rows = zeros(N), magnitudes = zeros(N), dcos: [number[], number[], number][] = [], mcos: [number[], number[], number][] = [];
  for (let r = 0; r < N; r++) {
    const a = row(x1, r, D), b = row(x2, r, D);
    const m1 = dot(a, a) + 1e-12, m2 = dot(b, b) + 1e-12, den = Math.sqrt(m1 * m2), cos = dot(a, b) / den;
    const k = t[r] === 1 ? -1 : t[r] === -1 ? passes(cos - o.margin) : 0; // d loss / d cos
    rows[r] = t[r] === 1 ? 1 - cos : t[r] === -1 ? relu(cos - o.margin) : 0;
    magnitudes[r] = 1 + Math.abs(cos) + Math.abs(o.margin);
    dcos.push([b.map((v, i) => v / den - (cos * a[i]) / m1), a.map((v, i) => v / den - (cos * b[i]) / m2), k]);
    mcos.push([b.map((v, i) => Math.abs(v / den) + Math.abs((cos * a[i]) / m1)), a.map((v, i) => Math.abs(v / den) + Math.abs((cos * b[i]) / m2)), Math.abs(k)]);
  }
  const chain = (q: typeof dcos) => (g: number[]) => {
    const g1 = zeros(x1.length), g2 = zeros(x1.length);
    q.forEach(([d1, d2, k], r) => d1.forEach((_, i) => { g1[r * D + i] = k === 0 ? 0 : g[r] * k * d1[i]; g2[r * D + i] = k === 0 ? 0 : g[r] * k * d2[i]; }));
    return [g1, g2];
  };
  return { rows, denom: N, magnitudes, grads: chain(dcos), gradScales: (g) => chain(mcos)(g).map((a) => a.map(Math.abs)) };
};

/** A distance and its gradient with respect to its first argument (minus that for the second). */
export type Distance = (a: number[], b: number[]) => { d: number; da: number[]; db: number[]; ma: number[]; mb: number[] };

/** pairwise_distance: ‖a - b + eps‖_p, with norm's backward sgn(v)·|v|^(p-1)/‖v‖^(p-1) (0 where the norm is 0). */
export const pairwise = (p: number, eps: number): Distance => (a, b) => {
  const v = a.map((ai, k) => ai - b[k] + eps);
  const d = p === 2 ? Math.sqrt(dot(v, v)) : v.reduce((s, vk) => s + Math.abs(vk) ** p, 0) ** (1 / p);
  const da = v.map((vk) => (d === 0 ? 0 : p === 1 ? sign(vk) : p === 2 ? vk / d : (sign(vk) * Math.abs(vk) ** (p - 1)) / d ** (p - 1)));
  const ma = da.map(Math.abs);
  return { d, da, db: da.map((s) => -s), ma, mb: ma };
};
/** 1 - cosine_similarity (x1·x2 / sqrt(max(|x1|²·|x2|², eps²)), eps 1e-8). */
export const cosineDistance: Distance = (a, b) => {
  const w1 = dot(a, a), w2 = dot(b, b), w12 = dot(a, b), prod = w1 * w2;
  const n12 = Math.sqrt(Math.max(prod, 1e-16)), cos = w12 / n12, clamped = prod < 1e-16;
  const grad = (u: number[], v: number[], wu: number) => u.map((_, k) => -(v[k] / n12 - (clamped ? 0 : (cos * u[k]) / wu)));
  const mag = (u: number[], v: number[], wu: number) => u.map((_, k) => Math.abs(v[k] / n12) + (clamped ? 0 : Math.abs((cos * u[k]) / wu)));
  return { d: 1 - cos, da: grad(a, b, w1), db: grad(b, a, w2), ma: mag(a, b, w1), mb: mag(b, a, w2) };
};

/** The triplet margin loss: clamp_min(margin + d(a, p) - d(a, n), 0), swap: min(d(a, n), d(p, n)) (ties split). */
function triplet(dist: (o: Record<string, any>) => Distance): Reference {
  return ({ args: [A, P, Ng], o }) => {
    const [N, D] = matrixDims(o.shape, A.length), f = dist(o);
    const rows = zeros(N), magnitudes = zeros(N), parts: [number[], number[], number[]][] = [], mags: [number[], number[], number[]][] = [];
    for (let r = 0; r < N; r++) {
      const a = row(A, r, D), p = row(P, r, D), n = row(Ng, r, D);
      const dp = f(a, p), dn = f(a, n), ds = f(p, n);
      const useN = !o.swap || dn.d < ds.d ? 1 : dn.d === ds.d ? 0.5 : 0;
      const dneg = o.swap ? Math.min(dn.d, ds.d) : dn.d;
      const v = o.margin + dp.d - dneg, k = passes(v);
      rows[r] = relu(v);
      magnitudes[r] = Math.abs(o.margin) + Math.abs(dp.d) + Math.abs(dneg);
      // d/da, d/dp, d/dn of margin + d(a, p) - dneg
      const ga = a.map((_, i) => k * (dp.da[i] - useN * dn.da[i]));
      const gp = a.map((_, i) => k * (dp.db[i] - (1 - useN) * ds.da[i]));
      const gn = a.map((_, i) => k * -(useN * dn.db[i] + (1 - useN) * ds.db[i]));
      parts.push([ga, gp, gn]);
      const m = (u: number[], v: number[]) => u.map((ui, i) => k * (ui + v[i]));
      mags.push([m(dp.ma, dn.ma), m(dp.mb, ds.ma), m(dn.mb, ds.mb)]);
    }
    const perRow = (q: typeof parts) => (g: number[]) => [0, 1, 2].map((j) => q.flatMap((pr, r) => pr[j].map((v) => v * g[r])));
    return { rows, denom: N, magnitudes, grads: perRow(parts), gradScales: (g) => perRow(mags)(g).map((a) => a.map(Math.abs)) };
  };
}

/** gaussian_nll_loss: var clamped to eps under no_grad (its gradient passes the clamp), per element. */
const gaussianNll: Reference = ({ args: [x, y, v], o }) => {
  const n = x.length, per = n / v.length;
  const rows = zeros(n), dx = zeros(n), dv = zeros(n), magnitudes = zeros(n);
  for (let i = 0; i < n; i++) {
    const s = Math.max(v[Math.floor(i / per)], o.eps), d = x[i] - y[i];
    rows[i] = 0.5 * (Math.log(s) + (d * d) / s) + (o.full ? 0.5 * Math.log(2 * Math.PI) : 0);
    magnitudes[i] = 0.5 * (Math.abs(Math.log(s)) + (d * d) / s) + (o.full ? 1 : 0);
    dx[i] = d / s;
    dv[i] = 0.5 * (1 / s - (d * d) / (s * s));
  }
  return {
    rows, denom: n, magnitudes,
    grads(g) {
      const gv = zeros(v.length);
      for (let i = 0; i < n; i++) gv[Math.floor(i / per)] += g[i] * dv[i];
      return [dx.map((d, i) => d * g[i]), gv];
    },
  };
};

const logAdd = (a: number, b: number): number => {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
};

/** One CTC sample: nll and log Σ_s α_t(s)·β_t(s) per (t, c) (ATen's ctc_loss_cpu and its backward). */
function ctcSample(lp: (t: number, c: number) => number, T: number, C: number, target: number[], blank: number) {
  const L = 2 * target.length + 1, lab = (s: number) => (s % 2 === 0 ? blank : target[(s - 1) >> 1]);
  const alpha = Array.from({ length: T }, () => new Array<number>(L).fill(-Infinity));
  const beta = Array.from({ length: T }, () => new Array<number>(L).fill(-Infinity));
  const skip = (s: number) => s >= 2 && lab(s) !== blank && lab(s) !== lab(s - 2);
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < L; s++) {
      let acc = t === 0 ? (s < 2 ? 0 : -Infinity) : logAdd(alpha[t - 1][s], s >= 1 ? alpha[t - 1][s - 1] : -Infinity);
      if (t > 0 && skip(s)) acc = logAdd(acc, alpha[t - 1][s - 2]);
      alpha[t][s] = acc === -Infinity ? -Infinity : acc + lp(t, lab(s));
    }
  }
  for (let t = T - 1; t >= 0; t--) {
    for (let s = L - 1; s >= 0; s--) {
      let acc = t === T - 1 ? (s >= L - 2 ? 0 : -Infinity) : logAdd(beta[t + 1][s], s + 1 < L ? beta[t + 1][s + 1] : -Infinity);
      if (t < T - 1 && s + 2 < L && lab(s + 2) !== blank && lab(s + 2) !== lab(s)) acc = logAdd(acc, beta[t + 1][s + 2]);
      beta[t][s] = acc === -Infinity ? -Infinity : acc + lp(t, lab(s));
    }
  }
  const nll = T === 0 ? (L === 1 ? 0 : Infinity) : -logAdd(alpha[T - 1][L - 1], L >= 2 ? alpha[T - 1][L - 2] : -Infinity);
  const lcab = (t: number, c: number) => {
    let acc = -Infinity;
    for (let s = 0; s < L; s++) if (lab(s) === c) acc = logAdd(acc, alpha[t][s] + beta[t][s]);
    return acc;
  };
  return { nll, lcab };
}

/** ctc_loss on [T, N, C]: PyTorch's gradient exp(lp) - exp(lcab + nll - lp), 0 past the input length. */
const ctc: Reference = ({ args: [x, targets, inLens, tgLens], o }) => {
  const [T, N, C] = o.shape.length === 3 ? o.shape : [o.shape[0], 1, o.shape[1]];
  const total = Array.from(tgLens).reduce((a, b) => a + b, 0), padded = targets.length !== total;
  const S = padded ? targets.length / N : 0;
  const rows = zeros(N), samples: ReturnType<typeof ctcSample>[] = [];
  for (let n = 0, off = 0; n < N; off += tgLens[n], n++) {
    const start = padded ? n * S : off;
    const tg = Array.from({ length: tgLens[n] }, (_, j) => targets[start + j]);
    const s = ctcSample((t, c) => x[(t * N + n) * C + c], inLens[n], C, tg, o.blank);
    samples.push(s);
    rows[n] = o.zeroInfinity && s.nll === Infinity ? 0 : s.nll;
  }
  return {
    rows, denom: N, rowScale: Array.from(tgLens, (l) => 1 / Math.max(l, 1)),
    // exp(lp) - exp(lcab + nll - lp) cancels: its terms are about exp(lp)
    gradScales: (g) => [Array.from(x, (lp, i) => Math.abs(Math.exp(lp) * g[Math.floor(i / C) % N]))],
    grads(g) {
      const grad = zeros(x.length);
      for (let n = 0; n < N; n++) {
        const { nll, lcab } = samples[n];
        if (o.zeroInfinity && nll === Infinity) continue;
        for (let t = 0; t < inLens[n]; t++) {
          for (let c = 0; c < C; c++) {
            const lp = x[(t * N + n) * C + c];
            grad[(t * N + n) * C + c] = (Math.exp(lp) - Math.exp(lcab(t, c) + nll - lp)) * g[n];
          }
        }
      }
      return [grad];
    },
  };
};

/**
 * A float64 value with its 8 partial derivatives (forward mode, for the 8 coordinates of a pair of boxes) and the
 * magnitudes that rounding is relative to (of the value and of each partial: Σ of the absolute terms).
 */
class Dual {
  constructor(readonly v: number, readonly d: number[], readonly mv = Math.abs(v), readonly md = d.map(Math.abs)) {}
  static of(v: number): Dual { return new Dual(v, zeros(8)); }
  add(b: Dual, sign = 1): Dual {
    return new Dual(this.v + sign * b.v, this.d.map((x, k) => x + sign * b.d[k]), this.mv + b.mv, this.md.map((m, k) => m + b.md[k]));
  }
  sub(b: Dual): Dual { return this.add(b, -1); }
  mul(b: Dual): Dual {
    const a = this;
    return new Dual(a.v * b.v, a.d.map((x, k) => x * b.v + a.v * b.d[k]), a.mv * Math.abs(b.v) + Math.abs(a.v) * b.mv,
      a.md.map((m, k) => m * Math.abs(b.v) + Math.abs(a.d[k]) * b.mv + b.md[k] * Math.abs(a.v) + Math.abs(b.d[k]) * a.mv));
  }
  inv(): Dual {
    const b = this.v, b2 = b * b;
    return new Dual(1 / b, this.d.map((x) => -x / b2), this.mv / b2, this.md.map((m, k) => m / b2 + (2 * Math.abs(this.d[k]) * this.mv) / Math.abs(b2 * b)));
  }
  div(b: Dual): Dual { return this.mul(b.inv()); }
  atan(): Dual {
    const q = 1 + this.v * this.v;
    return new Dual(Math.atan(this.v), this.d.map((x) => x / q), this.mv / q,
      this.md.map((m, k) => m / q + (2 * Math.abs(this.v * this.d[k]) * this.mv) / (q * q)));
  }
  /** A constant (no_grad) with this value. */
  frozen(): Dual { return new Dual(this.v, zeros(8), this.mv); }
}
/** torch.max / torch.min of two tensors: the chosen one's derivative, half of each at a tie, both for NaN. */
function pick(a: Dual, b: Dual, takeA: boolean, takeB: boolean): Dual {
  const v = takeA ? a.v : takeB ? b.v : NaN;
  if (a.v === b.v) return new Dual(v, a.d.map((x, k) => (x + b.d[k]) / 2), a.mv, a.md.map((m, k) => (m + b.md[k]) / 2));
  if (takeA || takeB) return takeA ? a : b;
  return new Dual(v, a.d.map((x, k) => x + b.d[k]), a.mv + b.mv, a.md.map((m, k) => m + b.md[k]));
}
const dmax = (a: Dual, b: Dual): Dual => pick(a, b, a.v > b.v || a.v === b.v, b.v > a.v);
const dmin = (a: Dual, b: Dual): Dual => pick(a, b, a.v < b.v || a.v === b.v, b.v < a.v);

/** torchvision 0.14's box losses of one pair (generalized, distance or complete IoU), eps = 1e-7, in forward mode. */
export function boxPair(kind: 'giou' | 'diou' | 'ciou', box1: number[], box2: number[]): Dual & { alpha?: number; v4?: Dual } {
  const c = [...box1, ...box2].map((v, k) => new Dual(v, zeros(8).map((_, j) => (j === k ? 1 : 0))));
  const [x1, y1, x2, y2, X1, Y1, X2, Y2] = c;
  const one = Dual.of(1), eps = Dual.of(1e-7), half = Dual.of(0.5);
  // _loss_inter_union: the intersection where both of its sides are positive, else a constant 0
  const iw = dmin(x2, X2).sub(dmax(x1, X1)), ih = dmin(y2, Y2).sub(dmax(y1, Y1));
  const inter = ih.v > 0 && iw.v > 0 ? iw.mul(ih) : Dual.of(0);
  const union = x2.sub(x1).mul(y2.sub(y1)).add(X2.sub(X1).mul(Y2.sub(Y1))).sub(inter);
  const iou = inter.div(union.add(eps));
  const cw = dmax(x2, X2).sub(dmin(x1, X1)), ch = dmax(y2, Y2).sub(dmin(y1, Y1));
  if (kind === 'giou') {
    const area = cw.mul(ch);
    return one.sub(iou.sub(area.sub(union).div(area.add(eps))));
  }
  const diag = cw.mul(cw).add(ch.mul(ch)).add(eps);
  const ex = x2.add(x1).mul(half).sub(X1.add(X2).mul(half)), ey = y2.add(y1).mul(half).sub(Y1.add(Y2).mul(half));
  const diou = one.sub(iou).add(ex.mul(ex).add(ey.mul(ey)).div(diag));
  if (kind === 'diou') return diou;
  const dAtan = X2.sub(X1).div(Y2.sub(Y1)).atan().sub(x2.sub(x1).div(y2.sub(y1)).atan());
  const v = Dual.of(4 / Math.PI ** 2).mul(dAtan.mul(dAtan));
  const alpha = v.div(one.sub(iou).add(v).add(eps)).frozen(); // torchvision: under no_grad
  return Object.assign(diou.add(alpha.mul(v)), { alpha: alpha.v, v4: v });
}

/** A box loss over pairs of boxes [N, 4] (flat): rows are pairs. */
const boxLoss = (kind: 'giou' | 'diou' | 'ciou'): Reference => ({ args: [b1, b2] }) => {
  const N = b1.length / 4, pairs = Array.from({ length: N }, (_, n) => boxPair(kind, row(b1, n, 4), row(b2, n, 4)));
  const chain = (part: (p: Dual) => number[]) => (g: number[]) => {
    const g1 = zeros(4 * N), g2 = zeros(4 * N);
    pairs.forEach((p, n) => part(p).forEach((v, k) => { (k < 4 ? g1 : g2)[4 * n + (k % 4)] = g[n] * v; }));
    return [g1, g2];
  };
  return {
    rows: pairs.map((p) => p.v), denom: N, magnitudes: pairs.map((p) => p.mv),
    grads: chain((p) => p.d), gradScales: (g) => chain((p) => p.md)(g).map((a) => a.map(Math.abs)),
  };
};

// ---- beyond PyTorch: Keras 3's cosine_similarity, dice and tversky (axis -1), optax's ntxent --------------------
/** Keras's epsilon() = 1e-7, as its float32 ops round it. */
const kerasEps = (o: Record<string, any>): number => roundTo(o)(1e-7);

/** A row loss of Keras's over [N, C]: per row its loss, the loss's magnitude, ∂l/∂x and the magnitudes of its terms. */
type RowLoss = (x: number[], y: number[], o: Record<string, any>) => { l: number; mag: number; d: number[]; dmag: number[] };
function kerasRows(f: RowLoss): Reference {
  return ({ args: [x, y], o }) => {
    const [N, C] = matrixDims(o.shape, x.length);
    const rows = zeros(N), magnitudes = zeros(N), d: number[][] = [], dmag: number[][] = [];
    for (let r = 0; r < N; r++) {
      const out = f(row(x, r, C), row(y, r, C), o);
      rows[r] = out.l; magnitudes[r] = out.mag; d.push(out.d); dmag.push(out.dmag);
    }
    const chain = (q: number[][]) => (g: number[]) => [q.flatMap((v, r) => v.map((e) => e * g[r]))];
    return { rows, denom: N, magnitudes, grads: chain(d), gradScales: (g) => chain(dmag)(g).map((a) => a.map(Math.abs)) };
  };
}

/** cosine_similarity: -Σ x̂·ŷ, v̂ = v·min(1/sqrt(Σ v²), 1/ε) (Keras 3's normalize); the clamp has gradient 0. */
const cosineSimilarity: RowLoss = (x, y, o) => {
  const eps = kerasEps(o);
  const inv = (v: number[]) => Math.min(1 / Math.sqrt(dot(v, v)), 1 / eps);
  const rx = inv(x), ry = inv(y), P = dot(x, y), clamped = rx === 1 / eps;
  return {
    l: -P * rx * ry, mag: 1,
    d: x.map((xc, c) => -y[c] * rx * ry + (clamped ? 0 : P * rx ** 3 * ry * xc)),
    dmag: x.map((xc, c) => Math.abs(y[c] * rx * ry) + (clamped ? 0 : Math.abs(P * rx ** 3 * ry * xc))),
  };
};

/** dice: 1 - 2·Σ y·x / (Σ y + Σ x + ε). */
const dice: RowLoss = (x, y, o) => {
  const D = y.reduce((a, b) => a + b, 0) + x.reduce((a, b) => a + b, 0) + kerasEps(o), P = dot(y, x);
  return { l: 1 - (2 * P) / D, mag: 1 + Math.abs((2 * P) / D), d: y.map((v) => (2 * P) / D ** 2 - (2 * v) / D), dmag: y.map((v) => Math.abs((2 * P) / D ** 2) + Math.abs((2 * v) / D)) };
};

/** tversky as Keras computes it: TP = Σ y·x, fp = Σ (1 - x)·y, fn = Σ x·(1 - y); 1 - TP/(TP + α·fp + β·fn + ε). */
const tversky: RowLoss = (x, y, o) => {
  const TP = dot(y, x), fp = dot(x.map((v) => 1 - v), y), fn = dot(x, y.map((v) => 1 - v));
  const D = TP + o.alpha * fp + o.beta * fn + kerasEps(o);
  const dD = y.map((v) => v - o.alpha * v + o.beta * (1 - v)); // ∂D/∂x_c
  return {
    l: 1 - TP / D, mag: 1 + Math.abs(TP / D),
    d: y.map((v, c) => -(v * D - TP * dD[c]) / D ** 2), dmag: y.map((v, c) => (Math.abs(v * D) + Math.abs(TP * dD[c])) / D ** 2),
  };
};

/**
 * optax's ntxent over [N, D] with labels t: ê = x / sqrt(max(Σ x², eps)) (eps the dtype's machine epsilon), s = ê·ê'/τ;
 * per row i, m = max_{k≠i} s_ik, and each j ≠ i of i's label adds log(Σ_{k of another label} e^{s_ik - m} + e^{s_ij - m})
 * - (s_ij - m). rows: each row's sum of terms; 'mean' divides by the number of positive pairs.
 */
const ntXent: Reference = ({ args: [x, t], o }) => {
  const [N, D] = o.shape ? matrixDims(o.shape, x.length) : [t.length, t.length ? x.length / t.length : 0];
  const eps = o.dtype === 'float32' ? 2 ** -23 : 2 ** -52, tau = o.temperature;
  const sq = Array.from({ length: N }, (_, i) => dot(row(x, i, D), row(x, i, D)));
  const norm = sq.map((v) => Math.sqrt(Math.max(v, eps)));
  const unit = Array.from({ length: N }, (_, i) => row(x, i, D).map((v) => v / norm[i]));
  const s = unit.map((a) => unit.map((b) => dot(a, b) / tau));
  const rows = zeros(N), magnitudes = zeros(N);
  // dS[i][k]: ∂(row i's terms)/∂s_ik
  const dS = Array.from({ length: N }, () => zeros(N));
  let pairs = 0;
  for (let i = 0; i < N; i++) {
    const others = [...Array(N).keys()].filter((k) => k !== i);
    const pos = others.filter((k) => t[k] === t[i]), neg = others.filter((k) => t[k] !== t[i]);
    pairs += pos.length;
    if (pos.length === 0) continue;
    const m = Math.max(...others.map((k) => s[i][k]));
    const S = neg.reduce((a, k) => a + Math.exp(s[i][k] - m), 0);
    for (const j of pos) {
      const e = Math.exp(s[i][j] - m), den = S + e;
      rows[i] += Math.log(den) - (s[i][j] - m);
      // (log of a sum: accurate to a few ulp of 1 in absolute terms, like log-softmax's)
      magnitudes[i] += 1 + Math.abs(Math.log(den)) + Math.abs(s[i][j] - m);
      dS[i][j] -= S / den; // (= e/den - 1 without its cancellation)
      for (const k of neg) dS[i][k] += Math.exp(s[i][k] - m) / den;
    }
  }
  // (a row without positive pairs has no term: nothing to scale, even by the 1/0 of a mean over no pair, as optax)
  const times = (gi: number, d: number) => (d === 0 ? 0 : gi * d);
  /** ∂/∂x of Σ_i g_i·rows_i (abs: the magnitudes of its terms): through s = ê·ê'/τ, then ê = x/n. */
  const through = (g: number[], abs: boolean) => {
    const f = abs ? Math.abs : (v: number) => v;
    const out: number[] = [];
    for (let i = 0; i < N; i++) {
      const gu = zeros(D);
      for (let k = 0; k < N; k++) {
        const w = f(times(g[i], dS[i][k]) + times(g[k], dS[k][i])) / tau;
        unit[k].forEach((v, c) => { gu[c] += w * f(v); });
      }
      const proj = sq[i] < eps ? 0 : dot(gu, unit[i].map(f));
      gu.forEach((v, c) => out.push(abs ? (v + Math.abs(proj * unit[i][c])) / norm[i] : (v - proj * unit[i][c]) / norm[i]));
    }
    return [out];
  };
  return { rows, denom: pairs, magnitudes, grads: (g) => through(g, false), gradScales: (g) => through(g, true) };
};

export const REFERENCES: Record<string, Reference> = {
  mseLoss: pointwise((x, y) => [(x - y) ** 2, 2 * (x - y)]),
  l1Loss: pointwise((x, y) => [Math.abs(x - y), sign(x - y)]),
  crossEntropy: classLoss(true),
  nllLoss: classLoss(false),
  binaryCrossEntropy: pointwise(bce),
  binaryCrossEntropyWithLogits: pointwise(bceLogits),
  huberLoss: pointwise((x, y, _, o) => huber(x - y, o.delta)),
  smoothL1Loss: pointwise((x, y, _, o) => smoothL1(x - y, o.beta)),
  // a stable softplus of u = -y·x (losskit's documented choice where PyTorch's log1p(exp(u)) overflows)
  softMarginLoss: pointwise((x, y) => { const u = -y * x; return [Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u))), -y * sigmoid(u), Math.abs(u) + 1, 1]; }),
  // Keras's log_cosh: log(cosh(d)) in its stable form; its magnitudes are those of the terms that cancel near 0
  logCoshLoss: pointwise((x, y) => { const d = x - y, a = Math.abs(d); return [a + Math.log1p(Math.exp(-2 * a)) - Math.LN2, Math.tanh(d), a + 1, 1]; }),
  hingeEmbeddingLoss: pointwise((x, t, _, o) => hinge(x, t, o.margin)),
  // beyond PyTorch, from Keras 3's formulas (keras/src/losses/losses.py)
  meanAbsolutePercentageError: pointwise((x, y, _, o) => mape(x, y, o)),
  meanSquaredLogarithmicError: pointwise((x, y, _, o) => msle(x, y, o)),
  hingeLoss: kerasHinge,
  squaredHingeLoss: kerasSquaredHinge,
  klDiv: pointwise((x, t, _, o) => {
    if (!o.logTarget) return [xlogx(t) - t * x, -t, Math.abs(xlogx(t)) + Math.abs(t * x)];
    const e = expOf(o)(t);
    return [e * (t - x), -e, Math.abs(e * t) + Math.abs(e * x)];
  }),
  poissonNllLoss: pointwise((x, y, _, o) => poisson(x, y, o)),
  multilabelSoftMarginLoss: multilabelSoftMargin,
  sigmoidFocalLoss: pointwise((x, y, _, o) => focal(x, y, o.alpha, o.gamma)),
  marginRankingLoss: ({ args: [x1, x2, t], o }) => {
    const n = x1.length, rows = zeros(n), d = zeros(n);
    for (let i = 0; i < n; i++) { const v = -t[i] * (x1[i] - x2[i]) + o.margin; rows[i] = relu(v); d[i] = -t[i] * passes(v); }
    return { rows, denom: n, grads: (g) => [d.map((v, i) => v * g[i]), d.map((v, i) => -v * g[i])] };
  },
  cosineEmbeddingLoss: cosineEmbedding,
  multiMarginLoss: multiMargin,
  multilabelMarginLoss: multilabelMargin,
  categoricalHingeLoss: categoricalRows(categoricalHinge),
  categoricalFocalLoss: categoricalRows(categoricalFocal),
  polyLoss: categoricalRows(poly),
  tripletMarginLoss: triplet((o) => pairwise(o.p, o.eps)),
  tripletMarginWithDistanceLoss: triplet((o) => (o.distance === 'cosine' ? cosineDistance : pairwise(2, 1e-6))),
  gaussianNllLoss: gaussianNll,
  ctcLoss: ctc,
  generalizedBoxIouLoss: boxLoss('giou'),
  distanceBoxIouLoss: boxLoss('diou'),
  completeBoxIouLoss: boxLoss('ciou'),
  cosineSimilarityLoss: kerasRows(cosineSimilarity),
  diceLoss: kerasRows(dice),
  tverskyLoss: kerasRows(tversky),
  ntXentLoss: ntXent,
};

/** PyTorch's defaults of each loss's options (what the references read when a call leaves one out). */
export const DEFAULTS: Record<string, Record<string, unknown>> = {
  crossEntropy: { ignoreIndex: -100, labelSmoothing: 0 },
  nllLoss: { ignoreIndex: -100 },
  binaryCrossEntropy: { labelSmoothing: 0 },
  binaryCrossEntropyWithLogits: { labelSmoothing: 0 },
  huberLoss: { delta: 1 },
  smoothL1Loss: { beta: 1 },
  hingeEmbeddingLoss: { margin: 1 },
  klDiv: { logTarget: false },
  poissonNllLoss: { logInput: true, full: false, eps: 1e-8 },
  sigmoidFocalLoss: { alpha: 0.25, gamma: 2, reduction: 'none' },
  marginRankingLoss: { margin: 0 },
  cosineEmbeddingLoss: { margin: 0 },
  multiMarginLoss: { p: 1, margin: 1 },
  categoricalFocalLoss: { alpha: 0.25, gamma: 2 },
  polyLoss: { epsilon: 2 },
  tripletMarginLoss: { margin: 1, p: 2, eps: 1e-6, swap: false },
  tripletMarginWithDistanceLoss: { margin: 1, swap: false, distance: 'pairwise' },
  gaussianNllLoss: { full: false, eps: 1e-6 },
  ctcLoss: { blank: 0, zeroInfinity: false },
  generalizedBoxIouLoss: { reduction: 'none' },
  distanceBoxIouLoss: { reduction: 'none' },
  completeBoxIouLoss: { reduction: 'none' },
  tverskyLoss: { alpha: 0.5, beta: 0.5 },
  ntXentLoss: { temperature: 0.07 },
};

/** The activations over rows of a class shape ([C] by default) or element-wise. */
function perClassRow(f: (row: number[]) => number[]): (x: Vec, shape?: number[]) => number[] {
  return (x, shape) => {
    const [N, C, D] = classDims(shape ?? [x.length], x.length, 1);
    const out = zeros(x.length);
    for (let n = 0; n < N; n++) {
      for (let d = 0; d < D; d++) f(column(x, N, C, D, n, d)).forEach((v, c) => { out[n * C * D + c * D + d] = v; });
    }
    return out;
  };
}
export const ACTIVATION_REFERENCES: Record<string, (x: Vec, shape?: number[]) => number[]> = {
  softmax: perClassRow((v) => logSoftmaxRow(v).map(Math.exp)),
  logSoftmax: perClassRow(logSoftmaxRow),
  sigmoid: (x) => Array.from(x, sigmoid),
  logSigmoid: (x) => Array.from(x, logSigmoid),
};
