// Mirror of assembly/math/vec.ts for one lane: the lane-wise helpers, and the lane bookkeeping the drivers
// emulate (a v128 of T holds lanes(T) elements; its horizontal sum is taken in float64 in a fixed order).
import { type Elem, f32 } from './consts.js';

/** Lanes per v128 for element type T. */
export const lanes = (T: Elem): number => (T === f32 ? 4 : 2);

/** v128.pmax: b where a < b, else a (so a NaN first operand stays, a NaN second operand is dropped). */
export const pmax = (a: number, b: number): number => (a < b ? b : a);
/** v128.pmin: b where b < a, else a. */
export const pmin = (a: number, b: number): number => (b < a ? b : a);

/** Sum of the lanes of a vector of v0 … v3 (float32) or v0, v1 (float64), in float64, in hsum's order. */
export const hsum4 = (v0: number, v1: number, v2: number, v3: number): number => (v0 + v1) + (v2 + v3);

/** max(a, b) with NaN winning. */
export const maxnan = (a: number, b: number): number => (b > a || b !== b ? b : a);

/** Lane-wise max that keeps NaN from either operand (pmax alone keeps only the first operand's). */
export const vmaxnan = (m: number, x: number): number => (x !== x ? x : pmax(m, x));

/** sign(d) in {-1, 0, 1}; 0 for ±0 and NaN, as torch.sign (and(gt, 1) - and(lt, 1): +0 at 0). */
export const vsign = (d: number): number => (+(d > 0)) - (+(d < 0));

// Loss sums are accumulated in vectors for BLOCK elements, then added to a float64 total.
export const BLOCK = 256;
