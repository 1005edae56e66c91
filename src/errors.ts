// Typed errors: every message names the argument and what is wrong with it.

const brand = Symbol.for('losskit.error');

/** Code of a LosskitError: what kind of problem it reports. */
export type LosskitErrorCode =
  | 'ERR_TYPE' | 'ERR_DTYPE' | 'ERR_LENGTH' | 'ERR_SHAPE' | 'ERR_VALUE' | 'ERR_OPTION' | 'ERR_BACKEND';

/** A wrong type (not a typed array, mixed float32/float64, unknown option). */
export class LosskitTypeError extends TypeError {
  readonly argument: string;
  readonly code: LosskitErrorCode;
  constructor(argument: string, message: string, code: LosskitErrorCode = 'ERR_TYPE') {
    super(`${argument}: ${message}`);
    this.name = 'LosskitTypeError';
    this.argument = argument;
    this.code = code;
  }
  static readonly [brand] = true;
}

/** A value out of its domain (length or shape mismatch, class index out of range, unknown reduction). */
export class LosskitRangeError extends RangeError {
  readonly argument: string;
  readonly code: LosskitErrorCode;
  constructor(argument: string, message: string, code: LosskitErrorCode = 'ERR_VALUE') {
    super(`${argument}: ${message}`);
    this.name = 'LosskitRangeError';
    this.argument = argument;
    this.code = code;
  }
}

/**
 * The common type of losskit's errors: `err instanceof LosskitError` holds for both LosskitTypeError
 * (a TypeError) and LosskitRangeError (a RangeError).
 */
export abstract class LosskitError extends Error {
  abstract readonly argument: string;
  abstract readonly code: LosskitErrorCode;
  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof LosskitTypeError || value instanceof LosskitRangeError;
  }
}
