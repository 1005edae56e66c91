// From the files' shapes and the options to what is scored: rows of C class scores with a class index each, or
// element-wise predictions with a target per element; the loss (the registry decides which kind each loss
// is) and the metrics' task. What the files show is checked here (exit code 1), naming them.
import type { LossName } from '../losses/registry.js';
import type { StreamMetricName } from '../metrics/types.js';
import type { ScoreArgs } from './args.js';
import { fileError, usageError } from './errors.js';
import { countOf, type Source } from './formats/source.js';
import { CLASS_LOSSES } from './losses.js';

export interface Layout {
  readonly kind: 'class' | 'element';
  readonly loss: LossName;
  /** Rows scored, and the input's values per row (C for class scores). */
  readonly rows: number;
  readonly width: number;
  /** The metrics' task: multiclass (class scores), binary (one logit per 0/1 target), or none. */
  readonly task: 'multiclass' | 'binary' | null;
  readonly metrics: StreamMetricName[];
}

const INTEGER = /^(u?int\d+|bool)$/;
const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** Rows and values per row of the input: [N, C], [N] (C = 1), or rows of the last dimension with --class-dim -1. */
function rowsOf(input: Source, shape: readonly number[], classLast: boolean): { rows: number; width: number } {
  if (shape.length <= 1) return { rows: shape[0] ?? 1, width: 1 };
  if (classLast) return { rows: countOf(shape.slice(0, -1)), width: shape.at(-1)! };
  if (shape.length > 2) throw fileError(input.name, `has shape ${fmt(shape)}: with the classes in dimension 1 of more than 2, pass --class-dim -1 for [B, T, V] logits, or --shape N,C`);
  return { rows: shape[0], width: shape[1] };
}

/** The input's shape: --shape (checked against the file's element count) or the file's. */
export function inputShape(input: Source, shape: readonly number[] | undefined): readonly number[] {
  if (shape === undefined) return input.shape;
  if (countOf(shape) !== countOf(input.shape)) throw fileError(input.name, `--shape ${fmt(shape)} has ${countOf(shape)} values, the file ${countOf(input.shape)} (shape ${fmt(input.shape)})`);
  return shape;
}

export function layoutOf(input: Source, target: Source, a: ScoreArgs): Layout {
  const shape = inputShape(input, a.shape);
  const { rows, width } = rowsOf(input, shape, a.classLast);
  const targets = countOf(target.shape);
  const kind = a.loss !== undefined ? (CLASS_LOSSES.includes(a.loss) ? 'class' : 'element') : width > 1 && targets === rows ? 'class' : 'element';
  const integer = INTEGER.test(target.dtype);
  if (a.loss === undefined && targets !== rows && targets !== rows * width) {
    throw fileError(target.name, `has ${targets} values (shape ${fmt(target.shape)}), which fit neither the ${rows} rows nor the ${rows * width} values of ${input.name} (shape ${fmt(shape)})`);
  }
  if (kind === 'class' && targets !== rows) {
    throw fileError(target.name, `has ${targets} values (shape ${fmt(target.shape)}); ${input.name} has ${rows} rows of ${width} class scores (shape ${fmt(shape)}): one class index per row expected`);
  }
  if (kind === 'element' && targets !== rows * width) {
    throw fileError(target.name, `has ${targets} values (shape ${fmt(target.shape)}); ${input.name} has ${rows * width} (shape ${fmt(shape)}): one target per prediction expected`);
  }
  const loss = a.loss ?? (kind === 'class' ? 'crossEntropy' : integer ? 'binaryCrossEntropyWithLogits' : 'mseLoss');
  const binary = kind === 'element' && (integer || a.metrics !== undefined);
  if (binary && width !== 1 && a.metrics !== undefined) throw usageError(`--metrics: binary metrics need one logit per target; ${input.name} has ${width} values per row`);
  const task = kind === 'class' ? 'multiclass' : binary && width === 1 ? 'binary' : null;
  return { kind, loss, rows, width, task, metrics: task === null ? [] : a.metrics ?? ['accuracy', 'perplexity'] };
}
