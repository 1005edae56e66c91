// Bundles src/index.ts into dist/index.js (ESM) and dist/index.cjs (CommonJS); types come from tsc.
import { build } from 'esbuild';

const common = { entryPoints: ['src/index.ts'], bundle: true, platform: 'neutral', target: 'es2022', logLevel: 'warning' };
await build({ ...common, format: 'esm', outfile: 'dist/index.js' });
await build({ ...common, format: 'cjs', outfile: 'dist/index.cjs' });
