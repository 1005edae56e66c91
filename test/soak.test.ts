// A short soak inside npm test: 20,000 mixed calls per backend (copying and zero-copy, errors interleaved); memory
// must stop growing after warm-up. The long one is `npm run soak [-- --calls N]`.
import { describe, expect, it } from 'vitest';
import { js, wasm } from './helpers/backends.js';
import { BOUNDS, lateGrowth, soak, soakReport } from './helpers/soak.js';

const CALLS = Number(process.env.SOAK_CALLS ?? 20_000);

describe('soak: memory is flat after warm-up', () => {
  for (const [label, k] of [['wasm', wasm], ['js', js]] as const) {
    it(`${label}: ${CALLS} mixed calls`, () => {
      const res = soak(k, CALLS, { maxSize: 300 }); // (small calls: the count, not the bytes, finds a per-call leak)
      console.log(soakReport(label, res));
      expect(res.errors).toBeGreaterThan(0);
      const g = lateGrowth(res.samples);
      expect(g.wasm, 'wasm memory grew after warm-up').toBeLessThanOrEqual(BOUNDS.wasm);
      expect(g.heap, 'JS heap grew after warm-up').toBeLessThanOrEqual(BOUNDS.heap);
      expect(g.rss, 'RSS grew after warm-up').toBeLessThanOrEqual(BOUNDS.rss);
    });
  }
});
