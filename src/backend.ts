import type { FloatArray } from './types.js';

/**
 * The element-wise Ops a backend runs (assembly/losses/ops.ts, their JS mirrors in src/js/), each with the stem of
 * its module exports (`<stem>_f32`, `<stem>_f64`): the one list of them.
 */
export const POINT_OPS = {
  mse: 'mse', l1: 'l1', bce: 'bce', bceLogits: 'bce_logits', sigmoid: 'sigmoid', logSigmoid: 'log_sigmoid',
  huber: 'huber', smoothL1: 'smooth_l1', softMargin: 'soft_margin', logCosh: 'log_cosh', hingeEmbedding: 'hinge_embedding',
  klDiv: 'kl_div', klDivLog: 'kl_div_log', poissonLog: 'poisson_log', poissonRate: 'poisson_rate', focal: 'focal',
  marginRanking: 'margin_ranking',
  mape: 'mape', msle: 'msle', hinge: 'hinge', squaredHinge: 'squared_hinge',
} as const;
export type PointOp = keyof typeof POINT_OPS;

/** The categorical row losses (assembly/losses/categorical.ts, src/js/losses/categorical.ts) and their export stems. */
export const CATEGORICAL_OPS = {
  categoricalHinge: 'categorical_hinge', categoricalFocal: 'categorical_focal', poly: 'poly',
} as const;
export type CategoricalOp = keyof typeof CATEGORICAL_OPS;
/** torchvision's box losses, by the number the kernels take for them (assembly/losses/boxes.ts: GIOU, DIOU, CIOU). */
export const BOX_KINDS = ['giou', 'diou', 'ciou'] as const;
export type BoxKind = (typeof BOX_KINDS)[number];
/** The row losses of the overlap kernel (assembly/losses/overlap.ts), as its `kind` argument. */
export const OVERLAP_KINDS = { cosine: 0, dice: 1, tversky: 2 } as const;
export type OverlapKind = keyof typeof OVERLAP_KINDS;

/**
 * What a backend computes; the call path (src/call/bind.ts) validates arguments and derives every scale and
 * denominator before calling. Arrays are the caller's, already checked for dtype and length; `null` = absent.
 */
export interface Kernels {
  readonly name: 'wasm' | 'js';
  /**
   * Σ_i w_i·l(x_i, y_i). Writes w_i·l_i into `loss` and scale·go_i·w_i·∂l_i/∂x_i into `grad` when given.
   * `w`/`pw` have length n or `period` (repeated along the rows); `param`, `param2` are the loss's scalar
   * parameters (Huber's delta, SmoothL1's beta, a margin, BCE's label smoothing, focal's alpha and gamma).
   */
  pointwise(
    op: PointOp, x: FloatArray, y: FloatArray, w: FloatArray | null, pw: FloatArray | null, period: number,
    gradOut: FloatArray | null, loss: FloatArray | null, grad: FloatArray | null, scale: number, param: number, param2: number,
  ): number;
  /** Σ of the cross-entropy over the rows of [N, C, D]: index targets `t` or probabilities `y`. */
  crossEntropy(
    x: FloatArray, t: Int32Array | null, y: FloatArray | null, w: FloatArray | null, N: number, C: number, D: number,
    ignore: number, eps: number, loss: FloatArray | null, grad: FloatArray | null, scale: number, gradOut: FloatArray | null,
  ): number;
  /** Σ of the NLL over the rows of [N, C, D]. */
  nll(
    x: FloatArray, t: Int32Array, w: FloatArray | null, N: number, C: number, D: number, ignore: number,
    loss: FloatArray | null, grad: FloatArray | null, scale: number, gradOut: FloatArray | null,
  ): number;
  /**
   * Σ over the rows of [N, C, D] of a categorical loss, index targets `t` (read as one-hot) or probabilities `y`;
   * param, param2: focal's alpha and gamma, poly's epsilon.
   */
  categorical(
    op: CategoricalOp, x: FloatArray, t: Int32Array | null, y: FloatArray | null, N: number, C: number, D: number,
    param: number, param2: number, loss: FloatArray | null, grad: FloatArray | null, scale: number, gradOut: FloatArray | null,
  ): number;
  /** Σ of the cosine embedding loss over rows [N, D]; gradients for both inputs into g1, g2. */
  cosineEmbedding(
    x1: FloatArray, x2: FloatArray, y: FloatArray, N: number, D: number, margin: number, loss: FloatArray | null,
    g1: FloatArray | null, g2: FloatArray | null, scale: number, gradOut: FloatArray | null,
  ): number;
  /** Σ over rows [N, C] of the multi-class margin loss (p = 1 or 2), class-index targets t. */
  multiMargin(
    x: FloatArray, t: Int32Array, w: FloatArray | null, N: number, C: number, p: 1 | 2, margin: number,
    loss: FloatArray | null, grad: FloatArray | null, scale: number, gradOut: FloatArray | null,
  ): number;
  /** Σ over rows [N, C] of the multilabel margin loss; t holds each row's classes, ended by -1. */
  multilabelMargin(
    x: FloatArray, t: Int32Array, N: number, C: number, loss: FloatArray | null, grad: FloatArray | null,
    scale: number, gradOut: FloatArray | null,
  ): number;
  /** Σ of the triplet margin loss over rows [N, D]; gradients for anchor, positive and negative (zeroed first). */
  triplet(
    a: FloatArray, p: FloatArray, n: FloatArray, N: number, D: number, margin: number, norm: number, eps: number,
    swap: boolean, cosine: boolean, loss: FloatArray | null, ga: FloatArray | null, gp: FloatArray | null,
    gn: FloatArray | null, scale: number, gradOut: FloatArray | null,
  ): number;
  /** Σ of the Gaussian NLL; each var element covers k consecutive elements; gradients for input and var. */
  gaussianNll(
    x: FloatArray, y: FloatArray, v: FloatArray, k: number, eps: number, full: boolean, loss: FloatArray | null,
    gx: FloatArray | null, gv: FloatArray | null, scale: number, gradOut: FloatArray | null,
  ): number;
  /**
   * CTC over log_probs [T, N, C]: per-sample losses into `loss` (N), the gradient (scaled by sampleScale[n]) into `grad`.
   * targets are concatenated, sample n's starting at offsets[n]; sMax is the longest target.
   */
  ctc(
    lp: FloatArray, targets: Int32Array, offsets: Int32Array, inLens: Int32Array, tgLens: Int32Array, T: number,
    N: number, C: number, blank: number, zeroInfinity: boolean, sMax: number, loss: FloatArray,
    grad: FloatArray | null, sampleScale: FloatArray,
  ): number;
  /**
   * Σ over N pairs of boxes [N, 4] of a box loss (computed in float64 for both dtypes); per-pair losses into
   * `loss`, gradients scale·go_n·∂l/∂box for both sets into g1, g2 when given.
   */
  boxIou(
    kind: BoxKind, b1: FloatArray, b2: FloatArray, N: number, loss: FloatArray | null, g1: FloatArray | null,
    g2: FloatArray | null, scale: number, gradOut: FloatArray | null,
  ): number;
  /** Σ over rows [N, C] of Keras's cosine_similarity, dice or tversky (alpha, beta: tversky's weights). */
  overlap(
    x: FloatArray, y: FloatArray, N: number, C: number, kind: OverlapKind, alpha: number, beta: number,
    loss: FloatArray | null, grad: FloatArray | null, scale: number, gradOut: FloatArray | null,
  ): number;
  /**
   * Σ of optax's NT-Xent terms over embeddings [N, D] with int32 labels t; the gradient (scale per term) into grad.
   * work: N·D + 3N elements of x's dtype, overwritten.
   */
  ntXent(x: FloatArray, t: Int32Array, N: number, D: number, temperature: number, work: FloatArray, grad: FloatArray | null, scale: number): number;
  /** Index of the first element outside [0, 1] (NaN included), or -1 (binaryCrossEntropy's input check). */
  firstOutside01(x: FloatArray): number;
  /** Index of the first element neither 0 nor 1 (NaN included), or -1 (the hinge losses' target scan). */
  firstNonBinary(x: FloatArray): number;
  /**
   * How many targets lie in [0, C) when every other one is `ignore` (NaN: none), else -1: the class losses'
   * target check and unweighted mean denominator (validate.ts's classTargets then says what is wrong).
   */
  countClassTargets(t: Int32Array, C: number, ignore: number): number;
  /** softmax or log_softmax over the class dimension of [N, C, D]. */
  softmax(x: FloatArray, out: FloatArray, N: number, C: number, D: number, log: boolean): void;
}
