// `npm run explorer`: serves the repository on 127.0.0.1 and prints the loss explorer's address
// (examples/explorer, which loads the package's own dist/browser.js). --port N picks the port (default 5180).
import { serve } from './serve.mjs';

const i = process.argv.indexOf('--port');
const port = i > 0 ? Number(process.argv[i + 1]) : 5180;
const { url } = await serve({ port });
console.log(`losskit loss explorer: ${url}/examples/explorer/  (Ctrl+C to stop)`);
