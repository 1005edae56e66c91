// Typed errors: every message names the argument and what is wrong with it.

/** Code of a LosskitError: what kind of problem it reports. */
export type LosskitErrorCode =
  | 'ERR_TYPE' | 'ERR_DTYPE' | 'ERR_LENGTH' | 'ERR_SHAPE' | 'ERR_VALUE' | 'ERR_OPTION' | 'ERR_BACKEND' | 'ERR_MEMORY' | 'ERR_THREAD';

/** A wrong type (not a typed array, mixed float32/float64, unknown option). */
export class LosskitTypeError extends TypeError {
  constructor(readonly argument: string, message: string, readonly code: LosskitErrorCode = 'ERR_TYPE') {
    super(`${argument}: ${message}`);
    this.name = 'LosskitTypeError';
  }
}

/** A value out of its domain (length or shape mismatch, class index out of range, unknown reduction). */
export class LosskitRangeError extends RangeError {
  constructor(readonly argument: string, message: string, readonly code: LosskitErrorCode = 'ERR_VALUE') {
    super(`${argument}: ${message}`);
    this.name = 'LosskitRangeError';
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
