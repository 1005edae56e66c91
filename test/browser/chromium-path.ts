// Where the browser tests find Chromium, and whether it is there. No playwright-core here: vitest.config.ts
// reads this to leave the browser tests out when Chromium is missing (test/browser/chromium-present.test.ts
// then fails once, saying how to install it, instead of every browser test failing on launch).
import { accessSync, constants, statSync } from 'node:fs';

/** Debian's Chromium (`apt-get install -y chromium`), or the executable the CHROMIUM variable names. */
export const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

/** Why the browser tests cannot launch Chromium, or null when the executable is there. */
export function chromiumProblem(path = executablePath): string | null {
  const fix = 'install it with `apt-get install -y chromium`, or set CHROMIUM=/path/to/chromium';
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    return `Chromium not found at ${path}: ${fix}`;
  }
  if (!isFile) return `Chromium not found at ${path} (not a file): ${fix}`;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return `Chromium at ${path} is not executable: ${fix}`;
  }
  return null;
}
