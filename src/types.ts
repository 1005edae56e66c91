import type { LosskitBuffer } from './buffers.js';

/** A typed array or a zero-copy buffer of its dtype. */
type Buf<A extends FloatArray> = A | LosskitBuffer<A extends Float32Array ? 'float32' : 'float64'>;

/** Floating-point data: the dtype of a call follows its input. */
export type FloatArray = Float32Array | Float64Array;
/** Class-index targets: any integer typed array or a plain array of integers. */
export type IndexArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | BigInt64Array | BigUint64Array | readonly number[];
export type Reduction = 'mean' | 'sum' | 'none';
export type Dtype = 'float32' | 'float64';

/** Result of a `…WithGrad` call: the reduced loss (or per-element losses) and d(loss)/d(input). */
export interface LossWithGrad<A extends FloatArray, L = number | A> {
  loss: L;
  grad: A;
}

export interface ReductionOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

export interface GradOptions<A extends FloatArray = FloatArray> {
  /** Buffer that receives the gradient (same dtype and length as input); returned as `grad`. */
  out?: Buf<A>;
  /** With reduction 'none': the upstream gradient; `grad` is then d(Σ gradOutput·loss)/d(input). */
  gradOutput?: Buf<A>;
}

export interface ShapeOptions {
  /** The input's shape: [N, C] or [N, C, d1, ...] (class dimension 1, as PyTorch), or [C] for one sample. */
  shape?: readonly number[];
}

export interface ClassOptions<A extends FloatArray = FloatArray> extends ReductionOptions, ShapeOptions {
  /** Per-class weights, length C. */
  weight?: Buf<A>;
  /** Target value that contributes neither loss nor gradient (default -100). */
  ignoreIndex?: number;
}

export interface CrossEntropyOptions<A extends FloatArray = FloatArray> extends ClassOptions<A> {
  /** In [0, 1]: mixes the target with the uniform distribution over C classes (PyTorch's formula). */
  labelSmoothing?: number;
}

export interface BceOptions<A extends FloatArray = FloatArray> extends ReductionOptions {
  /** Rescaling weight: length n, or the last dimension of `shape` (broadcast along it). */
  weight?: Buf<A>;
  /** The input's shape (only needed to broadcast `weight`/`posWeight` along the last dimension). */
  shape?: readonly number[];
}

export interface BceLogitsOptions<A extends FloatArray = FloatArray> extends BceOptions<A> {
  /** Weight of positive examples per class (the last dimension of `shape`), or per element. */
  posWeight?: Buf<A>;
}

export interface ActivationOptions<A extends FloatArray = FloatArray> extends ShapeOptions {
  /** Buffer that receives the result (same dtype and length as input). */
  out?: Buf<A>;
}
