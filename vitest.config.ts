import { readdirSync } from 'node:fs';
import { configDefaults, defineConfig } from 'vitest/config';
import { chromiumProblem } from './test/browser/chromium-path.js';

// Without Chromium the browser tests (test/browser/*.test.ts) are left out, and the one test that remains
// there, chromium-present.test.ts, fails with the fix: one clear failure instead of one launch error per test.
const problem = chromiumProblem();
const browserTests = readdirSync(new URL('./test/browser/', import.meta.url))
  .filter((f) => f.endsWith('.test.ts') && f !== 'chromium-present.test.ts')
  .map((f) => `test/browser/${f}`);
if (problem) console.warn(`${problem}\nLeft out: ${browserTests.join(', ')}; test/browser/chromium-present.test.ts fails.\n`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: problem ? [...configDefaults.exclude, ...browserTests] : configDefaults.exclude,
    testTimeout: 120_000,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
