// Tensors as the runtimes hand them over, recognised by their fields (no dependency on the runtimes): ONNX Runtime
// and transformers.js (`data`, `dims`, `type`, `location`) and TF.js (`dataSync()`, `shape`, `dtype`). Their data
// is taken as it is (zero-copy) where losskit reads that type; float16 is widened to float32, as the kernels read it.
import { LosskitTypeError } from '../errors.js';

interface OrtLike { data: unknown; dims: readonly number[]; type: string; location?: string }
interface TfLike { dataSync(): unknown; shape: readonly number[]; dtype: string }

const isOrt = (v: object): v is OrtLike => 'dims' in v && 'type' in v && Array.isArray((v as OrtLike).dims);
const isTf = (v: object): v is TfLike => typeof (v as TfLike).dataSync === 'function' && Array.isArray((v as TfLike).shape);

/** Float16Array where the engine has it. */
const Float16 = (globalThis as { Float16Array?: new (...a: never[]) => ArrayBufferView }).Float16Array;
export const isFloat16 = (v: unknown): boolean => Float16 !== undefined && v instanceof Float16;

/** IEEE half-precision bits to a float (every value is exact in float32). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** float16 data (half bits in a Uint16Array, or a Float16Array) as float32. */
function widen(data: ArrayLike<number>, bits: boolean): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = bits ? halfToFloat(data[i]) : data[i];
  return out;
}

/** The data of a tensor argument as losskit reads it, or `v` itself when it is not a tensor. */
export function tensorData(name: string, v: unknown): unknown {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v) || Array.isArray(v)) {
    return isFloat16(v) ? widen(v as unknown as ArrayLike<number>, false) : v;
  }
  if (isOrt(v)) {
    if (v.location !== undefined && v.location !== 'cpu' && v.location !== 'cpu-pinned') {
      throw new LosskitTypeError(name, `is a tensor on '${v.location}': download it first (await tensor.getData())`, 'ERR_VALUE');
    }
    if (isFloat16(v.data)) return widen(v.data as unknown as ArrayLike<number>, false); // (engines with Float16Array)
    return v.type === 'float16' && v.data instanceof Uint16Array ? widen(v.data, true) : v.data;
  }
  if (isTf(v)) return v.dataSync();
  return v;
}

/** The dimensions of a tensor argument (`dims` or `shape`), or undefined for anything else. */
export function tensorDims(v: unknown): readonly number[] | undefined {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v)) return undefined;
  return isOrt(v) ? v.dims : isTf(v) ? v.shape : undefined;
}
