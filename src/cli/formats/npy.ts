// .npy: magic, version, a header dict ({'descr', 'fortran_order', 'shape'}), then the raw C-order data; read
// straight from the file at the element asked for.
import type { FileHandle } from 'node:fs/promises';
import { fileError } from '../errors.js';
import { bytesOf, countOf, openFile, rawPieces, readExactly, type Dtype, type FileSpec, type Source } from './source.js';

const MAGIC = '\x93NUMPY';

/** numpy's descr (little-endian or byte-order free) → dtype. */
const DESCRS: Record<string, Dtype> = {
  '<f2': 'float16', '<f4': 'float32', '<f8': 'float64', '|i1': 'int8', '<i2': 'int16', '<i4': 'int32', '<i8': 'int64',
  '|u1': 'uint8', '<u2': 'uint16', '<u4': 'uint32', '<u8': 'uint64', '|b1': 'bool',
};

export interface NpyHeader {
  readonly dtype: Dtype;
  readonly shape: number[];
  /** Bytes before the data. */
  readonly dataOffset: number;
}

/** The bytes a header needs beyond the first 10: its length field (v1: 2 bytes at 8; v2/v3: 4 bytes). */
export function headerLength(first: Uint8Array, name: string): number {
  if (String.fromCharCode(...first.subarray(0, 6)) !== MAGIC) throw fileError(name, 'is not a .npy array (no \\x93NUMPY magic)');
  const view = new DataView(first.buffer, first.byteOffset, first.length);
  return first[6] === 1 ? 10 + view.getUint16(8, true) : 12 + view.getUint32(8, true);
}

/** Parses the header dict (Python literal syntax) of a .npy whose first `length` bytes are `bytes`. */
export function parseHeader(bytes: Uint8Array, name: string): NpyHeader {
  const length = headerLength(bytes, name);
  const text = new TextDecoder('latin1').decode(bytes.subarray(bytes[6] === 1 ? 10 : 12, length));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const dims = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || dims === undefined) throw fileError(name, 'has a corrupt .npy header');
  if (descr === '|O') throw fileError(name, 'holds an object array (pickled Python objects): save a numeric array');
  const dtype = DESCRS[descr.replace(/^=/, '<')];
  if (dtype === undefined) throw fileError(name, `dtype '${descr}' is not supported (float16/32/64, int8-64, uint8-64, bool, little-endian)`);
  if (fortran === 'True') throw fileError(name, 'is in Fortran order: save it in C order (np.ascontiguousarray)');
  const shape = dims.split(',').map((d) => d.trim()).filter((d) => d !== '').map(Number);
  return { dtype, shape, dataOffset: length };
}

/** Reads the header of a .npy stored at `offset` of an open file. */
export async function readHeader(fh: FileHandle, offset: number, name: string): Promise<NpyHeader> {
  const first = await readExactly(fh, new Uint8Array(12), offset, name).catch(() => {
    throw fileError(name, 'is too short to be a .npy array');
  });
  const length = headerLength(first, name);
  if (offset + length > (await fh.stat()).size) throw fileError(name, 'has a corrupt .npy header (longer than the file)');
  const whole = await readExactly(fh, new Uint8Array(length), offset, name);
  return parseHeader(whole, name);
}

/** A .npy array of the file at `offset` (0 for a .npy file, a member's data for a stored .npz entry). */
export async function npyAt(fh: FileHandle, offset: number, name: string): Promise<Source> {
  const h = await readHeader(fh, offset, name);
  const count = countOf(h.shape);
  const { size } = await fh.stat();
  const end = offset + h.dataOffset + count * bytesOf(h.dtype);
  if (size < end) throw fileError(name, `is truncated: its header promises ${end} bytes, the file has ${size}`);
  return {
    name, dtype: h.dtype, shape: h.shape,
    pieces: (from) => rawPieces(fh, offset + h.dataOffset, count, h.dtype, from, name),
    close: () => fh.close(),
  };
}

export async function openNpy(spec: FileSpec): Promise<Source> {
  if (spec.key !== undefined) throw fileError(spec.label, 'a .npy file holds one array: name no key');
  const fh = await openFile(spec.path);
  return npyAt(fh, 0, spec.path).catch(async (err) => { await fh.close(); throw err; });
}
