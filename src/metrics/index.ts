// The metrics module: the registry, its bound free functions and the streaming accumulators.
export { METRICS, bindMetric, bindMetrics, type MetricFunctions, type MetricName } from './registry.js';
export { createMetrics, MetricAccumulator, STREAM_METRICS } from './stream.js';
export type { TallyState as MetricState } from './tally.js';
export type { Unwrap } from './input.js';
export * from './types.js';

