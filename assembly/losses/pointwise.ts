// Driver for element-wise losses: one pass computes the per-element loss l_i, its total (blocked summation,
// float64 block totals), and optionally stores l_i and/or the gradient scale·go_i·w_i·dl_i/dx_i.
// An Op supplies loss<T>(x, y, pw) and grad<T>(x, y, pw) on vectors; the tail runs the same vector code on
// splatted scalars, so every element goes through one algorithm.
import { at, lanes, hsum, BLOCK } from "../math/vec";

// @ts-ignore: decorator
@inline function loadOr<T>(p: usize, i: i32, on: bool, one: v128): v128 {
  return on ? v128.load(at<T>(p, i)) : one;
}

// @ts-ignore: decorator
@inline function loadScalarOr<T>(p: usize, i: i32, on: bool, one: v128): v128 {
  return on ? v128.splat<T>(load<T>(at<T>(p, i))) : one;
}

/** One segment of `n` elements; weights `w`/`pw` and `go` are per element here (0 = absent). */
// @ts-ignore: decorator
@inline function segment<T, Op>(
  x: usize, y: usize, w: usize, pw: usize, go: usize, n: i32, loss: usize, grad: usize, scale: T,
  storeLoss: bool, storeGrad: bool,
): f64 {
  const op = changetype<Op>(0);
  const L = lanes<T>();
  const one = v128.splat<T>(1);
  const vscale = v128.splat<T>(scale);
  const hasW = w != 0, hasPW = pw != 0, hasGo = go != 0;
  let total: f64 = 0;
  let i = 0;
  while (i + L <= n) {
    const end = min(n - L + 1, i + BLOCK);
    let acc = v128.splat<T>(0);
    for (; i < end; i += L) {
      const vx = v128.load(at<T>(x, i));
      const vy = v128.load(at<T>(y, i));
      const vpw = loadOr<T>(pw, i, hasPW, one);
      const vw = loadOr<T>(w, i, hasW, one);
      const l = v128.mul<T>(op.loss<T>(vx, vy, vpw), vw);
      acc = v128.add<T>(acc, l);
      if (storeLoss) v128.store(at<T>(loss, i), l);
      if (storeGrad) {
        let g = v128.mul<T>(v128.mul<T>(op.grad<T>(vx, vy, vpw), vw), vscale);
        if (hasGo) g = v128.mul<T>(g, v128.load(at<T>(go, i)));
        v128.store(at<T>(grad, i), g);
      }
    }
    total += hsum<T>(acc);
  }
  for (; i < n; i++) {
    const vx = v128.splat<T>(load<T>(at<T>(x, i)));
    const vy = v128.splat<T>(load<T>(at<T>(y, i)));
    const vpw = loadScalarOr<T>(pw, i, hasPW, one);
    const vw = loadScalarOr<T>(w, i, hasW, one);
    const l = v128.extract_lane<T>(v128.mul<T>(op.loss<T>(vx, vy, vpw), vw), 0);
    total += <f64>l;
    if (storeLoss) store<T>(at<T>(loss, i), l);
    if (storeGrad) {
      let g = v128.mul<T>(v128.mul<T>(op.grad<T>(vx, vy, vpw), vw), vscale);
      if (hasGo) g = v128.mul<T>(g, v128.splat<T>(load<T>(at<T>(go, i))));
      store<T>(at<T>(grad, i), v128.extract_lane<T>(g, 0));
    }
  }
  return total;
}

// @ts-ignore: decorator
@inline function segments<T, Op>(
  x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32,
  loss: usize, grad: usize, scale: T, storeLoss: bool, storeGrad: bool,
): f64 {
  if (period >= n) return segment<T, Op>(x, y, w, pw, go, n, loss, grad, scale, storeLoss, storeGrad);
  // Weights broadcast along the last dimension: walk the rows, restarting the short weight vectors.
  let total: f64 = 0;
  for (let base = 0; base < n; base += period) {
    const ww = w != 0 && wFull ? at<T>(w, base) : w;
    const pp = pw != 0 && pwFull ? at<T>(pw, base) : pw;
    const gg = go != 0 ? at<T>(go, base) : go;
    const ll = loss != 0 ? at<T>(loss, base) : loss;
    const gr = grad != 0 ? at<T>(grad, base) : grad;
    total += segment<T, Op>(at<T>(x, base), at<T>(y, base), ww, pp, gg, period, ll, gr, scale, storeLoss, storeGrad);
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
  loss: usize, grad: usize, scale: T,
): f64 {
  // Without weights the constant zeros fold the weight branches away after inlining.
  if (w == 0 && pw == 0 && go == 0) return modes<T, Op>(x, y, 0, false, 0, false, 0, n, n, loss, grad, scale);
  return modes<T, Op>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale);
}

// @ts-ignore: decorator
@inline function modes<T, Op>(
  x: usize, y: usize, w: usize, wFull: bool, pw: usize, pwFull: bool, go: usize, n: i32, period: i32,
  loss: usize, grad: usize, scale: T,
): f64 {
  if (grad == 0) {
    if (loss == 0) return segments<T, Op>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, false, false);
    return segments<T, Op>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, true, false);
  }
  if (loss == 0) return segments<T, Op>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, false, true);
  return segments<T, Op>(x, y, w, wFull, pw, pwFull, go, n, period, loss, grad, scale, true, true);
}
