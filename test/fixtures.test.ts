// Every function against its reference library (test/fixtures: PyTorch 1.13 from tools/gen-fixtures.py, Keras 3
// from tools/gen-keras-pointwise-fixtures.py): every case, dtype and reduction, loss and gradient, on every backend.
import { describe, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { ACTIVATIONS, checkFixture, LOSSES } from './helpers/cases.js';
import { loadFixtures } from './helpers/fixtures.js';

for (const name of [...LOSSES, ...ACTIVATIONS]) {
  const cases = loadFixtures(name);
  const what = LOSSES.includes(name) ? 'reference cases × every reduction, loss and gradient' : 'reference cases';
  describe(name, () => {
    for (const [label, k] of backends) {
      it(`${label}: ${cases.length} ${what}`, () => checkFixture(k, name, cases));
    }
  });
}
