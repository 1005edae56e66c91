// Bundles TypeScript test helpers (and the library from src/) into one temporary ESM file and imports it, so a
// script can run them with plain node: `await importBundle(['test/helpers/fuzz.ts'])`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The named modules' exports, with createLosskitSync from src/. */
export async function importBundle(modules) {
  const dir = mkdtempSync(join(tmpdir(), 'losskit-'));
  const outfile = join(dir, 'bundle.mjs');
  const contents = [...modules.map((m) => `export * from './${m}';`), "export { createLosskitSync } from './src/index.ts';"].join('\n');
  await build({
    stdin: { contents, resolveDir: root, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    outfile, logLevel: 'warning',
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `--name value` flags of argv (numbers where they parse). */
export function flags(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(\w+)$/.exec(argv[i]);
    if (!m || !(m[1] in defaults)) throw new Error(`unknown argument ${argv[i]}; expected ${Object.keys(defaults).map((k) => `--${k}`).join(', ')}`);
    const v = argv[++i];
    out[m[1]] = typeof defaults[m[1]] === 'number' ? Number(v) : v;
  }
  return out;
}
