// What every reader gives: a dtype, a shape, and the file's elements in row-major order, from any element on,
// in pieces of whatever size the format stores. chunksOf() cuts them into the scorer's fixed chunks.
import { open, type FileHandle } from 'node:fs/promises';
import { fileError } from '../errors.js';

/** The element types the readers decode (numpy's names). */
export type Dtype = 'float16' | 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'bool';

export type Numbers = ArrayLike<number>;

export interface Source {
  /** The file (and key) as the user named it, for messages. */
  readonly name: string;
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  /** The elements from `from` on, in order, in pieces (each valid until the next is asked for). */
  pieces(from: number): AsyncIterable<Numbers>;
  /** Releases the file (readers that keep it open). */
  close?(): Promise<void>;
}

/** A file named on the command line: the path and what follows its last ':' (a key, a column list), if any. */
export interface FileSpec {
  readonly path: string;
  readonly key: string | undefined;
  /** path[:key] as given. */
  readonly label: string;
}

export const countOf = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** Opens a file for reading, naming it when it cannot be (exit code 1). */
export async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (err) {
    throw fileError(path, (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot be read (${(err as Error).message})`);
  }
}

/** Reads exactly `length` bytes at `position` (a short read is a truncated file). */
export async function readExactly(fh: FileHandle, into: Uint8Array, position: number, name: string): Promise<Uint8Array> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await fh.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) throw fileError(name, `is truncated: expected ${into.length} bytes at offset ${position}`);
    done += bytesRead;
  }
  return into;
}

const BLOCK = 1 << 22;

/** Raw little-endian elements stored at `offset` of a file, in blocks of up to 4 MB (one reused buffer). */
export async function* rawPieces(fh: FileHandle, offset: number, count: number, dtype: Dtype, from: number, name: string): AsyncIterable<Numbers> {
  const size = bytesOf(dtype);
  const perBlock = Math.max(1, Math.floor(BLOCK / size));
  const block = new Uint8Array(perBlock * size);
  for (let at = from; at < count; at += perBlock) {
    const n = Math.min(perBlock, count - at);
    const bytes = await readExactly(fh, block.subarray(0, n * size), offset + at * size, name);
    yield decode(bytes, dtype);
  }
}

const SIZES: Record<Dtype, number> = {
  float16: 2, float32: 4, float64: 8, int8: 1, int16: 2, int32: 4, int64: 8, uint8: 1, uint16: 2, uint32: 4, uint64: 8, bool: 1,
};
export const bytesOf = (dtype: Dtype): number => SIZES[dtype];

/** IEEE half to number. */
function half(h: number): number {
  const e = (h >> 10) & 31, m = h & 1023, s = h >> 15 ? -1 : 1;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Little-endian bytes (offset aligned or not) as numbers of `dtype`; 64-bit integers as numbers. */
export function decode(bytes: Uint8Array, dtype: Dtype): Numbers {
  const aligned = bytes.byteOffset % SIZES[dtype] === 0 ? bytes : bytes.slice();
  const { buffer, byteOffset } = aligned;
  const n = bytes.length / SIZES[dtype];
  switch (dtype) {
    case 'float16': return Array.from(new Uint16Array(buffer, byteOffset, n), half);
    case 'float32': return new Float32Array(buffer, byteOffset, n);
    case 'float64': return new Float64Array(buffer, byteOffset, n);
    case 'int8': return new Int8Array(buffer, byteOffset, n);
    case 'int16': return new Int16Array(buffer, byteOffset, n);
    case 'int32': return new Int32Array(buffer, byteOffset, n);
    case 'uint8': case 'bool': return new Uint8Array(buffer, byteOffset, n);
    case 'uint16': return new Uint16Array(buffer, byteOffset, n);
    case 'uint32': return new Uint32Array(buffer, byteOffset, n);
    case 'int64': return Float64Array.from(new BigInt64Array(buffer, byteOffset, n), Number);
    case 'uint64': return Float64Array.from(new BigUint64Array(buffer, byteOffset, n), Number);
  }
}

/** Elements already in memory, served from `from` on. */
export async function* memoryPieces(values: Numbers, from: number): AsyncIterable<Numbers> {
  if (from < values.length) yield Array.prototype.slice.call(values, from) as number[];
}

/**
 * Elements [from, to) of a source in chunks of `size` elements (the last one shorter), each a fresh array made by
 * `make` and filled in order: the scorer's chunks, independent of how the format stores them.
 */
export async function* chunksOf<A extends { length: number; [i: number]: number }>(
  source: Source, from: number, to: number, size: number, make: (n: number) => A,
): AsyncIterable<A> {
  if (from >= to) return;
  let chunk = make(Math.min(size, to - from)), filled = 0, at = from;
  for await (const piece of source.pieces(from)) {
    for (let i = 0; i < piece.length && at < to; ) {
      const n = Math.min(piece.length - i, chunk.length - filled);
      if (ArrayBuffer.isView(piece) && ArrayBuffer.isView(chunk)) (chunk as unknown as Float64Array).set((piece as Float64Array).subarray(i, i + n), filled);
      else for (let k = 0; k < n; k++) chunk[filled + k] = piece[i + k];
      filled += n; i += n; at += n;
      if (filled === chunk.length) {
        yield chunk;
        if (at === to) return;
        chunk = make(Math.min(size, to - at));
        filled = 0;
      }
    }
    if (at >= to) return;
  }
  throw fileError(source.name, `ended after ${at} of ${to} elements`);
}
