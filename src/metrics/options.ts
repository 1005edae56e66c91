// The metrics' options: one schema, built from the losses' option parsers (src/call/options.ts); each metric
// allows the keys it reads (the others are unknown options to it), and every default is declared here once.
import { flag, integer, oneOf, optionsParser, raw, unitInterval, type OptionSpec, type Parsed } from '../call/options.js';
import { LosskitRangeError } from '../errors.js';
import type { Average, Task } from './types.js';

/** An integer of at least `min`. */
const intAtLeast = (fallback: number, min: number): OptionSpec<number> => ({
  fallback,
  parse(v, name) {
    if (!Number.isInteger(v) || (v as number) < min) throw new LosskitRangeError(name, `expected an integer >= ${min}, got ${String(v)}`, 'ERR_OPTION');
    return v as number;
  },
});

/** One of a few strings, or undefined (a default that depends on the input). */
function maybeOneOf<const T extends string>(values: readonly T[]): OptionSpec<T | undefined> {
  const strict = oneOf(values[0], values);
  return { fallback: undefined, parse: (v, name) => strict.parse(v, name) };
}

/** 1 (class dimension 1) or 'last'; -1 reads as 'last'. */
const classDim: OptionSpec<1 | 'last'> = {
  fallback: 1,
  parse(v, name) {
    if (v === 1) return 1;
    if (v === -1 || v === 'last') return 'last';
    throw new LosskitRangeError(name, `expected 1, -1 or 'last', got ${JSON.stringify(v) ?? String(v)}`, 'ERR_OPTION');
  },
};

/** Where the scores and targets lie: every classification metric's options. */
export const LAYOUT = {
  shape: raw(),
  classDim,
  task: maybeOneOf<Task>(['binary', 'multiclass']),
  ignoreIndex: integer(-100),
  probabilities: flag(false),
} as const;

export const OPTIONS = {
  ...LAYOUT,
  threshold: unitInterval(0.5),
  /** 0: not asked for. */
  topK: intAtLeast(0, 1),
  bins: intAtLeast(15, 1),
  norm: oneOf('l1', ['l1', 'l2', 'max']),
  weight: raw(),
  labelSmoothing: unitInterval(0),
  /** 0: exact ranking. */
  thresholds: intAtLeast(0, 1),
  average: maybeOneOf<Average>(['binary', 'micro', 'macro', 'weighted', 'none']),
} as const;

export type MetricOptions = Parsed<typeof OPTIONS>;
export type OptionKey = keyof MetricOptions;
export const parseOptions: (o: Record<string, unknown>) => MetricOptions = optionsParser(OPTIONS);

export const LAYOUT_KEYS = Object.keys(LAYOUT) as OptionKey[];
