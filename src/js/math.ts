// The JS backend's scalar math under the names test/math.test.ts sweeps: one lane of the kernels' vector
// math (the mirrors in math/*.ts), float64 (exp, log, log1p) and float32 (…32).
import { useElem } from './math/consts.js';
import { exp_f32x4, exp_f64x2 } from './math/exp.js';
import { log_f32x4, log_f64x2, vlog1p, vlog1pUnit } from './math/log.js';
export { atan } from './math/atan.js';

export const exp = exp_f64x2;
export const log = log_f64x2;
export const log1p = (y: number): number => vlog1p(y, useElem(false));
export const exp32 = exp_f32x4;
export const log32 = log_f32x4;
export const log1p32 = (y: number): number => vlog1p(y, useElem(true));
export const log1pUnit32 = (e: number): number => vlog1pUnit(e, useElem(true));
