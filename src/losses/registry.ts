// The loss registry: every loss once, with its documentation, its public signatures and its spec (arguments,
// options, shape rules, kernel call). The instance methods, the free functions, the public type Losskit and the
// test lists all derive from LOSSES and ACTIVATIONS; nothing else lists the losses.
import type {
  CosineEmbeddingOptions, GaussianNllOptions, MarginOptions, TripletDistanceOptions, TripletOptions,
} from '../types.js';
import type { BoxFn, BoxGradFn, CtcFn, CtcGradFn, FocalFn, FocalGradFn, Loss3Fn, Loss3GradFn, LossFn, LossGradFn } from '../signatures.js';
import type { NtXentFn, NtXentGradFn } from '../signatures.js';
import * as activation from './activation.js';
import * as categorical from './categorical.js';
import * as boxes from './boxes.js';
import * as classLosses from './class.js';
import * as contrastive from './contrastive.js';
import * as ctc from './ctc.js';
import * as embedding from './embedding.js';
import * as gaussian from './gaussian.js';
import * as margin from './margin.js';
import * as overlap from './overlap.js';
import * as pointwise from './pointwise.js';
import { defineLoss } from './spec.js';

export const LOSSES = {
  /**
   * Mean squared error: l_i = (x_i - y_i)². Any input domain; input and target of equal length.
   * Gradient 2(x_i - y_i) (divided by n for 'mean').
   */
  mseLoss: defineLoss<LossFn<'plain', 'same'>, LossGradFn<'plain', 'same'>>()(pointwise.mse),
  /**
   * Mean absolute error: l_i = |x_i - y_i|. Gradient sign(x_i - y_i), 0 at equality (and for NaN), as PyTorch.
   */
  l1Loss: defineLoss<LossFn<'plain', 'same'>, LossGradFn<'plain', 'same'>>()(pointwise.l1),
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
  crossEntropy: defineLoss<LossFn<'crossEntropy', 'class'>, LossGradFn<'crossEntropy', 'class'>>()(classLosses.crossEntropy),
  /**
   * Negative log-likelihood on **log-probabilities** (e.g. logSoftmax output; no renormalisation):
   * l_n = -w[y_n]·x[n, y_n]. Shapes, weight, ignoreIndex and 'mean' as crossEntropy with index targets.
   * Example: log([0.5, 0.1, 0.3]) with target 2 → 1.2040.
   */
  nllLoss: defineLoss<LossFn<'nll', 'index'>, LossGradFn<'nll', 'index'>>()(classLosses.nll),
  /**
   * Binary cross-entropy on **probabilities** x in [0, 1] (anything else, NaN included, is an error, as in
   * PyTorch): l_i = -w_i·(y_i·max(ln x_i, -100) + (1 - y_i)·max(ln(1 - x_i), -100)); each log is clamped at
   * -100 exactly as PyTorch, so a saturated wrong prediction costs 100. Gradient as PyTorch's backward:
   * w_i·(x_i - y_i)/max(x_i(1 - x_i), 1e-12). Prefer binaryCrossEntropyWithLogits on logits.
   */
  binaryCrossEntropy: defineLoss<LossFn<'bce', 'same'>, LossGradFn<'bce', 'same'>>()(pointwise.bce),
  /**
   * Binary cross-entropy on **logits**, in the stable form
   * l_i = w_i·((1 - y_i)·x_i - (1 + (p_i - 1)·y_i)·log σ(x_i)), log σ(x) = min(x, 0) - log1p(e^-|x|):
   * finite for every finite x. p = posWeight (per class along the last dimension of `shape`, or per element).
   * Gradient w_i·((1 + (p_i - 1)·y_i)·σ(x_i) - p_i·y_i).
   */
  binaryCrossEntropyWithLogits: defineLoss<LossFn<'bceLogits', 'same'>, LossGradFn<'bceLogits', 'same'>>()(pointwise.bceLogits),
  /**
   * Huber loss: 0.5·d² where |d| < delta, else delta·(|d| - delta/2), d = x - y (delta > 0, default 1).
   * Huber(δ) = δ·SmoothL1(β = δ): the same shape, gradients bounded by δ instead of 1. Any input domain.
   */
  huberLoss: defineLoss<LossFn<'huber', 'same'>, LossGradFn<'huber', 'same'>>()(pointwise.huber),
  /** Smooth L1: 0.5·d²/beta where |d| < beta, else |d| - beta/2 (beta >= 0, default 1; beta = 0 is L1). */
  smoothL1Loss: defineLoss<LossFn<'smoothL1', 'same'>, LossGradFn<'smoothL1', 'same'>>()(pointwise.smoothL1),
  /**
   * Log-cosh, beyond PyTorch (Keras's `log_cosh`): l_i = log(cosh(x_i - y_i)), computed as |d| + log1p(e^-2|d|) - ln 2,
   * finite for every finite difference (cosh itself overflows past |d| ≈ 89 in float32); quadratic near 0, linear
   * far away, like Huber but smooth. Near d = 0 the error is a few ulp of 1 (absolute). Gradient tanh(x_i - y_i).
   */
  logCoshLoss: defineLoss<LossFn<'plain', 'same'>, LossGradFn<'plain', 'same'>>()(pointwise.logCosh),
  /**
   * Mean absolute percentage error, beyond PyTorch (Keras's `mean_absolute_percentage_error`):
   * l_i = 100·|y_i - x_i| / max(|y_i|, ε), ε = 1e-7 (Keras's epsilon), so a target of 0 costs 1e9·|x_i|.
   * Gradient 100·sign(x_i - y_i)/max(|y_i|, ε): 0 at x_i = y_i, as l1Loss's.
   */
  meanAbsolutePercentageError: defineLoss<LossFn<'plain', 'same'>, LossGradFn<'plain', 'same'>>()(pointwise.mape),
  /**
   * Mean squared logarithmic error, beyond PyTorch (Keras's `mean_squared_logarithmic_error`):
   * l_i = (log(max(x_i, ε) + 1) - log(max(y_i, ε) + 1))², ε = 1e-7, computed with log1p (Keras's log(m + 1) loses
   * the digits of a small m in float32). Negative inputs and targets count as ε. Gradient
   * 2·(log1p(max(x_i, ε)) - log1p(max(y_i, ε)))/(1 + max(x_i, ε)) where x_i >= ε, else 0 (PyTorch's clamp_min
   * backward).
   */
  meanSquaredLogarithmicError: defineLoss<LossFn<'plain', 'same'>, LossGradFn<'plain', 'same'>>()(pointwise.msle),
  /**
   * Hinge, beyond PyTorch (Keras's `hinge`): l_i = max(1 - y_i·x_i, 0) on scores x with targets y in {1, -1}
   * (float or integer arrays). Keras's rule, per call: when **every** target is 0 or 1, they are read as 2y - 1
   * (0 → -1); a single other value keeps them all as given. Gradient -y_i where 1 - y_i·x_i > 0, else 0: at the
   * kink (margin exactly 0) it is 0, as PyTorch's relu backward (PyTorch's clamp_min would pass -y_i there).
   */
  hingeLoss: defineLoss<LossFn<'plain', 'same'>, LossGradFn<'plain', 'same'>>()(pointwise.hinge),
  /**
   * Squared hinge, beyond PyTorch (Keras's `squared_hinge`): l_i = max(1 - y_i·x_i, 0)², targets as hingeLoss
   * (±1, or all 0/1 read as 2y - 1). Gradient -2·y_i·max(1 - y_i·x_i, 0): 0 at the kink, and continuous.
   */
  squaredHingeLoss: defineLoss<LossFn<'plain', 'same'>, LossGradFn<'plain', 'same'>>()(pointwise.squaredHinge),
  /**
   * Soft margin: log(1 + exp(-y·x)) for targets y in {1, -1} on scores x, computed as a stable softplus (finite
   * for every finite input in float32, where PyTorch overflows to Inf with NaN gradients). Gradient -y·σ(-y·x).
   */
  softMarginLoss: defineLoss<LossFn<'plain', 'same'>, LossGradFn<'plain', 'same'>>()(pointwise.softMargin),
  /**
   * Hinge embedding on distances x with targets y in {1, -1}: x for y = 1, max(0, margin - x) for y = -1
   * (margin default 1). As PyTorch, any other target value gets both terms.
   */
  hingeEmbeddingLoss: defineLoss<LossFn<'margin', 'same'>, LossGradFn<'margin', 'same'>>()(pointwise.hingeEmbedding),
  /**
   * KL divergence, PyTorch's kl_div: input is **log-probabilities** (log q), target probabilities p
   * (`logTarget`: log p). Pointwise p·(log p - log q), 0 where p = 0. 'mean' averages over every element
   * (PyTorch's default, which it warns about); 'batchmean' divides the sum by shape[0], the true KL per sample.
   */
  klDiv: defineLoss<LossFn<'klDiv', 'same'>, LossGradFn<'klDiv', 'same'>>()(pointwise.klDiv),
  /**
   * Poisson negative log-likelihood: exp(x) - y·x on **log-rates** (default), or x - y·log(x + eps) on rates
   * (`logInput: false`); `full` adds the Stirling term y·log y - y + ½·log(2πy) where y > 1.
   */
  poissonNllLoss: defineLoss<LossFn<'poisson', 'same'>, LossGradFn<'poisson', 'same'>>()(pointwise.poissonNll),
  /**
   * Multi-label soft margin on **logits** [N, C] with 0/1 targets: per sample
   * -(1/C)·Σ_c w_c·(y_c·log σ(x_c) + (1 - y_c)·log σ(-x_c)), in the stable BCE-with-logits form (finite for
   * every finite input, where the naive form overflows). 'none' gives N losses; 'mean' averages over N.
   */
  multilabelSoftMarginLoss: defineLoss<LossFn<'multilabel', 'same'>, LossGradFn<'multilabel', 'same'>>()(pointwise.multilabelSoftMargin),
  /**
   * torchvision's sigmoid focal loss on **logits**: α_t·BCEwithLogits(x, y)·(1 - p_t)^γ, p = σ(x),
   * p_t = p·y + (1 - p)(1 - y), α_t = α·y + (1 - α)(1 - y) (α = 0.25, γ = 2 by default; α < 0 disables it).
   * Its default reduction is **'none'**, as in torchvision (torch.nn's losses default to 'mean').
   */
  sigmoidFocalLoss: defineLoss<FocalFn, FocalGradFn>()(pointwise.sigmoidFocal),
  /**
   * Margin ranking: max(0, -y·(x1 - x2) + margin) with targets y in {1, -1} (margin default 0); input1, input2
   * and target of one length (no broadcasting, as PyTorch).
   */
  marginRankingLoss: defineLoss<Loss3Fn<MarginOptions>, Loss3GradFn<MarginOptions>>()(pointwise.marginRanking),
  /**
   * Cosine embedding over pairs of rows [N, D]: cos = x1·x2 / sqrt((|x1|² + 1e-12)(|x2|² + 1e-12)) as PyTorch;
   * 1 - cos for y = 1, max(0, cos - margin) for y = -1, 0 for other targets (margin default 0).
   */
  cosineEmbeddingLoss: defineLoss<Loss3Fn<CosineEmbeddingOptions>, Loss3GradFn<CosineEmbeddingOptions>>()(embedding.cosineEmbedding),
  /**
   * Multi-class margin on scores [N, C] with class-index targets: per sample
   * Σ_{i≠y} w_y·max(0, margin - x_y + x_i)^p / C (p = 1 or 2, margin 1). 'none' gives N losses.
   */
  multiMarginLoss: defineLoss<LossFn<'multiMargin', 'index'>, LossGradFn<'multiMargin', 'index'>>()(margin.multiMargin),
  /**
   * Multi-label margin on scores [N, C]; the target has the input's shape: each row's classes first, ended by
   * -1. Per sample Σ_{j} Σ_{i not a target} max(0, 1 - (x_{y_j} - x_i)) / C. 'none' gives N losses.
   */
  multilabelMarginLoss: defineLoss<LossFn<'multilabelMargin', 'index'>, LossGradFn<'multilabelMargin', 'index'>>()(margin.multilabelMargin),
  /**
   * Categorical hinge, beyond PyTorch (Keras's `categorical_hinge`) on scores [N, C] (shapes and targets as
   * crossEntropy: class indices read as one-hot, or one-hot / probability rows of the input's layout):
   * l_n = max(neg - pos + 1, 0), pos = Σ_c y_c·x_c, neg = max_c (1 - y_c)·x_c (for a one-hot row the target
   * class enters the max as 0, as in Keras). Gradient (1 - y_c)·[c at the max]/k - y_c where the margin is > 0:
   * k classes tied at the max share it equally (torch.amax's and jnp.max's rule), and it is 0 where the margin is
   * exactly 0 (relu's choice; torch.clamp_min would pass it). 'none' gives a loss per row.
   */
  categoricalHingeLoss: defineLoss<LossFn<'categorical', 'class'>, LossGradFn<'categorical', 'class'>>()(categorical.categoricalHinge),
  /**
   * Categorical focal loss from **logits**, beyond PyTorch (Keras's `categorical_focal_crossentropy` with
   * `from_logits=True`): l_n = Σ_c α·(1 - p_c)^γ·(-y_c·log p_c), p = softmax(x_n) (α = 0.25, γ = 2 by default).
   * log p is a stable log-softmax: Keras clips p to [1e-7, 1 - 1e-7] first, so the two differ only where that
   * clip acts (a class with p < 1e-7 costs -log p here, at most ~16.1 in Keras; p within 1e-7 of 1 gives
   * (1 - p)^γ here, 1e-7^γ there). Classes with y_c = 0 add nothing. Targets and shapes as crossEntropy's.
   */
  categoricalFocalLoss: defineLoss<LossFn<'categoricalFocal', 'class'>, LossGradFn<'categoricalFocal', 'class'>>()(categorical.categoricalFocal),
  /**
   * Poly-1 loss from **logits**, beyond PyTorch (optax's `poly_loss_cross_entropy`): cross-entropy plus
   * epsilon·Σ_c y_c·(1 - p_c), p = softmax(x_n) (epsilon = 2 by default, any finite value; negative ones lower
   * the weight of confident classes). Gradient p_c·(Σ y + ε·Σ_k y_k·p_k) - y_c·(1 + ε·p_c). Targets and shapes
   * as crossEntropy's (class indices, or probability rows with `shape`).
   */
  polyLoss: defineLoss<LossFn<'poly', 'class'>, LossGradFn<'poly', 'class'>>()(categorical.poly),
  /**
   * Triplet margin over rows [N, D] of anchors, positives and negatives: max(0, margin + d(a, p) - d(a, n)) with
   * d(x, y) = ‖x - y + eps‖_p (PyTorch adds eps to the difference, not to the norm); `swap` uses
   * min(d(a, n), d(p, n)). Defaults margin 1, p 2, eps 1e-6.
   */
  tripletMarginLoss: defineLoss<Loss3Fn<TripletOptions>, Loss3GradFn<TripletOptions>>()(embedding.triplet),
  /** The triplet margin loss with a built-in distance: 'pairwise' (default) or 'cosine' (1 - cosine similarity). */
  tripletMarginWithDistanceLoss: defineLoss<Loss3Fn<TripletDistanceOptions>, Loss3GradFn<TripletDistanceOptions>>()(embedding.tripletDistance),
  /**
   * Gaussian negative log-likelihood of targets under N(input, var): ½·(log v + (x - y)²/v) with v = max(var, eps)
   * (+ ½·log 2π when `full`). var has the input's length, or one value per row of the last dimension of `shape`.
   */
  gaussianNllLoss: defineLoss<Loss3Fn<GaussianNllOptions>, Loss3GradFn<GaussianNllOptions>>()(gaussian.gaussianNll),
  /**
   * Connectionist temporal classification on **log-probabilities** [T, N, C] (log_softmax outputs, not logits):
   * nll_n = -log Σ over alignments of the target (concatenated, or padded [N, S]) with the input lengths.
   * 'mean' is mean_n(nll_n / max(targetLength_n, 1)), as PyTorch; `zeroInfinity` zeroes impossible alignments.
   */
  ctcLoss: defineLoss<CtcFn, CtcGradFn>()(ctc.ctc),
  /**
   * Generalized IoU loss, beyond PyTorch (torchvision's `generalized_box_iou_loss`): boxes1 and boxes2 are [N, 4]
   * boxes (x1, y1, x2, y2) given flat (length 4N); per pair 1 - IoU + (area_C - U)/(area_C + eps), U the union,
   * C the smallest enclosing box, IoU = I/(U + eps), eps = 1e-7: 1e-7/area for identical boxes, up to 2 for
   * distant ones. Default reduction **'none'** (one loss per pair) and a mean over no boxes of 0, as torchvision.
   * `grads` = [∂/∂boxes1, ∂/∂boxes2], torchvision's autograd: where a min or max of two coordinates ties
   * (identical or edge-sharing boxes) its gradient is split equally between them, as torch.max(a, b) and
   * torch.min(a, b) do; the intersection's gradient is 0 where it is clamped at 0 (disjoint or edge-sharing
   * boxes). Computed in float64 for both dtypes.
   */
  generalizedBoxIouLoss: defineLoss<BoxFn, BoxGradFn>()(boxes.generalizedBoxIou),
  /**
   * Distance IoU loss (torchvision's `distance_box_iou_loss`): per pair 1 - IoU + ρ²/(c² + eps), ρ the distance
   * between the boxes' centres, c the diagonal of the smallest enclosing box. Boxes, defaults, gradients at ties
   * and clamps as {@link Losskit.generalizedBoxIouLoss}.
   */
  distanceBoxIouLoss: defineLoss<BoxFn, BoxGradFn>()(boxes.distanceBoxIou),
  /**
   * Complete IoU loss (torchvision's `complete_box_iou_loss`): the distance IoU loss + α·v, with the aspect-ratio
   * term v = 4/π²·(atan(w2/h2) - atan(w1/h1))² and α = v/(1 - IoU + v + eps). As in torchvision (and the CIoU
   * paper), α is held constant in the gradient (computed under no_grad). A box of zero height gives NaN, as there.
   * Boxes, defaults, gradients at ties and clamps as {@link Losskit.generalizedBoxIouLoss}.
   */
  completeBoxIouLoss: defineLoss<BoxFn, BoxGradFn>()(boxes.completeBoxIou),
  /**
   * Cosine similarity loss, beyond PyTorch (Keras's `cosine_similarity`, axis -1): per row of [N, C],
   * l = -Σ_c x̂_c·ŷ_c with v̂ = v·min(1/‖v‖, 1/ε), ε = 1e-7 (Keras 3's normalize): -1 is a perfect match, 0 for
   * orthogonal rows or a zero vector. Gradient -ŷ/‖x‖ + (x̂·ŷ)·x/‖x‖², and -ŷ·1e7 where the clamp holds (‖x‖ < 1e-7).
   * target: vectors of the input's length. 'none' gives N losses; 'mean' averages over the rows.
   */
  cosineSimilarityLoss: defineLoss<LossFn<'overlap', 'same'>, LossGradFn<'overlap', 'same'>>()(overlap.cosineSimilarity),
  /**
   * Dice loss, beyond PyTorch (Keras's `dice` with axis -1): per row of [N, C] (one sample's flattened mask),
   * l = 1 - 2·Σ x·y / (Σ y + Σ x + ε), ε = 1e-7; input probabilities, target 0/1 or soft. 1 for disjoint masks,
   * ≈ 0 for equal ones. Gradient 2·Σ x·y/D² - 2y/D, D = Σ y + Σ x + ε.
   */
  diceLoss: defineLoss<LossFn<'overlap', 'same'>, LossGradFn<'overlap', 'same'>>()(overlap.dice),
  /**
   * Tversky loss, beyond PyTorch, exactly Keras's `tversky` with axis -1: per row of [N, C],
   * l = 1 - TP / (TP + alpha·Σ(1 - x)·y + beta·Σ x·(1 - y) + ε), TP = Σ x·y, ε = 1e-7 (alpha = beta = 0.5 by default).
   * Note that alpha weighs the **missed target mass** Σ(1 - x)·y and beta the predicted mass outside the target:
   * Keras's code calls them `fp` and `fn`, swapped against the usual meaning; losskit keeps Keras's parameters.
   */
  tverskyLoss: defineLoss<LossFn<'tversky', 'same'>, LossGradFn<'tversky', 'same'>>()(overlap.tversky),
  /**
   * NT-Xent (normalized temperature-scaled cross-entropy), beyond PyTorch: optax's `ntxent` over embeddings [N, D]
   * with one integer label per row. s_ij = cos(x_i, x_j)/temperature (norms clamped at sqrt of the dtype's epsilon,
   * as optax); every pair i ≠ j of equal labels is a positive with term -log(e^{s_ij} / (e^{s_ij} + Σ_{k: label_k ≠
   * label_i} e^{s_ik})); the loss is the mean over positive pairs (reduction 'mean' only), NaN when there is none
   * (optax's 0/0; 0 with emptyMean 'zero'), with gradient 0 then. Gradient with respect to the embeddings.
   */
  ntXentLoss: defineLoss<NtXentFn, NtXentGradFn>()(contrastive.ntXent),
} as const;

export const ACTIVATIONS = {
  /** softmax over the class dimension of `shape` ([C] by default, [N, C] or [N, C, d1, ...]): exp(x - lse). */
  softmax: activation.softmax,
  /** log_softmax over the class dimension of `shape`: (x - max) - log Σ exp(x - max). */
  logSoftmax: activation.logSoftmax,
  /** σ(x) = 1/(1 + e^-x) element-wise, evaluated on -|x| (no overflow). */
  sigmoid: activation.sigmoid,
  /** log σ(x) = min(x, 0) - log1p(e^-|x|) element-wise. */
  logSigmoid: activation.logSigmoid,
} as const;

export type LossName = keyof typeof LOSSES;
export type ActivationName = keyof typeof ACTIVATIONS;
