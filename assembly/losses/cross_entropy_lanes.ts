// Cross-entropy with one row per lane: L rows side by side (f32: 4, f64: 2), for few classes ([N, C] with
// small C: the rows are gathered lane by lane) and for per-pixel inputs ([N, C, D]: L neighbouring positions,
// one contiguous vector per class). Row by row, a small C leaves the vectors mostly empty and the work
// latency-bound; across rows every exp and log fills all lanes. Same formulas as cross_entropy.ts, with
// each per-row scalar there a vector of per-lane values here. Used for C <= BLOCK (lane sums of at most
// BLOCK terms, as the blocked summation elsewhere).
import { at, lanes, gather, scatter } from "../math/vec";
import { K, ONE, ZERO } from "../math/consts";
import { vexpneg } from "../math/exp";
import { vlog } from "../math/log";
import { scratch, STAGE_BYTES, TRANSPOSE_BYTES } from "../scratch";

/** Class c of the group's L rows, contiguous (classes cs apart). */
// @ts-ignore: decorator
@inline function ldc<T>(p: usize, c: i32, cs: i32): v128 { return v128.load(at<T>(p, c * cs)); }

// @ts-ignore: decorator
@inline function stg<T>(p: usize, c: i32, cs: i32, rowStep: i32, gathered: bool, v: v128): void {
  const q = at<T>(p, c * cs);
  if (gathered) scatter<T>(q, (<usize>rowStep) << alignof<T>(), v);
  else v128.store(q, v);
}

/** Address of lane j's element at class tj: p + j·rowStep + tj·cs. */
// @ts-ignore: decorator
@inline function atTarget<T>(p: usize, j: i32, tj: i32, cs: i32, rowStep: i32): usize {
  return at<T>(p, j * rowStep + tj * cs);
}

/** Each lane's element at its target class t_j (lane indices must be literals, hence the unrolling). */
// @ts-ignore: decorator
@inline function gatherTargets<T>(p: usize, t: v128, cs: i32, rowStep: i32): v128 {
  let v = v128.splat<T>(load<T>(atTarget<T>(p, 0, i32x4.extract_lane(t, 0), cs, rowStep)));
  v = v128.replace_lane<T>(v, 1, load<T>(atTarget<T>(p, 1, i32x4.extract_lane(t, 1), cs, rowStep)));
  if (lanes<T>() == 4) {
    v = v128.replace_lane<T>(v, 2, load<T>(atTarget<T>(p, 2, i32x4.extract_lane(t, 2), cs, rowStep)));
    v = v128.replace_lane<T>(v, 3, load<T>(atTarget<T>(p, 3, i32x4.extract_lane(t, 3), cs, rowStep)));
  }
  return v;
}

// @ts-ignore: decorator
@inline function subAt<T>(q: usize, v: T): void { store<T>(q, load<T>(q) - v); }

/** g[row j, t_j] -= f_j (f_j = 0 for ignored lanes, whose t_j is 0). */
// @ts-ignore: decorator
@inline function subAtTargets<T>(g: usize, t: v128, f: v128, cs: i32, rowStep: i32): void {
  subAt<T>(atTarget<T>(g, 0, i32x4.extract_lane(t, 0), cs, rowStep), v128.extract_lane<T>(f, 0));
  subAt<T>(atTarget<T>(g, 1, i32x4.extract_lane(t, 1), cs, rowStep), v128.extract_lane<T>(f, 1));
  if (lanes<T>() == 4) {
    subAt<T>(atTarget<T>(g, 2, i32x4.extract_lane(t, 2), cs, rowStep), v128.extract_lane<T>(f, 2));
    subAt<T>(atTarget<T>(g, 3, i32x4.extract_lane(t, 3), cs, rowStep), v128.extract_lane<T>(f, 3));
  }
}

/**
 * The losses of L rows (a vector), their gradient rows into g when g ≠ 0. tv: the rows' targets (int32 lanes)
 * or unused for probabilities (y ≠ 0); s: per-lane gradient scale. W = Σ_c w_c (C without weights).
 */
// @ts-ignore: decorator
@inline export function crossEntropyLanes<T>(
  x: usize, tv: v128, y: usize, w: usize, W: T, C: i32, cs: i32, rowStep: i32, gathered: bool, ignore: i32,
  eps: T, g: usize, s: v128,
): v128 {
  if (!gathered) return lanesBody<T>(x, tv, y, w, W, C, cs, rowStep, ignore, eps, g, g, false, s);
  // Gathered rows: transpose them once into class-major scratch vectors and run the contiguous body there;
  // its last pass scatters the gradient straight into g (instead of gathering x twice and g once more).
  const L = lanes<T>();
  const rb = (<usize>rowStep) << alignof<T>();
  // class-major vectors in this instance's scratch, after the pointwise tail's (FEW_CLASSES classes at most)
  const X_T = scratch + STAGE_BYTES, Y_T = X_T + TRANSPOSE_BYTES, G_T = Y_T + TRANSPOSE_BYTES;
  for (let c = 0; c < C; c++) {
    v128.store(X_T + (<usize>c << 4), gather<T>(at<T>(x, c * cs), rb));
    if (y != 0) v128.store(Y_T + (<usize>c << 4), gather<T>(at<T>(y, c * cs), rb));
  }
  return lanesBody<T>(X_T, tv, y != 0 ? Y_T : 0, w, W, C, L, 1, ignore, eps, g != 0 ? G_T : 0, g, true, s, cs, rowStep);
}

/**
 * The rows at x (class c of lane j at x + c·cs + j·rowStep, as contiguous vectors when rowStep is 1). The
 * exponentials go to g in x's layout; the last pass writes the gradient to gOut, scattered with gcs and
 * gRowStep when gathered (g is then scratch), else in place (gOut = g).
 */
// @ts-ignore: decorator
@inline function lanesBody<T>(
  x: usize, tv: v128, y: usize, w: usize, W: T, C: i32, cs: i32, rowStep: i32, ignore: i32,
  eps: T, g: usize, gOut: usize, gathered: bool, s: v128, gcs: i32 = cs, gRowStep: i32 = rowStep,
): v128 {
  const probs = y != 0;
  const k0 = eps / <T>C, k1 = <T>1 - eps;
  const vk0 = v128.splat<T>(k0), vk1 = v128.splat<T>(k1);
  let m = ldc<T>(x, 0, cs);
  for (let c = 1; c < C; c++) m = v128.pmax<T>(m, ldc<T>(x, c, cs));
  let sum = K<T>(ZERO), svd = K<T>(ZERO), sv = K<T>(ZERO);
  const wantVD = probs || eps != 0;
  for (let c = 0; c < C; c++) {
    const d = v128.sub<T>(ldc<T>(x, c, cs), m);
    const e = vexpneg<T>(d);
    sum = v128.add<T>(sum, e);
    if (g != 0) stg<T>(g, c, cs, rowStep, false, e);
    if (wantVD) {
      let v = w != 0 ? v128.splat<T>(load<T>(at<T>(w, c))) : K<T>(ONE);
      if (probs) v = v128.mul<T>(v, v128.add<T>(v128.mul<T>(ldc<T>(y, c, cs), vk1), vk0));
      svd = v128.add<T>(svd, v128.mul<T>(v, d));
      sv = v128.add<T>(sv, v);
    }
  }
  const ls = vlog<T>(sum);
  if (probs) {
    if (g != 0) {
      const a = v128.div<T>(v128.mul<T>(s, sv), sum);
      for (let c = 0; c < C; c++) {
        let v = w != 0 ? v128.splat<T>(load<T>(at<T>(w, c))) : K<T>(ONE);
        v = v128.mul<T>(v, v128.add<T>(v128.mul<T>(ldc<T>(y, c, cs), vk1), vk0));
        stg<T>(gOut, c, gcs, gRowStep, gathered, v128.sub<T>(v128.mul<T>(ldc<T>(g, c, cs), a), v128.mul<T>(s, v)));
      }
    }
    return v128.sub<T>(v128.mul<T>(ls, sv), svd);
  }
  // index targets: ignored lanes get target 0 for the gathers and weight 0, so their loss and gradient are 0
  let ign = i32x4.eq(tv, i32x4.splat(ignore));
  const t = v128.andnot(tv, ign);
  if (sizeof<T>() == 8) ign = i64x2.extend_low_i32x4_s(ign);
  const dt = v128.sub<T>(gatherTargets<T>(x, t, cs, rowStep), m);
  const wt = v128.andnot(w != 0 ? gatherTargets<T>(w, t, 1, 0) : K<T>(ONE), ign);
  const kw = v128.mul<T>(vk1, wt);
  let l = v128.mul<T>(kw, v128.sub<T>(ls, dt));
  if (eps != 0) l = v128.add<T>(l, v128.andnot(v128.mul<T>(vk0, v128.sub<T>(v128.mul<T>(ls, v128.splat<T>(W)), svd)), ign));
  if (g != 0) {
    s = v128.andnot(s, ign); // an ignored lane's scale may be Inf (a mean over nothing): keep its gradient 0
    const a = v128.div<T>(v128.mul<T>(v128.add<T>(kw, v128.mul<T>(vk0, v128.splat<T>(W))), s), sum);
    const b = v128.mul<T>(vk0, s);
    for (let c = 0; c < C; c++) {
      let gc = v128.mul<T>(ldc<T>(g, c, cs), a);
      if (eps != 0) gc = v128.sub<T>(gc, v128.mul<T>(b, w != 0 ? v128.splat<T>(load<T>(at<T>(w, c))) : K<T>(ONE)));
      stg<T>(gOut, c, gcs, gRowStep, gathered, v128.andnot(gc, ign)); // (an ignored row's logits may be NaN or -inf)
    }
    subAtTargets<T>(gOut, t, v128.mul<T>(kw, s), gcs, gRowStep);
  }
  // an ignored row counts for nothing, whatever its logits (0·NaN would be NaN): its lane is cleared, not scaled
  return v128.andnot(l, ign);
}
