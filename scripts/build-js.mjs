// Builds dist/ from src/ (after build:wasm has written src/generated/wasm.ts):
//  - dist/index.js (ESM) and dist/index.cjs (CommonJS) for Node and other runtimes, dist/browser.js (ESM,
//    minified) for browsers and bundlers: esbuild bundles;
//  - declarations: tsc (tsconfig.build.json) emits a .d.ts per source file; only those the entries'
//    declarations reach are kept (the others describe internals, one of them the wasm module as a 580 KB
//    string literal), and each kept .d.ts gets a .d.cts twin with its relative specifiers './x.js' rewritten
//    to './x.cjs', so a CommonJS consumer (`require`, TypeScript's node16/nodenext from CJS) gets CommonJS
//    declarations: package.json's exports point "import" at index.d.ts and "require" at index.d.cts.
// dist/ is emptied first, so no file of an earlier build (a module since renamed or removed) is published.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });

// charset utf8: the embedded module's characters U+0080–U+00FF stay one character (two UTF-8 bytes), not an escape
const common = { bundle: true, platform: 'neutral', target: 'es2022', logLevel: 'warning', charset: 'utf8' };
await build({ ...common, entryPoints: ['src/index.ts'], format: 'esm', outfile: 'dist/index.js' });
await build({ ...common, entryPoints: ['src/index.ts'], format: 'cjs', outfile: 'dist/index.cjs' });
await build({
  ...common, entryPoints: ['src/browser.ts'], format: 'esm', outfile: 'dist/browser.js',
  platform: 'browser', minify: true,
});
// the command line (src/cli/): Node only. It imports the library's entry as the published ./index.js (one copy
// of the embedded module in the package); its Arrow and Parquet readers stay external, imported when needed.
const libraryEntry = {
  name: 'library-entry',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) => (args.importer.includes(join('src', 'cli')) ? { path: './index.js', external: true } : undefined));
  },
};
await build({
  ...common, entryPoints: ['src/cli/main.ts'], format: 'esm', outfile: 'dist/cli.js', platform: 'node',
  external: ['apache-arrow', 'lz4js', 'fzstd', 'hyparquet'], plugins: [libraryEntry],
});

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

// Every module specifier in a declaration file: import/export ... from '...', import '...', import('...'),
// require('...'), declare module '...', and /// <reference path="..." />.
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*|\bdeclare\s+module\s+)(['"])([^'"\n]+)\2|(\/\/\/\s*<reference\s+path\s*=\s*)(['"])([^'"\n]+)\5/g;
const isRelative = (s) => s.startsWith('./') || s.startsWith('../');

// [specifier, is it a file path (reference path, always relative)] for each one in `text`.
function specifiers(text) {
  return [...text.matchAll(SPECIFIER)].map((m) => (m[3] !== undefined ? [m[3], false] : [m[6], true]));
}

// The declaration file a relative specifier of `from` names (NodeNext: './x.js' is ./x.d.ts).
function declarationOf(from, spec) {
  const target = resolve(dirname(from), spec);
  const candidates = spec.endsWith('.js') ? [target.slice(0, -3) + '.d.ts'] : spec.endsWith('.d.ts') ? [target] : [];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`${relative(root, from)}: cannot map '${spec}' to a declaration file in dist/`);
  return found;
}

// The declarations reached from the given entries.
function reach(names) {
  const seen = new Set();
  const queue = names.map((f) => join(dist, f));
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    for (const [spec, path] of specifiers(readFileSync(file, 'utf8'))) {
      if (path || isRelative(spec)) queue.push(declarationOf(file, path && !isRelative(spec) ? `./${spec}` : spec));
    }
  }
  return seen;
}
const reached = reach(['index.d.ts', 'browser.d.ts']);

// Remove the rest (and directories left empty).
function prune(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      prune(p);
      if (readdirSync(p).length === 0) rmSync(p, { recursive: true });
    } else if (e.name.endsWith('.d.ts') && !reached.has(p)) {
      rmSync(p);
    }
  }
}
prune(dist);

// The CommonJS twins: x.d.ts -> x.d.cts with './y.js' -> './y.cjs' (which node16 and bundler resolution from
// CommonJS map to ./y.d.cts). A relative specifier of any other form would keep naming an ESM file: refused.
// dist/browser.js is ESM only: its declarations need no twin.
const twins = reach(['index.d.ts']);
for (const file of twins) {
  const text = readFileSync(file, 'utf8').replace(SPECIFIER, (m, kw, q, spec, refKw, rq, ref) => {
    if (ref !== undefined) {
      if (!ref.endsWith('.d.ts')) throw new Error(`${relative(root, file)}: unexpected reference path '${ref}'`);
      return `${refKw}${rq}${ref.slice(0, -5)}.d.cts${rq}`;
    }
    if (!isRelative(spec)) return m;
    if (!spec.endsWith('.js')) throw new Error(`${relative(root, file)}: relative specifier '${spec}' does not end in .js`);
    return `${kw}${q}${spec.slice(0, -3)}.cjs${q}`;
  });
  writeFileSync(file.slice(0, -5) + '.d.cts', text);
}

const rel = (set) => [...set].map((f) => posix.normalize(relative(dist, f).split('\\').join('/'))).sort().join(', ');
console.log(`dist: index.js, index.cjs, browser.js, cli.js; .d.ts: ${rel(reached)}; .d.cts: ${rel(twins).replaceAll('.d.ts', '.d.cts')}`);
