// `npm run explorer`: serves the repository on 127.0.0.1 and prints the loss explorer's address
// (examples/explorer, which loads the package's own dist/browser.js). --port N picks the port (default 5180,
// or a free one when that is taken).
import { serve } from './serve.mjs';

const i = process.argv.indexOf('--port');
const port = i > 0 ? Number(process.argv[i + 1]) : 5180;
// the default port taken: any free one (a port asked for with --port is an error when taken)
const { url } = await serve({ port }).catch((err) => {
  if (err.code !== 'EADDRINUSE' || i > 0) throw err;
  return serve({ port: 0 });
});
console.log(`losskit loss explorer: ${url}/examples/explorer/  (Ctrl+C to stop)`);
