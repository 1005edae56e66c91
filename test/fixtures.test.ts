// Every function against PyTorch 1.13 (test/fixtures, from tools/gen-fixtures.py): every case, dtype and
// reduction, loss and gradient, on every backend.
import { describe, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { ACTIVATIONS, checkFixture, LOSSES } from './helpers/cases.js';
import { loadFixtures } from './helpers/fixtures.js';

for (const name of [...LOSSES, ...ACTIVATIONS]) {
  const cases = loadFixtures(name);
  const what = LOSSES.includes(name) ? 'PyTorch cases × every reduction, loss and gradient' : 'PyTorch cases';
  describe(name, () => {
    for (const [label, k] of backends) {
      it(`${label}: ${cases.length} ${what}`, () => checkFixture(k, name, cases));
    }
  });
}
