// The backends every test runs against: the free functions (default exports: wasm, with tiny inputs on the
// JS kernels), and instances forced onto the wasm backend for every size (wasmFrom: 0) and the js backend.
import * as lk from '../../src/index.js';
import type { Losskit } from '../../src/index.js';

export const wasm = lk.createLosskitSync({ backend: 'wasm', wasmFrom: 0 });
export const js = lk.createLosskitSync({ backend: 'js' });
export const defaults = lk as unknown as Losskit;

export const backends: [string, Losskit][] = [['default', defaults], ['wasm', wasm], ['js', js]];
