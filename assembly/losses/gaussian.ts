// Gaussian negative log-likelihood, PyTorch's gaussian_nll_loss: v = max(var, eps) (the clamp runs without
// gradient, so gradients use the clamped value as if it were var), l = ½·(log v + (x - y)²/v) (+ ½·log 2π when
// full). ∂/∂x = (x - y)/v, ∂/∂var = ½·(1/v - (x - y)²/v²). Each var element covers k consecutive elements (k = 1
// when var has the input's shape, the last dimension when it is one per row); its gradient sums over them.
import { at } from "../math/vec";

const HALF_LOG_2PI: f64 = 0.9189385332046727;

/** Σ of the losses; per-element losses, gradients for x and var (scaled by scale·go_i) as asked. */
// @ts-ignore: decorator
@inline export function gaussianNll<T>(
  x: usize, y: usize, v: usize, n: i32, k: i32, eps: T, full: bool, loss: usize, gx: usize, gv: usize, scale: T,
  go: usize,
): f64 {
  let total: f64 = 0;
  const c: T = full ? <T>HALF_LOG_2PI : 0;
  for (let s = 0, i = 0; i < n; s++) {
    const raw = load<T>(at<T>(v, s));
    const vv: T = raw > eps || raw != raw ? raw : eps; // clamp(min=eps): a NaN variance stays NaN, as PyTorch
    const lv = <T>Math.log(<f64>vv);
    let g: T = 0;
    for (let j = 0; j < k; j++, i++) {
      const d = load<T>(at<T>(x, i)) - load<T>(at<T>(y, i));
      const l = <T>0.5 * (lv + d * d / vv) + c;
      total += <f64>l;
      if (loss != 0) store<T>(at<T>(loss, i), l);
      if (gx != 0) {
        const sc: T = go != 0 ? scale * load<T>(at<T>(go, i)) : scale;
        store<T>(at<T>(gx, i), sc * d / vv);
        g += sc * <T>0.5 * (<T>1 / vv - d * d / (vv * vv));
      }
    }
    if (gv != 0) store<T>(at<T>(gv, s), g);
  }
  return total;
}
