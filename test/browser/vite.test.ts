// The packed package (npm pack, as published) in a tiny Vite app with no configuration: a production
// build and the dev server, each loaded in Chromium, compute the same loss and gradient as Node.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build, createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, serve } from '../../scripts/serve.mjs';
import { launch, openPage } from './chromium.js';

let dir: string;
let app: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'losskit-vite-'));
  app = join(dir, 'app');
  cpSync(new URL('./vite-app', import.meta.url), app, { recursive: true });
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: repoRoot });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
  const pkg = join(app, 'node_modules', 'losskit');
  mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['-xzf', join(dir, tarball), '-C', pkg, '--strip-components=1']);
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function expected(): Promise<{ loss: number; grad: number[] }> {
  const lk = await import('../../dist/index.js');
  const r = lk.crossEntropyWithGrad(Float32Array.from([0.5, 0.1, 0.3, 2.0, -1.0, 0.25]), Int32Array.from([2, 0]));
  return { loss: r.loss, grad: Array.from(r.grad) };
}

async function resultAt(url: string): Promise<{ backend: string; loss: number; grad: number[]; errors: string[] }> {
  const { page, errors } = await openPage(browser, url);
  await page.waitForSelector('#result[data-done]', { timeout: 60_000 });
  const r = JSON.parse((await page.textContent('#result')) ?? '');
  await page.close();
  return { ...r, errors };
}

function checkResult(r: Awaited<ReturnType<typeof resultAt>>, e: { loss: number; grad: number[] }): void {
  expect(r.errors).toEqual([]);
  expect(r.backend).toBe('wasm');
  expect(r.loss).toBeCloseTo(e.loss, 6);
  // float64 mathematics: mean of (lse - x[target]) over the two rows
  const lse = (a: number[]): number => Math.log(a.reduce((s, v) => s + Math.exp(v), 0));
  const f = (v: number): number => Math.fround(v);
  const math = ((lse([0.5, 0.1, 0.3].map(f)) - f(0.3)) + (lse([2.0, -1.0, 0.25].map(f)) - f(2.0))) / 2;
  expect(r.loss).toBeCloseTo(math, 6);
  r.grad.forEach((g, i) => expect(g).toBeCloseTo(e.grad[i], 6));
}

describe('Vite', () => {
  it('a production build (vite build) runs in Chromium on wasm', async () => {
    await build({ root: app, configFile: false, logLevel: 'warn', build: { outDir: join(app, 'dist'), emptyOutDir: true } });
    const server = await serve({ root: join(app, 'dist') });
    try {
      checkResult(await resultAt(`${server.url}/`), await expected());
    } finally {
      await server.close();
    }
  });

  it('the dev server (vite, dependency pre-bundling included) runs it in Chromium on wasm', async () => {
    const server = await createServer({
      root: app, configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, strictPort: false },
    });
    await server.listen();
    try {
      checkResult(await resultAt(server.resolvedUrls!.local[0]), await expected());
    } finally {
      await server.close();
    }
  });
});
