// NT-Xent (optax's ntxent) over embeddings [N, D] with integer labels. ê_i = x_i / n_i, n_i = sqrt(max(Σ x_i², ε))
// with ε = the dtype's machine epsilon (optax's cosine_similarity epsilon); s_ik = (ê_i·ê_k)/τ. Row i: m = max_{k≠i} s_ik
// (optax's stop-gradient shift), S = Σ_{k negative} e^{s_ik - m}; each positive j (same label, j ≠ i) adds
// log(S + e^{s_ij - m}) - (s_ij - m) to the total, which 'mean' divides by the count of positive pairs. Gradient
// (scale c = scale/τ): ∂/∂s_ij = -S/(S + e_j) for a positive, ∂/∂s_ik = e_k·Σ_j 1/(S + e_j) for a negative, into
// ∂/∂ê_i and ∂/∂ê_k (grad, accumulated), then through the normalisation: (g - (g·ê)ê)/n (g/n where ε clamps).
// work: ê [N·D], then n_i, Σ x_i², one row of s (then of ∂/∂s) [N each]. Sums: L lanes of T added in float64.
import { at, lanes, hsum, maxnan } from "../math/vec";
import { vexpneg } from "../math/exp";
import { vlog } from "../math/log";

// (dot, axpy, exp and log are calls and the O(N·D) loops scalar: the module's size budget)
/** Σ a·b: L lanes of T added in float64 (hsum), the tail in float64; rounded to T. */
function dot<T>(a: usize, b: usize, D: i32): T {
  const L = lanes<T>();
  let acc = v128.splat<T>(0);
  let i = 0;
  for (; i + L <= D; i += L) acc = v128.add<T>(acc, v128.mul<T>(v128.load(at<T>(a, i)), v128.load(at<T>(b, i))));
  let s = hsum<T>(acc);
  for (; i < D; i++) s += <f64>load<T>(at<T>(a, i)) * <f64>load<T>(at<T>(b, i));
  return <T>s;
}

/** g += c·v over D elements. */
function axpy<T>(g: usize, v: usize, c: T, D: i32): void {
  const L = lanes<T>();
  const vc = v128.splat<T>(c);
  let i = 0;
  for (; i + L <= D; i += L) v128.store(at<T>(g, i), v128.add<T>(v128.load(at<T>(g, i)), v128.mul<T>(vc, v128.load(at<T>(v, i)))));
  for (; i < D; i++) store<T>(at<T>(g, i), load<T>(at<T>(g, i)) + c * load<T>(at<T>(v, i)));
}

function scalarExp<T>(d: T): T { return v128.extract_lane<T>(vexpneg<T>(v128.splat<T>(d)), 0); }
function scalarLog<T>(d: T): T { return v128.extract_lane<T>(vlog<T>(v128.splat<T>(d)), 0); }

/** The unit rows ê into work, their norms and squared norms after them (O(N·D): scalar loops). */
function normalize<T>(x: usize, E: usize, nrm: usize, sq: usize, N: i32, D: i32, eps: T): void {
  for (let i = 0; i < N; i++) {
    const xi = at<T>(x, i * D), ei = at<T>(E, i * D);
    const A = dot<T>(xi, xi, D);
    const n = <T>Math.sqrt(<f64>(A < eps ? eps : A)); // (NaN stays NaN, as jnp.clip)
    store<T>(at<T>(nrm, i), n);
    store<T>(at<T>(sq, i), A);
    for (let k = 0; k < D; k++) store<T>(at<T>(ei, k), load<T>(at<T>(xi, k)) / n);
  }
}

/** Row i's terms; with grad, its ∂/∂s scattered into grad (as ∂/∂ê). Returns Σ of its positive terms. */
function row<T>(i: i32, t: usize, E: usize, s: usize, N: i32, D: i32, temp: T, grad: usize, c: T): f64 {
  const li = load<i32>(t + (<usize>i << 2));
  const ei = at<T>(E, i * D);
  let m: T = <T>-Infinity;
  for (let k = 0; k < N; k++) {
    if (k == i) continue;
    const v = dot<T>(ei, at<T>(E, k * D), D) / temp;
    store<T>(at<T>(s, k), v);
    m = maxnan<T>(m, v);
  }
  let S: f64 = 0, positives = 0;
  for (let k = 0; k < N; k++) {
    if (k == i) continue;
    if (load<i32>(t + (<usize>k << 2)) == li) { positives++; continue; }
    const e = scalarExp<T>(load<T>(at<T>(s, k)) - m);
    store<T>(at<T>(s, k), e);
    S += <f64>e;
  }
  if (positives == 0) return 0;
  const St = <T>S;
  let total: f64 = 0, R: T = 0;
  for (let j = 0; j < N; j++) {
    if (j == i || load<i32>(t + (<usize>j << 2)) != li) continue;
    const d = load<T>(at<T>(s, j)) - m;
    const den = St + scalarExp<T>(d);
    total += <f64>(scalarLog<T>(den) - d);
    R += <T>1 / den;
    store<T>(at<T>(s, j), -St / den);
  }
  if (grad == 0) return total;
  const gi = at<T>(grad, i * D);
  for (let k = 0; k < N; k++) {
    if (k == i) continue;
    const v = load<T>(at<T>(s, k));
    const G = (load<i32>(t + (<usize>k << 2)) == li ? v : v * R) * c;
    const ek = at<T>(E, k * D);
    axpy<T>(gi, ek, G, D);
    axpy<T>(at<T>(grad, k * D), ei, G, D);
  }
  return total;
}

/** ∂/∂ê into ∂/∂x in place, row by row (O(N·D): scalar loops). */
function throughNorm<T>(grad: usize, E: usize, nrm: usize, sq: usize, N: i32, D: i32, eps: T): void {
  for (let i = 0; i < N; i++) {
    const gi = at<T>(grad, i * D), ei = at<T>(E, i * D);
    const n = load<T>(at<T>(nrm, i));
    const c: T = load<T>(at<T>(sq, i)) < eps ? 0 : dot<T>(gi, ei, D);
    for (let k = 0; k < D; k++) store<T>(at<T>(gi, k), (load<T>(at<T>(gi, k)) - c * load<T>(at<T>(ei, k))) / n);
  }
}

/** Σ of the positive pairs' terms; the gradient (scale per term) into grad when non-zero. */
// @ts-ignore: decorator
@inline export function ntXent<T>(x: usize, t: usize, N: i32, D: i32, temp: T, work: usize, grad: usize, scale: T): f64 {
  const eps: T = sizeof<T>() == 4 ? <T>1.1920928955078125e-7 : <T>2.220446049250313e-16;
  const E = work, nrm = at<T>(work, N * D), sq = at<T>(nrm, N), s = at<T>(sq, N);
  normalize<T>(x, E, nrm, sq, N, D, eps);
  if (grad != 0) memory.fill(grad, 0, (<usize>(N * D)) << alignof<T>());
  const c = scale / temp;
  let total: f64 = 0;
  for (let i = 0; i < N; i++) total += row<T>(i, t, E, s, N, D, temp, grad, c);
  if (grad != 0) throughNorm<T>(grad, E, nrm, sq, N, D, eps);
  return total;
}
