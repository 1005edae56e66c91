// The checked arguments of a metric: the scores' layout (binary, rows of C with class dimension 1 or last) and
// the targets as an Int32Array. Every check runs here, before any sum.
import { describe, floatArray, isFloatArray } from '../call/arrays.js';
import type { Parsed } from '../call/options.js';
import { classRows, rowsPerTarget, shape } from '../call/shapes.js';
import { classTargets, floatTarget, kernelIgnore } from '../call/targets.js';
import { LosskitRangeError, LosskitTypeError } from '../errors.js';
import type { FloatArray } from '../types.js';
import type { LAYOUT } from './options.js';
import type { Task } from './types.js';

export type LayoutParsed = Parsed<typeof LAYOUT>;

/**
 * A checked batch. Multiclass row r = n·D + d has its C scores at n·C·D + d + c·D (class dimension 1; D = 1 when
 * the class dimension is last); binary row r is x[r]. t[r] is the row's class (binary: 0 or 1) or `ignored`.
 */
export interface Batch {
  readonly task: Task;
  readonly x: FloatArray;
  readonly t: Int32Array;
  readonly ignored: number;
  readonly probabilities: boolean;
  /** Rows N·D; C classes (2 for binary); D positions per sample. */
  readonly N: number;
  readonly C: number;
  readonly D: number;
}

interface Layout { task: Task; N: number; C: number; D: number }

function lengthOf(v: unknown): number {
  const n = (v as { length?: unknown } | null)?.length;
  return typeof n === 'number' ? n : 0;
}
const isBinaryShape = (d: readonly number[]): boolean => d.length === 1 || (d.length === 2 && d[1] === 1);
const product = (d: readonly number[]): number => d.reduce((p, k) => p * k, 1);

/** The rows of multiclass scores of shape `dims`, class dimension 1 or last. */
function classLayout(dims: readonly number[], last: boolean): Layout {
  if (!last || dims.length === 1) return { task: 'multiclass', ...classRows(dims) };
  return { task: 'multiclass', N: product(dims.slice(0, -1)), C: dims.at(-1)!, D: 1 };
}

/** Binary or multiclass, and the rows: `task` fixes it (an accumulator's), else the options or the lengths. */
function layoutOf(n: number, target: unknown, o: LayoutParsed, task: Task | undefined, classes: number): Layout {
  const dims = o.shape === undefined ? undefined : shape(o.shape, n);
  const rows = lengthOf(target);
  const kind = task ?? o.task ?? ((dims === undefined ? n === rows : isBinaryShape(dims)) ? 'binary' : 'multiclass');
  if (kind === 'binary') {
    if (dims !== undefined && !isBinaryShape(dims)) throw new LosskitRangeError('options.shape', `binary input is [N] or [N, 1], got [${dims.join(', ')}]`, 'ERR_SHAPE');
    return { task: kind, N: n, C: 2, D: 1 };
  }
  if (dims !== undefined) return classLayout(dims, o.classDim === 'last');
  if (n === 0 && rows === 0) return { task: kind, N: 0, C: classes, D: 1 };
  return { task: kind, ...rowsPerTarget(n, target), D: 1 };
}

/** 0/1 targets (integers or floats, or the ignore index) as an Int32Array; the ignored hold `ignored`. */
function binaryTargets(v: unknown, x: FloatArray, ignore: number, ignored: number): Int32Array {
  const y = floatTarget('target', v, x, x.length);
  const t = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const c = y[i];
    if (c === ignore) t[i] = ignored;
    else if (c === 0 || c === 1) t[i] = c;
    else throw new LosskitRangeError(`target[${i}]`, `expected 0 or 1 (or ignoreIndex ${ignore}), got ${c}`);
  }
  return t;
}

/** Probabilities must lie in [0, 1] where a row counts (as PyTorch's binary_cross_entropy). */
function checkProbabilities(x: FloatArray, t: Int32Array, ignored: number): void {
  for (let i = 0; i < x.length; i++) {
    if (t[i] !== ignored && !(x[i] >= 0 && x[i] <= 1)) throw new LosskitRangeError(`input[${i}]`, `expected a probability in [0, 1], got ${x[i]}`);
  }
}

/**
 * The checked batch of (input, target). An accumulator passes its task and C: the batch must have that C
 * (unless it is empty).
 */
export function batchOf(input: unknown, target: unknown, o: LayoutParsed, task?: Task, classes = 0): Batch {
  const x = floatArray('input', input);
  const { task: kind, N, C, D } = layoutOf(x.length, target, o, task, classes);
  if (task === 'multiclass' && C !== classes && N * D !== 0) {
    throw new LosskitRangeError('input', `has ${C} classes, the accumulator ${classes}`, 'ERR_SHAPE');
  }
  const ignored = kernelIgnore(o.ignoreIndex);
  if (kind === 'multiclass') {
    if (o.probabilities) throw new LosskitRangeError('options.probabilities', 'applies to binary input only (multiclass scores are logits)', 'ERR_OPTION');
    if (isFloatArray(target)) throw new LosskitTypeError('target', `expected class indices (an integer typed array or number[]), got ${describe(target)}`);
    const { t } = classTargets(target, N * D, C, o.ignoreIndex, null);
    return { task: kind, x, t, ignored, probabilities: false, N, C, D };
  }
  const t = binaryTargets(target, x, o.ignoreIndex, ignored);
  if (o.probabilities) checkProbabilities(x, t, ignored);
  return { task: kind, x, t, ignored, probabilities: o.probabilities, N, C, D };
}

/** Unwraps an argument that may be an instance's buffer (the identity for free functions). */
export type Unwrap = (name: string, v: unknown) => unknown;
export const noUnwrap: Unwrap = (_, v) => v;
