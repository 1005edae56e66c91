// onnxruntime-web in Chromium: the fixture models (test/fixtures/onnx/) run in its wasm backend in a page that
// imports the runtime and losskit's browser build with no bundler (test/browser/ort-web/); the output tensors go
// to losskit as they are, and the numbers must equal PyTorch's and scikit-learn's (tools/gen-onnx-model.py)
// to within float32 rounding of the logits.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../scripts/serve.mjs';
import { launch, openPage } from './chromium.js';

const ref = JSON.parse(readFileSync(new URL('../fixtures/onnx/references.json', import.meta.url), 'utf8'));
const cls = ref.classifier, want = cls.expected, lm = ref.lmHead;

interface Scored {
  error?: string; backend: string; dims: number[]; location: string;
  logits: number[]; loss: number; grad: number[]; softmax: number[];
  metrics: { count: number; loss: number; perplexity: number; accuracy: number; topK: number; calibrationError: number; brierScore: number };
  auroc: number; f1Score: number;
  float16: { error?: string; type: string; array: string; loss?: number; accuracy?: number };
  lm: { dims: number[]; loss: number; perplexity: number; accuracy: number };
}

let server: Awaited<ReturnType<typeof serve>>;
let browser: Browser;
let scored: Scored;
let errors: string[];

beforeAll(async () => {
  server = await serve();
  browser = await launch();
  const opened = await openPage(browser, `${server.url}/test/browser/ort-web/`);
  errors = opened.errors;
  // requests leaving 127.0.0.1 would mean a CDN fallback: recorded as errors
  opened.page.on('request', (r) => { if (!r.url().startsWith(server.url)) errors.push(`request: ${r.url()}`); });
  await opened.page.waitForSelector('body[data-ready]', { state: 'attached', timeout: 60_000 });
  scored = await opened.page.evaluate(() => (globalThis as unknown as { scored: Scored }).scored);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** |a - e| ≤ atol + rtol·|e| for every element (float32 rounding of the logits). */
function close(actual: number[] | number, expected: number[] | number, what: string, rtol = 1e-5, atol = 1e-6): void {
  const a = [actual].flat(), e = [expected].flat();
  expect(a.length, what).toBe(e.length);
  a.forEach((v, i) => expect(Math.abs(v - e[i]), `${what}[${i}]: ${v} vs ${e[i]}`).toBeLessThanOrEqual(atol + rtol * Math.abs(e[i])));
}

describe('onnxruntime-web output tensors scored in Chromium', () => {
  it('the page ran both models with no error and no request off the machine', () => {
    expect(scored.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(scored.backend).toBe('wasm');
    expect([scored.dims, scored.location]).toEqual([cls.shape, 'cpu']);
    close(scored.logits, cls.logits, 'logits');
  });

  it('crossEntropy, its gradient and softmax equal PyTorch', () => {
    close(scored.loss, want.loss, 'loss');
    close(scored.grad, want.grad, 'grad', 1e-5, 1e-8);
    close(scored.softmax, want.softmax, 'softmax', 1e-5, 1e-7);
  });

  it('classificationMetrics, AUROC and F1 equal scikit-learn', () => {
    const m = scored.metrics;
    expect([m.count, m.accuracy, m.topK]).toEqual([cls.shape[0], want.accuracy, want.topK]);
    close([m.loss, m.perplexity, m.calibrationError, m.brierScore], [want.loss, want.perplexity, want.calibrationError, want.brierScore], 'metrics');
    close(scored.auroc, want.auroc, 'AUROC');
    expect(scored.f1Score).toBeCloseTo(want.f1Score, 12);
  });

  it('the [2, 5, 7] head with classDim -1', () => {
    expect(scored.lm.dims).toEqual(lm.shape);
    close([scored.lm.loss, scored.lm.perplexity], [lm.expected.loss, lm.expected.perplexity], 'lm');
    expect(scored.lm.accuracy).toBe(lm.expected.accuracy);
  });

  // Where the engine has Float16Array (Chromium does), onnxruntime-web hands a float16 output over as one.
  it('the float16 output arrives as a Float16Array', () => {
    expect([scored.float16.type, scored.float16.array]).toEqual(['float16', 'Float16Array']);
  });

  it('the float16 output is widened and scored', () => {
    expect(scored.float16.error).toBeUndefined();
    close(scored.float16.loss!, cls.float16.loss, 'float16 loss', 2e-3, 0);
    expect(scored.float16.accuracy).toBe(cls.float16.accuracy);
  });
});
