// out_i = f(x_i) for the vector math functions, so the tests can sweep them (test/math.test.ts).
import { at, lanes } from "./vec";
import { vexp, vexpneg } from "./exp";
import { vlog, vlog1p } from "./log";

// @ts-ignore: decorator
@inline function map<T>(x: usize, out: usize, n: i32, f: i32): void {
  const L = lanes<T>();
  let i = 0;
  for (; i < n; i += L) { // n is a multiple of the lane count here
    const v = v128.load(at<T>(x, i));
    v128.store(at<T>(out, i), f == 0 ? vexp<T>(v) : f == 1 ? vlog<T>(v) : f == 2 ? vlog1p<T>(v) : vexpneg<T>(v));
  }
}
export function exp_map_f32(x: usize, out: usize, n: i32): void { map<f32>(x, out, n & ~3, 0); }
export function exp_map_f64(x: usize, out: usize, n: i32): void { map<f64>(x, out, n & ~1, 0); }
export function log_map_f32(x: usize, out: usize, n: i32): void { map<f32>(x, out, n & ~3, 1); }
export function log_map_f64(x: usize, out: usize, n: i32): void { map<f64>(x, out, n & ~1, 1); }
export function log1p_map_f32(x: usize, out: usize, n: i32): void { map<f32>(x, out, n & ~3, 2); }
export function log1p_map_f64(x: usize, out: usize, n: i32): void { map<f64>(x, out, n & ~1, 2); }
export function expneg_map_f32(x: usize, out: usize, n: i32): void { map<f32>(x, out, n & ~3, 3); }
export function expneg_map_f64(x: usize, out: usize, n: i32): void { map<f64>(x, out, n & ~1, 3); }
