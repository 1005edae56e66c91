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
  /** One gradient per differentiable argument, in positional order (`grads[0] === grad`). */
  grads: A[];
}

export interface ReductionOptions {
  /** 'mean' (default), 'sum' or 'none'. PyTorch: `reduction`. */
  reduction?: Reduction;
  /**
   * What a mean over nothing (an empty input, every target ignored) gives: 'nan' (default, as PyTorch) or
   * 'zero' (beyond PyTorch: what a training loop usually wants).
   */
  emptyMean?: 'nan' | 'zero';
}

export interface GradOptions<A extends FloatArray = FloatArray> {
  /** Buffer that receives the gradient (same dtype and length as input); returned as `grad`. */
  out?: Buf<A>;
  /** With reduction 'none': the upstream gradient; `grad` is then d(Σ gradOutput·loss)/d(input). */
  gradOutput?: Buf<A>;
}

export interface ShapeOptions {
  /**
   * The input's shape: [N, C] or [N, C, d1, ...] (class dimension 1, as PyTorch), or [C] for one sample; a
   * tensor's own dimensions when the input is one.
   */
  shape?: readonly number[];
  /**
   * The class dimension: 1 (default, as PyTorch's `input` layout) or -1 / 'last': class scores along the last
   * dimension ([B, T, V] language-model logits; ONNX, TF.js and Keras layouts), read without a transpose.
   */
  classDim?: 1 | -1 | 'last';
}

export interface ClassOptions<A extends FloatArray = FloatArray> extends ReductionOptions, ShapeOptions {
  /** Per-class weights, length C (default: none). PyTorch: `weight`. */
  weight?: Buf<A>;
  /** Target value that contributes neither loss nor gradient (default -100). PyTorch: `ignore_index`. */
  ignoreIndex?: number;
}

export interface CrossEntropyOptions<A extends FloatArray = FloatArray> extends ClassOptions<A> {
  /** In [0, 1] (default 0): mixes the target with the uniform distribution over C classes. PyTorch: `label_smoothing`. */
  labelSmoothing?: number;
}

export interface BceOptions<A extends FloatArray = FloatArray> extends ReductionOptions {
  /** Rescaling weight: length n, or the last dimension of `shape` (broadcast along it); default none. PyTorch: `weight`. */
  weight?: Buf<A>;
  /** In [0, 1] (default 0): targets become y·(1 - ε) + ε/2. Beyond PyTorch: Keras's `label_smoothing`. */
  labelSmoothing?: number;
  /** The input's shape (only needed to broadcast `weight`/`posWeight` along the last dimension). */
  shape?: readonly number[];
}

export interface BceLogitsOptions<A extends FloatArray = FloatArray> extends BceOptions<A> {
  /** Weight of positive examples per class (the last dimension of `shape`), or per element; default none. PyTorch: `pos_weight`. */
  posWeight?: Buf<A>;
}

export interface HuberOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (> 0, default 1). PyTorch: `delta`. */
  delta?: number;
}

export interface SmoothL1Options extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (>= 0, default 1; 0 is exactly L1). PyTorch: `beta`. */
  beta?: number;
}

export interface MarginOptions extends ReductionOptions {
  /** The margin (default 1 for hingeEmbeddingLoss, 0 for marginRankingLoss and cosineEmbeddingLoss). PyTorch: `margin`. */
  margin?: number;
}

export interface KlDivOptions extends Omit<ReductionOptions, 'reduction'> {
  /** 'mean' (default: over every element, as PyTorch warns), 'batchmean' (sum / shape[0]: the true KL), 'sum', 'none'. PyTorch: `reduction`. */
  reduction?: Reduction | 'batchmean';
  /** The target is log-probabilities rather than probabilities (default false). PyTorch: `log_target`. */
  logTarget?: boolean;
  /** The input's shape; 'batchmean' divides by shape[0] (the input length without it). */
  shape?: readonly number[];
}

export interface MultilabelOptions<A extends FloatArray = FloatArray> extends ReductionOptions {
  /** Per-class weights, length C (default: none). PyTorch: `weight`. */
  weight?: Buf<A>;
  /** [N, C] (or [C], the default: one sample). 'none' gives N losses. */
  shape?: readonly number[];
}

export interface FocalOptions extends Omit<ReductionOptions, 'reduction'> {
  /** 'none' (the default, as torchvision), 'mean' or 'sum'. torchvision: `reduction`. */
  reduction?: Reduction;
  /** Weight of the positive class in [0, 1] (default 0.25); negative: no weighting. torchvision: `alpha`. */
  alpha?: number;
  /** Focusing exponent >= 0 (default 2; 0 is BCE with logits times alpha_t). torchvision: `gamma`. */
  gamma?: number;
}

/** categoricalHingeLoss's options: the rows of `shape` ([N, C], [C], [N, C, d1, ...] or class last). */
export interface CategoricalOptions extends ReductionOptions, ShapeOptions {}

export interface CategoricalFocalOptions extends CategoricalOptions {
  /** Weight of every class's term (default 0.25). Keras: `alpha`. */
  alpha?: number;
  /** Focusing exponent >= 0 (default 2; 0 is cross-entropy times alpha). Keras: `gamma`. */
  gamma?: number;
}

export interface PolyOptions extends CategoricalOptions {
  /** Weight of the Poly-1 term Σ y·(1 - p), any finite number (default 2; 0 is cross-entropy). optax: `epsilon`. */
  epsilon?: number;
}

export interface CosineEmbeddingOptions extends MarginOptions {
  /** [N, D] rows (or [D], the default: one pair of vectors); the target has N values. */
  shape?: readonly number[];
}

export interface MultiMarginOptions<A extends FloatArray = FloatArray> extends ReductionOptions {
  /** 1 (default) or 2: the hinge or its square. PyTorch: `p`. */
  p?: 1 | 2;
  /** The margin (default 1). PyTorch: `margin`. */
  margin?: number;
  /** Per-class weights, length C (multiplying after the power, as PyTorch's code); default none. PyTorch: `weight`. */
  weight?: Buf<A>;
  /** [N, C] or [C]; inferred as [N, C] from one target per row. */
  shape?: readonly number[];
}

export interface MultilabelMarginOptions extends ReductionOptions {
  /** [N, C] or [C] (the default: one sample). */
  shape?: readonly number[];
}

export interface TripletOptions extends ReductionOptions {
  /** The margin (> 0, default 1). PyTorch: `margin`. */
  margin?: number;
  /** The norm of the pairwise distance (> 0, default 2). PyTorch: `p`. */
  p?: number;
  /** Added to every component of the difference before the norm (default 1e-6). PyTorch: `eps`. */
  eps?: number;
  /** Use min(d(a, n), d(p, n)) as the negative distance (default false). PyTorch: `swap`. */
  swap?: boolean;
  /** [N, D] rows (or [D], the default: one triplet). */
  shape?: readonly number[];
}

export interface TripletDistanceOptions extends Omit<TripletOptions, 'p' | 'eps'> {
  /** 'pairwise' (default: pairwise_distance, p = 2, eps = 1e-6) or 'cosine' (1 - cosine similarity). PyTorch: `distance_function`. */
  distance?: 'pairwise' | 'cosine';
}

export interface GaussianNllOptions extends ReductionOptions {
  /** Add ½·log 2π (default false). PyTorch: `full`. */
  full?: boolean;
  /** Variances below it are clamped to it, without gradient (default 1e-6). PyTorch: `eps`. */
  eps?: number;
  /** The input's shape; var may hold one value per row of its last dimension. */
  shape?: readonly number[];
}

export interface CtcOptions extends ReductionOptions {
  /** The blank class (default 0). PyTorch: `blank`. */
  blank?: number;
  /** Replace infinite losses (inputs too short for their targets) and their gradients by 0 (default false). PyTorch: `zero_infinity`. */
  zeroInfinity?: boolean;
  /** log_probs' shape: [T, N, C], or [T, C] for one sample. Required. */
  shape?: readonly number[];
}

export interface PoissonNllOptions extends ReductionOptions {
  /** The input is log-rates (default true: loss exp(x) - y·x) or rates (x - y·log(x + eps)). PyTorch: `log_input`. */
  logInput?: boolean;
  /** Add the Stirling approximation of log(y!) where y > 1 (default false). PyTorch: `full`. */
  full?: boolean;
  /** Keeps log(x + eps) finite at x = 0 with rates (default 1e-8). PyTorch: `eps`. */
  eps?: number;
}

export interface ActivationOptions<A extends FloatArray = FloatArray> extends ShapeOptions {
  /** Buffer that receives the result (same dtype and length as input). */
  out?: Buf<A>;
}

/** torchvision's box losses (generalizedBoxIouLoss, distanceBoxIouLoss, completeBoxIouLoss). */
export interface BoxIouOptions {
  /** 'none' (the default, as torchvision: one loss per pair of boxes), 'mean' or 'sum'. torchvision: `reduction`. */
  reduction?: Reduction;
  /** What a mean over no boxes gives: 'zero' (default, as torchvision's `0.0 * loss.sum()`) or 'nan'. */
  emptyMean?: 'nan' | 'zero';
}

export interface OverlapOptions extends ReductionOptions {
  /** [N, C] rows, each one sample's vector or flattened mask (or [C], the default: one sample); 'none' gives N losses. */
  shape?: readonly number[];
}

export interface TverskyOptions extends OverlapOptions {
  /**
   * Weight of the missed target mass Σ(1 - x)·y (>= 0, default 0.5). Keras: `alpha`, whose code names that sum
   * `fp` (its `y_true` and `y_pred` swapped against the usual meaning).
   */
  alpha?: number;
  /** Weight of the predicted mass outside the target Σ x·(1 - y) (>= 0, default 0.5). Keras: `beta` (its `fn`). */
  beta?: number;
}

export interface NtXentOptions extends Omit<ReductionOptions, 'reduction'> {
  /**
   * 'mean' only (the default): the mean over positive pairs, as optax's `ntxent` (PyTorch has none; the
   * pytorch-metric-learning NTXentLoss averages the same terms). Any other value is an error.
   */
  reduction?: 'mean';
  /** Divides the cosine similarities (> 0, default 0.07). optax: `temperature` (no PyTorch counterpart). */
  temperature?: number;
  /** [N, D] embeddings; inferred from one label per row when left out. */
  shape?: readonly number[];
}
