// The long checks, outside `npm test`: `npm run exhaustive` (about 20 minutes).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/exhaustive/*.exhaustive.ts'],
    testTimeout: 3_600_000,
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
