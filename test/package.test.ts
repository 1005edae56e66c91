// The package as published (npm pack of the built dist/, as `npm test` runs after the build): publint and
// arethetypeswrong find no problem, each condition of "exports" gets its own declarations (import: .d.ts,
// require: .d.cts), and a TypeScript consumer compiles against it (node16 module resolution, full checking of
// the package's declarations) and runs from CommonJS and from ESM.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../scripts/serve.mjs';

const require = createRequire(import.meta.url);
let dir: string;
let tarball: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'losskit-pack-'));
  // --ignore-scripts: `prepare` would rebuild everything; npm test runs after the build (npm install / npm run build)
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: repoRoot });
  tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the built entries and both declaration trees (run `npm run build` first)', () => {
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    for (const f of ['index.js', 'index.cjs', 'browser.js', 'index.d.ts', 'index.d.cts', 'browser.d.ts']) {
      expect(list, `package/dist/${f}`).toContain(`package/dist/${f}`);
    }
    // every CommonJS declaration names CommonJS declarations: no relative './x.js' left in a .d.cts
    const ctsFiles = list.filter((f) => f.endsWith('.d.cts'));
    expect(ctsFiles.length).toBe(list.filter((f) => f.endsWith('.d.ts') && !f.endsWith('/browser.d.ts')).length);
    for (const f of ctsFiles) {
      const text = execFileSync('tar', ['-xzOf', tarball, f], { encoding: 'utf8' });
      expect(text, f).not.toMatch(/['"]\.\.?\/[^'"]*\.js['"]/);
    }
  });

  it('publint --strict: no error, warning or suggestion', async () => {
    const buf = readFileSync(tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) },
      strict: true,
      level: 'suggestion',
    });
    const report = messages.map((m) => `${m.type}: ${formatMessage(m, pkg, { color: false })}`).join('\n');
    if (messages.length > 0) expect.fail(`publint --strict found ${messages.length} problem(s):\n${report}`);
  });

  it('arethetypeswrong (all resolutions: node10, node16 from CJS and ESM, bundler): no problem', () => {
    const attw = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist', 'index.js'); // its bin
    const run = (format: string): ReturnType<typeof spawnSync> =>
      spawnSync(process.execPath, [attw, tarball, '--format', format, '--profile', 'strict', '--no-color'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const json = run('json');
    let result: { problems?: unknown; analysis?: { entrypoints?: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }> } } = {};
    try {
      result = JSON.parse(String(json.stdout));
    } catch {
      // reported below with the table
    }
    const problems = result.problems && typeof result.problems === 'object' ? Object.keys(result.problems) : ['(no JSON output)'];
    if (json.status !== 0 || problems.length > 0) {
      const table = run('table');
      expect.fail(`attw exited ${json.status}; problems: ${problems.join(', ')}\n${String(table.stdout)}${String(table.stderr)}${String(json.stderr)}`);
    }
    // the declarations each resolution gets
    const types = Object.fromEntries(Object.entries(result.analysis!.entrypoints!['.'].resolutions)
      .map(([kind, r]) => [kind, r.resolution?.fileName.replace('/node_modules/losskit/', '')]));
    expect(types).toEqual({
      'node10': 'dist/index.d.ts', 'node16-cjs': 'dist/index.d.cts', 'node16-esm': 'dist/index.d.ts', 'bundler': 'dist/index.d.ts',
    });
  }, 60_000);

  describe('a TypeScript consumer (module and moduleResolution node16, strict, skipLibCheck off)', () => {
    let app: string;
    const source = `
import { createLosskitSync, crossEntropy, LosskitError } from 'losskit';
const loss: number = crossEntropy(Float32Array.from([2, 1, 0.1, 0.5, 2.5, -1]), Int32Array.from([0, 1]));
const backend: 'wasm' | 'js' = createLosskitSync({ backend: 'js' }).backend;
// never called: a type check only (the declarations are loaded, not \`any\`: a string is not a FloatArray)
export function typeOnly(): void {
  // @ts-expect-error
  crossEntropy('logits', Int32Array.from([0]));
}
let code = '';
try { crossEntropy(Float32Array.from([1, 2]), Int32Array.from([5])); } catch (e) { if (e instanceof LosskitError) code = e.code; }
console.log(JSON.stringify({ loss, backend, code }));
`;
    const tsc = require.resolve('typescript/bin/tsc');
    const compile = (file: string): string[] => {
      const config = join(app, `tsconfig.${file}.json`);
      // lib: the declarations name WebAssembly.Memory (dom) and Symbol.dispose (esnext.disposable, or @types/node)
      writeFileSync(config, JSON.stringify({
        compilerOptions: {
          module: 'node16', moduleResolution: 'node16', target: 'es2022', lib: ['es2022', 'dom', 'esnext.disposable'], types: [],
          strict: true, skipLibCheck: false, outDir: 'out', listFiles: true,
        },
        files: [file],
      }));
      const r = spawnSync(process.execPath, [tsc, '-p', config], { cwd: app, encoding: 'utf8' });
      const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => !l.startsWith('/')).join('\n'); // not the file list
      expect(r.status, `tsc ${file}:\n${errors}`).toBe(0);
      return r.stdout.split('\n').filter((l) => l.includes('/node_modules/losskit/')).map((l) => l.slice(l.indexOf('/node_modules/losskit/') + 22)).sort();
    };
    const run = (file: string): { loss: number; backend: string; code: string } => {
      const r = spawnSync(process.execPath, [file], { cwd: app, encoding: 'utf8' });
      expect(r.status, `node ${file}:\n${r.stdout}${r.stderr}`).toBe(0);
      return JSON.parse(r.stdout);
    };
    // float64 mathematics: mean over the rows of logsumexp(row) - row[target]
    const lse = (a: number[]): number => Math.log(a.reduce((s, v) => s + Math.exp(v), 0));
    const f = Math.fround;
    const expected = ((lse([2, 1, 0.1].map(f)) - 2) + (lse([0.5, 2.5, -1].map(f)) - 2.5)) / 2;

    beforeAll(() => {
      app = join(dir, 'consumer');
      const pkg = join(app, 'node_modules', 'losskit');
      mkdirSync(pkg, { recursive: true });
      execFileSync('tar', ['-xzf', tarball, '-C', pkg, '--strip-components=1']);
      writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
      writeFileSync(join(app, 'cjs.cts'), source);
      writeFileSync(join(app, 'esm.mts'), source);
    });

    it('from CommonJS (.cts): compiles against dist/index.d.cts and runs dist/index.cjs', () => {
      const used = compile('cjs.cts');
      expect(used).toContain('dist/index.d.cts');
      expect(used.filter((f) => f.endsWith('.d.ts'))).toEqual([]);
      expect(readFileSync(join(app, 'out', 'cjs.cjs'), 'utf8')).toMatch(/require\("losskit"\)/);
      const r = run('out/cjs.cjs');
      expect(r.backend).toBe('js');
      expect(r.code).toBe('ERR_VALUE');
      expect(r.loss).toBeCloseTo(expected, 6);
    }, 60_000);

    it('from ESM (.mts): compiles against dist/index.d.ts and runs dist/index.js', () => {
      const used = compile('esm.mts');
      expect(used).toContain('dist/index.d.ts');
      expect(used.filter((f) => f.endsWith('.d.cts'))).toEqual([]);
      expect(readFileSync(join(app, 'out', 'esm.mjs'), 'utf8')).toMatch(/from 'losskit'/);
      const r = run('out/esm.mjs');
      expect(r.backend).toBe('js');
      expect(r.code).toBe('ERR_VALUE');
      expect(r.loss).toBeCloseTo(expected, 6);
    }, 60_000);
  });
});
