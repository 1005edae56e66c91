// Comparison against float64 references: relative 2e-5 for float32 and 1e-10 for float64, per element.
// An element's scale is its own magnitude, but never below FLOOR times the largest magnitude in the same
// array (or ATOL_SCALE when the array is all zeros): results that cancel to near zero, such as
// log_softmax's (x - max) - lse, carry the absolute error of the larger numbers they came from, in PyTorch
// as here. For float32 that floor is 1% of the largest element, i.e. a few float32 ulp of it.
// No test-runner imports: the browser harness checks with these too.
export const RTOL = { float32: 2e-5, float64: 1e-10 } as const;
const FLOOR = { float32: 1e-2, float64: 1e-4 } as const;
const ATOL_SCALE = 1e-3;

function same(a: number, e: number): boolean {
  return Number.isNaN(e) ? Number.isNaN(a) : !Number.isFinite(e) ? a === e : false;
}

export function closeScalar(actual: number, expected: number, dtype: 'float32' | 'float64', what: string): void {
  if (same(actual, expected) || actual === expected) return;
  const err = Math.abs(actual - expected);
  if (!(err <= RTOL[dtype] * Math.abs(expected))) throw new Error(`${what}: ${actual} vs ${expected} (error ${err})`);
}

export function closeArray(actual: ArrayLike<number>, expected: number[], dtype: 'float32' | 'float64', what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length}, expected ${expected.length}`);
  let maxAbs = 0;
  for (const e of expected) if (Number.isFinite(e)) maxAbs = Math.max(maxAbs, Math.abs(e));
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i], e = expected[i];
    if (same(a, e) || a === e) continue;
    const tol = RTOL[dtype] * Math.max(Math.abs(e), FLOOR[dtype] * maxAbs, ATOL_SCALE * (maxAbs === 0 ? 1 : 0));
    if (!(Math.abs(a - e) <= tol)) {
      throw new Error(`${what}[${i}]: ${a} vs ${e} (error ${Math.abs(a - e)}, tolerance ${tol})`);
    }
  }
}
