// What several loss families share: the common options and the float arrays given as options.
import { floatArray, likeOrNull } from '../call/arrays.js';
import { emptyMean, oneOf, raw, schemaOf } from '../call/options.js';
import { matrix } from '../call/shapes.js';
import { floatTarget } from '../call/targets.js';
import { LosskitRangeError } from '../errors.js';
import type { FloatArray, ReductionOptions } from '../types.js';
import type { Context } from './spec.js';

/** reduction (default 'mean') and emptyMean, which every loss takes. */
export const COMMON = schemaOf<ReductionOptions>()({ reduction: oneOf('mean', ['mean', 'sum', 'none']), emptyMean });

/** The shape option, checked by each loss against its input. */
export const SHAPE = { shape: raw() } as const;

/** A float option like the input (options.key, unwrapped from a buffer), `length` long when given; null when absent. */
export const optionArray = (ctx: Context, key: string, v: unknown, x: FloatArray, length?: number): FloatArray | null =>
  v === undefined ? null : likeOrNull(`options.${key}`, ctx.unwrap(`options.${key}`, v), x, length);

/**
 * Rows [N, C] of the input (one row [C] without a shape) and a target like it (integers read as its dtype): the
 * row losses of a float target (multilabelSoftMarginLoss, Keras's overlap losses).
 */
export function inputRows(args: readonly unknown[], shp: unknown): { x: FloatArray; y: FloatArray; N: number; C: number } {
  const x = floatArray('input', args[0]);
  const y = floatTarget('target', args[1], x, x.length);
  const { N, K: C } = matrix(shp, x.length, 'C');
  return { x, y, N, C };
}

/** A weight of the input's length, or of its last dimension (repeated along the rows). */
export function broadcastWeight(ctx: Context, key: string, v: unknown, x: FloatArray, last: number): FloatArray | null {
  const w = optionArray(ctx, key, v, x);
  if (w !== null && w.length !== x.length && w.length !== last) {
    throw new LosskitRangeError(`options.${key}`, `expected length ${x.length} (the input's) or ${last} (its last dimension), got ${w.length}`, 'ERR_LENGTH');
  }
  return w;
}

