// Chromium for the browser tests: Debian's /usr/bin/chromium (or $CHROMIUM, see chromium-path.ts) driven by
// playwright-core (no browser download), headless, with the flags this closed network needs; pages are
// served on 127.0.0.1.
import { chromium, type Browser, type Page } from 'playwright-core';
import { executablePath } from './chromium-path.js';

export { executablePath };

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
    ],
  });
}

/** A new page that records its uncaught errors and console errors (tests assert there are none). */
export async function openPage(browser: Browser, url: string, viewport = { width: 1280, height: 800 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await page.goto(url);
  return { page, errors };
}
