// The loss explorer (examples/explorer, as `npm run explorer` serves it) in Chromium: each section is used
// as a person would, the numbers shown are checked against mathematics, and screenshots are saved at a
// laptop and a phone width (test/browser/screenshots/).
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../scripts/serve.mjs';
import { launch, openPage } from './chromium.js';

const SHOTS = new URL('./screenshots/', import.meta.url);
let server: Awaited<ReturnType<typeof serve>>;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = await serve();
  browser = await launch();
  ({ page, errors } = await openPage(browser, `${server.url}/examples/explorer/`));
  await page.waitForSelector('body[data-ready]', { state: 'attached' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const text = async (sel: string): Promise<string> => (await page.textContent(sel))?.trim() ?? '';
const num = async (sel: string): Promise<number> => Number(await text(sel));
// Sets the file input and waits until the page has read and scored that file (reading is asynchronous).
async function upload(name: string, mimeType: string, content: string): Promise<void> {
  await page.setInputFiles('#score-file', { name, mimeType, buffer: Buffer.from(content) });
  await page.waitForFunction((n) => document.getElementById('score-name')?.textContent === n, name);
}
const softplus = (z: number): number => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));

/** 300 rows of 5 logits from a fixed generator: a classifier more accurate than confident, so the bins show a gap. */
function classifierRows(): { logits: number[]; target: number }[] {
  let s = 12345;
  const rand = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  return Array.from({ length: 300 }, () => {
    const target = Math.floor(rand() * 5);
    const logits = Array.from({ length: 5 }, (_, c) => +((rand() * 2 - 1 + (c === target ? 1.2 : 0)) * 2.5).toFixed(3));
    return { logits, target };
  });
}

/** The metrics from their definitions, in float64: softmax, argmax, equal-width confidence bins [k/B, (k+1)/B). */
function classifierMath(rows: { logits: number[]; target: number }[], binCount: number, k: number) {
  const bins = Array.from({ length: binCount }, () => ({ count: 0, hits: 0, conf: 0 }));
  let hits = 0, topHits = 0, nll = 0, brier = 0;
  for (const { logits, target } of rows) {
    const m = Math.max(...logits), z = logits.reduce((a, v) => a + Math.exp(v - m), 0);
    const p = logits.map((v) => Math.exp(v - m) / z);
    const conf = Math.max(...p), hit = p.indexOf(conf) === target ? 1 : 0;
    hits += hit;
    topHits += logits.filter((v) => v > logits[target]).length < k ? 1 : 0;
    nll += Math.log(z) + m - logits[target];
    brier += p.reduce((a, v, c) => a + (v - (c === target ? 1 : 0)) ** 2, 0);
    const b = bins[Math.min(Math.floor(conf * binCount), binCount - 1)];
    b.count++; b.hits += hit; b.conf += conf;
  }
  const n = rows.length;
  return {
    accuracy: hits / n, top3: topHits / n, perplexity: Math.exp(nll / n), brier: brier / n,
    ece: bins.reduce((a, b) => a + (b.count ? Math.abs(b.hits / b.count - b.conf / b.count) * b.count / n : 0), 0),
    bins: bins.map((b) => ({ count: b.count, accuracy: b.hits / b.count, confidence: b.conf / b.count })),
  };
}

describe('loss explorer', () => {
  it("`npm run explorer`'s script serves the page and prints its address", async () => {
    const child = spawn(process.execPath, ['scripts/explorer.mjs', '--port', '0'], { cwd: new URL('../..', import.meta.url) });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (d: Buffer) => resolve(String(d)));
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const url = /(http:\/\/127\.0\.0\.1:\d+\/examples\/explorer\/)/.exec(line)?.[1];
      expect(url, line).toBeDefined();
      const res = await fetch(url!);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('loss explorer');
    } finally {
      child.kill();
    }
  });

  it('runs on wasm, from the package itself', async () => {
    expect(await text('#backend')).toBe('wasm');
    expect(await page.evaluate(() => Array.from(document.scripts, (s) => s.textContent).join(''))).toContain('/dist/browser.js');
  });

  it('curves: loss and gradient at the prediction, for each loss, follow the formulas', async () => {
    const at = async (): Promise<[number, number]> => [await num('#curve-at-loss'), await num('#curve-at-grad')];
    await page.selectOption('#curve-loss', 'mseLoss');
    await page.fill('#curve-target', '0.5');
    await page.fill('#curve-pred', '1.5');
    expect(await at()).toEqual([1, 2]); // (1.5 - 0.5)², 2 (1.5 - 0.5)
    expect(await page.getAttribute('#curve-loss-chart path.line', 'd')).toMatch(/^M[\d.,]+(L[\d.,]+){240}$/);
    await page.selectOption('#curve-loss', 'l1Loss'); // target resets to 0, the prediction to 1.5
    expect(await at()).toEqual([1.5, 1]);
    await page.fill('#curve-pred', '-0.6');
    expect(await at()).toEqual([0.6, -1]); // L1's gradient stays ±1
    await page.selectOption('#curve-loss', 'huberLoss');
    expect(await page.isVisible('#curve-param')).toBe(true);
    await page.fill('#curve-param', '0.5');
    expect(await at()).toEqual([0.5 * (1.5 - 0.25), 0.5]); // δ (|d| - δ/2), δ sign d
    await page.selectOption('#curve-loss', 'binaryCrossEntropyWithLogits'); // target 1, prediction -2
    expect(await page.isVisible('#curve-param')).toBe(false);
    const [loss, grad] = await at();
    expect(loss).toBeCloseTo(softplus(2), 4);
    expect(grad).toBeCloseTo(1 / (1 + Math.exp(2)) - 1, 4);
    expect(await text('#curve-story')).toMatch(/stabl/);
    await page.selectOption('#curve-loss', 'hingeLoss'); // target 1, prediction -2
    expect(await at()).toEqual([3, -1]); // max(1 - 1·(-2), 0), -y
    await page.fill('#curve-target', '0'); // all targets 0: read as -1
    expect(await at()).toEqual([0, 0]); // max(1 - 2, 0), past the margin
    await page.selectOption('#curve-loss', 'meanAbsolutePercentageError'); // target 1, prediction 1.5
    expect(await at()).toEqual([50, 100]);
  });

  it('outlier: the best MSE constant is the mean and follows the outlier; L1 stays at the median', async () => {
    const inliers = [0.7, 0.85, 0.95, 1.0, 1.05, 1.2];
    for (const outlier of [10, 20]) {
      await page.fill('#outlier', String(outlier));
      const mean = [...inliers, outlier].reduce((s, v) => s + v, 0) / 7;
      expect(Math.abs(await num('#outlier-mse') - mean)).toBeLessThanOrEqual(0.01); // a grid of 0.01, shown to 2 decimals
      expect(await num('#outlier-l1')).toBeCloseTo(1.0, 2);
    }
  });

  it('cross-entropy: editing a logit and the target updates loss, entropy, softmax and gradient', async () => {
    await page.fill('#ce-logits input[data-class="0"]', '3');
    await page.selectOption('#ce-target', '2');
    const logits = [3, 1, 0.1, -1];
    const z = logits.reduce((s, v) => s + Math.exp(v), 0);
    const p = logits.map((v) => Math.exp(v) / z);
    expect(await num('#ce-loss')).toBeCloseTo(Math.log(z) - 0.1, 4);
    expect(await num('#ce-entropy')).toBeCloseTo(-p.reduce((s, v) => s + v * Math.log(v), 0), 4);
    const bars = (id: string): Promise<number[]> => page.$$eval(`${id} rect.bar`, (rs) => rs.map((r) => Number(r.getAttribute('data-value'))));
    (await bars('#ce-probs')).forEach((v, i) => expect(v).toBeCloseTo(p[i], 6));
    (await bars('#ce-grad')).forEach((v, i) => expect(v).toBeCloseTo(p[i] - (i === 2 ? 1 : 0), 6));
  });

  it('the worked example: 1.2040 through nllLoss, 1.1119 through crossEntropy', async () => {
    expect(await text('#ex-nll')).toBe('1.2040');
    expect(await text('#ex-ce')).toBe('1.1119');
    await page.click('#ce-example');
    expect(await text('#ce-loss')).toBe('1.1119');
    expect(await page.$$eval('#ce-logits input', (is) => is.map((i) => (i as HTMLInputElement).value))).toEqual(['0.5', '0.1', '0.3']);
  });

  it('scoring a CSV file: mean loss, histogram and worst samples; switching the loss', async () => {
    const csv = 'prediction,target\n1,1\n2,2.5\n3,3\n4,3\n10,0\n';
    await upload('preds.csv', 'text/csv', csv);
    expect(await page.inputValue('#score-loss')).toBe('mseLoss');
    expect(await num('#score-n')).toBe(5);
    expect(await num('#score-mean')).toBeCloseTo((0 + 0.25 + 0 + 1 + 100) / 5, 6);
    expect(await page.$$eval('#score-worst tr:first-child td', (td) => td.map((t) => t.textContent))).toEqual(['1', '4', '10', '0', '100.00']);
    const counts = await page.$$eval('#score-hist rect.bar', (rs) => rs.map((r) => Number(r.getAttribute('data-count'))));
    expect(counts.reduce((s, v) => s + v, 0)).toBe(5);
    await page.selectOption('#score-loss', 'l1Loss');
    expect(await num('#score-mean')).toBeCloseTo((0 + 0.5 + 0 + 1 + 10) / 5, 6);
  });

  it('scoring a file dropped on the drop zone', async () => {
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.items.add(new File(['prediction,target\n0,1\n3,1\n'], 'dropped.csv', { type: 'text/csv' }));
      document.getElementById('score-drop')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(() => document.getElementById('score-name')?.textContent === 'dropped.csv');
    expect(await page.inputValue('#score-loss')).toBe('mseLoss');
    expect(await num('#score-mean')).toBeCloseTo((1 + 4) / 2, 6);
  });

  it('scoring a JSON file of class scores suggests cross-entropy; bad data shows losskit\'s error', async () => {
    const json = { predictions: [[2, 0, 0], [0, 1, 3]], targets: [0, 1] };
    await upload('scores.json', 'application/json', JSON.stringify(json));
    expect(await page.inputValue('#score-loss')).toBe('crossEntropy');
    const ce = (r: number[], t: number): number => Math.log(r.reduce((s, v) => s + Math.exp(v), 0)) - r[t];
    expect(await num('#score-mean')).toBeCloseTo((ce([2, 0, 0], 0) + ce([0, 1, 3], 1)) / 2, 4);
    await upload('bad.csv', 'text/csv', 'prediction,target\n0.5,1\n1.5,0\n');
    await page.selectOption('#score-loss', 'binaryCrossEntropy');
    expect(await text('#score-error')).toMatch(/^losskit: input\[1\]: 1\.5 is not a probability/);
    expect(await page.isVisible('#score-results')).toBe(false);
  });

  it("a classifier's file: accuracy, top-k, perplexity, calibration error, Brier and the reliability diagram", async () => {
    const rows = classifierRows();
    await upload('classifier.json', 'application/json', JSON.stringify({ predictions: rows.map((r) => r.logits), targets: rows.map((r) => r.target) }));
    const want = classifierMath(rows, 10, 3);
    expect(await page.isVisible('#score-classifier')).toBe(true);
    expect(await num('#metric-accuracy')).toBeCloseTo(want.accuracy, 4);
    expect(await text('#metric-topk-label')).toBe('top-3 accuracy');
    expect(await num('#metric-topk')).toBeCloseTo(want.top3, 4);
    expect(await num('#metric-perplexity') / want.perplexity).toBeCloseTo(1, 4);
    expect(await num('#metric-ece')).toBeCloseTo(want.ece, 4);
    expect(await num('#metric-brier')).toBeCloseTo(want.brier, 4);
    const bins = await page.$$eval('#score-reliability rect.reliability', (rs) => rs.map((r) => ({
      count: Number(r.getAttribute('data-count')), accuracy: Number(r.getAttribute('data-accuracy')), confidence: Number(r.getAttribute('data-confidence')),
    })));
    expect(bins.map((b) => b.count)).toEqual(want.bins.map((b) => b.count));
    bins.forEach((b, i) => {
      if (b.count === 0) return;
      expect(b.accuracy).toBeCloseTo(want.bins[i].accuracy, 6);
      expect(b.confidence).toBeCloseTo(want.bins[i].confidence, 5);
    });
    // the counts are written above the non-empty bins
    expect(await page.$$eval('#score-reliability text.bar-value.count', (ts) => ts.map((t) => Number(t.textContent))))
      .toEqual(want.bins.filter((b) => b.count > 0).map((b) => b.count));
  });

  it('probabilities per class are read as probabilities; a regression file shows no classifier metrics', async () => {
    const probs = [[0.7, 0.2, 0.1], [0.1, 0.6, 0.3], [0.2, 0.2, 0.6], [0.5, 0.4, 0.1]], targets = [0, 2, 2, 1];
    await upload('probs.json', 'application/json', JSON.stringify({ predictions: probs, targets }));
    // Brier on the probabilities themselves: Σ (p - onehot)² per row, averaged
    const brier = probs.reduce((s, p, i) => s + p.reduce((a, v, c) => a + (v - (c === targets[i] ? 1 : 0)) ** 2, 0), 0) / probs.length;
    expect(await num('#metric-brier')).toBeCloseTo(brier, 4);
    expect(await num('#metric-accuracy')).toBeCloseTo(2 / 4, 6);
    expect(await text('#score-reading')).toMatch(/read as probabilities/);
    await upload('regression.csv', 'text/csv', 'prediction,target\n1.5,2.25\n0.5,0.75\n');
    expect(await page.isVisible('#score-classifier')).toBe(false);
    // the classifier file again, for the screenshots
    const rows = classifierRows();
    await upload('classifier.json', 'application/json', JSON.stringify({ predictions: rows.map((r) => r.logits), targets: rows.map((r) => r.target) }));
  });

  it('the in-page benchmark measures both backends', async () => {
    await page.selectOption('#bench-size', '10000');
    await page.click('#bench-run');
    await page.waitForSelector('#bench-status[data-done]', { timeout: 60_000 });
    const bars = await page.$$eval('#bench-chart rect.bar', (rs) => rs.map((r) => Number(r.getAttribute('data-value'))));
    expect(bars).toHaveLength(2);
    expect(await page.isVisible('#bench-chart')).toBe(true);
    for (const ns of bars) expect(ns).toBeGreaterThan(0);
    expect(await text('#bench-status')).toMatch(/wasm is [\d.]+× faster/);
  });

  it('fits a phone width; screenshots at laptop and phone widths; no errors', async () => {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: new URL('explorer-laptop.png', SHOTS).pathname, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: new URL('explorer-phone.png', SHOTS).pathname, fullPage: true });
    expect(errors).toEqual([]);
  });
});
