// Threads in real Chromium: a page served cross-origin isolated (COOP/COEP) runs 2 threads in a Worker with the
// bits of one thread, and 1 on its main thread (which may not wait); a page without isolation falls back to 1.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../scripts/serve.mjs';
import { launch, openPage } from './chromium.js';

const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
let plain: Awaited<ReturnType<typeof serve>>;
let isolated: Awaited<ReturnType<typeof serve>>;
let browser: Browser;

beforeAll(async () => {
  // the same files from two servers: every response with the isolation headers, or none
  [plain, isolated] = await Promise.all([serve(), serve({ headers: () => ISOLATION })]);
  browser = await launch();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await plain?.close();
  await isolated?.close();
});

async function report(url: string): Promise<Record<string, unknown>> {
  const { page, errors } = await openPage(browser, url);
  await page.waitForSelector('#result[data-done]', { state: 'attached', timeout: 60_000 });
  const r = JSON.parse((await page.textContent('#result'))!);
  expect(errors).toEqual([]);
  await page.close();
  return r;
}

describe('threads in Chromium', () => {
  it('a cross-origin isolated page: 2 threads in a Worker, the bits of one thread; 1 on the main thread', async () => {
    const r = await report(`${isolated.url}/test/browser/pages/threads.html`);
    expect(r).toEqual({ isolated: true, mainThreads: 1, workerThreads: 2, same: true, values: 2 * 256 * 1000 + 2 });
  }, 90_000);

  it('a page without isolation: 1 thread, the same results', async () => {
    const r = await report(`${plain.url}/test/browser/pages/threads.html`);
    expect(r).toEqual({ isolated: false, mainThreads: 1, workerThreads: 1, same: true, values: 2 * 256 * 1000 + 2 });
  }, 90_000);
});
