// The API reference (npm run docs: TypeDoc over the registry's documentation) builds without warnings, documents
// every registry entry, and gives every option its default and its PyTorch (or Keras/torchvision/optax) counterpart.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS, LOSSES } from '../src/losses/registry.js';

const text = (html: string): string => html.replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;/g, ' ').replace(/\s+/g, ' ');
let out: string;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'losskit-docs-'));
  const typedoc = createRequire(import.meta.url).resolve('typedoc/package.json').replace(/package\.json$/, 'bin/typedoc');
  execFileSync(process.execPath, [typedoc, '--out', out], { cwd: new URL('..', import.meta.url), stdio: 'pipe' });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('API reference', () => {
  it('documents every registry entry on Losskit, with its registry documentation', () => {
    const page = text(readFileSync(join(out, 'interfaces', 'Losskit.html'), 'utf8'));
    for (const name of [...Object.keys(LOSSES), ...Object.keys(ACTIVATIONS)]) expect(page, name).toContain(name);
    expect(page).toContain('Mean squared error');
    expect(page).toContain('Connectionist temporal classification');
  });

  it('every option of every options interface states its default and its counterpart', () => {
    // the losses' option interfaces (src/types.ts); the metrics' follow scikit-learn's definitions, stated per metric
    const lossOptions = [...readFileSync(new URL('../src/types.ts', import.meta.url), 'utf8').matchAll(/export interface (\w+Options)\b/g)].map((m) => m[1]);
    const pages = readdirSync(join(out, 'interfaces')).filter((f) => lossOptions.includes(f.replace(/\.html$/, '')));
    expect(pages.length).toBeGreaterThan(15);
    const missing: string[] = [];
    for (const file of pages) {
      const html = readFileSync(join(out, 'interfaces', file), 'utf8');
      // each member section: its name and its comment
      for (const section of html.split('<section class="tsd-panel tsd-member').slice(1)) {
        const name = /id="([^"]+)"/.exec(section)?.[1] ?? '?';
        const body = text(/<div class="tsd-comment[\s\S]*?<\/div>/.exec(section)?.[0] ?? '');
        if (['out', 'gradoutput', 'shape', 'emptymean'].includes(name)) continue; // beyond PyTorch, or read from a tensor
        if (!/default/i.test(body) || !/(PyTorch|torchvision|Keras|optax)/.test(body)) missing.push(`${file}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
