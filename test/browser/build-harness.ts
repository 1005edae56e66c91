// Bundles the harness (test/browser/harness) for the page and its Worker into test/browser/.build/;
// 'losskit' stays an import of the package's own /dist/browser.js, as a page without a bundler loads it.
import { build, type Plugin } from 'esbuild';
import { fileURLToPath } from 'node:url';

const distBrowser: Plugin = {
  name: 'losskit-dist',
  setup(b) {
    b.onResolve({ filter: /^losskit$/ }, () => ({ path: '/dist/browser.js', external: true }));
  },
};

export async function buildHarness(): Promise<void> {
  const dir = (f: string): string => fileURLToPath(new URL(f, import.meta.url));
  await build({
    entryPoints: [dir('harness/page.ts'), dir('harness/worker.ts')],
    outdir: dir('.build'), bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    plugins: [distBrowser], logLevel: 'warning',
  });
}
