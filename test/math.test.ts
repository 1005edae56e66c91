// The accuracy claims in the kernels' header comments (assembly/math/*.ts, src/js/math.ts): a sweep over
// float32 bit patterns (every 1021st, all signs and exponents) against float64 Math.*, and for float64 a
// sweep over exponents with random mantissas. ulp = distance in units of the last place of the exact result.
import { describe, expect, it } from 'vitest';
import { instantiateSync } from '../src/wasm/loader.js';
import * as jsMath from '../src/js/math.js';

const { exports: wasm, memory } = instantiateSync();
const BASE = wasm.heap_base();

function ulp32(ref: number): number {
  const a = Math.abs(Math.fround(ref));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

function ulp64(ref: number): number {
  const a = Math.abs(ref);
  if (a < 2 ** -1022) return 2 ** -1074;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  return 2 ** (e - 52);
}

/** Error of `got` against the exact `ref` in ulps of the dtype; non-finite results must match exactly. */
function ulpError(got: number, ref: number, dtype: 'f32' | 'f64'): number {
  const r = dtype === 'f32' ? Math.fround(ref) : ref;
  if (Number.isNaN(r)) return Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(r) || !Number.isFinite(got)) return got === r ? 0 : Infinity;
  return Math.abs(got - ref) / (dtype === 'f32' ? ulp32(ref) : ulp64(ref));
}

function runWasm(name: string, input: Float32Array | Float64Array): Float32Array | Float64Array {
  const bytes = input.byteLength;
  const need = BASE + 2 * bytes - memory.buffer.byteLength;
  if (need > 0) memory.grow(Math.ceil(need / 65536));
  const Ctor = input instanceof Float32Array ? Float32Array : Float64Array;
  new Ctor(memory.buffer, BASE, input.length).set(input);
  wasm[name](BASE, BASE + bytes, input.length);
  return new Ctor(memory.buffer, BASE + bytes, input.length).slice();
}

function f32Sweep(): Float32Array {
  const u = new Uint32Array(Math.floor(2 ** 32 / 1021) & ~3);
  for (let i = 0; i < u.length; i++) u[i] = i * 1021;
  return new Float32Array(u.buffer);
}

function f64Sweep(): Float64Array {
  const out: number[] = [];
  let s = 12345;
  for (let e = -1074; e <= 1023; e += 1) {
    for (let j = 0; j < 8; j++) {
      s = (s * 1103515245 + 12345) >>> 0;
      const v = 2 ** e * (1 + s / 2 ** 32);
      out.push(v, -v);
    }
  }
  out.push(0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 709.782712893384, 709.79, -745.13, -745.2);
  while (out.length % 2) out.push(1);
  return Float64Array.from(out);
}

const domain = {
  exp: () => true,
  log: () => true,
  log1p: (x: number) => x >= -1 || Number.isNaN(x),
};
const refs = { exp: Math.exp, log: Math.log, log1p: Math.log1p };
// Claimed maximum errors (the header comments); the sweep reports the worst seen.
const claims = { exp: 2, log: 1, log1p: 2 };

function worst(values: ArrayLike<number>, got: ArrayLike<number>, ref: (x: number) => number, dtype: 'f32' | 'f64', keep: (x: number) => boolean) {
  let max = 0, at = NaN;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!keep(x)) continue;
    const e = ulpError(got[i], ref(x), dtype);
    if (e > max) { max = e; at = x; }
  }
  return { max, at };
}

describe('vector math accuracy', () => {
  const x32 = f32Sweep();
  const x64 = f64Sweep();
  for (const fn of ['exp', 'log', 'log1p'] as const) {
    it(`${fn}_f32x4: at most ${claims[fn]} ulp over ${x32.length} float32 bit patterns`, () => {
      const { max, at } = worst(x32, runWasm(`${fn}_map_f32`, x32), refs[fn], 'f32', domain[fn]);
      expect(max, `worst at ${at}`).toBeLessThanOrEqual(claims[fn]);
      console.log(`${fn}_f32x4: max ${max.toFixed(3)} ulp at ${at}`);
    });
    it(`${fn}_f64x2 and the JS backend's ${fn}: at most ${claims[fn]} ulp${fn === 'exp' ? ', and bitwise equal' : ''}`, () => {
      const got = runWasm(`${fn}_map_f64`, x64);
      const { max, at } = worst(x64, got, refs[fn], 'f64', domain[fn]);
      expect(max, `worst at ${at}`).toBeLessThanOrEqual(claims[fn]);
      console.log(`${fn}_f64x2: max ${max.toFixed(3)} ulp at ${at}`);
      const js = x64.map((v) => jsMath[fn](v));
      const j = worst(x64, js, refs[fn], 'f64', domain[fn]);
      expect(j.max, `js worst at ${j.at}`).toBeLessThanOrEqual(claims[fn]);
      if (fn !== 'exp') return; // log: V8's fdlibm against the kernels' musl variant, equal within the claim
      for (let i = 0; i < x64.length; i++) {
        if (!Object.is(js[i], got[i]) && !(Number.isNaN(js[i]) && Number.isNaN(got[i]))) expect.fail(`${fn}(${x64[i]}): js ${js[i]} vs wasm ${got[i]}`);
      }
    });
  }
  it('expneg (x <= 0): within 2 ulp of exp down to the normal range, 0 below it, NaN kept', () => {
    for (const [suffix, A, cutoff] of [['f32', Float32Array, Math.log(2 ** -126)], ['f64', Float64Array, Math.log(2 ** -1022)]] as const) {
      const x = suffix === 'f32' ? f32Sweep().filter((v) => v <= 0 || Number.isNaN(v)) : f64Sweep().filter((v) => v <= 0 || Number.isNaN(v));
      const xs = A.from(x.subarray(0, x.length & ~3));
      const neg = runWasm(`expneg_map_${suffix}`, xs);
      const { max, at } = worst(xs, neg, (v) => (v < cutoff ? 0 : Math.exp(v)), suffix, () => true);
      expect(max, `worst at ${at}`).toBeLessThanOrEqual(2);
    }
  });

  it("the JS backend's float32 algorithms: log32 within 1 float32 ulp, log1p32 within 2, Math.log's specials", () => {
    const x = f32Sweep();
    const pos = x.filter((v) => v > 0);
    const r1 = worst(pos, pos.map((v) => jsMath.log32(v)), Math.log, 'f32', () => true);
    expect(r1.max, `log32 worst at ${r1.at}`).toBeLessThanOrEqual(1);
    const y = x.filter((v) => v >= -1);
    const r2 = worst(y, y.map((v) => jsMath.log1p32(v)), Math.log1p, 'f32', () => true);
    expect(r2.max, `log1p32 worst at ${r2.at}`).toBeLessThanOrEqual(2); // log1p_f32x4's algorithm and claim
    expect([0, -0, -1, Infinity, NaN, 1].map(jsMath.log32)).toEqual([-Infinity, -Infinity, NaN, Infinity, NaN, 0]);
    expect([-1, 0, Infinity, 1e-30, -1e-30].map(jsMath.log1p32)).toEqual([-Infinity, 0, Infinity, Math.fround(1e-30), Math.fround(-1e-30)]);
    console.log(`log32: max ${r1.max.toFixed(3)} ulp; log1p32: max ${r2.max.toFixed(3)} ulp`);
  });

  it("the JS backend's float32 algorithms: exp32 and log1pUnit32 within 2 float32 ulp", () => {
    const x = f32Sweep();
    const e = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) e[i] = jsMath.exp32(x[i]);
    const r1 = worst(x, e, Math.exp, 'f32', () => true);
    expect(r1.max, `exp32 worst at ${r1.at}`).toBeLessThanOrEqual(2);
    const u = x.filter((v) => v >= 0 && v <= 1);
    const l = u.map((v) => jsMath.log1pUnit32(v));
    const r2 = worst(u, l, Math.log1p, 'f32', () => true);
    expect(r2.max, `log1pUnit32 worst at ${r2.at}`).toBeLessThanOrEqual(2);
    console.log(`exp32: max ${r1.max.toFixed(3)} ulp; log1pUnit32: max ${r2.max.toFixed(3)} ulp`);
  });

  it('log σ (float32 kernel, with log1pUnit on e in [0, 1]) within 3 ulp on [-20, 0]', () => {
    // log σ(x) for x <= 0 is x - log1p(e^x): sweep x in [-20, 0] through logSigmoid's kernel path
    const x = Float32Array.from({ length: 1 << 16 }, (_, i) => -20 + (20 * i) / (1 << 16));
    const out = runWasm('log_sigmoid_f32', x);
    const r = worst(x, out, (v) => v - Math.log1p(Math.exp(v)), 'f32', () => true);
    expect(r.max, `worst at ${r.at}`).toBeLessThanOrEqual(3);
  });

  it("atan (the box losses' scalar float64 fdlibm port): within 1 ulp of V8's Math.atan, and its special values", () => {
    const x = f64Sweep();
    const r = worst(x, x.map((v) => jsMath.atan(v)), Math.atan, 'f64', () => true);
    expect(r.max, `worst at ${r.at}`).toBeLessThanOrEqual(1);
    expect([0, -0, Infinity, -Infinity, NaN, 1e300, 1e-300].map(jsMath.atan)).toEqual([0, -0, Math.PI / 2, -Math.PI / 2, NaN, Math.PI / 2, 1e-300]);
    console.log(`atan: max ${r.max.toFixed(3)} ulp against Math.atan`);
  });

  it('special values: exp(±0) = 1, exp(-Inf) = 0, exp(+Inf) = +Inf, log(0) = -Inf, log(-1) = NaN, NaN propagates', () => {
    const x = Float32Array.from([0, -0, -Infinity, Infinity, NaN, 89, -104, 1]);
    expect(Array.from(runWasm('exp_map_f32', x))).toEqual([1, 1, 0, Infinity, NaN, Infinity, 0, Math.fround(Math.E)]);
    const y = Float32Array.from([0, -0, -1, Infinity, NaN, 1, 1, 1]);
    expect(Array.from(runWasm('log_map_f32', y))).toEqual([-Infinity, -Infinity, NaN, Infinity, NaN, 0, 0, 0]);
    expect(Array.from(runWasm('log1p_map_f32', Float32Array.from([-1, 0, -0, Infinity])))).toEqual([-Infinity, 0, 0, Infinity]); // the sign of -0 is not kept
    expect([jsMath.exp(-Infinity), jsMath.exp(Infinity), jsMath.log(0), jsMath.log(-1), jsMath.log1p(-1)]).toEqual([0, Infinity, -Infinity, NaN, -Infinity]);
  });
});
