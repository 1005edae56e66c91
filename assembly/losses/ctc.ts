// CTC loss, PyTorch's CPU algorithm (LossCTC.cpp) in float64 log space for both dtypes: per sample n with input
// length T_n and target l (length L, extended l' = blank, l_1, blank, …, l_L, blank), the forward variables
// α and backward variables β, nll_n = -log Σ_{s ∈ last two} α_{T_n-1}(s), and the gradient PyTorch's backward
// returns (as if the input were log_softmax outputs): exp(lp) - exp(lcab + nll - lp), where
// lcab(t, c) = log Σ_{s: l'(s) = c} α_t(s)·β_t(s); 0 for t >= T_n. zero_infinity zeroes infinite losses and
// their gradients. Scalar loops; `work` holds 2·T·width + C float64: α, β (width = 2·S_max + 1) and one row of lcab.
import { at } from "../math/vec";

// @ts-ignore: decorator
@inline function lse(a: f64, b: f64): f64 {
  if (a == -Infinity) return b;
  if (b == -Infinity) return a;
  const m = a > b ? a : b;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Extended label s of the target at tg (blank at even s). */
// @ts-ignore: decorator
@inline function ext(tg: usize, s: i32, blank: i32): i32 {
  return (s & 1) == 0 ? blank : load<i32>(tg + (<usize>(s >> 1) << 2));
}

/** Per-sample losses into loss[n] (float64 sum returned); gradient (scaled by sc[n]) when grad ≠ 0. */
// @ts-ignore: decorator
@inline export function ctc<T>(
  lp: usize, targets: usize, offsets: usize, inLens: usize, tgLens: usize, Tmax: i32, N: i32, C: i32, blank: i32,
  zeroInf: bool, loss: usize, grad: usize, sc: usize, work: usize, width: i32,
): f64 {
  if (grad != 0) memory.fill(grad, 0, (<usize>Tmax * N * C) << alignof<T>());
  const alpha = work, beta = work + ((<usize>Tmax * width) << 3), lcab = beta + ((<usize>Tmax * width) << 3);
  let total: f64 = 0;
  for (let n = 0; n < N; n++) {
    const Tn = load<i32>(inLens + (<usize>n << 2)), L = load<i32>(tgLens + (<usize>n << 2));
    const tg = targets + (<usize>load<i32>(offsets + (<usize>n << 2)) << 2);
    const S = 2 * L + 1;
    let nll: f64 = Infinity;
    if (Tn > 0) {
      for (let s = 0; s < S; s++) store<f64>(alpha + ((<usize>s) << 3), -Infinity);
      store<f64>(alpha, <f64>load<T>(at<T>(lp, n * C + blank)));
      if (L > 0) store<f64>(alpha + 8, <f64>load<T>(at<T>(lp, n * C + ext(tg, 1, blank))));
      for (let t = 1; t < Tn; t++) {
        const prev = alpha + ((<usize>(t - 1) * width) << 3), cur = alpha + ((<usize>t * width) << 3);
        for (let s = 0; s < S; s++) {
          const l = ext(tg, s, blank);
          let a = load<f64>(prev + ((<usize>s) << 3));
          if (s > 0) a = lse(a, load<f64>(prev + ((<usize>(s - 1)) << 3)));
          if (s > 1 && l != blank && l != ext(tg, s - 2, blank)) a = lse(a, load<f64>(prev + ((<usize>(s - 2)) << 3)));
          store<f64>(cur + ((<usize>s) << 3), a + <f64>load<T>(at<T>(lp, (t * N + n) * C + l)));
        }
      }
      const last = alpha + ((<usize>(Tn - 1) * width) << 3);
      nll = -(L > 0 ? lse(load<f64>(last + ((<usize>(S - 1)) << 3)), load<f64>(last + ((<usize>(S - 2)) << 3)))
        : load<f64>(last));
    }
    const infinite = nll == Infinity;
    store<T>(at<T>(loss, n), zeroInf && infinite ? 0 : <T>nll);
    total += zeroInf && infinite ? 0 : nll;
    if (grad == 0 || Tn == 0 || (zeroInf && infinite)) continue;
    // β, then the gradient one time step at a time
    const lastB = beta + ((<usize>(Tn - 1) * width) << 3);
    for (let s = 0; s < S; s++) store<f64>(lastB + ((<usize>s) << 3), -Infinity);
    store<f64>(lastB + ((<usize>(S - 1)) << 3), <f64>load<T>(at<T>(lp, ((Tn - 1) * N + n) * C + blank)));
    if (L > 0) store<f64>(lastB + ((<usize>(S - 2)) << 3), <f64>load<T>(at<T>(lp, ((Tn - 1) * N + n) * C + ext(tg, S - 2, blank))));
    for (let t = Tn - 2; t >= 0; t--) {
      const next = beta + ((<usize>(t + 1) * width) << 3), cur = beta + ((<usize>t * width) << 3);
      for (let s = 0; s < S; s++) {
        const l = ext(tg, s, blank);
        let b = load<f64>(next + ((<usize>s) << 3));
        if (s < S - 1) b = lse(b, load<f64>(next + ((<usize>(s + 1)) << 3)));
        if (s < S - 2 && l != blank && l != ext(tg, s + 2, blank)) b = lse(b, load<f64>(next + ((<usize>(s + 2)) << 3)));
        store<f64>(cur + ((<usize>s) << 3), b + <f64>load<T>(at<T>(lp, (t * N + n) * C + l)));
      }
    }
    const scn = <f64>load<T>(at<T>(sc, n));
    for (let t = 0; t < Tn; t++) {
      const row = (t * N + n) * C;
      const ar = alpha + ((<usize>t * width) << 3), br = beta + ((<usize>t * width) << 3);
      for (let c = 0; c < C; c++) store<f64>(lcab + ((<usize>c) << 3), -Infinity);
      for (let s = 0; s < S; s++) {
        const q = lcab + ((<usize>ext(tg, s, blank)) << 3);
        store<f64>(q, lse(load<f64>(q), load<f64>(ar + ((<usize>s) << 3)) + load<f64>(br + ((<usize>s) << 3))));
      }
      for (let c = 0; c < C; c++) {
        const lpv = <f64>load<T>(at<T>(lp, row + c));
        const v = (Math.exp(lpv) - Math.exp(load<f64>(lcab + ((<usize>c) << 3)) + nll - lpv)) * scn;
        store<T>(at<T>(grad, row + c), <T>v);
      }
    }
  }
  return total;
}
