// The shared set-up and finish of every call, written once: options → arguments → plan (shapes, targets,
// denominators) → result and gradient buffers → gradOutput → scale → one kernel call → reduction → fresh views.
// Every check runs before anything is written.
import { LosskitRangeError, LosskitTypeError } from '../errors.js';
import type { ActivationSpec, CommonOptions, Context, LossSpec, Outputs, Plan } from '../losses/spec.js';
import type { FloatArray } from '../types.js';
import { ctorOf, floatArray, likeOrNull, output, type Readable } from './arrays.js';
import { classDim, optionsObject, optionsParser } from './options.js';
import { tensorDims } from './tensors.js';
import { classRows, shape } from './shapes.js';

/** The gradient options of a …WithGrad call; `outs` where a loss has several differentiable arguments. */
const gradKeys = (spec: LossSpec): string[] => ['out', 'gradOutput', ...(spec.differentiable.length > 1 ? ['outs'] : [])];
const allowedKeys = (spec: LossSpec, withGrad: boolean): ReadonlySet<string> =>
  new Set([...Object.keys(spec.options), ...(withGrad ? gradKeys(spec) : [])]);

const isMean = (o: CommonOptions): boolean => o.reduction === 'mean' || o.reduction === 'batchmean';
/** What a reduction divides the total by: denominator·unit for a mean, unit for the others. */
const divisor = (p: Plan, mean: boolean): number => (mean ? p.denom * p.unit : p.unit);

/**
 * The reduced value: total / (denominator·unit) for a mean, total / unit for a sum. A mean over nothing (an empty
 * input, every target ignored or of weight 0) is NaN as in PyTorch, whatever the total, or 0 with emptyMean 'zero'.
 */
function reduce(p: Plan, o: CommonOptions, total: number): number {
  const mean = isMean(o), d = divisor(p, mean);
  const v = d === 0 && (mean || p.unit !== 1) ? (o.emptyMean === 'zero' ? 0 : NaN) : d === 1 ? total : total / d;
  return p.x instanceof Float32Array ? Math.fround(v) : v;
}

/** The gradient scale of the reduction: 1/(denominator·unit) for a mean (0 over nothing with 'zero'), else 1/unit. */
function gradScale(p: Plan, o: CommonOptions): number {
  const mean = isMean(o), d = divisor(p, mean);
  return mean && d === 0 && o.emptyMean === 'zero' ? 0 : 1 / d;
}

/** The upstream gradient of reduction 'none' (rows long), or null. */
function gradOutput(ctx: Context, raw: Record<string, unknown>, p: Plan, o: CommonOptions): FloatArray | null {
  const v = raw.gradOutput;
  if (v === undefined) return null;
  if (o.reduction !== 'none') throw new LosskitRangeError('options.gradOutput', "applies to reduction 'none' only", 'ERR_OPTION');
  return likeOrNull('options.gradOutput', ctx.unwrap('options.gradOutput', v), p.x, p.rows);
}

/** The arrays of the last checked gradient buffer: a hot loop passes the same ones every call, and a typed
 * array's buffer, offset and length never change, so the same objects need no second overlap check. */
class Checked {
  private seen: Readable[] = [];
  same(out: unknown, reads: readonly Readable[], gradOut: Readable): boolean {
    const s = this.seen;
    if (s.length !== reads.length + 2 || s[0] !== out || s[1] !== gradOut) return false;
    for (let i = 0; i < reads.length; i++) if (s[i + 2] !== reads[i]) return false;
    return true;
  }
  remember(out: FloatArray, reads: readonly Readable[], gradOut: Readable): void {
    this.seen = [out, gradOut, ...reads];
  }
}

/**
 * Where gradient i goes: options.outs[i], or options.out for the first. Each is checked against everything the
 * call reads, gradOutput and every earlier gradient.
 */
function gradBuffers(ctx: Context, raw: Record<string, unknown>, p: Plan, gradOut: FloatArray | null, checked: Checked): FloatArray[] {
  const outs = raw.outs;
  const out = raw.out;
  if (outs === undefined && p.gradLengths.length === 1) { // the common case, with its hot-loop shortcut
    if (out === undefined) return [new (ctorOf(p.x))(p.gradLengths[0])];
    const g = ctx.unwrap('options.out', out) as FloatArray;
    if (checked.same(g, p.reads, gradOut) && g.length === p.gradLengths[0]) return [g]; // (a view detached since has length 0)
    const ok = output('options.out', g, p.x, p.gradLengths[0], p.reads, gradOut);
    checked.remember(ok, p.reads, gradOut);
    return [ok];
  }
  if (outs !== undefined && !Array.isArray(outs)) throw new LosskitTypeError('options.outs', 'expected an array with a gradient buffer per differentiable argument', 'ERR_OPTION');
  const grads: FloatArray[] = [];
  const reads = [...p.reads, gradOut];
  for (let i = 0; i < p.gradLengths.length; i++) {
    const fromOuts = outs === undefined ? undefined : (outs as unknown[])[i];
    const name = fromOuts == null && i === 0 ? 'options.out' : `options.outs[${i}]`;
    const v = fromOuts ?? (i === 0 ? out : undefined);
    const g = v == null ? new (ctorOf(p.x))(p.gradLengths[i]) : output(name, ctx.unwrap(name, v), p.x, p.gradLengths[i], reads, null);
    grads.push(g);
    reads.push(g);
  }
  return grads;
}

/** The byte offsets of the caller's gradient buffers into `into` (to find them if the memory grows), or null. */
function offsetsOf(raw: Record<string, unknown>, grads: FloatArray[], into: Float64Array): Float64Array | null {
  if (raw.out === undefined && raw.outs === undefined) return null;
  for (let i = 0; i < grads.length; i++) into[i] = grads[i].byteOffset;
  return into;
}

/** The gradients as the caller receives them: current views where the memory grew during the call. */
function freshViews(raw: Record<string, unknown>, grads: FloatArray[], offsets: Float64Array | null, p: Plan, b: Binding): FloatArray[] {
  if (offsets === null) return grads;
  const outs = raw.outs;
  for (let i = 0; i < grads.length; i++) {
    const v = (Array.isArray(outs) ? outs[i] : undefined) ?? (i === 0 ? raw.out : undefined);
    grads[i] = b.current(v, grads[i], offsets[i], p.gradLengths[i]);
  }
  return grads;
}

const NO_GRADS: FloatArray[] = [];

export interface Binding {
  readonly ctx: Context;
  /** How many times the module's memory has grown (0 on js): views made before a change are detached. */
  generation(): number;
  /**
   * An output as the caller receives it after a call during which the memory grew: the current view of the buffer
   * `v` it came from, or of the memory at byte `offset` where `a` was a view of it (now detached), else `a`.
   */
  current<A extends FloatArray>(v: unknown, a: A, offset: number, length: number): A;
}

/** One loss as a function of its positional arguments and options; `withGrad` gives the fused …WithGrad. */
export function bindLoss(spec: LossSpec, b: Binding, withGrad: boolean): (...call: unknown[]) => unknown {
  if (spec.args.length < 2 || spec.args.length > 4) throw new Error('a loss takes 2 to 4 positional arguments');
  const allowed = allowedKeys(spec, withGrad);
  const n = spec.args.length;
  const { ctx } = b;
  const checked = new Checked();
  const parse = optionsParser(spec.options) as (raw: Record<string, unknown>) => CommonOptions & { shape?: unknown };
  const names = spec.args;
  const hasShape = 'shape' in spec.options;
  const gradOffsets = new Float64Array(spec.differentiable.length);
  // fixed arity (no rest array per call): positional arguments, then the options
  return (a0?: unknown, a1?: unknown, a2?: unknown, a3?: unknown, a4?: unknown) => {
    const raw = optionsObject(n === 2 ? a2 : n === 3 ? a3 : a4, allowed);
    let o = parse(raw);
    const dims = o.shape === undefined && hasShape ? tensorDims(a0) : undefined;
    if (dims !== undefined) o = Object.assign({}, o, { shape: dims }); // a tensor's dimensions stand for `shape`
    const args = [ctx.unwrap(names[0], a0), ctx.unwrap(names[1], a1)];
    if (n > 2) args.push(ctx.unwrap(names[2], a2));
    if (n > 3) args.push(ctx.unwrap(names[3], a3));
    const p: Plan = spec.plan(ctx, args, o);
    const loss = o.reduction === 'none' ? new (ctorOf(p.x))(p.rows) : null;
    const gradOut = withGrad ? gradOutput(ctx, raw, p, o) : null;
    const grads = withGrad ? gradBuffers(ctx, raw, p, gradOut, checked) : NO_GRADS;
    const generation = b.generation();
    const offsets = withGrad ? offsetsOf(raw, grads, gradOffsets) : null;
    const out: Outputs = { loss, grads, gradOutput: gradOut, scale: gradScale(p, o) };
    const kernels = spec.gathers ? ctx.router.byPlace(p.x) : ctx.router.bySize(p.size, p.jsCost);
    const total = spec.run(kernels, p, out, o);
    const value = o.reduction === 'none' ? loss! : reduce(p, o, spec.reducedTotal?.(p, o, total) ?? total);
    if (!withGrad) return value;
    const fresh = b.generation() === generation ? grads : freshViews(raw, grads, offsets, p, b);
    spec.after?.(p, fresh);
    return { loss: value, grad: fresh[0], grads: fresh };
  };
}

const ACTIVATION_KEYS = new Set(['out']), ROW_ACTIVATION_KEYS = new Set(['shape', 'classDim', 'out']);

/** The rows of a softmax: `shape` (or a tensor's dimensions, or [n]) along the class dimension of `classDim`. */
function activationRows(raw: Record<string, unknown>, input: unknown, n: number): { N: number; C: number; D: number } {
  const last = raw.classDim === undefined ? false : classDim.parse(raw.classDim, 'options.classDim');
  return classRows(shape(raw.shape ?? tensorDims(input) ?? [n], n), last);
}

/** An activation: input → a new array (or options.out) of the same dtype and length. */
export function bindActivation(spec: ActivationSpec, b: Binding): (input: unknown, opts?: unknown) => FloatArray {
  const allowed = spec.rowWise ? ROW_ACTIVATION_KEYS : ACTIVATION_KEYS;
  const { ctx } = b;
  return (input, opts) => {
    const raw = optionsObject(opts, allowed);
    const x = floatArray('input', ctx.unwrap('input', input));
    const outArg = raw.out;
    const out = outArg === undefined ? new (ctorOf(x))(x.length) : output('options.out', ctx.unwrap('options.out', outArg), x, x.length, [x], null);
    const { N, C, D } = spec.rowWise ? activationRows(raw, input, x.length) : { N: 1, C: x.length, D: 1 };
    const generation = b.generation(), offset = out.byteOffset;
    spec.run(ctx.router.bySize(x.length, spec.jsCost), x, out, N, C, D);
    return b.generation() === generation ? out : b.current(outArg, out, offset, x.length);
  };
}
