// The metric registry: every one-shot metric once, with its documentation, its public signature and its spec.
// The bound functions (bindMetrics) and the public type MetricFunctions derive from METRICS; the streaming
// accumulator (createMetrics, stream.ts) computes the same values from the same tallies.
import { optionsObject } from '../call/options.js';
import type { FloatArray } from '../types.js';
import { noUnwrap, type Unwrap } from './input.js';
import { parseOptions } from './options.js';
import * as specs from './specs.js';
import type {
  AccuracyOptions, AveragedOptions, CalibrationOptions, ClassificationMetrics, ClassificationOptions, LayoutOptions,
  MetricInput, MetricTarget, RankingOptions, ReliabilityBin, ThresholdOptions,
} from './types.js';

type Metric<O, R> = (input: MetricInput, target: MetricTarget, options?: O) => R;
/** A registry entry: the spec with its public signature (a type only). */
export type MetricEntry<Sig> = specs.MetricSpec & { readonly signature?: Sig };
const defineMetric = <Sig>() => (spec: specs.MetricSpec): MetricEntry<Sig> => spec;

export const METRICS = {
  /**
   * The fraction of non-ignored rows whose target is the argmax (ties: the lowest index). `topK: k` counts a row
   * when fewer than k classes score strictly higher than its target; `average: 'macro'` is the mean recall over
   * the classes present in the target (balanced accuracy). Binary: positive iff σ(x) ≥ threshold (default 0.5),
   * i.e. x ≥ logit(threshold), or p ≥ threshold with `probabilities`.
   */
  accuracy: defineMetric<Metric<AccuracyOptions, number>>()(specs.accuracy),
  /** exp of the mean cross-entropy over non-ignored rows, unweighted (binary: exp of the mean BCE with logits). */
  perplexity: defineMetric<Metric<LayoutOptions, number>>()(specs.perplexity),
  /**
   * Calibration error over `bins` equal-width confidence bins (default 15; bin = min(floor(conf·bins), bins - 1)),
   * confidence = the largest softmax probability, correct = argmax is the target. norm 'l1' (default):
   * Σ_b (n_b/N)·|acc_b - conf_b|; 'l2': its root mean square; 'max': the largest gap of a non-empty bin. Binary:
   * confidence σ(x) and acc_b the fraction of positives in the bin.
   */
  calibrationError: defineMetric<Metric<CalibrationOptions, number>>()(specs.calibrationError),
  /** calibrationError's bins: [{ lower, upper, count, confidence, accuracy }] (NaN means in empty bins). */
  reliabilityDiagram: defineMetric<Metric<Omit<CalibrationOptions, 'norm'>, ReliabilityBin[]>>()(specs.reliabilityDiagram),
  /** Mean over rows of Σ_c (softmax_c - onehot_c)²; binary: mean (σ(x) - y)². */
  brierScore: defineMetric<Metric<LayoutOptions, number>>()(specs.brierScore),
  /**
   * Area under the ROC curve, ties as scikit-learn's roc_auc_score. Binary: the input ranked as given (logits or
   * probabilities alike). Multiclass: one-vs-rest on softmax probabilities, the mean over the classes with a
   * positive and a negative row; NaN where none has. Exact ranking keeps every score (N·C probabilities for
   * multiclass); `thresholds: T` instead counts the probabilities (σ of binary logits) in T equal-width bins,
   * O(C·T) memory, exact for the scores rounded down to multiples of 1/T.
   */
  auroc: defineMetric<Metric<RankingOptions, number>>()(specs.auroc),
  /**
   * Average precision Σ (R_n - R_{n-1})·P_n over distinct scores, as scikit-learn's average_precision_score.
   * Binary as auroc; multiclass one-vs-rest, the mean over the classes with a positive row; NaN without any.
   */
  averagePrecision: defineMetric<Metric<RankingOptions, number>>()(specs.averagePrecision),
  /**
   * Precision over all C classes of the argmax predictions (zero division gives 0). average 'macro' (default for
   * multiclass), 'micro', 'weighted' (by support) or 'none' (a Float64Array of C); binary input: the positive
   * class ('binary', its default), or any of those over the classes 0 and 1.
   */
  precision: defineMetric<Metric<AveragedOptions, number | Float64Array>>()(specs.precision),
  /** Recall, averaged as precision. */
  recall: defineMetric<Metric<AveragedOptions, number | Float64Array>>()(specs.recall),
  /** F1 = 2·tp / (2·tp + fp + fn), averaged as precision ('macro' averages the per-class F1). */
  f1Score: defineMetric<Metric<AveragedOptions, number | Float64Array>>()(specs.f1Score),
  /** C·C counts (binary: 2·2) as a Float64Array, row = the true class, column = the predicted. */
  confusionMatrix: defineMetric<Metric<ThresholdOptions, Float64Array>>()(specs.confusionMatrix),
  /**
   * One pass over the logits: { count, loss, perplexity, accuracy, topK (with options.topK), calibrationError,
   * brierScore }. loss is the mean cross-entropy with PyTorch's `weight` and `labelSmoothing`; perplexity is
   * exp of the unweighted mean.
   */
  classificationMetrics: defineMetric<Metric<ClassificationOptions, ClassificationMetrics>>()(specs.classificationMetrics),
  /** R² of predictions (input) against true values (target): scikit-learn's r2_score(target, input). */
  r2Score: defineMetric<(input: MetricInput, target: MetricTarget) => number>()(specs.r2Score),
} as const;

export type MetricName = keyof typeof METRICS;
type SigOf<E> = E extends { readonly signature?: infer S } ? S : never;
export type MetricFunctions = { readonly [K in MetricName]: SigOf<(typeof METRICS)[K]> };

/** A metric as a function of (input, target, options): options checked, arguments unwrapped, then its run. */
export function bindMetric(spec: specs.MetricSpec, unwrap: Unwrap = noUnwrap): (input: unknown, target: unknown, opts?: unknown) => unknown {
  const allowed = new Set<string>(spec.options);
  return (input, target, opts) => {
    const o = parseOptions(optionsObject(opts, allowed));
    return spec.run(unwrap('input', input), unwrap('target', target), o);
  };
}

/** Every metric of METRICS bound (free functions without `unwrap`; an instance's methods with its own). */
export function bindMetrics(unwrap?: Unwrap): MetricFunctions {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(METRICS) as MetricName[]) out[name] = bindMetric(METRICS[name], unwrap);
  return out as MetricFunctions;
}
