// The property-based differential suite, quick and with a fixed seed: every loss and activation of the registry
// on the wasm instance, the js instance and the float64 reference (test/helpers/reference.ts). The long run is
// `npm run fuzz -- --runs N [--seed S] [--fn name]`.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { js, wasm } from './helpers/backends.js';
import { FUNCTIONS, property, report, type Stats } from './helpers/fuzz.js';
import { KNOWN } from './helpers/known.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const stats: Stats = {};

describe('fuzz: wasm, js and the float64 reference agree', () => {
  for (const name of FUNCTIONS) {
    it(name, () => {
      fc.assert(property(name, wasm, js, stats), { numRuns: RUNS, seed: SEED, includeErrorInReport: true });
    });
  }
  afterAll(() => { console.log(`fuzz, ${RUNS} runs per function, seed ${SEED}:\n${report(stats)}`); });
});

describe('KNOWN: losskit bugs that disagree with PyTorch (remove an entry once it is fixed)', () => {
  for (const known of KNOWN) {
    it(known.what, () => {
      for (const [label, k] of [['wasm', wasm], ['js', js]] as const) {
        if (known.backends && !known.backends.includes(label)) continue;
        const actual = known.run(k);
        expect(known.stillWrong(actual), `${label}: ${known.what} now gives ${JSON.stringify(actual)}: fixed? remove it from KNOWN`).toBe(true);
      }
    });
  }
});
