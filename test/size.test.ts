// The size budget: what a page that scores model outputs downloads (gzip -9, as servers send it).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const gzipped = (path: string): number => gzipSync(readFileSync(new URL(`../${path}`, import.meta.url)), { level: 9 }).length;
const KB = 1024;

describe('size budget', () => {
  // (45 KB and 80 KB before issue 13's Keras/optax losses; the overlap kernel and NT-Xent add about 3 KB)
  it('build/losskit.wasm is at most 47 KB gzipped', () => {
    expect(gzipped('build/losskit.wasm')).toBeLessThanOrEqual(47 * KB);
  });
  it('dist/browser.js (the module embedded) is at most 82 KB gzipped', () => {
    expect(gzipped('dist/browser.js')).toBeLessThanOrEqual(82 * KB);
  });
});
