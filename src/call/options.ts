// Option schemas: each option of a loss is declared once with its parser, its default and the wording of
// its error (PyTorch's where PyTorch has one). parse() reads a call's options object against a schema.
import { LosskitRangeError, LosskitTypeError } from '../errors.js';
import { describe } from './arrays.js';

/** One option: its default and the parser of a given value (which names `name` in its error). */
export interface OptionSpec<T> {
  readonly fallback: T;
  parse(v: unknown, name: string): T;
}
/** A loss's options: key → spec. Parsed, each key holds its value (or its default). */
export type Schema<O> = { readonly [K in keyof O]: OptionSpec<O[K]> };

const spec = <T>(fallback: T, parse: (v: unknown, name: string) => T): OptionSpec<T> => ({ fallback, parse });

/** A finite number above `min` (or at least `min`, when inclusive); `what` says so in the error. */
export const numberOption = (fallback: number, min: number, inclusive: boolean, what: string): OptionSpec<number> =>
  spec(fallback, (v, name) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || (inclusive ? v < min : v <= min)) {
      throw new LosskitRangeError(name, `expected ${what}, got ${String(v)}`, 'ERR_OPTION');
    }
    return v;
  });

/** Any finite number. */
export const finite = (fallback: number): OptionSpec<number> => numberOption(fallback, -Infinity, false, 'a finite number');

export const flag = (fallback: boolean): OptionSpec<boolean> =>
  spec(fallback, (v, name) => {
    if (typeof v !== 'boolean') throw new LosskitTypeError(name, `expected a boolean, got ${String(v)}`, 'ERR_OPTION');
    return v;
  });

export const integer = (fallback: number): OptionSpec<number> =>
  spec(fallback, (v, name) => {
    if (!Number.isInteger(v)) throw new LosskitRangeError(name, `expected an integer, got ${String(v)}`, 'ERR_OPTION');
    return v as number;
  });

/** A number in [0, 1] (label smoothing). */
export const unitInterval = (fallback: number): OptionSpec<number> =>
  spec(fallback, (v, name) => {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new LosskitRangeError(name, `expected a number in [0, 1], got ${String(v)}`, 'ERR_OPTION');
    return v;
  });

const quote = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** One of a few strings. */
export function oneOf<const T extends string>(fallback: T, values: readonly T[]): OptionSpec<T> {
  const list = values.map((s) => `'${s}'`).join(', ').replace(/, ([^,]*)$/, ' or $1');
  return spec(fallback, (v, name) => {
    if (!values.includes(v as T)) throw new LosskitRangeError(name, `expected ${list}, got ${quote(v)}`, 'ERR_OPTION');
    return v as T;
  });
}

/** The class dimension: 1 (PyTorch's, the default) or the last (-1 or 'last': ONNX, TF.js, Keras layouts); true for the last. */
export const classDim: OptionSpec<boolean> = spec(false, (v, name) => {
  if (v === 1) return false;
  if (v === -1 || v === 'last') return true;
  throw new LosskitRangeError(name, `expected 1, -1 or 'last', got ${quote(v)}`, 'ERR_OPTION');
});

/** A value the loss checks itself once the input is known (a shape, a weight array): passed through. */
export const raw = (): OptionSpec<unknown> => spec<unknown>(undefined, (v) => v);

/** 'nan' (PyTorch's: a mean over nothing is NaN) or 'zero'. */
export const emptyMean = oneOf('nan', ['nan', 'zero']);

const NONE: Record<string, unknown> = Object.freeze(Object.create(null));
const snakeToCamel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * The options object of a call: undefined, null or a plain object whose own keys are all allowed. Only own
 * properties count: where an enumerable one is inherited (a polluted Object.prototype), the own ones are copied
 * to an object without a prototype, so the result's properties can be read directly.
 */
export function optionsObject(opts: unknown, allowed: ReadonlySet<string>): Record<string, unknown> {
  if (opts === undefined || opts === null) return NONE;
  const proto = typeof opts === 'object' ? Object.getPrototypeOf(opts) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    throw new LosskitTypeError('options', `expected a plain object, got ${describe(opts)}`, 'ERR_OPTION');
  }
  let inherited = false;
  for (const key in opts) {
    if (!Object.hasOwn(opts, key)) { inherited = true; continue; }
    if (allowed.has(key)) continue;
    const hint = allowed.has(snakeToCamel(key)) ? ` (did you mean ${snakeToCamel(key)}?)` : '';
    throw new LosskitTypeError(`options.${key}`, `unknown option${hint}; allowed: ${[...allowed].join(', ')}`, 'ERR_OPTION');
  }
  return inherited ? Object.assign(Object.create(null) as Record<string, unknown>, opts) : opts as Record<string, unknown>;
}

/**
 * A parser of a schema's options from a checked options object. A call that sets none of them gets the one
 * shared object of defaults (a hot loop passing only `out` allocates nothing here).
 */
export function optionsParser<O>(schema: Schema<O>): (o: Record<string, unknown>) => O {
  const keys = Object.keys(schema) as (keyof O & string)[];
  const names = keys.map((k) => `options.${k}`);
  const defaults = {} as O;
  for (const key of keys) defaults[key] = schema[key].fallback;
  Object.freeze(defaults);
  return (o) => {
    let out: O | null = null;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const v = o[key];
      if (v === undefined) continue;
      out ??= Object.assign({}, defaults);
      out[key] = schema[key].parse(v, names[i]);
    }
    return out ?? defaults;
  };
}

/** The parsed options of a schema. */
export type Parsed<S> = { -readonly [K in keyof S]: S[K] extends OptionSpec<infer T> ? T : never };

type Mismatch<S, T> = [Exclude<keyof S, keyof T>, Exclude<keyof T, keyof S>];
/**
 * The schema of the public options interface T: a key missing on either side fails the type check, so the
 * documented options (src/types.ts) and the parsed ones cannot drift apart.
 */
export const schemaOf = <T>() =>
  <S extends Record<string, OptionSpec<unknown>>>(schema: S & (Mismatch<S, T> extends [never, never] ? unknown : { keyMismatch: Mismatch<S, T> })): S => schema;
