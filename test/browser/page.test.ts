// losskit in real Chromium (Debian's, through playwright-core): the PyTorch fixtures on both backends in a
// page loading dist/browser.js without a bundler, the free functions, createLosskit and errors, outputs
// equal to Node's bit for bit, the same in a Worker, and the JS fallback where WebAssembly is forbidden.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../scripts/serve.mjs';
import { ACTIVATIONS, LOSSES, outputsOf } from '../helpers/cases.js';
import { loadFixtures } from '../helpers/fixtures.js';
import { buildHarness } from './build-harness.js';
import { launch, openPage } from './chromium.js';

const NAMES = [...LOSSES, ...ACTIVATIONS];
type Harness = { check(n: string, l: string): Promise<{ cases: number; error: string | null }> };

let server: Awaited<ReturnType<typeof serve>>;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  await buildHarness();
  // the CSP page forbids compiling WebAssembly ('wasm-unsafe-eval' missing), as strict sites do
  server = await serve({
    headers: (path): Record<string, string> => (path.endsWith('/csp.html') ? { 'content-security-policy': "script-src 'self'" } : {}),
  });
  browser = await launch();
  ({ page, errors } = await openPage(browser, `${server.url}/test/browser/harness/`));
  await page.waitForSelector('body[data-ready]', { state: 'attached' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('PyTorch fixtures in Chromium', () => {
  for (const label of ['wasm', 'js'] as const) {
    for (const name of NAMES) {
      it(`${label}: ${name}`, async () => {
        const r = await page.evaluate(([n, l]) => (globalThis as unknown as { harness: Harness }).harness.check(n, l), [name, label]);
        expect(r.error).toBeNull();
        expect(r.cases).toBeGreaterThan(0);
      });
    }
  }
});

// Node's side of the comparison: the Node entry of the same build.
async function nodeOutputs(label: 'wasm' | 'js', name: string): Promise<number[]> {
  const lk = await import('../../dist/index.js');
  const k = lk.createLosskitSync(label === 'wasm' ? { backend: 'wasm', wasmFrom: 0 } : { backend: 'js' });
  return outputsOf(k, name, loadFixtures(name));
}

// Node 20's V8 and Chromium's differ in the last bit of Math.log, Math.exp and Math.pow (measured: about 5% and
// 10% of float64 arguments); the float64 JS kernels and a few float64 terms the API computes use them. So:
// bit for bit, or within ULPS float64 ulp of the larger magnitude, with the fixture tolerance's floor of 1% of
// the file's largest output (where such a difference meets cancellation, as in klDiv's t (log t - x)).
const ULPS = 8;
function sameNumbers(actual: number[], expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let largest = 0;
  for (const e of expected) if (Number.isFinite(e)) largest = Math.max(largest, Math.abs(e));
  let worst = -1, worstUlps = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i], e = expected[i];
    if (Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e))) continue;
    const ulps = Math.abs(a - e) / (Math.max(Math.abs(a), Math.abs(e), 1e-2 * largest) * Number.EPSILON);
    if (!(ulps <= worstUlps)) { worst = i; worstUlps = ulps; }
  }
  expect(worstUlps, `${what}: [${worst}] ${actual[worst]} vs ${expected[worst]}`).toBeLessThanOrEqual(ULPS);
}

describe('the same numbers as Node', () => {
  for (const label of ['wasm', 'js'] as const) {
    it(`${label}: every fixture output, to the last bits, in the page and in a Worker`, async () => {
      for (const name of NAMES) {
        const expected = await nodeOutputs(label, name);
        const [inPage, inWorker] = await page.evaluate(([n, l]) => {
          const h = (globalThis as unknown as { harness: { outputs(n: string, l: string): Promise<number[]>; inWorker(f: string, n: string, l: string): Promise<number[]> } }).harness;
          return Promise.all([h.outputs(n, l), h.inWorker('outputs', n, l)]);
        }, [name, label]);
        sameNumbers(inPage, expected, `${label} ${name} page`);
        sameNumbers(inWorker, expected, `${label} ${name} worker`);
      }
    });
  }

  it('a Worker runs the fixtures on wasm (its free functions) and js', async () => {
    const r = await page.evaluate(async () => {
      const h = (globalThis as unknown as { harness: { inWorker(f: string, n?: string, l?: string): Promise<unknown> } }).harness;
      return {
        backend: await h.inWorker('backend'),
        ce: await h.inWorker('check', 'crossEntropy', 'default'),
        bce: await h.inWorker('check', 'binaryCrossEntropyWithLogits', 'js'),
      };
    });
    expect(r).toEqual({ backend: 'wasm', ce: { cases: expect.any(Number), error: null }, bce: { cases: expect.any(Number), error: null } });
  });
});

describe('the API in the page', () => {
  it('free functions: ready() resolves to wasm; the worked example; zero-copy buffers', async () => {
    const r = await page.evaluate(async () => {
      const { lk } = (globalThis as unknown as { harness: { lk: typeof import('../../src/index.js') } }).harness;
      const backend = await lk.ready();
      const probs = Float32Array.from([0.5, 0.1, 0.3]);
      const target = Int32Array.from([2]);
      const buf = lk.alloc('float32', 3);
      buf.array.set(probs);
      const viaBuffer = lk.crossEntropy(buf, target);
      buf.free();
      return {
        backend, defaultBackend: lk.defaultBackend(),
        nll: lk.nllLoss(probs.map(Math.log), target),
        ce: lk.crossEntropy(probs, target),
        viaBuffer,
      };
    });
    expect(r.backend).toBe('wasm');
    expect(r.defaultBackend).toBe('wasm');
    // -log 0.3, and log(e^0.5 + e^0.1 + e^0.3) - 0.3 (float64 mathematics)
    expect(r.nll).toBeCloseTo(-Math.log(0.3), 6);
    const lse = Math.log(Math.exp(0.5) + Math.exp(0.1) + Math.exp(0.3));
    expect(r.ce).toBeCloseTo(lse - 0.3, 6);
    expect(r.viaBuffer).toBe(r.ce);
  });

  it('createLosskit on each backend; typed errors name the argument; the instance survives them', async () => {
    const r = await page.evaluate(async () => {
      const { lk } = (globalThis as unknown as { harness: { lk: typeof import('../../src/index.js') } }).harness;
      const out: Record<string, unknown> = {};
      for (const backend of ['wasm', 'js'] as const) {
        const k = await lk.createLosskit({ backend });
        let err: unknown;
        try { k.mseLoss(new Float32Array(3), new Float32Array(4)); } catch (e) { err = e; }
        out[backend] = {
          backend: k.backend,
          isLosskitError: err instanceof lk.LosskitError, isRangeError: err instanceof RangeError,
          argument: (err as { argument?: string }).argument, code: (err as { code?: string }).code,
          after: k.mseLoss(Float32Array.from([1, 2]), Float32Array.from([0, 0])),
        };
      }
      return out;
    });
    for (const backend of ['wasm', 'js']) {
      expect(r[backend]).toEqual({ backend, isLosskitError: true, isRangeError: true, argument: 'target', code: 'ERR_LENGTH', after: 2.5 });
    }
  });

  it('the page logged no errors', () => {
    expect(errors).toEqual([]);
  });
});

describe('pages without a bundler', () => {
  it('a plain <script type="module"> page computes a loss on wasm', async () => {
    const { page: p, errors: errs } = await openPage(browser, `${server.url}/test/browser/pages/plain.html`);
    await p.waitForSelector('#result[data-done]');
    expect(JSON.parse(await p.textContent('#result') ?? '')).toEqual({ backend: 'wasm', loss: expect.any(Number) });
    expect(JSON.parse(await p.textContent('#result') ?? '').loss).toBeCloseTo(-Math.log(0.3), 6);
    expect(errs).toEqual([]);
    await p.close();
  });

  it('a call before ready() compiles synchronously on the main thread (the module is below the limit); ready() agrees', async () => {
    const { page: p, errors: errs } = await openPage(browser, `${server.url}/test/browser/pages/sync.html`);
    await p.waitForSelector('#result[data-done]');
    const r = JSON.parse(await p.textContent('#result') ?? '');
    expect(r).toEqual({ first: 'wasm', afterReady: 'wasm', loss: expect.any(Number) });
    expect(r.loss).toBeCloseTo(-Math.log(0.3), 6);
    expect(errs).toEqual([]);
    await p.close();
  });

  it("a Content-Security-Policy without 'wasm-unsafe-eval': js runs; backend 'wasm' is a clear error", async () => {
    const { page: p } = await openPage(browser, `${server.url}/test/browser/pages/csp.html`);
    await p.waitForSelector('#result[data-done]');
    const r = JSON.parse(await p.textContent('#result') ?? '');
    expect(r.backend).toBe('js');
    expect(r.defaultBackend).toBe('js');
    expect(r.loss).toBeCloseTo(-Math.log(0.3), 6);
    expect(r.forced).toMatchObject({ name: 'LosskitRangeError', code: 'ERR_BACKEND', argument: 'options.backend' });
    expect(r.forced.message).toMatch(/WebAssembly could not be compiled/);
    await p.close();
  });

  // Engines without WebAssembly, or without SIMD (the module does not validate), as the page sees them.
  const without = {
    WebAssembly: () => { delete (globalThis as { WebAssembly?: unknown }).WebAssembly; },
    'WebAssembly SIMD': () => { WebAssembly.validate = () => false; },
  };
  for (const [what, init] of Object.entries(without)) {
    it(`where ${what} is missing, js runs`, async () => {
      const p = await browser.newPage();
      await p.addInitScript(init);
      await p.goto(`${server.url}/test/browser/pages/plain.html`);
      await p.waitForSelector('#result[data-done]');
      const r = JSON.parse(await p.textContent('#result') ?? '');
      expect(r.backend).toBe('js');
      expect(r.loss).toBeCloseTo(-Math.log(0.3), 6);
      await p.close();
    });
  }
});
