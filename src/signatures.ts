// The public call signatures, generic over the input's dtype A: a loss returns a number for the reductions
// to a scalar and an array of A for 'none'; its …WithGrad returns { loss, grad, grads } with gradients of A.
import type { BufferDtype, LosskitBuffer } from './buffers.js';
import type {
  ActivationOptions, BceLogitsOptions, BceOptions, BoxIouOptions, CategoricalFocalOptions, CategoricalOptions, ClassOptions, CrossEntropyOptions, CtcOptions, FloatArray, FocalOptions,
  GradOptions, HuberOptions, IndexArray, KlDivOptions, LossWithGrad, MarginOptions, MultilabelMarginOptions,
  MultilabelOptions, MultiMarginOptions, PoissonNllOptions, PolyOptions, ReductionOptions, SmoothL1Options,
  NtXentOptions, OverlapOptions, TverskyOptions,
} from './types.js';

export type ReductionOf<O> = O extends { reduction?: infer R } ? R : never;
export type Reduced<O> = Omit<O, 'reduction'> & { reduction?: Exclude<ReductionOf<O>, 'none' | undefined> };
export type Unreduced<O> = Omit<O, 'reduction'> & { reduction: 'none' };
export type Grad<O, A extends FloatArray> = O & GradOptions<A>;
/** Class-index targets, or class probabilities of the input's dtype and length. */
export type ClassTarget<A extends FloatArray> = IndexArray | In<A> | LosskitBuffer<'int32'>;
/** A typed array, or a zero-copy buffer of the same dtype from {@link Losskit.alloc}. */
export type In<A extends FloatArray> =
  | A | LosskitBuffer<A extends Float32Array ? 'float32' : 'float64'> | TensorLike | readonly number[];

/**
 * A tensor as ONNX Runtime and transformers.js (`data`, `dims`, `type`; CPU data only) or TF.js (`dataSync()`,
 * `shape`, `dtype`) hand it over; its dimensions stand for `shape` when that is not given. float16 data is read as
 * float32.
 */
export type TensorLike =
  | { readonly data: unknown; readonly dims: readonly number[]; readonly type: string; readonly location?: string }
  | { dataSync(): unknown; readonly shape: readonly number[]; readonly dtype: string };
export type TargetKind = 'same' | 'class' | 'index';
/** What a loss takes as target: like the input, class indices or probabilities, or class indices only. */
export type Target<A extends FloatArray, K extends TargetKind> =
  K extends 'same' ? In<A> : K extends 'class' ? ClassTarget<A> : IndexArray | LosskitBuffer<'int32'>;
/** The options of each loss, with their float arrays of the input's type A. */
export interface OptionsFor<A extends FloatArray> {
  plain: ReductionOptions;
  crossEntropy: CrossEntropyOptions<A>;
  nll: ClassOptions<A>;
  bce: BceOptions<A>;
  bceLogits: BceLogitsOptions<A>;
  huber: HuberOptions;
  smoothL1: SmoothL1Options;
  margin: MarginOptions;
  klDiv: KlDivOptions;
  poisson: PoissonNllOptions;
  multilabel: MultilabelOptions<A>;
  multiMargin: MultiMarginOptions<A>;
  multilabelMargin: MultilabelMarginOptions;
  categorical: CategoricalOptions;
  categoricalFocal: CategoricalFocalOptions;
  poly: PolyOptions;
  overlap: OverlapOptions;
  tversky: TverskyOptions;
}
export type OptionsKey = keyof OptionsFor<FloatArray>;

/** A loss: a number for the reductions to a scalar, a typed array of the input's dtype for 'none'. */
export interface LossFn<O extends OptionsKey, K extends TargetKind> {
  <A extends FloatArray>(input: In<A>, target: Target<A, K>, opts?: Reduced<OptionsFor<A>[O]>): number;
  <A extends FloatArray>(input: In<A>, target: Target<A, K>, opts: Unreduced<OptionsFor<A>[O]>): A;
}

/** A loss of three arrays of the input's dtype (two inputs and a target, or three inputs). */
export interface Loss3Fn<O> {
  <A extends FloatArray>(a: In<A>, b: In<A>, c: In<A>, opts?: Reduced<O>): number;
  <A extends FloatArray>(a: In<A>, b: In<A>, c: In<A>, opts: Unreduced<O>): A;
}

/**
 * The same with its gradients, fused: `grads` holds one per differentiable argument, in order. `outs` gives a
 * buffer for each (null or missing: a new array), so a hot loop allocates nothing; `out` stands for outs[0].
 */
export interface Loss3GradFn<O> {
  <A extends FloatArray>(a: In<A>, b: In<A>, c: In<A>, opts?: Grad<Reduced<O>, A> & Outs<A>): LossWithGrad<A, number>;
  <A extends FloatArray>(a: In<A>, b: In<A>, c: In<A>, opts: Grad<Unreduced<O>, A> & Outs<A>): LossWithGrad<A, A>;
}
export type Outs<A extends FloatArray> = { outs?: readonly (In<A> | null)[] };

/** The same loss with its gradient, fused: `{ loss, grad, grads }`; `out`/`gradOutput` as in GradOptions. */
export interface LossGradFn<O extends OptionsKey, K extends TargetKind> {
  <A extends FloatArray>(input: In<A>, target: Target<A, K>, opts?: Grad<Reduced<OptionsFor<A>[O]>, A>): LossWithGrad<A, number>;
  <A extends FloatArray>(input: In<A>, target: Target<A, K>, opts: Grad<Unreduced<OptionsFor<A>[O]>, A>): LossWithGrad<A, A>;
}

/** torchvision's sigmoid focal loss: default reduction 'none'. */
export interface FocalFn {
  <A extends FloatArray>(input: In<A>, target: In<A>, opts?: FocalOptions & { reduction?: 'none' }): A;
  <A extends FloatArray>(input: In<A>, target: In<A>, opts: FocalOptions & { reduction: 'mean' | 'sum' }): number;
}
export interface FocalGradFn {
  <A extends FloatArray>(input: In<A>, target: In<A>, opts?: Grad<FocalOptions & { reduction?: 'none' }, A>): LossWithGrad<A, A>;
  <A extends FloatArray>(input: In<A>, target: In<A>, opts: Grad<FocalOptions & { reduction: 'mean' | 'sum' }, A>): LossWithGrad<A, number>;
}

/** torchvision's box losses over two sets of boxes [N, 4] (flat, length 4N): default reduction 'none'. */
export interface BoxFn {
  <A extends FloatArray>(boxes1: In<A>, boxes2: In<A>, opts?: BoxIouOptions & { reduction?: 'none' }): A;
  <A extends FloatArray>(boxes1: In<A>, boxes2: In<A>, opts: BoxIouOptions & { reduction: 'mean' | 'sum' }): number;
}
/** The same with the gradients for both sets of boxes (`grads`; `outs` as in Loss3GradFn). */
export interface BoxGradFn {
  <A extends FloatArray>(boxes1: In<A>, boxes2: In<A>, opts?: Grad<BoxIouOptions & { reduction?: 'none' }, A> & Outs<A>): LossWithGrad<A, A>;
  <A extends FloatArray>(boxes1: In<A>, boxes2: In<A>, opts: Grad<BoxIouOptions & { reduction: 'mean' | 'sum' }, A> & Outs<A>): LossWithGrad<A, number>;
}

/** CTC: log-probabilities, targets, input and target lengths. */
export interface CtcFn {
  <A extends FloatArray>(logProbs: In<A>, targets: IndexArray, inputLengths: IndexArray, targetLengths: IndexArray, opts: Reduced<CtcOptions>): number;
  <A extends FloatArray>(logProbs: In<A>, targets: IndexArray, inputLengths: IndexArray, targetLengths: IndexArray, opts: Unreduced<CtcOptions>): A;
}
export interface CtcGradFn {
  <A extends FloatArray>(logProbs: In<A>, targets: IndexArray, inputLengths: IndexArray, targetLengths: IndexArray, opts: Grad<Reduced<CtcOptions>, A>): LossWithGrad<A, number>;
  <A extends FloatArray>(logProbs: In<A>, targets: IndexArray, inputLengths: IndexArray, targetLengths: IndexArray, opts: Grad<Unreduced<CtcOptions>, A>): LossWithGrad<A, A>;
}

/** optax's NT-Xent: embeddings and one integer label per row; a scalar (reduction 'mean' only). */
export interface NtXentFn {
  <A extends FloatArray>(input: In<A>, target: IndexArray | LosskitBuffer<'int32'>, opts?: NtXentOptions): number;
}
export interface NtXentGradFn {
  <A extends FloatArray>(input: In<A>, target: IndexArray | LosskitBuffer<'int32'>, opts?: NtXentOptions & Omit<GradOptions<A>, 'gradOutput'>): LossWithGrad<A, number>;
}

/** An activation over the class dimension of `shape`. */
export type RowActivationFn = <A extends FloatArray>(input: In<A>, opts?: ActivationOptions<A>) => A;
/** An element-wise activation. */
export type ActivationFn = <A extends FloatArray>(input: In<A>, opts?: Omit<ActivationOptions<A>, 'shape'>) => A;

/** {@link Losskit.alloc}'s signature. */
export type AllocFn = <D extends BufferDtype>(dtype: D, length: number) => LosskitBuffer<D>;
