// Mirror of assembly/math/vec.ts for one lane: the lane-wise helpers and the lane count the drivers emulate
// (a v128 of T holds lanes() elements; the drivers take hsum in float64 as (l0 + l1) + (l2 + l3) or l0 + l1).
import { isF32 } from './consts.js';

/** Lanes per v128 for element type T. */
export const lanes = (): number => (isF32() ? 4 : 2);

/** v128.pmax: b where a < b, else a (so a NaN first operand stays, a NaN second operand is dropped). */
export const pmax = (a: number, b: number): number => (a < b ? b : a);
/** v128.pmin: b where b < a, else a. */
export const pmin = (a: number, b: number): number => (b < a ? b : a);

/** max(a, b) with NaN winning. */
export const maxnan = (a: number, b: number): number => (b > a || b !== b ? b : a);

/** Lane-wise max that keeps NaN from either operand (pmax alone keeps only the first operand's). */
export const vmaxnan = (m: number, x: number): number => (x !== x ? x : pmax(m, x));

/** sign(d) in {-1, 0, 1}; +0 for ±0 and NaN, as torch.sign (the kernel's values: exactly ±1 or +0). */
export const vsign = (d: number): number => (+(d > 0)) - (+(d < 0));

// Loss sums are accumulated in vectors for BLOCK elements, then added to a float64 total.
export const BLOCK = 256;
