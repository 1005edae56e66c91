// A small static file server on 127.0.0.1 for the loss explorer and the browser tests: the repository
// root is served as is, so pages load the package's own dist/ files.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.map': 'application/json', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * Serves `root` on 127.0.0.1.
 * @param {{ root?: string, port?: number, headers?: (path: string) => Record<string, string> }} [opts]
 *   port 0 (default) picks a free one; headers adds response headers per request path.
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serve(opts = {}) {
  const root = normalize(opts.root ?? repoRoot);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return end(res, 403);
    try {
      let st = await stat(file);
      if (st.isDirectory()) st = await stat((file = join(file, 'index.html')));
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-length': st.size, 'cache-control': 'no-store', ...opts.headers?.(path),
      });
      createReadStream(file).pipe(res);
    } catch {
      end(res, 404);
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject); // e.g. EADDRINUSE
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve(undefined));
  });
  const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${addr.port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve(undefined)); }),
  };
}

function end(res, status) {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(String(status));
}
