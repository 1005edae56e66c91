// Typed errors of the metrics: each names its argument and code, and is thrown before anything is computed or
// added to an accumulator.
import { describe, expect, test } from 'vitest';
import { LosskitError, LosskitRangeError, LosskitTypeError } from '../src/errors.js';
import { bindMetrics, createMetrics } from '../src/metrics/index.js';

const m = bindMetrics();
const logits = new Float64Array([2, 1, 0, 0, 3, 1, 1, 1, 5, 0, 0, 0]); // [4, 3]
const classes = new Int32Array([0, 1, 2, 0]);

function expectError(fn: () => unknown, type: typeof LosskitTypeError | typeof LosskitRangeError, argument: string, code: string, message?: RegExp): void {
  let error: unknown;
  try { fn(); } catch (e) { error = e; }
  expect(error).toBeInstanceOf(type);
  expect(error).toBeInstanceOf(LosskitError);
  expect((error as LosskitRangeError).argument).toBe(argument);
  expect((error as LosskitRangeError).code).toBe(code);
  if (message) expect((error as Error).message).toMatch(message);
}

describe('arguments', () => {
  test('input must be a float array', () => {
    expectError(() => m.accuracy('logits' as unknown as Float64Array, classes), LosskitTypeError, 'input', 'ERR_TYPE');
  });
  test('lengths and shapes must agree', () => {
    expectError(() => m.accuracy(logits, new Int32Array(5)), LosskitRangeError, 'target', 'ERR_LENGTH');
    expectError(() => m.accuracy(logits, classes, { shape: [5, 3] }), LosskitRangeError, 'options.shape', 'ERR_SHAPE');
    expectError(() => m.accuracy(logits, new Int32Array(3), { shape: [4, 3] }), LosskitRangeError, 'target', 'ERR_LENGTH');
    expectError(() => m.accuracy(logits, classes, { shape: [4, 3], task: 'binary' }), LosskitRangeError, 'options.shape', 'ERR_SHAPE');
    expectError(() => m.auroc(new Float32Array(4), new Float32Array(3), { task: 'binary' }), LosskitRangeError, 'target', 'ERR_LENGTH');
    expectError(() => m.r2Score(new Float64Array(3), new Float64Array(2)), LosskitRangeError, 'target', 'ERR_LENGTH');
  });
  test('class indices lie in [0, C) or are ignoreIndex', () => {
    expectError(() => m.accuracy(logits, new Int32Array([0, 1, 3, 0])), LosskitRangeError, 'target[2]', 'ERR_VALUE', /out of range \[0, 3\)/);
    expectError(() => m.accuracy(logits, [0, 1.5, 2, 0]), LosskitRangeError, 'target[1]', 'ERR_VALUE');
    expectError(() => m.accuracy(logits, new BigInt64Array([0n, -1n, 2n, 0n])), LosskitRangeError, 'target[1]', 'ERR_VALUE');
    expect(m.accuracy(logits, new Int32Array([0, 1, 7, 0]), { ignoreIndex: 7 })).toBe(1); // row 2 (argmax 2) left out
  });
  test('binary targets are 0 or 1; probabilities lie in [0, 1]', () => {
    expectError(() => m.accuracy(new Float64Array([0.1, 2]), new Int32Array([1, 2])), LosskitRangeError, 'target[1]', 'ERR_VALUE');
    expectError(() => m.brierScore(new Float64Array([0.1, 1.5]), [1, 0], { probabilities: true }), LosskitRangeError, 'input[1]', 'ERR_VALUE');
    expectError(() => m.brierScore(logits, classes, { probabilities: true }), LosskitRangeError, 'options.probabilities', 'ERR_OPTION');
  });
});

describe('options', () => {
  const bad: [string, () => unknown, string][] = [
    ['threshold', () => m.accuracy(logits, classes, { threshold: 2 }), 'options.threshold'],
    ['bins', () => m.calibrationError(logits, classes, { bins: 0 }), 'options.bins'],
    ['norm', () => m.calibrationError(logits, classes, { norm: 'l3' as 'l1' }), 'options.norm'],
    ['average', () => m.precision(logits, classes, { average: 'samples' as 'macro' }), 'options.average'],
    ["average 'binary' of multiclass", () => m.recall(logits, classes, { average: 'binary' }), 'options.average'],
    ["accuracy's average", () => m.accuracy(logits, classes, { average: 'weighted' as 'macro' }), 'options.average'],
    ['topK', () => m.accuracy(logits, classes, { topK: 0 }), 'options.topK'],
    ['topK of binary', () => m.accuracy(new Float64Array(2), [0, 1], { topK: 1 }), 'options.topK'],
    ['classDim', () => m.accuracy(logits, classes, { classDim: 2 as 1 }), 'options.classDim'],
    ['task', () => m.accuracy(logits, classes, { task: 'multilabel' as 'binary' }), 'options.task'],
    ['thresholds', () => m.auroc(logits, classes, { thresholds: 0.5 }), 'options.thresholds'],
    ['labelSmoothing', () => m.classificationMetrics(logits, classes, { labelSmoothing: 1.5 }), 'options.labelSmoothing'],
  ];
  test.each(bad)('bad %s', (_, fn, argument) => expectError(fn, LosskitRangeError, argument, 'ERR_OPTION'));
  test('unknown options are type errors naming the allowed ones', () => {
    expectError(() => m.perplexity(logits, classes, { bins: 3 } as object), LosskitTypeError, 'options.bins', 'ERR_OPTION', /allowed: shape/);
    expectError(() => m.accuracy(logits, classes, { top_k: 2 } as object), LosskitTypeError, 'options.top_k', 'ERR_OPTION', /did you mean topK/);
  });
  test('weight: C values', () => {
    expectError(() => m.classificationMetrics(logits, classes, { weight: new Float64Array(2) }), LosskitRangeError, 'options.weight', 'ERR_LENGTH');
  });
});

describe('accumulators', () => {
  test('unknown metric names suggest the nearest', () => {
    expectError(() => createMetrics({ metrics: ['acuracy' as 'accuracy'], classes: 3 }), LosskitTypeError, 'options.metrics[0]', 'ERR_OPTION', /did you mean 'accuracy'/);
    expectError(() => createMetrics({ metrics: ['f1'] as never, classes: 3 }), LosskitTypeError, 'options.metrics[0]', 'ERR_OPTION', /did you mean 'f1Score'/);
    expectError(() => createMetrics({ metrics: [] as never, classes: 3 }), LosskitTypeError, 'options.metrics', 'ERR_OPTION');
  });
  test('classes are required for multiclass, topK for the topK metric', () => {
    expectError(() => createMetrics({ metrics: ['accuracy'] }), LosskitRangeError, 'options.classes', 'ERR_OPTION', /required/);
    expectError(() => createMetrics({ metrics: ['accuracy'], classes: 2.5 }), LosskitRangeError, 'options.classes', 'ERR_OPTION');
    expectError(() => createMetrics({ metrics: ['accuracy'], task: 'binary', classes: 3 }), LosskitRangeError, 'options.classes', 'ERR_OPTION');
    expectError(() => createMetrics({ metrics: ['topK'], classes: 3 }), LosskitRangeError, 'options.topK', 'ERR_OPTION');
    expectError(() => createMetrics({ metrics: ['accuracy'], classes: 3, shape: [4, 3] } as never), LosskitTypeError, 'options.shape', 'ERR_OPTION');
  });
  test('a bad batch adds nothing', () => {
    const acc = createMetrics({ metrics: ['count', 'accuracy', 'confusionMatrix'], classes: 3 }).update(logits, classes);
    const before = acc.compute();
    expectError(() => acc.update(logits, new Int32Array([0, 1, 0, 9])), LosskitRangeError, 'target[3]', 'ERR_VALUE');
    expectError(() => acc.update(new Float64Array(8), new Int32Array(2)), LosskitRangeError, 'input', 'ERR_SHAPE', /4 classes, the accumulator 3/);
    expect(acc.compute()).toEqual(before);
  });
  test('only accumulators of equal options merge', () => {
    const a = createMetrics({ metrics: ['accuracy'], classes: 3 });
    expectError(() => a.merge(createMetrics({ metrics: ['accuracy'], classes: 4 })), LosskitRangeError, 'state', 'ERR_VALUE');
    expectError(() => a.merge(createMetrics({ metrics: ['auroc'], classes: 3 }).state), LosskitRangeError, 'state', 'ERR_VALUE');
    expectError(() => a.merge({ version: 1 } as never), LosskitRangeError, 'state', 'ERR_VALUE');
    const state = { ...a.state, bins: { count: [1], confidence: [1], correct: [1] } };
    expectError(() => a.merge(state), LosskitRangeError, 'state', 'ERR_VALUE');
  });
});
