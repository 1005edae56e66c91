// What a registry entry declares about one loss: its positional arguments (and which are differentiable), its
// option schema, its shape rules and denominators (plan), its kernel call (run), and its public signature.
// The shared call path (src/call/bind.ts) does everything else, the same way for every loss.
import type { Kernels } from '../backend.js';
import type { Readable } from '../call/arrays.js';
import type { Schema } from '../call/options.js';
import type { FloatArray, Reduction } from '../types.js';

export type ReductionKind = Reduction | 'batchmean';

/** The options every loss has. */
export interface CommonOptions {
  reduction: ReductionKind;
  emptyMean: 'nan' | 'zero';
}

/** Which backend runs a call (src/backend/select.ts). */
export interface Router {
  /** The kernels for a call that walks `size` elements, each `cost` times a cheap one in JS (select.ts JS_COST). */
  bySize(size: number, cost?: number): Kernels;
  /** The kernels that read `a` where it lies: a check or a gather of a few elements copies nothing in. */
  byPlace(a: ArrayBufferView): Kernels;
}

/** What plan() may use besides the arguments. */
export interface Context {
  readonly router: Router;
  /** The typed array behind an argument that may be one of this instance's buffers. */
  unwrap(name: string, v: unknown): unknown;
  /**
   * A work array of x's dtype, `length` long, that the loss overwrites before reading: slot `slot` of this
   * instance's pool, reused from call to call (no allocation in a hot loop); a fresh array above POOL_MAX elements,
   * so that one giant call does not pin its size.
   */
  scratch(x: FloatArray, length: number, slot: number): FloatArray;
}

/** The largest work array the pool keeps (elements). */
export const POOL_MAX = 1 << 16;

/** A call's shapes, once its arguments are checked. */
export interface Plan {
  /** The input that fixes the dtype (and the gradients' type). */
  readonly x: FloatArray;
  /** Elements the kernel walks (the backend rule reads it). */
  readonly size: number;
  /** Their JS cost per element over a cheap Op's, for the backend rule (src/backend/select.ts); 1 if absent. */
  readonly jsCost?: number;
  /** Length of the 'none' result and of gradOutput. */
  readonly rows: number;
  /** What 'mean' divides the total by. */
  readonly denom: number;
  /** What every reduction divides by as well (a per-row mean over C); 1 for most. */
  readonly unit: number;
  /** The length of each differentiable argument's gradient. */
  readonly gradLengths: readonly number[];
  /** Every array the call reads: outputs must overlap none of them. */
  readonly reads: readonly Readable[];
}

/** The buffers a kernel call writes, and the gradient scale of the reduction. */
export interface Outputs {
  readonly loss: FloatArray | null;
  readonly grads: readonly FloatArray[];
  readonly gradOutput: FloatArray | null;
  readonly scale: number;
}

export interface LossSpec<O extends CommonOptions = any, P extends Plan = any> {
  /** Positional argument names, as errors name them. */
  readonly args: readonly string[];
  /** How many arguments are differentiable, and which (indices into args, in the order of `grads`). */
  readonly differentiable: readonly number[];
  readonly options: Schema<O>;
  /** Checks the arguments (unwrapped) against each other and the options; writes nothing. */
  plan(ctx: Context, args: readonly unknown[], o: O): P;
  /** The kernel call: writes the outputs and returns the total (Σ of the per-element or per-row losses). */
  run(kernels: Kernels, p: P, out: Outputs, o: O): number;
  /** What the reduction divides, where it is not the kernel's total (CTC's mean over per-length losses). */
  reducedTotal?(p: P, o: O, total: number): number;
  /** Reads a few elements per row: runs where its input lies rather than by size. */
  readonly gathers?: boolean;
  /** Completes gradients that follow from the kernel's (fresh views of the outputs). */
  after?(p: P, grads: readonly FloatArray[]): void;
}

/** A registry entry: the spec with its public signatures (types only). */
export type Entry<Sig, GradSig> = LossSpec & { readonly signatures?: [Sig, GradSig] };
export type SigOf<E> = E extends { readonly signatures?: [infer S, unknown] } ? S : never;
export type GradSigOf<E> = E extends { readonly signatures?: [unknown, infer G] } ? G : never;

/** Declares a loss with its public signatures: `defineLoss<Sig, GradSig>()({ ... })`. */
export const defineLoss = <Sig, GradSig>() =>
  <O extends CommonOptions, P extends Plan>(spec: LossSpec<O, P>): Entry<Sig, GradSig> => spec as Entry<Sig, GradSig>;

/** An activation: an element-wise map, or one over the class dimension of `shape` (rowWise). */
export interface ActivationSpec<Sig = unknown> {
  readonly rowWise: boolean;
  /** The JS cost per element over a cheap Op's, for the backend rule (src/backend/select.ts). */
  readonly jsCost: number;
  run(kernels: Kernels, x: FloatArray, out: FloatArray, N: number, C: number, D: number): void;
  readonly signature?: Sig;
}
