// Driver for element-wise losses: one pass computes the per-element loss l_i, its total (blocked summation,
// float64 block totals), and optionally stores l_i and/or the gradient scale·go_i·w_i·∂l_i/∂x_i. `param` is
// the loss's scalar parameters (Huber's delta, a label smoothing, focal's alpha and gamma, …), splatted once.
// Two vectors per iteration with two accumulators; the tail runs the same vector code on splatted scalars,
// so every element goes through one algorithm.
import { at, lanes, hsum, BLOCK } from "../math/vec";
import { K, ONE } from "../math/consts";

// Lane 0 of the tail's gradient lands here.
const TAIL: usize = memory.data(16, 16);

// @ts-ignore: decorator
@inline function ld<T>(p: usize, i: i32, scalar: bool): v128 {
  return scalar ? v128.splat<T>(load<T>(at<T>(p, i))) : v128.load(at<T>(p, i));
}

/** Loss vector of elements i… (lane 0 only when scalar), storing loss and gradient as asked. */
// @ts-ignore: decorator
@inline function step<T, Op>(
  op: Op, x: usize, y: usize, w: usize, pw: usize, go: usize, i: i32, loss: usize, grad: usize, vscale: v128,
  vprm: v128, vprm2: v128, storeLoss: bool, storeGrad: bool, scalar: bool,
): v128 {
  const vx = ld<T>(x, i, scalar), vy = ld<T>(y, i, scalar);
  const vpw = pw != 0 ? ld<T>(pw, i, scalar) : K<T>(ONE);
  const vw = w != 0 ? ld<T>(w, i, scalar) : K<T>(ONE);
  let l: v128;
  if (storeGrad) {
    let gm = vscale;
    if (w != 0) gm = v128.mul<T>(gm, vw);
    if (go != 0) gm = v128.mul<T>(gm, ld<T>(go, i, scalar));
    l = op.lossGrad<T>(vx, vy, vpw, pw != 0, vprm, vprm2, gm, scalar ? TAIL : at<T>(grad, i));
    if (scalar) store<T>(at<T>(grad, i), load<T>(TAIL));
  } else {
    l = op.loss<T>(vx, vy, vpw, pw != 0, vprm, vprm2);
  }
  if (w != 0) l = v128.mul<T>(l, vw);
  if (storeLoss) {
    if (scalar) store<T>(at<T>(loss, i), v128.extract_lane<T>(l, 0));
    else v128.store(at<T>(loss, i), l);
  }
  return l;
}

/** One segment of `n` elements; weights `w`/`pw` and `go` are per element here (0 = absent). */
// @ts-ignore: decorator
@inline function segment<T, Op>(
  x: usize, y: usize, w: usize, pw: usize, go: usize, n: i32, loss: usize, grad: usize, scale: T, param: T, param2: T,
  storeLoss: bool, storeGrad: bool,
): f64 {
  const op = changetype<Op>(0);
  const L = lanes<T>();
  const vscale = v128.splat<T>(scale);
  const vprm = v128.splat<T>(param), vprm2 = v128.splat<T>(param2);
  let total: f64 = 0;
  let i = 0;
  while (i + L <= n) {
    const end = min(n - L + 1, i + BLOCK);
    let acc0 = v128.splat<T>(0), acc1 = v128.splat<T>(0);
    for (; i + L < end; i += 2 * L) {
      acc0 = v128.add<T>(acc0, step<T, Op>(op, x, y, w, pw, go, i, loss, grad, vscale, vprm, vprm2, storeLoss, storeGrad, false));
      acc1 = v128.add<T>(acc1, step<T, Op>(op, x, y, w, pw, go, i + L, loss, grad, vscale, vprm, vprm2, storeLoss, storeGrad, false));
    }
    if (i < end) {
      acc0 = v128.add<T>(acc0, step<T, Op>(op, x, y, w, pw, go, i, loss, grad, vscale, vprm, vprm2, storeLoss, storeGrad, false));
      i += L;
    }
    total += hsum<T>(v128.add<T>(acc0, acc1));
  }
  for (; i < n; i++) {
    total += <f64>v128.extract_lane<T>(step<T, Op>(op, x, y, w, pw, go, i, loss, grad, vscale, vprm, vprm2, storeLoss, storeGrad, true), 0);
  }
  return total;
}

// @ts-ignore: decorator
@inline function segments<T, Op>(
  x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32,
  loss: usize, grad: usize, scale: T, param: T, param2: T, storeLoss: bool, storeGrad: bool,
): f64 {
  if (period >= n) return segment<T, Op>(x, y, w, pw, go, n, loss, grad, scale, param, param2, storeLoss, storeGrad);
  // Weights broadcast along the last dimension: walk the rows, restarting the short weight vectors.
  let total: f64 = 0;
  for (let base = 0; base < n; base += period) {
    const ww = w != 0 && wFull ? at<T>(w, base) : w;
    const pp = pw != 0 && pwFull ? at<T>(pw, base) : pw;
    const gg = go != 0 ? at<T>(go, base) : go;
    const ll = loss != 0 ? at<T>(loss, base) : loss;
    const gr = grad != 0 ? at<T>(grad, base) : grad;
    total += segment<T, Op>(at<T>(x, base), at<T>(y, base), ww, pp, gg, period, ll, gr, scale, param, param2, storeLoss, storeGrad);
  }
  return total;
}

/**
 * Σ_i w_i·l(x_i, y_i); stores l_i·w_i into `loss` and scale·go_i·w_i·∂l/∂x_i into `grad` when those are non-zero.
 * `w`/`pw` hold n elements when wFull/pwFull, else `period` elements repeated along the rows.
 */
// @ts-ignore: decorator
@inline export function pointwise<T, Op>(
  x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32,
  loss: usize, grad: usize, scale: T, param: T, param2: T,
): f64 {
  // Without weights the constant zeros fold the weight branches away after inlining.
  if (w == 0 && pw == 0 && go == 0) return modes<T, Op>(x, y, 0, false, 0, false, 0, n, n, loss, grad, scale, param, param2);
  return modes<T, Op>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2);
}

// @ts-ignore: decorator
@inline function modes<T, Op>(
  x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32,
  loss: usize, grad: usize, scale: T, param: T, param2: T,
): f64 {
  // Storing per-element losses ('none') is a runtime branch (predictable, and it keeps the module small);
  // storing the gradient or not picks one of two compiled loops.
  if (grad == 0) return segments<T, Op>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2, loss != 0, false);
  return segments<T, Op>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, param, param2, loss != 0, true);
}
