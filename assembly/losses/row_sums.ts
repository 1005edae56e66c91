// The three sums per row that the cosine and overlap losses (cosine.ts, overlap.ts) start from: P = Σ a·b and
// A = Σ a², B = Σ b² (squares) or A = Σ a, B = Σ b, each in L vector lanes of T added in float64 (hsum), the
// tail in float64.
import { at, lanes, hsum } from "../math/vec";

// Results of rowSums, read by the caller right after the call (globals: AssemblyScript returns one value).
export let sumP: f64 = 0;
export let sumA: f64 = 0;
export let sumB: f64 = 0;

// (a call, one copy per dtype for all its callers: the module's size budget)
export function rowSums<T>(a: usize, b: usize, D: i32, squares: bool): void {
  const L = lanes<T>();
  let p = v128.splat<T>(0), s1 = v128.splat<T>(0), s2 = v128.splat<T>(0);
  let i = 0;
  for (; i + L <= D; i += L) {
    const va = v128.load(at<T>(a, i)), vb = v128.load(at<T>(b, i));
    p = v128.add<T>(p, v128.mul<T>(va, vb));
    s1 = v128.add<T>(s1, squares ? v128.mul<T>(va, va) : va);
    s2 = v128.add<T>(s2, squares ? v128.mul<T>(vb, vb) : vb);
  }
  let P = hsum<T>(p), S1 = hsum<T>(s1), S2 = hsum<T>(s2);
  for (; i < D; i++) {
    const va = <f64>load<T>(at<T>(a, i)), vb = <f64>load<T>(at<T>(b, i));
    P += va * vb; S1 += squares ? va * va : va; S2 += squares ? vb * vb : vb;
  }
  sumP = P; sumA = S1; sumB = S2;
}
