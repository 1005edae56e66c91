// The backends every test runs against: the free functions (default exports), and instances forced onto
// the wasm and js backends.
import * as lk from '../../src/index.js';
import type { Losskit } from '../../src/index.js';

export const wasm = lk.createLosskitSync({ backend: 'wasm' });
export const js = lk.createLosskitSync({ backend: 'js' });
export const defaults = lk as unknown as Losskit;

export const backends: [string, Losskit][] = [['default', defaults], ['wasm', wasm], ['js', js]];
