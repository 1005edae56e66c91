// The box losses' accuracy claim (assembly/losses/boxes.ts): both dtypes compute in float64, so a float32 result
// is the float64 result on the same (widened) boxes rounded once, bit for bit, for the losses, every reduction and
// both gradients, on every backend; with the float64 results within the fixtures' tolerance of torchvision's.
import { describe, expect, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { argsOf, reductionOptions } from './helpers/cases.js';
import { loadFixtures } from './helpers/fixtures.js';

const NAMES = ['generalizedBoxIouLoss', 'distanceBoxIouLoss', 'completeBoxIouLoss'];
type Fn = (...a: unknown[]) => any;

describe('box losses: a float32 result is the float64 result rounded once', () => {
  for (const [label, k] of backends) {
    it(`${label}: every float32 fixture case, reduction, loss and gradient`, () => {
      let compared = 0;
      for (const name of NAMES) for (const c of loadFixtures(name).filter((f) => f.dtype === 'float32')) {
        const args32 = argsOf(c) as Float32Array[], args64 = args32.map((a) => Float64Array.from(a));
        for (const red of ['none', 'sum', 'mean']) {
          const o32 = reductionOptions(c, red, true), o64 = { ...o32 };
          if (o32.gradOutput) o64.gradOutput = Float64Array.from(o32.gradOutput as Float32Array);
          const r32 = ((k as unknown as Record<string, Fn>)[`${name}WithGrad`])(...args32, o32);
          const r64 = ((k as unknown as Record<string, Fn>)[`${name}WithGrad`])(...args64, o64);
          const plain32 = ((k as unknown as Record<string, Fn>)[name])(...args32, { reduction: red });
          const flat = (v: number | ArrayLike<number>): number[] => (typeof v === 'number' ? [v] : Array.from(v));
          const got = [...flat(r32.loss), ...flat(plain32), ...flat(r32.grads[0]), ...flat(r32.grads[1])];
          const want = [...flat(r64.loss), ...flat(r64.loss), ...flat(r64.grads[0]), ...flat(r64.grads[1])].map(Math.fround);
          expect(got, `${name} ${c.id} ${red}`).toEqual(want);
          compared += got.length;
        }
      }
      expect(compared).toBeGreaterThan(10000);
    });
  }
});
