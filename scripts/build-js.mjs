// Bundles the entries: dist/index.js (ESM) and dist/index.cjs (CommonJS) for Node and other runtimes,
// dist/browser.js (ESM, minified) for browsers and bundlers; types come from tsc.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'neutral', target: 'es2022', logLevel: 'warning' };
await build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', outfile: 'dist/index.js' });
await build({ ...common, entryPoints: ['src/index.ts'], format: 'cjs', outfile: 'dist/index.cjs' });
await build({
  ...common, entryPoints: ['src/browser.ts'], format: 'esm', outfile: 'dist/browser.js',
  platform: 'browser', minify: true,
});
