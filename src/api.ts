// The public functions over one backend: argument checks, PyTorch's shapes, reductions and denominators,
// then one fused kernel call. Every function here is a closure over `k`, so methods also work destructured.
// The path is kept allocation-light (option names checked against prebuilt sets, no copies of the options)
// because a call on 16 elements should cost little more than a loop over them; below `wasmFrom` elements
// (default 64) the wasm backend hands the work to the JS kernels, as entering the module would cost more than
// it saves.
import type { Kernels, PointOp } from './backend.js';
import { allocator, BufferBase, unwrap } from './buffers.js';
import { LosskitRangeError, LosskitTypeError } from './errors.js';
import { jsKernels } from './js/kernels.js';
import type { FloatArray, Reduction } from './types.js';
import type { Heap } from './wasm/memory.js';
import {
  classTargets, labelLists, lengths, floatArray, inUnitInterval, integer, isFloatArray, like, options, output, overlaps,
  reduction, shape,
} from './validate.js';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
const ctorOf = (x: FloatArray): Ctor => (x instanceof Float32Array ? Float32Array : Float64Array);

const keys = (...k: string[]): ReadonlySet<string> => new Set(k);
const GRAD = ['out', 'gradOutput'];
const KEYS = {
  plain: keys('reduction', 'emptyMean'),
  bce: keys('reduction', 'emptyMean', 'weight', 'shape', 'labelSmoothing'),
  bceLogits: keys('reduction', 'emptyMean', 'weight', 'posWeight', 'shape', 'labelSmoothing'),
  ce: keys('reduction', 'emptyMean', 'weight', 'ignoreIndex', 'labelSmoothing', 'shape'),
  nll: keys('reduction', 'emptyMean', 'weight', 'ignoreIndex', 'shape'),
  huber: keys('reduction', 'emptyMean', 'delta'),
  smoothL1: keys('reduction', 'emptyMean', 'beta'),
  hinge: keys('reduction', 'emptyMean', 'margin'),
  klDiv: keys('reduction', 'emptyMean', 'logTarget', 'shape'),
  poisson: keys('reduction', 'emptyMean', 'logInput', 'full', 'eps'),
  multilabel: keys('reduction', 'emptyMean', 'weight', 'shape'),
  focal: keys('reduction', 'emptyMean', 'alpha', 'gamma'),
  ranking: keys('reduction', 'emptyMean', 'margin'),
  cosine: keys('reduction', 'emptyMean', 'margin', 'shape'),
  multiMargin: keys('reduction', 'emptyMean', 'p', 'margin', 'weight', 'shape'),
  multilabelMargin: keys('reduction', 'emptyMean', 'shape'),
  triplet: keys('reduction', 'emptyMean', 'margin', 'p', 'eps', 'swap', 'shape'),
  tripletDistance: keys('reduction', 'emptyMean', 'margin', 'swap', 'distance', 'shape'),
  gaussian: keys('reduction', 'emptyMean', 'full', 'eps', 'shape'),
  ctc: keys('reduction', 'emptyMean', 'blank', 'zeroInfinity', 'shape'),
};

/**
 * Σ of the Stirling term of poissonNllLoss's `full`, y·log y - y + ½·log(2πy) where y > 1 (it does not depend
 * on the input, so it adds to the loss only); added into `loss` per element when given.
 */
function stirling(y: FloatArray, loss: FloatArray | null): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (!(v > 1)) continue;
    const t = v * Math.log(v) - v + 0.5 * Math.log(2 * Math.PI * v);
    s += t;
    if (loss !== null) loss[i] += t;
  }
  return s;
}

const flag = (name: string, v: unknown, fallback: boolean): boolean => {
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new LosskitTypeError(name, `expected a boolean, got ${String(v)}`, 'ERR_OPTION');
  return v;
};
const withGradKeys = (s: ReadonlySet<string>): ReadonlySet<string> => new Set([...s, ...GRAD, ...(MULTI.has(s) ? ['outs'] : [])]);
// The losses with several differentiable arguments, whose gradients may also go to options.outs.
const MULTI = new Set([KEYS.ranking, KEYS.cosine, KEYS.triplet, KEYS.tripletDistance, KEYS.gaussian]);
const ACTIVATION_ROWS = keys('shape', 'out');
const ACTIVATION = keys('out');

/**
 * The reduced value: per-element losses, the sum, or the sum over the denominator. A mean over nothing is NaN as
 * in PyTorch, or 0 with emptyMean: 'zero'.
 */
function reduce(x: FloatArray, red: Reduction | 'batchmean', total: number, denom: number, loss: FloatArray | null, emptyZero: boolean): number | FloatArray {
  if (red === 'none') return loss as FloatArray;
  const v = red === 'sum' ? total : denom === 0 && emptyZero ? 0 : total / denom;
  return x instanceof Float32Array ? Math.fround(v) : v;
}

/** The gradient scale of a reduction: 1/denominator for a mean (0 over nothing with emptyMean 'zero'), else 1. */
const gradScale = (mean: boolean, denom: number, emptyZero: boolean): number =>
  !mean ? 1 : denom === 0 && emptyZero ? 0 : 1 / denom;

/** options.emptyMean: 'nan' (PyTorch's, default) or 'zero'; true for 'zero'. */
function emptyMean(v: unknown): boolean {
  if (v === undefined || v === 'nan') return false;
  if (v === 'zero') return true;
  throw new LosskitRangeError('options.emptyMean', `expected 'nan' or 'zero', got ${JSON.stringify(v) ?? String(v)}`, 'ERR_OPTION');
}

/** A number option: finite, above `min` (or at least, when inclusive); `fallback` when absent. */
function numberOption(name: string, v: unknown, fallback: number, min: number, inclusive: boolean, what: string): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || (inclusive ? v < min : v <= min)) {
    throw new LosskitRangeError(name, `expected ${what}, got ${String(v)}`, 'ERR_OPTION');
  }
  return v;
}

/** The scalar parameter of an element-wise loss, from its options (checked as PyTorch does). */
function paramOf(op: PointOp, o: Record<string, unknown>): number {
  switch (op) {
    case 'huber': return numberOption('options.delta', o.delta, 1, 0, false, 'a positive number (huber_loss does not support non-positive delta)');
    case 'smoothL1': return numberOption('options.beta', o.beta, 1, 0, true, 'a non-negative number (smooth_l1_loss does not support negative beta)');
    case 'hingeEmbedding': return numberOption('options.margin', o.margin, 1, -Infinity, false, 'a finite number');
    case 'bce': case 'bceLogits': return inUnitInterval('options.labelSmoothing', o.labelSmoothing, 0);
    case 'poissonLog': case 'poissonRate': return numberOption('options.eps', o.eps, 1e-8, 0, true, 'a non-negative number');
    case 'focal': return numberOption('options.alpha', o.alpha, 0.25, -Infinity, false, 'a finite number (negative: no weighting)');
    default: return 0;
  }
}

function checkProbabilities(k: Kernels, x: FloatArray): void {
  const i = k.firstOutside01(x);
  if (i >= 0) throw new LosskitRangeError(`input[${i}]`, `${x[i]} is not a probability: binaryCrossEntropy takes values in [0, 1] (use binaryCrossEntropyWithLogits for logits)`);
}

/** Rows of a matrix shape (options.shape, default [n]): [K] → (1, K); [N, K] → (N, K); anything longer is an error. */
function matrix(v: unknown, n: number, k: string): { N: number; K: number } {
  const d = v === undefined ? [n] : shape(v, n);
  if (d.length > 2) throw new LosskitRangeError('options.shape', `expected [${k}] or [N, ${k}], got [${d.join(', ')}]`, 'ERR_SHAPE');
  return d.length === 2 ? { N: d[0], K: d[1] } : { N: 1, K: d[0] };
}

/** Rows of a class-dimension shape: [C] → (1, C, 1); [N, C, d1, ...] → (N, C, d1·…). */
function rowsOf(s: readonly number[]): { N: number; C: number; D: number } {
  if (s.length === 1) return { N: 1, C: s[0], D: 1 };
  let D = 1;
  for (let i = 2; i < s.length; i++) D *= s[i];
  return { N: s[0], C: s[1], D };
}

/** A …WithGrad result: `grads` holds one gradient per differentiable argument (here the input's). */
const withGrads = (loss: number | FloatArray, grad: FloatArray) => ({ loss, grad, grads: [grad] });

/** The gradient to return: the current view of an `out` buffer (memory may have grown during the call). */
const fresh = (out: unknown, grad: FloatArray): FloatArray => (out instanceof BufferBase ? (out.array as FloatArray) : grad);

export function createApi(k: Kernels, heap: Heap | null, wasmFrom = 64) {
  const owner = {};
  const kernelsFor = (n: number): Kernels => (n < wasmFrom ? jsKernels : k);
  const arg = (name: string, v: unknown): unknown => unwrap(owner, name, v);

  /** A float option v (named options.key) like the input, unwrapped from a buffer; null when absent. */
  function floatOption(key: string, v: unknown, x: FloatArray, length?: number): FloatArray | null {
    return v === undefined ? null : like(`options.${key}`, arg(`options.${key}`, v), x, length);
  }

  /** A weight of length n, or of the last dimension of `shape` (repeated along the rows). */
  function broadcastWeight(key: string, v: unknown, x: FloatArray, last: number): FloatArray | null {
    const w = floatOption(key, v, x);
    if (w !== null && w.length !== x.length && w.length !== last) {
      throw new LosskitRangeError(`options.${key}`, `expected length ${x.length} (the input's) or ${last} (its last dimension), got ${w.length}`, 'ERR_LENGTH');
    }
    return w;
  }

  // The last out buffer checked against its inputs: a hot loop passes the same arrays every call, and a
  // typed array's buffer, offset and length never change, so the same objects need no second check.
  let seen: unknown[] = [];
  /** The gradient buffer: options.out (checked, not overlapping an input) or a new array. */
  function gradBuffer(o: Record<string, unknown>, x: FloatArray, a: FloatArray | null, b: FloatArray | null, c: FloatArray | null): FloatArray {
    if (o.out === undefined) return new (ctorOf(x))(x.length);
    const out = arg('options.out', o.out);
    if (seen[0] === out && seen[1] === x && seen[2] === a && seen[3] === b && seen[4] === c &&
        (out as FloatArray).length === x.length) return out as FloatArray; // (a view detached since has length 0)
    const checked = output('options.out', out, x, x.length, a, b, c);
    seen = [out, x, a, b, c];
    return checked;
  }

  /**
   * Gradient i of a loss with several differentiable arguments: options.outs[i] (checked: the input's dtype,
   * `length`, overlapping no input nor an earlier gradient) or a new array; options.out stands for outs[0].
   */
  function gradOf(
    o: Record<string, unknown>, i: number, x: FloatArray, length: number, others: (FloatArray | null)[],
  ): FloatArray {
    const outs = o.outs;
    if (outs !== undefined && !Array.isArray(outs)) throw new LosskitTypeError('options.outs', 'expected an array with a gradient buffer per differentiable argument', 'ERR_OPTION');
    let v = outs === undefined ? undefined : (outs as unknown[])[i];
    if (i === 0 && v == null) v = o.out;
    if (v == null) return new (ctorOf(x))(length);
    const name = i === 0 && o.out !== undefined && (outs === undefined || (outs as unknown[])[0] == null) ? 'options.out' : `options.outs[${i}]`;
    const g = output(name, arg(name, v), x, length, others[0] ?? null, others[1] ?? null, others[2] ?? null);
    const buf = g.buffer;
    for (let j = 3; j < others.length; j++) {
      if (overlaps(g, buf, others[j])) throw new LosskitRangeError(name, 'must not overlap an input array or another gradient', 'ERR_VALUE');
    }
    return g;
  }

  /** The gradients to return: current views of any buffers among options.out / options.outs. */
  function freshAll(o: Record<string, unknown>, grads: FloatArray[]): FloatArray[] {
    const outs = Array.isArray(o.outs) ? (o.outs as unknown[]) : [];
    return grads.map((g, i) => fresh(outs[i] ?? (i === 0 ? o.out : undefined), g));
  }

  /** The upstream gradient of reduction 'none' (rows long), or null. */
  function gradOutput(o: Record<string, unknown>, x: FloatArray, red: Reduction | 'batchmean', rows: number): FloatArray | null {
    if (o.gradOutput !== undefined && red !== 'none') {
      throw new LosskitRangeError('options.gradOutput', "applies to reduction 'none' only", 'ERR_OPTION');
    }
    return floatOption('gradOutput', o.gradOutput, x, rows);
  }

  function elementwise(op: PointOp, input: unknown, target: unknown, opts: unknown, withGrad: boolean, allowed: ReadonlySet<string>) {
    const o = options(opts, allowed);
    const x = floatArray('input', arg('input', input));
    const y = like('target', arg('target', target), x, x.length);
    const n = x.length;
    const dims = o.shape === undefined ? null : shape(o.shape, n);
    const last = dims === null ? n : dims.at(-1)!;
    let red: Reduction | 'batchmean';
    if (op === 'klDiv' || op === 'klDivLog') {
      red = o.reduction === 'batchmean' ? 'batchmean' : reduction(o.reduction);
      if (flag('options.logTarget', o.logTarget, false)) op = 'klDivLog';
    } else red = reduction(op === 'focal' ? o.reduction ?? 'none' : o.reduction); // torchvision's focal: 'none'
    if (op === 'poissonLog' && !flag('options.logInput', o.logInput, true)) op = 'poissonRate';
    const full = op === 'poissonLog' || op === 'poissonRate' ? flag('options.full', o.full, false) : false;
    const param = paramOf(op, o);
    const param2 = op === 'focal' ? numberOption('options.gamma', o.gamma, 2, 0, true, 'a non-negative number') : 0;
    if (op === 'smoothL1' && param === 0) op = 'l1'; // PyTorch: beta = 0 is exactly L1
    const emptyZero = emptyMean(o.emptyMean);
    // 'batchmean' divides by the batch size, the first dimension (PyTorch's input.size(0))
    const denom = red === 'batchmean' ? (dims === null ? n : dims[0]) : n;
    const w = broadcastWeight('weight', o.weight, x, last);
    const pw = broadcastWeight('posWeight', o.posWeight, x, last);
    const period = (w !== null && w.length < n) || (pw !== null && pw.length < n) ? last : n;
    if (op === 'bce') checkProbabilities(kernelsFor(n), x);
    const loss = red === 'none' ? new (ctorOf(x))(n) : null;
    const grad = withGrad ? gradBuffer(o, x, y, w, pw) : null;
    const go = withGrad ? gradOutput(o, x, red, n) : null;
    const scale = gradScale(red === 'mean' || red === 'batchmean', denom, emptyZero);
    let total = kernelsFor(n).pointwise(op, x, y, w, pw, period, go, loss, grad, scale, param, param2);
    if (full) total += stirling(y, loss);
    const value = reduce(x, red, total, denom, loss, emptyZero);
    return grad === null ? value : withGrads(value, fresh(o.out, grad));
  }

  /**
   * multilabelSoftMarginLoss: per row, (1/C)·Σ_c w_c·BCEwithLogits(x_c, y_c), i.e. PyTorch's
   * -(y·logσ(x) + (1-y)·logσ(-x)) in the stable form of the BCE-with-logits kernel; reduced over the N rows.
   */
  function multilabelSoftMargin(input: unknown, target: unknown, opts: unknown, withGrad: boolean, allowed: ReadonlySet<string>) {
    const o = options(opts, allowed);
    const x = floatArray('input', arg('input', input));
    const y = like('target', arg('target', target), x, x.length);
    const n = x.length;
    const { N, K: C } = matrix(o.shape, n, 'C');
    const red = reduction(o.reduction);
    const emptyZero = emptyMean(o.emptyMean);
    const w = floatOption('weight', o.weight, x, C);
    const perElement = red === 'none' ? new (ctorOf(x))(n) : null;
    const grad = withGrad ? gradBuffer(o, x, y, w, null) : null;
    const goRows = withGrad ? gradOutput(o, x, red, N) : null;
    let go: FloatArray | null = null;
    if (goRows !== null) { // each row's upstream gradient reaches its C elements
      go = new (ctorOf(x))(n);
      for (let r = 0; r < N; r++) go.fill(goRows[r], r * C, (r + 1) * C);
    }
    const denom = red === 'mean' ? N * C : C; // of the gradient: rows are means over C, 'mean' also over N
    const scale = gradScale(true, denom, emptyZero);
    const total = kernelsFor(n).pointwise('bceLogits', x, y, w, null, C, go, perElement, grad, scale, 0, 0);
    let loss: FloatArray | null = null;
    if (perElement !== null) {
      loss = new (ctorOf(x))(N);
      for (let r = 0; r < N; r++) {
        let s = 0;
        for (let c = r * C; c < (r + 1) * C; c++) s += perElement[c];
        loss[r] = s / C;
      }
    }
    // 'sum' is Σ_rows (Σ_c l)/C, 'mean' that over N as well: the total divided by C, or by N·C
    const value = red === 'none' ? (loss as FloatArray) : reduce(x, 'mean', total, denom, null, emptyZero);
    return grad === null ? value : withGrads(value, fresh(o.out, grad));
  }

  /**
   * marginRankingLoss: max(0, -t·(x1 - x2) + margin), on the element-wise kernels with x1 as input, x2 as target
   * and t in the pos_weight slot; grads = [∂/∂x1, ∂/∂x2 = -∂/∂x1].
   */
  function marginRanking(input1: unknown, input2: unknown, target: unknown, opts: unknown, withGrad: boolean, allowed: ReadonlySet<string>) {
    const o = options(opts, allowed);
    const x1 = floatArray('input1', arg('input1', input1));
    const x2 = like('input2', arg('input2', input2), x1, x1.length);
    const t = like('target', arg('target', target), x1, x1.length);
    const n = x1.length;
    const red = reduction(o.reduction);
    const emptyZero = emptyMean(o.emptyMean);
    const margin = numberOption('options.margin', o.margin, 0, -Infinity, false, 'a finite number');
    const loss = red === 'none' ? new (ctorOf(x1))(n) : null;
    const grad = withGrad ? gradOf(o, 0, x1, n, [x2, t]) : null;
    const g2 = withGrad ? gradOf(o, 1, x1, n, [x1, x2, t, grad]) : null;
    const go = withGrad ? gradOutput(o, x1, red, n) : null;
    const scale = gradScale(red === 'mean', n, emptyZero);
    const total = kernelsFor(n).pointwise('marginRanking', x1, x2, null, t, n, go, loss, grad, scale, margin, 0);
    const value = reduce(x1, red, total, n, loss, emptyZero);
    if (grad === null) return value;
    const [g1, gg2] = freshAll(o, [grad, g2!]);
    for (let i = 0; i < n; i++) gg2[i] = -g1[i];
    return { loss: value, grad: g1, grads: [g1, gg2] };
  }

  /** cosineEmbeddingLoss over rows [N, D] (or one row [D]); grads = [d/d input1, d/d input2]. */
  function cosineEmbeddingLoss(input1: unknown, input2: unknown, target: unknown, opts: unknown, withGrad: boolean, allowed: ReadonlySet<string>) {
    const o = options(opts, allowed);
    const x1 = floatArray('input1', arg('input1', input1));
    const x2 = like('input2', arg('input2', input2), x1, x1.length);
    const n = x1.length;
    const { N, K: D } = matrix(o.shape, n, 'D');
    const y = like('target', arg('target', target), x1, N);
    const red = reduction(o.reduction);
    const emptyZero = emptyMean(o.emptyMean);
    const margin = numberOption('options.margin', o.margin, 0, -Infinity, false, 'a finite number');
    const loss = red === 'none' ? new (ctorOf(x1))(N) : null;
    const g1 = withGrad ? gradOf(o, 0, x1, n, [x2, y]) : null;
    const g2 = withGrad ? gradOf(o, 1, x1, n, [x1, x2, y, g1]) : null;
    const go = withGrad ? gradOutput(o, x1, red, N) : null;
    const scale = gradScale(red === 'mean', N, emptyZero);
    const total = kernelsFor(n).cosineEmbedding(x1, x2, y, N, D, margin, loss, g1, g2, scale, go);
    const value = reduce(x1, red, total, N, loss, emptyZero);
    if (g1 === null) return value;
    const grads = freshAll(o, [g1, g2!]);
    return { loss: value, grad: grads[0], grads };
  }

  /**
   * tripletMarginLoss / tripletMarginWithDistanceLoss over rows [N, D] (or one row [D]);
   * grads = [d/d anchor, d/d positive, d/d negative].
   */
  function tripletLoss(
    withDistance: boolean, anchor: unknown, positive: unknown, negative: unknown, opts: unknown, withGrad: boolean,
    allowed: ReadonlySet<string>,
  ) {
    const o = options(opts, allowed);
    const a = floatArray('anchor', arg('anchor', anchor));
    const p = like('positive', arg('positive', positive), a, a.length);
    const n = like('negative', arg('negative', negative), a, a.length);
    const len = a.length;
    const { N, K: D } = matrix(o.shape, len, 'D');
    const red = reduction(o.reduction);
    const emptyZero = emptyMean(o.emptyMean);
    const margin = numberOption('options.margin', o.margin, 1, 0, false, 'a positive number');
    const swap = flag('options.swap', o.swap, false);
    let cosine = false, q = 2, eps = 1e-6;
    if (withDistance) {
      const d = o.distance ?? 'pairwise';
      if (d !== 'pairwise' && d !== 'cosine') throw new LosskitRangeError('options.distance', `expected 'pairwise' or 'cosine', got ${String(d)}`, 'ERR_OPTION');
      cosine = d === 'cosine';
    } else {
      q = numberOption('options.p', o.p, 2, 0, false, 'a positive number');
      eps = numberOption('options.eps', o.eps, 1e-6, 0, true, 'a non-negative number');
    }
    const C = ctorOf(a);
    const loss = red === 'none' ? new C(N) : null;
    const ga = withGrad ? gradOf(o, 0, a, len, [p, n]) : null;
    const gp = withGrad ? gradOf(o, 1, a, len, [a, p, n, ga]) : null;
    const gn = withGrad ? gradOf(o, 2, a, len, [a, p, n, ga, gp]) : null;
    const go = withGrad ? gradOutput(o, a, red, N) : null;
    const scale = gradScale(red === 'mean', N, emptyZero);
    const total = kernelsFor(len).triplet(a, p, n, N, D, margin, q, eps, swap, cosine, loss, ga, gp, gn, scale, go);
    const value = reduce(a, red, total, N, loss, emptyZero);
    if (ga === null) return value;
    const grads = freshAll(o, [ga, gp!, gn!]);
    return { loss: value, grad: grads[0], grads };
  }

  /**
   * gaussianNllLoss: var has the input's length (heteroscedastic) or one value per row of the last dimension
   * of `shape` (PyTorch's var of shape[:-1], or shape[:-1] + [1]); grads = [d/d input, d/d var].
   */
  function gaussianNllLoss(input: unknown, target: unknown, variance: unknown, opts: unknown, withGrad: boolean, allowed: ReadonlySet<string>) {
    const o = options(opts, allowed);
    const x = floatArray('input', arg('input', input));
    const y = like('target', arg('target', target), x, x.length);
    const v = like('var', arg('var', variance), x);
    const n = x.length;
    const last = o.shape === undefined ? n : shape(o.shape, n).at(-1)!;
    let k: number;
    if (v.length === n) k = 1;
    else if (last > 0 && v.length * last === n) k = last;
    else throw new LosskitRangeError('var', `is of incorrect size: expected ${n} values or ${last > 0 ? n / last : 0} (one per row of the last dimension), got ${v.length}`, 'ERR_LENGTH');
    for (let i = 0; i < v.length; i++) {
      if (v[i] < 0) throw new LosskitRangeError(`var[${i}]`, `${v[i]} is negative: variances must be >= 0`);
    }
    const red = reduction(o.reduction);
    const emptyZero = emptyMean(o.emptyMean);
    const full = flag('options.full', o.full, false);
    const eps = numberOption('options.eps', o.eps, 1e-6, 0, true, 'a non-negative number');
    const loss = red === 'none' ? new (ctorOf(x))(n) : null;
    const gx = withGrad ? gradOf(o, 0, x, n, [y, v]) : null;
    const gv = withGrad ? gradOf(o, 1, x, v.length, [x, y, v, gx]) : null;
    const go = withGrad ? gradOutput(o, x, red, n) : null;
    const scale = gradScale(red === 'mean', n, emptyZero);
    const total = kernelsFor(n).gaussianNll(x, y, v, k, eps, full, loss, gx, gv, scale, go);
    const value = reduce(x, red, total, n, loss, emptyZero);
    if (gx === null) return value;
    const grads = freshAll(o, [gx, gv!]);
    return { loss: value, grad: grads[0], grads };
  }

  /**
   * ctcLoss over log_probs [T, N, C] (or [T, C]: one sample). targets: concatenated (Σ targetLengths values) or
   * padded [N, S]; 'mean' is mean_n(loss_n / max(targetLength_n, 1)) as PyTorch.
   */
  function ctcLoss(logProbs: unknown, targets: unknown, inputLengths: unknown, targetLengths: unknown, opts: unknown, withGrad: boolean, allowed: ReadonlySet<string>) {
    const o = options(opts, allowed);
    const lp = floatArray('logProbs', arg('logProbs', logProbs));
    if (o.shape === undefined) throw new LosskitRangeError('options.shape', 'is required: [T, N, C] (or [T, C] for one sample)', 'ERR_SHAPE');
    const dims = shape(o.shape, lp.length);
    if (dims.length !== 2 && dims.length !== 3) throw new LosskitRangeError('options.shape', `expected [T, N, C] or [T, C], got [${dims.join(', ')}]`, 'ERR_SHAPE');
    const T = dims[0], N = dims.length === 3 ? dims[1] : 1, C = dims.at(-1)!;
    const blank = integer('options.blank', o.blank, 0);
    if (blank < 0 || blank >= C) throw new LosskitRangeError('options.blank', `must be a class in [0, ${C}), got ${blank}`, 'ERR_OPTION');
    const inLens = lengths('inputLengths', arg('inputLengths', inputLengths), N, T);
    const tgLens = lengths('targetLengths', arg('targetLengths', targetLengths), N, Infinity);
    let sum = 0, sMax = 0;
    for (let i = 0; i < N; i++) { sum += tgLens[i]; sMax = Math.max(sMax, tgLens[i]); }
    const raw = arg('targets', targets) as { length?: number };
    const len = raw?.length ?? 0;
    // concatenated when the lengths add up to it (padded rows that are all full read the same either way)
    const padded = len !== sum;
    const S = padded ? (N === 0 ? 0 : len / N) : 0;
    if (padded && (!Number.isInteger(S) || S < sMax)) {
      throw new LosskitRangeError('targets', `expected Σ targetLengths = ${sum} values (concatenated) or N·S with S >= ${sMax} (padded), got ${len}`, 'ERR_LENGTH');
    }
    const all = classTargets(raw, len, C, NaN, null).t;
    const offsets = new Int32Array(N);
    for (let i = 0, acc = 0; i < N; i++) { offsets[i] = padded ? i * S : acc; acc += tgLens[i]; }
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < tgLens[i]; j++) {
        if (all[offsets[i] + j] === blank) throw new LosskitRangeError(`targets[${offsets[i] + j}]`, `is the blank class (${blank}); targets must not contain it`);
      }
    }
    const red = reduction(o.reduction);
    const emptyZero = emptyMean(o.emptyMean);
    const zeroInf = flag('options.zeroInfinity', o.zeroInfinity, false);
    const Ctor = ctorOf(lp);
    const perSample = new Ctor(N);
    const grad = withGrad ? gradBuffer(o, lp, null, null, null) : null;
    const go = withGrad ? gradOutput(o, lp, red, N) : null;
    const sc = new Ctor(N);
    for (let i = 0; i < N; i++) {
      sc[i] = red === 'mean' ? 1 / (N * Math.max(tgLens[i], 1)) : go === null ? 1 : go[i];
    }
    const total = kernelsFor(lp.length).ctc(lp, all, offsets, inLens, tgLens, T, N, C, blank, zeroInf, sMax, perSample, grad, sc);
    let value: number | FloatArray;
    if (red === 'none') value = perSample;
    else if (red === 'sum') value = reduce(lp, 'sum', total, 1, null, emptyZero);
    else {
      let m = 0;
      for (let i = 0; i < N; i++) m += perSample[i] / Math.max(tgLens[i], 1);
      value = reduce(lp, 'mean', m, N, null, emptyZero);
    }
    return grad === null ? value : withGrads(value, fresh(o.out, grad));
  }

  /** Rows of a [N, C] or [C] shape (one index target per row). */
  function rowsNC(x: FloatArray, target: unknown, o: Record<string, unknown>): { N: number; C: number } {
    const n = x.length;
    if (o.shape !== undefined) {
      const { N, K } = matrix(o.shape, n, 'C');
      return { N, C: K };
    }
    const rows = (target as { length?: number })?.length ?? 0;
    if (rows === 0 ? n !== 0 : n % rows !== 0) {
      throw new LosskitRangeError('target', `input length ${n} is not a multiple of the target length ${rows}; pass options.shape`, 'ERR_LENGTH');
    }
    return { N: rows, C: rows === 0 ? 0 : n / rows };
  }

  /** A row loss with per-row results: 'none' gives N values, 'mean' averages over N. */
  function rowLoss(
    kind: 'multiMargin' | 'multilabelMargin', input: unknown, target: unknown, opts: unknown, withGrad: boolean,
    allowed: ReadonlySet<string>,
  ) {
    const o = options(opts, allowed);
    const x = floatArray('input', arg('input', input));
    target = arg('target', target);
    const red = reduction(o.reduction);
    const emptyZero = emptyMean(o.emptyMean);
    let N: number, C: number, t: Int32Array, w: FloatArray | null = null;
    if (kind === 'multiMargin') {
      ({ N, C } = rowsNC(x, target, o));
      w = floatOption('weight', o.weight, x, C);
      t = classTargets(target, N, C, NaN, w).t;
    } else {
      ({ N, K: C } = matrix(o.shape, x.length, 'C'));
      t = labelLists(target, x.length, C);
    }
    const p = o.p === undefined ? 1 : o.p;
    if (p !== 1 && p !== 2) throw new LosskitRangeError('options.p', `only p == 1 and p == 2 are supported, got ${String(p)}`, 'ERR_OPTION');
    const margin = numberOption('options.margin', o.margin, 1, -Infinity, false, 'a finite number');
    const loss = red === 'none' ? new (ctorOf(x))(N) : null;
    const grad = withGrad ? gradBuffer(o, x, w, null, null) : null;
    const go = withGrad ? gradOutput(o, x, red, N) : null;
    const scale = gradScale(red === 'mean', N, emptyZero);
    const kk = kernelsFor(x.length);
    const total = kind === 'multiMargin'
      ? kk.multiMargin(x, t, w, N, C, p, margin, loss, grad, scale, go)
      : kk.multilabelMargin(x, t, N, C, loss, grad, scale, go);
    const value = reduce(x, red, total, N, loss, emptyZero);
    return grad === null ? value : withGrads(value, fresh(o.out, grad));
  }

  /** Shape, rows and targets of crossEntropy / nllLoss. */
  function classProblem(x: FloatArray, target: unknown, o: Record<string, unknown>, allowProbs: boolean) {
    const n = x.length;
    const probs = allowProbs && isFloatArray(target);
    let dims: { N: number; C: number; D: number };
    if (o.shape !== undefined) dims = rowsOf(shape(o.shape, n));
    else if (probs) throw new LosskitRangeError('options.shape', 'is required with probability targets ([N, C] or [N, C, d1, ...])', 'ERR_SHAPE');
    else {
      const rows = (target as { length?: number })?.length ?? 0;
      if (rows === 0 ? n !== 0 : n % rows !== 0) {
        throw new LosskitRangeError('target', `input length ${n} is not a multiple of the target length ${rows}; pass options.shape`, 'ERR_LENGTH');
      }
      dims = { N: rows, C: rows === 0 ? 0 : n / rows, D: 1 };
    }
    const { N, C, D } = dims;
    const w = floatOption('weight', o.weight, x, C);
    const ignore = integer('options.ignoreIndex', o.ignoreIndex, -100);
    if (probs) {
      if (o.ignoreIndex !== undefined && ignore >= 0) throw new LosskitRangeError('options.ignoreIndex', 'is not supported with probability targets', 'ERR_OPTION');
      return { N, C, D, w, ignore, t: null, y: like('target', target, x, n), denom: N * D };
    }
    // the common case (int32 targets, no weights) is checked and counted in one fast pass
    const count = w === null && target instanceof Int32Array && target.length === N * D ? k.countClassTargets(target, C, ignore) : -1;
    const { t, denom } = count >= 0 ? { t: target as Int32Array, denom: count } : classTargets(target, N * D, C, ignore, w);
    return { N, C, D, w, ignore, t, y: null, denom };
  }

  function classLoss(kind: 'ce' | 'nll', input: unknown, target: unknown, opts: unknown, withGrad: boolean, allowed: ReadonlySet<string>) {
    const o = options(opts, allowed);
    const x = floatArray('input', arg('input', input));
    const red = reduction(o.reduction);
    const eps = inUnitInterval('options.labelSmoothing', o.labelSmoothing, 0);
    const p = classProblem(x, arg('target', target), o, kind === 'ce');
    const rows = p.N * p.D;
    const loss = red === 'none' ? new (ctorOf(x))(rows) : null;
    const grad = withGrad ? gradBuffer(o, x, p.y, p.w, null) : null;
    const go = withGrad ? gradOutput(o, x, red, rows) : null;
    const emptyZero = emptyMean(o.emptyMean);
    const scale = gradScale(red === 'mean', p.denom, emptyZero);
    // NLL reads one element per row: copying an input into the module would cost more than the loss itself
    const kk = kind === 'nll' && heap !== null && x.buffer !== heap.buffer ? jsKernels : kernelsFor(x.length);
    const total = kind === 'ce'
      ? kk.crossEntropy(x, p.t, p.y, p.w, p.N, p.C, p.D, p.ignore, eps, loss, grad, scale, go)
      : kk.nll(x, p.t!, p.w, p.N, p.C, p.D, p.ignore, loss, grad, scale, go);
    const value = reduce(x, red, total, p.denom, loss, emptyZero);
    return grad === null ? value : withGrads(value, fresh(o.out, grad));
  }

  function activation(kind: 'softmax' | 'logSoftmax' | 'sigmoid' | 'logSigmoid', input: unknown, opts: unknown): FloatArray {
    const rowWise = kind === 'softmax' || kind === 'logSoftmax';
    const o = options(opts, rowWise ? ACTIVATION_ROWS : ACTIVATION);
    const x = floatArray('input', arg('input', input));
    const out = o.out === undefined ? new (ctorOf(x))(x.length) : output('options.out', arg('options.out', o.out), x, x.length, null, null, null);
    const kk = kernelsFor(x.length);
    if (rowWise) {
      const { N, C, D } = rowsOf(o.shape === undefined ? [x.length] : shape(o.shape, x.length));
      kk.softmax(x, out, N, C, D, kind === 'logSoftmax');
    } else {
      kk.pointwise(kind, x, x, null, null, x.length, null, out, null, 1, 0, 0);
    }
    return fresh(o.out, out);
  }

  const g = withGradKeys;
  const [plainG, bceG, bceLogitsG, ceG, nllG] = [g(KEYS.plain), g(KEYS.bce), g(KEYS.bceLogits), g(KEYS.ce), g(KEYS.nll)];
  const [huberG, smoothL1G, hingeG, klDivG, poissonG] = [g(KEYS.huber), g(KEYS.smoothL1), g(KEYS.hinge), g(KEYS.klDiv), g(KEYS.poisson)];
  const multilabelG = g(KEYS.multilabel), focalG = g(KEYS.focal), rankingG = g(KEYS.ranking), cosineG = g(KEYS.cosine);
  const multiMarginG = g(KEYS.multiMargin), multilabelMarginG = g(KEYS.multilabelMargin);
  const tripletG = g(KEYS.triplet), tripletDistanceG = g(KEYS.tripletDistance), gaussianG = g(KEYS.gaussian);
  const ctcG = g(KEYS.ctc);
  return {
    backend: k.name,
    alloc: allocator(owner, heap),
    mseLoss: (input: unknown, target: unknown, opts?: unknown) => elementwise('mse', input, target, opts, false, KEYS.plain),
    mseLossWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('mse', input, target, opts, true, plainG),
    l1Loss: (input: unknown, target: unknown, opts?: unknown) => elementwise('l1', input, target, opts, false, KEYS.plain),
    l1LossWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('l1', input, target, opts, true, plainG),
    binaryCrossEntropy: (input: unknown, target: unknown, opts?: unknown) => elementwise('bce', input, target, opts, false, KEYS.bce),
    binaryCrossEntropyWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('bce', input, target, opts, true, bceG),
    binaryCrossEntropyWithLogits: (input: unknown, target: unknown, opts?: unknown) => elementwise('bceLogits', input, target, opts, false, KEYS.bceLogits),
    binaryCrossEntropyWithLogitsWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('bceLogits', input, target, opts, true, bceLogitsG),
    crossEntropy: (input: unknown, target: unknown, opts?: unknown) => classLoss('ce', input, target, opts, false, KEYS.ce),
    crossEntropyWithGrad: (input: unknown, target: unknown, opts?: unknown) => classLoss('ce', input, target, opts, true, ceG),
    nllLoss: (input: unknown, target: unknown, opts?: unknown) => classLoss('nll', input, target, opts, false, KEYS.nll),
    nllLossWithGrad: (input: unknown, target: unknown, opts?: unknown) => classLoss('nll', input, target, opts, true, nllG),
    huberLoss: (input: unknown, target: unknown, opts?: unknown) => elementwise('huber', input, target, opts, false, KEYS.huber),
    huberLossWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('huber', input, target, opts, true, huberG),
    smoothL1Loss: (input: unknown, target: unknown, opts?: unknown) => elementwise('smoothL1', input, target, opts, false, KEYS.smoothL1),
    smoothL1LossWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('smoothL1', input, target, opts, true, smoothL1G),
    softMarginLoss: (input: unknown, target: unknown, opts?: unknown) => elementwise('softMargin', input, target, opts, false, KEYS.plain),
    softMarginLossWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('softMargin', input, target, opts, true, plainG),
    hingeEmbeddingLoss: (input: unknown, target: unknown, opts?: unknown) => elementwise('hingeEmbedding', input, target, opts, false, KEYS.hinge),
    hingeEmbeddingLossWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('hingeEmbedding', input, target, opts, true, hingeG),
    klDiv: (input: unknown, target: unknown, opts?: unknown) => elementwise('klDiv', input, target, opts, false, KEYS.klDiv),
    klDivWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('klDiv', input, target, opts, true, klDivG),
    poissonNllLoss: (input: unknown, target: unknown, opts?: unknown) => elementwise('poissonLog', input, target, opts, false, KEYS.poisson),
    poissonNllLossWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('poissonLog', input, target, opts, true, poissonG),
    multilabelSoftMarginLoss: (input: unknown, target: unknown, opts?: unknown) => multilabelSoftMargin(input, target, opts, false, KEYS.multilabel),
    multilabelSoftMarginLossWithGrad: (input: unknown, target: unknown, opts?: unknown) => multilabelSoftMargin(input, target, opts, true, multilabelG),
    sigmoidFocalLoss: (input: unknown, target: unknown, opts?: unknown) => elementwise('focal', input, target, opts, false, KEYS.focal),
    sigmoidFocalLossWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('focal', input, target, opts, true, focalG),
    marginRankingLoss: (input1: unknown, input2: unknown, target: unknown, opts?: unknown) => marginRanking(input1, input2, target, opts, false, KEYS.ranking),
    marginRankingLossWithGrad: (input1: unknown, input2: unknown, target: unknown, opts?: unknown) => marginRanking(input1, input2, target, opts, true, rankingG),
    cosineEmbeddingLoss: (input1: unknown, input2: unknown, target: unknown, opts?: unknown) => cosineEmbeddingLoss(input1, input2, target, opts, false, KEYS.cosine),
    cosineEmbeddingLossWithGrad: (input1: unknown, input2: unknown, target: unknown, opts?: unknown) => cosineEmbeddingLoss(input1, input2, target, opts, true, cosineG),
    multiMarginLoss: (input: unknown, target: unknown, opts?: unknown) => rowLoss('multiMargin', input, target, opts, false, KEYS.multiMargin),
    multiMarginLossWithGrad: (input: unknown, target: unknown, opts?: unknown) => rowLoss('multiMargin', input, target, opts, true, multiMarginG),
    multilabelMarginLoss: (input: unknown, target: unknown, opts?: unknown) => rowLoss('multilabelMargin', input, target, opts, false, KEYS.multilabelMargin),
    multilabelMarginLossWithGrad: (input: unknown, target: unknown, opts?: unknown) => rowLoss('multilabelMargin', input, target, opts, true, multilabelMarginG),
    tripletMarginLoss: (a: unknown, p: unknown, n: unknown, opts?: unknown) => tripletLoss(false, a, p, n, opts, false, KEYS.triplet),
    tripletMarginLossWithGrad: (a: unknown, p: unknown, n: unknown, opts?: unknown) => tripletLoss(false, a, p, n, opts, true, tripletG),
    tripletMarginWithDistanceLoss: (a: unknown, p: unknown, n: unknown, opts?: unknown) => tripletLoss(true, a, p, n, opts, false, KEYS.tripletDistance),
    tripletMarginWithDistanceLossWithGrad: (a: unknown, p: unknown, n: unknown, opts?: unknown) => tripletLoss(true, a, p, n, opts, true, tripletDistanceG),
    gaussianNllLoss: (input: unknown, target: unknown, variance: unknown, opts?: unknown) => gaussianNllLoss(input, target, variance, opts, false, KEYS.gaussian),
    gaussianNllLossWithGrad: (input: unknown, target: unknown, variance: unknown, opts?: unknown) => gaussianNllLoss(input, target, variance, opts, true, gaussianG),
    ctcLoss: (logProbs: unknown, targets: unknown, inputLengths: unknown, targetLengths: unknown, opts?: unknown) =>
      ctcLoss(logProbs, targets, inputLengths, targetLengths, opts, false, KEYS.ctc),
    ctcLossWithGrad: (logProbs: unknown, targets: unknown, inputLengths: unknown, targetLengths: unknown, opts?: unknown) =>
      ctcLoss(logProbs, targets, inputLengths, targetLengths, opts, true, ctcG),
    softmax: (input: unknown, opts?: unknown) => activation('softmax', input, opts),
    logSoftmax: (input: unknown, opts?: unknown) => activation('logSoftmax', input, opts),
    sigmoid: (input: unknown, opts?: unknown) => activation('sigmoid', input, opts),
    logSigmoid: (input: unknown, opts?: unknown) => activation('logSigmoid', input, opts),
  };
}
