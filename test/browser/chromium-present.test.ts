// The browser tests need Chromium. Where it is missing, vitest.config.ts leaves them out and this test is
// the one failure, naming the fix; where it is there, this passes and the browser tests run.
import { expect, it } from 'vitest';
import { chromiumProblem, executablePath } from './chromium-path.js';

it(`Chromium for the browser tests is at ${executablePath}`, () => {
  const problem = chromiumProblem();
  if (problem !== null) expect.fail(problem);
});
