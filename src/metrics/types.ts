import type { TensorLike } from '../signatures.js';
import type { LosskitBuffer } from '../buffers.js';
// The public option and result types of the metrics.
import type { FloatArray, IndexArray } from '../types.js';

/** Binary input is one logit (or probability) per target; multiclass input is C scores per target. */
export type Task = 'binary' | 'multiclass';
/** How per-class precision, recall and F1 combine; 'binary' is the positive class of binary input. */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'none';
export type CalibrationNorm = 'l1' | 'l2' | 'max';

/** Targets: class indices (multiclass) or 0/1 (binary), any integer array; binary also as floats. */
export type MetricTarget = IndexArray | FloatArray | TensorLike | LosskitBuffer;
/** Scores: a float array, a number[] (float64), a zero-copy buffer, or a runtime's tensor (see TensorLike). */
export type MetricInput = FloatArray | readonly number[] | TensorLike | LosskitBuffer<'float32' | 'float64'>;

export interface LayoutOptions {
  /**
   * The input's shape: [N, C] or [N, C, d1, ...] (class dimension 1), [B, T, V] with classDim -1, [N] or [N, 1]
   * binary. Without it, the input is [N, C] with N = the target's length.
   */
  shape?: readonly number[];
  /** Where the class scores lie: 1 (default, as PyTorch) or -1 / 'last' (language-model logits [B, T, V]). */
  classDim?: 1 | -1 | 'last';
  /** Without it: input with one value per target is binary, anything else multiclass. */
  task?: Task;
  /** Target value whose rows every metric leaves out (default -100). */
  ignoreIndex?: number;
  /** Binary input holds probabilities in [0, 1] instead of logits. */
  probabilities?: boolean;
}

export interface ThresholdOptions extends LayoutOptions {
  /** Binary: positive iff σ(x) ≥ threshold (default 0.5), or p ≥ threshold with `probabilities`. */
  threshold?: number;
}

export interface AccuracyOptions extends ThresholdOptions {
  /** A row is correct when fewer than k classes score strictly higher than its target (multiclass). */
  topK?: number;
  /** 'micro' (default): the fraction correct; 'macro': the mean recall over the classes present (balanced accuracy). */
  average?: 'micro' | 'macro';
}

export interface CalibrationOptions extends LayoutOptions {
  /** Equal-width confidence bins over [0, 1] (default 15). */
  bins?: number;
  /** 'l1' (expected calibration error, default), 'l2' (root mean square) or 'max' (maximum calibration error). */
  norm?: CalibrationNorm;
}

export interface AveragedOptions extends ThresholdOptions {
  /** Default 'binary' for binary input, 'macro' for multiclass. */
  average?: Average;
}

export interface RankingOptions extends LayoutOptions {
  /**
   * Bins of the probability (σ of binary logits, softmax for multiclass) instead of the exact ranking: memory
   * independent of N, exact for the scores rounded down to multiples of 1/thresholds. 0 (default): exact.
   */
  thresholds?: number;
}

export interface LossOptions<A extends FloatArray = FloatArray> {
  /** Per-class weights of the loss (length C), as PyTorch's cross_entropy; perplexity stays unweighted. */
  weight?: A;
  /** In [0, 1]: PyTorch's label smoothing of the loss. */
  labelSmoothing?: number;
}

export interface ClassificationOptions<A extends FloatArray = FloatArray>
  extends ThresholdOptions, LossOptions<A>, Omit<CalibrationOptions, keyof LayoutOptions> {
  /** Adds `topK` to the result: the top-k accuracy. */
  topK?: number;
}

export interface ClassificationMetrics {
  /** Rows scored (ignored rows left out). */
  count: number;
  /** Mean cross-entropy (binary: BCE), with `weight` and `labelSmoothing`. */
  loss: number;
  /** exp of the unweighted mean cross-entropy. */
  perplexity: number;
  accuracy: number;
  topK?: number;
  calibrationError: number;
  brierScore: number;
}

/** One bin of a reliability diagram; confidence and accuracy are NaN in an empty bin. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  confidence: number;
  accuracy: number;
}

/** The metrics an accumulator can compute. */
export type StreamMetricName =
  | 'count' | 'loss' | 'perplexity' | 'accuracy' | 'topK' | 'calibrationError' | 'brierScore'
  | 'auroc' | 'averagePrecision' | 'precision' | 'recall' | 'f1Score' | 'confusionMatrix';

export interface CreateMetricsOptions<A extends FloatArray = FloatArray>
  extends Omit<ThresholdOptions, 'task' | 'shape'>, LossOptions<A>, Omit<CalibrationOptions, keyof LayoutOptions>,
  Omit<RankingOptions, keyof LayoutOptions> {
  metrics: readonly StreamMetricName[];
  /** C, required for multiclass accumulators. */
  classes?: number;
  /** Default 'multiclass' with `classes`; 'binary' needs no classes. */
  task?: Task;
  topK?: number;
  /** precision, recall and f1Score (accuracy stays micro). */
  average?: Average;
}

export type StreamResult = Partial<Record<StreamMetricName, number | Float64Array>>;
