// The edges against PyTorch 1.13 (test/fixtures/edges, from tools/gen-edge-fixtures.py): ignored rows holding
// -inf and NaN logits, NaN through the clamp-based losses, int64 class indices and ignore indices beyond int32,
// CTC padding never read, a tiny pos_weight; every backend and the free functions, every reduction.
import { describe, it } from 'vitest';
import { backends } from './helpers/backends.js';
import { checkLossCase } from './helpers/cases.js';
import { loadEdgeFixtures } from './helpers/fixtures.js';

for (const [file, cases] of loadEdgeFixtures()) {
  describe(`edges: ${file}`, () => {
    for (const [label, k] of backends) {
      it(`${label}: ${cases.map((c) => c.id).filter((v, i, a) => a.indexOf(v) === i).join(', ')}`, () => {
        for (const c of cases) checkLossCase(k, c.function ?? file, c);
      });
    }
  });
}
