// Bundled by bench/run.mjs with esbuild (ESM build of tfjs-core with every gradient registered, one tfjs-core
// instance shared by the cpu and wasm backends).
export * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
export { setWasmPaths, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
