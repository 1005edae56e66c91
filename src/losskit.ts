// The public interface with its documentation: what each function computes, on which input domain.
import type { BufferDtype, LosskitBuffer } from './buffers.js';
import type {
  ActivationOptions, BceLogitsOptions, BceOptions, ClassOptions, CosineEmbeddingOptions, CrossEntropyOptions, CtcOptions,
  FloatArray,
  FocalOptions, GaussianNllOptions,
  GradOptions,
  HuberOptions, IndexArray, KlDivOptions, LossWithGrad, MarginOptions, MultilabelMarginOptions, MultilabelOptions,
  MultiMarginOptions, PoissonNllOptions, TripletDistanceOptions, TripletOptions,
  ReductionOptions,
  SmoothL1Options,
} from './types.js';

type ReductionOf<O> = O extends { reduction?: infer R } ? R : never;
type Reduced<O> = Omit<O, 'reduction'> & { reduction?: Exclude<ReductionOf<O>, 'none' | undefined> };
type Unreduced<O> = Omit<O, 'reduction'> & { reduction: 'none' };
type Grad<O, A extends FloatArray> = O & GradOptions<A>;
/** Class-index targets, or class probabilities of the input's dtype and length. */
type ClassTarget<A extends FloatArray> = IndexArray | In<A> | LosskitBuffer<'int32'>;
/** A typed array, or a zero-copy buffer of the same dtype from {@link Losskit.alloc}. */
type In<A extends FloatArray> = A | LosskitBuffer<A extends Float32Array ? 'float32' : 'float64'>;
type TargetKind = 'same' | 'class' | 'index';
/** What a loss takes as target: like the input, class indices or probabilities, or class indices only. */
type Target<A extends FloatArray, K extends TargetKind> =
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
}
type OptionsKey = keyof OptionsFor<FloatArray>;

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
type Outs<A extends FloatArray> = { outs?: readonly (In<A> | null)[] };

/** The same loss with its gradient, fused: `{ loss, grad, grads }`; `out`/`gradOutput` as in GradOptions. */
export interface LossGradFn<O extends OptionsKey, K extends TargetKind> {
  <A extends FloatArray>(input: In<A>, target: Target<A, K>, opts?: Grad<Reduced<OptionsFor<A>[O]>, A>): LossWithGrad<A, number>;
  <A extends FloatArray>(input: In<A>, target: Target<A, K>, opts: Grad<Unreduced<OptionsFor<A>[O]>, A>): LossWithGrad<A, A>;
}

/**
 * losskit's functions, all with PyTorch's `torch.nn.functional` semantics (names in camelCase). The dtype of
 * a call follows `input`; every other float argument must share it. `reduction` is 'mean' (default), 'sum'
 * or 'none'; 'mean' over zero elements is NaN, as in PyTorch. `…WithGrad` computes the loss and
 * d(loss)/d(input) in one fused pass (for 'none': the gradient of the sum, or of Σ gradOutput·loss).
 */
export interface Losskit {
  /** Which backend runs: 'wasm' (AssemblyScript, WebAssembly SIMD) or 'js'. */
  readonly backend: 'wasm' | 'js';

  /**
   * A zero-copy buffer of `length` elements in this instance's memory: pass it (or `buf.array`) as any
   * array argument or `out` and nothing is copied. `buf.array` is always a valid view (memory growth
   * replaces it: read it again rather than keeping an old one); `free()` releases the buffer. Using a freed
   * buffer, or one of another instance, is an error. On the JS backend the buffer holds a plain typed array.
   */
  alloc<D extends BufferDtype>(dtype: D, length: number): LosskitBuffer<D>;

  /**
   * Mean squared error: l_i = (x_i - y_i)². Any input domain; input and target of equal length.
   * Gradient 2(x_i - y_i) (divided by n for 'mean').
   */
  mseLoss: LossFn<'plain', 'same'>;
  /** {@link Losskit.mseLoss} with its gradient, fused. */
  mseLossWithGrad: LossGradFn<'plain', 'same'>;

  /**
   * Mean absolute error: l_i = |x_i - y_i|. Gradient sign(x_i - y_i), 0 at equality (and for NaN), as PyTorch.
   */
  l1Loss: LossFn<'plain', 'same'>;
  /** {@link Losskit.l1Loss} with its gradient, fused. */
  l1LossWithGrad: LossGradFn<'plain', 'same'>;

  /**
   * Cross-entropy from raw **logits** (log-softmax inside, max-subtracted: stable for logits of ±1e4).
   * input: [N, C], [N, C, d1, ...] (per position, class dimension 1) or [C]; pass `shape` unless it is [N, C]
   * with one index target per row. target: class indices (length N·d1·…; `ignoreIndex` rows count for
   * nothing), or class probabilities (the input's dtype and length; `shape` required).
   *   index:  l_n = -w[y_n]·log softmax(x_n)[y_n];  'mean' divides by Σ w[y_n] over non-ignored rows.
   *   probs:  l_n = -Σ_c w_c·y_{n,c}·log softmax(x_n)_c;  'mean' divides by N·d1·….
   *   labelSmoothing ε: PyTorch's (1-ε)·l + (ε/C)·Σ_c w_c·(-log softmax(x_n)_c), same denominators.
   * Example: logits [0.5, 0.1, 0.3], target 2 → 1.1119 (logsumexp - 0.3). Read as probabilities instead, their
   * logs through {@link Losskit.nllLoss} give 1.2040 = -ln 0.3.
   */
  crossEntropy: LossFn<'crossEntropy', 'class'>;
  /** {@link Losskit.crossEntropy} with its gradient (softmax - smoothed one-hot, weighted), fused. */
  crossEntropyWithGrad: LossGradFn<'crossEntropy', 'class'>;

  /**
   * Negative log-likelihood on **log-probabilities** (e.g. logSoftmax output; no renormalisation):
   * l_n = -w[y_n]·x[n, y_n]. Shapes, weight, ignoreIndex and 'mean' as crossEntropy with index targets.
   * Example: log([0.5, 0.1, 0.3]) with target 2 → 1.2040.
   */
  nllLoss: LossFn<'nll', 'index'>;
  /** {@link Losskit.nllLoss} with its gradient (-w[y_n] at the target, 0 elsewhere), fused. */
  nllLossWithGrad: LossGradFn<'nll', 'index'>;

  /**
   * Binary cross-entropy on **probabilities** x in [0, 1] (anything else, NaN included, is an error, as in
   * PyTorch): l_i = -w_i·(y_i·max(ln x_i, -100) + (1 - y_i)·max(ln(1 - x_i), -100)); each log is clamped at
   * -100 exactly as PyTorch, so a saturated wrong prediction costs 100. Gradient as PyTorch's backward:
   * w_i·(x_i - y_i)/max(x_i(1 - x_i), 1e-12). Prefer binaryCrossEntropyWithLogits on logits.
   */
  binaryCrossEntropy: LossFn<'bce', 'same'>;
  /** {@link Losskit.binaryCrossEntropy} with its gradient, fused. */
  binaryCrossEntropyWithGrad: LossGradFn<'bce', 'same'>;

  /**
   * Binary cross-entropy on **logits**, in the stable form
   * l_i = w_i·((1 - y_i)·x_i - (1 + (p_i - 1)·y_i)·log σ(x_i)), log σ(x) = min(x, 0) - log1p(e^-|x|):
   * finite for every finite x. p = posWeight (per class along the last dimension of `shape`, or per element).
   * Gradient w_i·((1 + (p_i - 1)·y_i)·σ(x_i) - p_i·y_i).
   */
  binaryCrossEntropyWithLogits: LossFn<'bceLogits', 'same'>;
  /** {@link Losskit.binaryCrossEntropyWithLogits} with its gradient, fused. */
  binaryCrossEntropyWithLogitsWithGrad: LossGradFn<'bceLogits', 'same'>;

  /**
   * Huber loss: 0.5·d² where |d| < delta, else delta·(|d| - delta/2), d = x - y (delta > 0, default 1).
   * Huber(δ) = δ·SmoothL1(β = δ): the same shape, gradients bounded by δ instead of 1. Any input domain.
   */
  huberLoss: LossFn<'huber', 'same'>;
  /** {@link Losskit.huberLoss} with its gradient (d inside, delta·sign(d) outside), fused. */
  huberLossWithGrad: LossGradFn<'huber', 'same'>;

  /** Smooth L1: 0.5·d²/beta where |d| < beta, else |d| - beta/2 (beta >= 0, default 1; beta = 0 is L1). */
  smoothL1Loss: LossFn<'smoothL1', 'same'>;
  /** {@link Losskit.smoothL1Loss} with its gradient (d/beta inside, sign(d) outside), fused. */
  smoothL1LossWithGrad: LossGradFn<'smoothL1', 'same'>;

  /**
   * Soft margin: log(1 + exp(-y·x)) for targets y in {1, -1} on scores x, computed as a stable softplus (finite
   * for every finite input in float32, where PyTorch overflows to Inf with NaN gradients). Gradient -y·σ(-y·x).
   */
  softMarginLoss: LossFn<'plain', 'same'>;
  /** {@link Losskit.softMarginLoss} with its gradient, fused. */
  softMarginLossWithGrad: LossGradFn<'plain', 'same'>;

  /**
   * Hinge embedding on distances x with targets y in {1, -1}: x for y = 1, max(0, margin - x) for y = -1
   * (margin default 1). As PyTorch, any other target value gets both terms.
   */
  hingeEmbeddingLoss: LossFn<'margin', 'same'>;
  /** {@link Losskit.hingeEmbeddingLoss} with its gradient, fused. */
  hingeEmbeddingLossWithGrad: LossGradFn<'margin', 'same'>;

  /**
   * KL divergence, PyTorch's kl_div: input is **log-probabilities** (log q), target probabilities p
   * (`logTarget`: log p). Pointwise p·(log p - log q), 0 where p = 0. 'mean' averages over every element
   * (PyTorch's default, which it warns about); 'batchmean' divides the sum by shape[0], the true KL per sample.
   */
  klDiv: LossFn<'klDiv', 'same'>;
  /** {@link Losskit.klDiv} with its gradient (-p, or -exp(t) with logTarget), fused. */
  klDivWithGrad: LossGradFn<'klDiv', 'same'>;

  /**
   * Poisson negative log-likelihood: exp(x) - y·x on **log-rates** (default), or x - y·log(x + eps) on rates
   * (`logInput: false`); `full` adds the Stirling term y·log y - y + ½·log(2πy) where y > 1.
   */
  poissonNllLoss: LossFn<'poisson', 'same'>;
  /** {@link Losskit.poissonNllLoss} with its gradient (exp(x) - y, or 1 - y/(x + eps)), fused. */
  poissonNllLossWithGrad: LossGradFn<'poisson', 'same'>;

  /**
   * Multi-label soft margin on **logits** [N, C] with 0/1 targets: per sample
   * -(1/C)·Σ_c w_c·(y_c·log σ(x_c) + (1 - y_c)·log σ(-x_c)), in the stable BCE-with-logits form (finite for
   * every finite input, where the naive form overflows). 'none' gives N losses; 'mean' averages over N.
   */
  multilabelSoftMarginLoss: LossFn<'multilabel', 'same'>;
  /** {@link Losskit.multilabelSoftMarginLoss} with its gradient (w_c·(σ(x_c) - y_c)/C per sample), fused. */
  multilabelSoftMarginLossWithGrad: LossGradFn<'multilabel', 'same'>;

  /**
   * torchvision's sigmoid focal loss on **logits**: α_t·BCEwithLogits(x, y)·(1 - p_t)^γ, p = σ(x),
   * p_t = p·y + (1 - p)(1 - y), α_t = α·y + (1 - α)(1 - y) (α = 0.25, γ = 2 by default; α < 0 disables it).
   * Its default reduction is **'none'**, as in torchvision (torch.nn's losses default to 'mean').
   */
  sigmoidFocalLoss<A extends FloatArray>(input: In<A>, target: In<A>, opts?: FocalOptions & { reduction?: 'none' }): A;
  sigmoidFocalLoss<A extends FloatArray>(input: In<A>, target: In<A>, opts: FocalOptions & { reduction: 'mean' | 'sum' }): number;
  /** {@link Losskit.sigmoidFocalLoss} with its gradient, fused. */
  sigmoidFocalLossWithGrad<A extends FloatArray>(input: In<A>, target: In<A>, opts?: Grad<FocalOptions & { reduction?: 'none' }, A>): LossWithGrad<A, A>;
  sigmoidFocalLossWithGrad<A extends FloatArray>(input: In<A>, target: In<A>, opts: Grad<FocalOptions & { reduction: 'mean' | 'sum' }, A>): LossWithGrad<A, number>;

  /**
   * Margin ranking: max(0, -y·(x1 - x2) + margin) with targets y in {1, -1} (margin default 0); input1, input2
   * and target of one length (no broadcasting, as PyTorch).
   */
  marginRankingLoss: Loss3Fn<MarginOptions>;
  /**
   * {@link Losskit.marginRankingLoss} with its gradients, fused: `grads` = [d/d input1, d/d input2]
   * (`grad` is the first; `outs` may hold a buffer for each).
   */
  marginRankingLossWithGrad: Loss3GradFn<MarginOptions>;

  /**
   * Cosine embedding over pairs of rows [N, D]: cos = x1·x2 / sqrt((|x1|² + 1e-12)(|x2|² + 1e-12)) as PyTorch;
   * 1 - cos for y = 1, max(0, cos - margin) for y = -1, 0 for other targets (margin default 0).
   */
  cosineEmbeddingLoss: Loss3Fn<CosineEmbeddingOptions>;
  /** {@link Losskit.cosineEmbeddingLoss} with its gradients, fused: `grads` = [d/d input1, d/d input2]. */
  cosineEmbeddingLossWithGrad: Loss3GradFn<CosineEmbeddingOptions>;

  /**
   * Multi-class margin on scores [N, C] with class-index targets: per sample
   * Σ_{i≠y} w_y·max(0, margin - x_y + x_i)^p / C (p = 1 or 2, margin 1). 'none' gives N losses.
   */
  multiMarginLoss: LossFn<'multiMargin', 'index'>;
  /** {@link Losskit.multiMarginLoss} with its gradient, fused. */
  multiMarginLossWithGrad: LossGradFn<'multiMargin', 'index'>;

  /**
   * Multi-label margin on scores [N, C]; the target has the input's shape: each row's classes first, ended by
   * -1. Per sample Σ_{j} Σ_{i not a target} max(0, 1 - (x_{y_j} - x_i)) / C. 'none' gives N losses.
   */
  multilabelMarginLoss: LossFn<'multilabelMargin', 'index'>;
  /** {@link Losskit.multilabelMarginLoss} with its gradient, fused. */
  multilabelMarginLossWithGrad: LossGradFn<'multilabelMargin', 'index'>;

  /**
   * Triplet margin over rows [N, D] of anchors, positives and negatives: max(0, margin + d(a, p) - d(a, n)) with
   * d(x, y) = ‖x - y + eps‖_p (PyTorch adds eps to the difference, not to the norm); `swap` uses
   * min(d(a, n), d(p, n)). Defaults margin 1, p 2, eps 1e-6.
   */
  tripletMarginLoss: Loss3Fn<TripletOptions>;
  /** {@link Losskit.tripletMarginLoss} with its gradients, fused: `grads` = [anchor, positive, negative]. */
  tripletMarginLossWithGrad: Loss3GradFn<TripletOptions>;

  /** The triplet margin loss with a built-in distance: 'pairwise' (default) or 'cosine' (1 - cosine similarity). */
  tripletMarginWithDistanceLoss: Loss3Fn<TripletDistanceOptions>;
  /** {@link Losskit.tripletMarginWithDistanceLoss} with its gradients, fused: `grads` = [anchor, positive, negative]. */
  tripletMarginWithDistanceLossWithGrad: Loss3GradFn<TripletDistanceOptions>;

  /**
   * Gaussian negative log-likelihood of targets under N(input, var): ½·(log v + (x - y)²/v) with v = max(var, eps)
   * (+ ½·log 2π when `full`). var has the input's length, or one value per row of the last dimension of `shape`.
   */
  gaussianNllLoss: Loss3Fn<GaussianNllOptions>;
  /** {@link Losskit.gaussianNllLoss} with its gradients, fused: `grads` = [d/d input, d/d var]. */
  gaussianNllLossWithGrad: Loss3GradFn<GaussianNllOptions>;

  /**
   * Connectionist temporal classification on **log-probabilities** [T, N, C] (log_softmax outputs, not logits):
   * nll_n = -log Σ over alignments of the target (concatenated, or padded [N, S]) with the input lengths.
   * 'mean' is mean_n(nll_n / max(targetLength_n, 1)), as PyTorch; `zeroInfinity` zeroes impossible alignments.
   */
  ctcLoss<A extends FloatArray>(logProbs: In<A>, targets: IndexArray, inputLengths: IndexArray, targetLengths: IndexArray, opts: Reduced<CtcOptions>): number;
  ctcLoss<A extends FloatArray>(logProbs: In<A>, targets: IndexArray, inputLengths: IndexArray, targetLengths: IndexArray, opts: Unreduced<CtcOptions>): A;
  /**
   * {@link Losskit.ctcLoss} with its gradient with respect to logProbs, as PyTorch's backward gives it
   * (exp(lp) - exp(log Σ αβ + nll - lp), the form that assumes log_softmax inputs).
   */
  ctcLossWithGrad<A extends FloatArray>(logProbs: In<A>, targets: IndexArray, inputLengths: IndexArray, targetLengths: IndexArray, opts: Grad<Reduced<CtcOptions>, A>): LossWithGrad<A, number>;
  ctcLossWithGrad<A extends FloatArray>(logProbs: In<A>, targets: IndexArray, inputLengths: IndexArray, targetLengths: IndexArray, opts: Grad<Unreduced<CtcOptions>, A>): LossWithGrad<A, A>;

  /** softmax over the class dimension of `shape` ([C] by default, [N, C] or [N, C, d1, ...]): exp(x - lse). */
  softmax<A extends FloatArray>(input: In<A>, opts?: ActivationOptions<A>): A;
  /** log_softmax over the class dimension of `shape`: (x - max) - log Σ exp(x - max). */
  logSoftmax<A extends FloatArray>(input: In<A>, opts?: ActivationOptions<A>): A;
  /** σ(x) = 1/(1 + e^-x) element-wise, evaluated on -|x| (no overflow). */
  sigmoid<A extends FloatArray>(input: In<A>, opts?: Omit<ActivationOptions<A>, 'shape'>): A;
  /** log σ(x) = min(x, 0) - log1p(e^-|x|) element-wise. */
  logSigmoid<A extends FloatArray>(input: In<A>, opts?: Omit<ActivationOptions<A>, 'shape'>): A;
}
