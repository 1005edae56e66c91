// .safetensors: an 8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}},
// then the raw little-endian tensors; `file.safetensors:tensorName`, read in place.
import type { FileHandle } from 'node:fs/promises';
import { fileError, usageError } from '../errors.js';
import { bytesOf, countOf, openFile, rawPieces, readExactly, type Dtype, type FileSpec, type Source } from './source.js';

const DTYPES: Record<string, Dtype> = {
  F16: 'float16', F32: 'float32', F64: 'float64', I8: 'int8', I16: 'int16', I32: 'int32', I64: 'int64',
  U8: 'uint8', U16: 'uint16', U32: 'uint32', U64: 'uint64', BOOL: 'bool',
};

interface Entry { dtype: string; shape: number[]; data_offsets: [number, number] }

export async function openSafetensors(spec: FileSpec): Promise<Source> {
  const fh = await openFile(spec.path);
  return tensorOf(fh, spec).catch(async (err) => { await fh.close(); throw err; });
}

async function tensorOf(fh: FileHandle, spec: FileSpec): Promise<Source> {
  const { size } = await fh.stat();
  const lengthBytes = await readExactly(fh, new Uint8Array(8), 0, spec.path);
  const length = Number(new DataView(lengthBytes.buffer).getBigUint64(0, true));
  if (length > size - 8 || length > 1e8) throw fileError(spec.path, 'is not a .safetensors file (its header length exceeds the file)');
  let header: Record<string, Entry>;
  try {
    header = JSON.parse(new TextDecoder().decode(await readExactly(fh, new Uint8Array(length), 8, spec.path)));
  } catch {
    throw fileError(spec.path, 'has a corrupt .safetensors header (not JSON)');
  }
  const names = Object.keys(header).filter((k) => k !== '__metadata__');
  if (spec.key === undefined) throw usageError(`${spec.path}: name the tensor (${spec.path}:NAME; it holds ${names.join(', ')})`);
  const entry = names.includes(spec.key) ? header[spec.key] : undefined;
  if (entry === undefined) throw fileError(spec.label, `no tensor '${spec.key}' (it holds ${names.join(', ')})`);
  const dtype = DTYPES[entry.dtype];
  if (dtype === undefined) throw fileError(spec.label, `dtype ${entry.dtype} is not supported (F16, F32, F64, integers, BOOL)`);
  const [begin, end] = entry.data_offsets;
  const count = countOf(entry.shape);
  if (end - begin !== count * bytesOf(dtype) || 8 + length + end > size) throw fileError(spec.label, 'has data offsets that do not match its shape and the file');
  return {
    name: spec.label, dtype, shape: entry.shape,
    pieces: (from) => rawPieces(fh, 8 + length + begin, count, dtype, from, spec.label),
    close: () => fh.close(),
  };
}
