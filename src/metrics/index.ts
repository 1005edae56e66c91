// The metrics module: scoring model outputs. METRICS lists the one-shot metrics (bound by bindMetrics, as free
// functions or an instance's methods); createMetrics makes streaming accumulators whose JSON states merge.
export { METRICS, bindMetric, bindMetrics, type MetricEntry, type MetricFunctions, type MetricName } from './registry.js';
export { createMetrics, STREAM_METRICS, type MetricAccumulator } from './stream.js';
export type { TallyState as MetricState } from './tally.js';
export type { Unwrap } from './input.js';
export * from './types.js';
