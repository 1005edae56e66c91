// The browser entry (package.json's "browser" condition): the same API, with the WebAssembly module
// compiled asynchronously from import on, so a page never waits on a synchronous compile.
import { ready } from './index.js';

export * from './index.js';

void ready();
