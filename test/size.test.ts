// The size budget: what a page that scores model outputs downloads (gzip -9, as servers send it).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const gzipped = (path: string): number => gzipSync(readFileSync(new URL(`../${path}`, import.meta.url)), { level: 9 }).length;
const KB = 1024;

describe('size budget', () => {
  // (44.2 KB and 77.7 KB with PyTorch's losses alone; the Keras, optax and torchvision losses add about 9 KB to the
  // module, mostly a pointwise driver's loops per element-wise Op, and the JS mirrors, threads and tensors the rest)
  it('build/losskit.wasm is at most 54 KB gzipped', () => {
    expect(gzipped('build/losskit.wasm')).toBeLessThanOrEqual(54 * KB);
  });
  it('dist/browser.js (the module embedded) is at most 96 KB gzipped', () => {
    expect(gzipped('dist/browser.js')).toBeLessThanOrEqual(96 * KB);
  });
});
