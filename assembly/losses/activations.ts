// softmax / log_softmax over the class dimension of [N, C, D] (D = 1 for [N, C]), with the row passes of
// cross-entropy; sigmoid / log_sigmoid as pointwise Ops (the "loss" is the activation, y is unused).
import { at } from "../math/vec";
import { vlog } from "../math/log";
import { vsigmoid, vlogsigmoid } from "../math/sigmoid";
import { rowMax, rowExpSum, rowScale, rowSumExp, loadRow, storeRow } from "./rows";
import { lanes } from "../math/vec";

@final export class Sigmoid {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 { return vsigmoid<T>(x); }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 { return vsigmoid<T>(x); }
}

@final export class LogSigmoid {
  // @ts-ignore: decorator
  @inline loss<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128): v128 { return vlogsigmoid<T>(x); }
  // @ts-ignore: decorator
  @inline lossGrad<T>(x: v128, y: v128, pw: v128, hasPW: bool, prm: v128, prm2: v128, gmul: v128, g: usize): v128 { return vlogsigmoid<T>(x); }
}

/** out_c = (x_c - max) - log Σ exp(x - max) over the row. */
// @ts-ignore: decorator
@inline function rowLogSoftmax<T>(x: usize, out: usize, C: i32, stride: i32, strided: bool, m: T, ls: T): void {
  const L = lanes<T>();
  const vm = v128.splat<T>(m), vls = v128.splat<T>(ls);
  let i = 0;
  for (; i + L <= C; i += L) {
    storeRow<T>(out, i, stride, strided, v128.sub<T>(v128.sub<T>(loadRow<T>(x, i, stride, strided), vm), vls));
  }
  for (; i < C; i++) store<T>(at<T>(out, i * stride), (load<T>(at<T>(x, i * stride)) - m) - ls);
}

// @ts-ignore: decorator
@inline function softmaxRows<T>(x: usize, out: usize, N: i32, C: i32, D: i32, log: bool, strided: bool): void {
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) {
      const off = n * C * D + d;
      const xr = at<T>(x, off), orow = at<T>(out, off);
      const m = rowMax<T>(xr, C, D, strided);
      rowExpSum<T>(xr, C, D, strided, m, log ? 0 : orow, false, 0, 0, 1, 0);
      if (log) {
        const ls = v128.extract_lane<T>(vlog<T>(v128.splat<T>(<T>rowSumExp)), 0);
        rowLogSoftmax<T>(xr, orow, C, D, strided, m, ls);
      } else {
        rowScale<T>(orow, C, D, strided, <T>(1 / rowSumExp), 0, 0, 0, 1, 0);
      }
    }
  }
}

/** softmax (log = false) or log_softmax (log = true) of x into out. */
// @ts-ignore: decorator
@inline export function softmax<T>(x: usize, out: usize, N: i32, C: i32, D: i32, log: bool): void {
  if (D == 1) softmaxRows<T>(x, out, N, C, D, log, false);
  else softmaxRows<T>(x, out, N, C, D, log, true);
}
