// Every float32 input (2^32 bit patterns) through the JS lanes of exp, expneg and log against the module's
// map exports, bit for bit: the check behind the exactness claims in src/js/math/exp.ts and log.ts (rounding
// left out where the kernel's float32 operation is exact). About 20 minutes: `npm run exhaustive` (vitest.exhaustive.config.ts), not part of `npm test`.
import { describe, expect, it } from 'vitest';
import { exp_f32x4, expneg_f32x4 } from '../../src/js/math/exp.js';
import { log_f32x4 } from '../../src/js/math/log.js';
import { RawWasm } from '../helpers/raw-wasm.js';

const CHUNK = 1 << 20;

describe('JS float32 math = wasm over all 2^32 inputs', () => {
  const raw = new RawWasm();
  const cases = [['exp', exp_f32x4], ['expneg', expneg_f32x4], ['log', log_f32x4]] as const;
  for (const [name, fn] of cases) {
    it(name, async () => {
      const bits = new Int32Array(CHUNK), x = new Float32Array(bits.buffer), out = new Float32Array(CHUNK);
      let mismatches = 0, first = '';
      for (let hi = 0; hi < 2 ** 32 / CHUNK; hi++) {
        await new Promise((resolve) => setTimeout(resolve, 0)); // let the vitest worker answer its runner
        for (let i = 0; i < CHUNK; i++) bits[i] = (hi * CHUNK + i) | 0;
        if (name === 'expneg') for (let i = 0; i < CHUNK; i++) if (x[i] > 0) x[i] = -x[i]; // its domain: x <= 0
        raw.call(`${name}_map_f32`, [x, { out }, CHUNK]);
        for (let i = 0; i < CHUNK; i++) {
          const js = Math.fround(fn(x[i]));
          if (!Object.is(js, out[i]) && !(js !== js && out[i] !== out[i])) { mismatches++; first ||= `${name}(${x[i]}): js ${js} wasm ${out[i]}`; }
        }
      }
      expect(mismatches, first).toBe(0);
    }, 3_600_000);
  }
});
