// The size budget: what a page that scores model outputs downloads (gzip -9, as servers send it).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const gzipped = (path: string): number => gzipSync(readFileSync(new URL(`../${path}`, import.meta.url)), { level: 9 }).length;
const KB = 1024;

describe('size budget', () => {
  it('build/losskit.wasm is at most 45 KB gzipped', () => {
    expect(gzipped('build/losskit.wasm')).toBeLessThanOrEqual(45 * KB);
  });
  it('dist/browser.js (the module embedded) is at most 80 KB gzipped', () => {
    expect(gzipped('dist/browser.js')).toBeLessThanOrEqual(80 * KB);
  });
});
