// The public functions over one backend: argument checks, PyTorch's shapes, reductions and denominators,
// then one fused kernel call. Every function here is a closure over `k`, so methods also work destructured.
import type { Kernels, PointOp } from './backend.js';
import { allocator, BufferBase, unwrap } from './buffers.js';
import type { Heap } from './wasm/memory.js';
import { LosskitRangeError } from './errors.js';
import type { FloatArray, Reduction } from './types.js';
import {
  classTargets, floatArray, inUnitInterval, integer, isFloatArray, like, options, output, reduction, shape,
} from './validate.js';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
const ctorOf = (x: FloatArray): Ctor => (x instanceof Float32Array ? Float32Array : Float64Array);
const REDUCE = ['reduction'] as const;
const GRAD = ['out', 'gradOutput'] as const;

/** The reduced value: per-element losses, the sum, or the sum over the denominator (NaN over zero elements). */
function reduce(x: FloatArray, red: Reduction, total: number, denom: number, loss: FloatArray | null): number | FloatArray {
  if (red === 'none') return loss as FloatArray;
  const v = red === 'sum' ? total : total / denom;
  return x instanceof Float32Array ? Math.fround(v) : v;
}

/** The gradient buffer (opts.out or a new array) and the upstream gradient for reduction 'none'. */
function gradBuffers(o: Record<string, unknown>, x: FloatArray, red: Reduction, rows: number, inputs: (FloatArray | null)[]) {
  const grad = o.out === undefined ? new (ctorOf(x))(x.length) : output('options.out', o.out, x, x.length, inputs);
  let go: FloatArray | null = null;
  if (o.gradOutput !== undefined) {
    if (red !== 'none') throw new LosskitRangeError('options.gradOutput', "applies to reduction 'none' only", 'ERR_OPTION');
    go = like('options.gradOutput', o.gradOutput, x, rows);
  }
  return { grad, go };
}

/** A weight of length n, or of the last dimension of `shape` (repeated along the rows); returns the period. */
function broadcastWeight(name: string, v: unknown, x: FloatArray, last: number): FloatArray | null {
  if (v === undefined) return null;
  const w = like(name, v, x);
  if (w.length !== x.length && w.length !== last) {
    throw new LosskitRangeError(name, `expected length ${x.length} (the input's) or ${last} (its last dimension), got ${w.length}`, 'ERR_LENGTH');
  }
  return w;
}

function checkProbabilities(x: FloatArray): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (!(v >= 0 && v <= 1)) throw new LosskitRangeError(`input[${i}]`, `${v} is not a probability: binaryCrossEntropy takes values in [0, 1] (use binaryCrossEntropyWithLogits for logits)`);
  }
}

/** Rows of a class-dimension shape: [C] → (1, C, 1); [N, C, d1, ...] → (N, C, d1·…). */
function rowsOf(s: readonly number[]): { N: number; C: number; D: number } {
  if (s.length === 1) return { N: 1, C: s[0], D: 1 };
  let D = 1;
  for (let i = 2; i < s.length; i++) D *= s[i];
  return { N: s[0], C: s[1], D };
}

const ARRAY_OPTIONS = ['weight', 'posWeight', 'out', 'gradOutput'];

/** The gradient to return: the current view of an `out` buffer (memory may have grown during the call). */
const fresh = (opts: unknown, grad: FloatArray): FloatArray => {
  const out = (opts as { out?: unknown } | undefined)?.out;
  return out instanceof BufferBase ? (out.array as FloatArray) : grad;
};

export function createApi(k: Kernels, heap: Heap | null) {
  const owner = {};
  /** Options with their buffers unwrapped to typed arrays. */
  function opts_(opts: unknown, keys: readonly string[]): Record<string, unknown> {
    const o = { ...options(opts, keys) };
    for (const key of ARRAY_OPTIONS) if (o[key] !== undefined) o[key] = unwrap(owner, `options.${key}`, o[key]);
    return o;
  }

  function elementwise(op: PointOp, input: unknown, target: unknown, opts: unknown, withGrad: boolean, keys: readonly string[]) {
    const o = opts_(opts, withGrad ? [...keys, ...GRAD] : keys);
    const x = floatArray('input', unwrap(owner, 'input', input));
    const y = like('target', unwrap(owner, 'target', target), x, x.length);
    const red = reduction(o.reduction);
    const n = x.length;
    const last = o.shape === undefined ? n : shape(o.shape, n).at(-1)!;
    const w = broadcastWeight('options.weight', o.weight, x, last);
    const pw = broadcastWeight('options.posWeight', o.posWeight, x, last);
    const period = (w !== null && w.length < n) || (pw !== null && pw.length < n) ? last : n;
    if (op === 'bce') checkProbabilities(x);
    const loss = red === 'none' ? new (ctorOf(x))(n) : null;
    const g = withGrad ? gradBuffers(o, x, red, n, [x, y, w, pw]) : null;
    const total = k.pointwise(op, x, y, w, pw, period, g?.go ?? null, loss, g?.grad ?? null, red === 'mean' ? 1 / n : 1);
    const value = reduce(x, red, total, n, loss);
    return g === null ? value : { loss: value, grad: fresh(opts, g.grad) };
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
    const w = o.weight === undefined ? null : like('options.weight', o.weight, x, C);
    const ignore = integer('options.ignoreIndex', o.ignoreIndex, -100);
    if (probs) {
      if (o.ignoreIndex !== undefined && ignore >= 0) throw new LosskitRangeError('options.ignoreIndex', 'is not supported with probability targets', 'ERR_OPTION');
      return { N, C, D, w, ignore, t: null, y: like('target', target, x, n), denom: N * D };
    }
    const { t, denom } = classTargets(target, N * D, C, ignore, w);
    return { N, C, D, w, ignore, t, y: null, denom };
  }

  function classLoss(kind: 'ce' | 'nll', input: unknown, target: unknown, opts: unknown, withGrad: boolean) {
    const keys = kind === 'ce' ? ['reduction', 'weight', 'ignoreIndex', 'labelSmoothing', 'shape'] : ['reduction', 'weight', 'ignoreIndex', 'shape'];
    const o = opts_(opts, withGrad ? [...keys, ...GRAD] : keys);
    const x = floatArray('input', unwrap(owner, 'input', input));
    target = unwrap(owner, 'target', target);
    const red = reduction(o.reduction);
    const eps = inUnitInterval('options.labelSmoothing', o.labelSmoothing, 0);
    const p = classProblem(x, target, o, kind === 'ce');
    const rows = p.N * p.D;
    const loss = red === 'none' ? new (ctorOf(x))(rows) : null;
    const g = withGrad ? gradBuffers(o, x, red, rows, [x, p.y, p.w]) : null;
    const scale = red === 'mean' ? 1 / p.denom : 1;
    const grad = g?.grad ?? null, go = g?.go ?? null;
    const total = kind === 'ce'
      ? k.crossEntropy(x, p.t, p.y, p.w, p.N, p.C, p.D, p.ignore, eps, loss, grad, scale, go)
      : k.nll(x, p.t!, p.w, p.N, p.C, p.D, p.ignore, loss, grad, scale, go);
    const value = reduce(x, red, total, p.denom, loss);
    return g === null ? value : { loss: value, grad: fresh(opts, g.grad) };
  }

  function activation(kind: 'softmax' | 'logSoftmax' | 'sigmoid' | 'logSigmoid', input: unknown, opts: unknown): FloatArray {
    const rowWise = kind === 'softmax' || kind === 'logSoftmax';
    const o = opts_(opts, rowWise ? ['shape', 'out'] : ['out']);
    const x = floatArray('input', unwrap(owner, 'input', input));
    const out = o.out === undefined ? new (ctorOf(x))(x.length) : output('options.out', o.out, x, x.length, [x]);
    if (rowWise) {
      const { N, C, D } = rowsOf(o.shape === undefined ? [x.length] : shape(o.shape, x.length));
      k.softmax(x, out, N, C, D, kind === 'logSoftmax');
    } else {
      k.pointwise(kind, x, x, null, null, x.length, null, out, null, 1);
    }
    return fresh(opts, out);
  }

  const BCE = [...REDUCE, 'weight', 'shape'];
  const BCEL = [...BCE, 'posWeight'];
  return {
    backend: k.name,
    alloc: allocator(owner, heap),
    mseLoss: (input: unknown, target: unknown, opts?: unknown) => elementwise('mse', input, target, opts, false, REDUCE),
    mseLossWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('mse', input, target, opts, true, REDUCE),
    l1Loss: (input: unknown, target: unknown, opts?: unknown) => elementwise('l1', input, target, opts, false, REDUCE),
    l1LossWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('l1', input, target, opts, true, REDUCE),
    binaryCrossEntropy: (input: unknown, target: unknown, opts?: unknown) => elementwise('bce', input, target, opts, false, BCE),
    binaryCrossEntropyWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('bce', input, target, opts, true, BCE),
    binaryCrossEntropyWithLogits: (input: unknown, target: unknown, opts?: unknown) => elementwise('bceLogits', input, target, opts, false, BCEL),
    binaryCrossEntropyWithLogitsWithGrad: (input: unknown, target: unknown, opts?: unknown) => elementwise('bceLogits', input, target, opts, true, BCEL),
    crossEntropy: (input: unknown, target: unknown, opts?: unknown) => classLoss('ce', input, target, opts, false),
    crossEntropyWithGrad: (input: unknown, target: unknown, opts?: unknown) => classLoss('ce', input, target, opts, true),
    nllLoss: (input: unknown, target: unknown, opts?: unknown) => classLoss('nll', input, target, opts, false),
    nllLossWithGrad: (input: unknown, target: unknown, opts?: unknown) => classLoss('nll', input, target, opts, true),
    softmax: (input: unknown, opts?: unknown) => activation('softmax', input, opts),
    logSoftmax: (input: unknown, opts?: unknown) => activation('logSoftmax', input, opts),
    sigmoid: (input: unknown, opts?: unknown) => activation('sigmoid', input, opts),
    logSigmoid: (input: unknown, opts?: unknown) => activation('logSigmoid', input, opts),
  };
}
