// .npz: a zip of .npy members (`file.npz:key`, key without '.npy'). Stored members are read in place; deflated
// ones (np.savez_compressed) are inflated by node:zlib as a stream, from the start each time they are read.
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { fileError, usageError } from '../errors.js';
import { headerLength, npyAt, parseHeader } from './npy.js';
import { bytesOf, decode, openFile, readExactly, type FileSpec, type Numbers, type Source } from './source.js';

interface Member {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly localOffset: number;
}

const EOCD = 0x06054b50, EOCD64_LOCATOR = 0x07064b50, CENTRAL = 0x02014b50;

/** The end-of-central-directory record's position (it ends the file, after a comment of up to 64 KB). */
async function endRecord(fh: FileHandle, size: number, name: string): Promise<{ tail: DataView; at: number; tailStart: number }> {
  const tailStart = Math.max(0, size - 22 - 65535);
  const bytes = await readExactly(fh, new Uint8Array(size - tailStart), tailStart, name);
  const tail = new DataView(bytes.buffer);
  for (let at = bytes.length - 22; at >= 0; at--) if (tail.getUint32(at, true) === EOCD) return { tail, at, tailStart };
  throw fileError(name, 'is not a zip archive (.npz): no end-of-central-directory record');
}

/** The central directory's offset and size, from the zip64 record where the classic one overflows. */
async function directory(fh: FileHandle, name: string): Promise<{ offset: number; size: number }> {
  const { size: fileSize } = await fh.stat();
  const { tail, at, tailStart } = await endRecord(fh, fileSize, name);
  let offset = tail.getUint32(at + 16, true), size = tail.getUint32(at + 12, true);
  if (offset === 0xffffffff && at >= 20 && tail.getUint32(at - 20, true) === EOCD64_LOCATOR) {
    const rec = new DataView((await readExactly(fh, new Uint8Array(56), Number(tail.getBigUint64(at - 12, true)), name)).buffer);
    size = Number(rec.getBigUint64(40, true));
    offset = Number(rec.getBigUint64(48, true));
  }
  if (offset + size > tailStart + at) throw fileError(name, 'has a corrupt zip central directory');
  return { offset, size };
}

/** A 64-bit value of a member's zip64 extra field, in the order the classic fields overflowed. */
function zip64Values(view: DataView, extraStart: number, extraEnd: number): number[] {
  for (let p = extraStart; p + 4 <= extraEnd; p += 4 + view.getUint16(p + 2, true)) {
    if (view.getUint16(p, true) !== 1) continue;
    const values = [];
    for (let q = p + 4; q + 8 <= p + 4 + view.getUint16(p + 2, true); q += 8) values.push(Number(view.getBigUint64(q, true)));
    return values;
  }
  return [];
}

async function members(fh: FileHandle, name: string): Promise<Member[]> {
  const { offset, size } = await directory(fh, name);
  const bytes = await readExactly(fh, new Uint8Array(size), offset, name);
  const view = new DataView(bytes.buffer);
  const found: Member[] = [];
  for (let p = 0; p + 46 <= size && view.getUint32(p, true) === CENTRAL; ) {
    const nameLength = view.getUint16(p + 28, true), extra = view.getUint16(p + 30, true), comment = view.getUint16(p + 32, true);
    const big = zip64Values(view, p + 46 + nameLength, p + 46 + nameLength + extra);
    const fields = [view.getUint32(p + 24, true), view.getUint32(p + 20, true), view.getUint32(p + 42, true)]
      .map((v) => (v === 0xffffffff ? big.shift() ?? v : v)); // uncompressed, compressed, offset
    found.push({
      name: new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength)),
      method: view.getUint16(p + 10, true), compressedSize: fields[1], localOffset: fields[2],
    });
    p += 46 + nameLength + extra + comment;
  }
  return found;
}

/** The member's data offset: after its local header, whose name and extra field lengths may differ from the central one's. */
async function dataOffset(fh: FileHandle, m: Member, name: string): Promise<number> {
  const local = new DataView((await readExactly(fh, new Uint8Array(30), m.localOffset, name)).buffer);
  return m.localOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
}

/** The inflated bytes of a deflated member. */
const inflated = (path: string, start: number, m: Member): AsyncIterable<Buffer> =>
  createReadStream(path, { start, end: start + m.compressedSize - 1 }).pipe(createInflateRaw());

/** Skips `skip` bytes of a byte stream and yields the rest as elements (carrying partial elements over). */
async function* elements(bytes: AsyncIterable<Uint8Array>, skip: number, dtype: Source['dtype']): AsyncIterable<Numbers> {
  const size = bytesOf(dtype);
  let carry = new Uint8Array(0);
  for await (const buf of bytes) {
    let b: Uint8Array = buf;
    if (skip >= b.length) { skip -= b.length; continue; }
    b = b.subarray(skip);
    skip = 0;
    if (carry.length) { const joined = new Uint8Array(carry.length + b.length); joined.set(carry); joined.set(b, carry.length); b = joined; }
    const whole = b.length - (b.length % size);
    carry = b.slice(whole);
    if (whole) yield decode(b.subarray(0, whole), dtype);
  }
}

async function deflatedNpy(path: string, start: number, m: Member, name: string): Promise<Source> {
  let head = new Uint8Array(0);
  const stream = inflated(path, start, m);
  try {
    for await (const buf of stream) {
      head = Buffer.concat([head, buf]);
      if (head.length >= 12 && head.length >= headerLength(head, name)) break;
    }
  } catch (err) {
    throw fileError(name, `cannot be inflated (${(err as Error).message})`);
  }
  const h = parseHeader(head, name);
  return {
    name, dtype: h.dtype, shape: h.shape,
    pieces: (from) => elements(inflated(path, start, m), h.dataOffset + from * bytesOf(h.dtype), h.dtype),
  };
}

export async function openNpz(spec: FileSpec): Promise<Source> {
  const fh = await openFile(spec.path);
  try {
    const source = await memberOf(fh, spec);
    if (source.close === undefined) await fh.close(); // (a deflated member is streamed from the path)
    return source;
  } catch (err) {
    await fh.close();
    throw err;
  }
}

async function memberOf(fh: FileHandle, spec: FileSpec): Promise<Source> {
  const all = await members(fh, spec.path);
  const keys = all.map((m) => m.name.replace(/\.npy$/, ''));
  if (spec.key === undefined) throw usageError(`${spec.path}: name the array of the .npz (${spec.path}:KEY; it holds ${keys.join(', ')})`);
  const m = all[keys.indexOf(spec.key)];
  if (m === undefined) throw fileError(spec.label, `no array '${spec.key}' in the .npz (it holds ${keys.join(', ')})`);
  const start = await dataOffset(fh, m, spec.label);
  if (m.method === 0) return npyAt(fh, start, spec.label);
  if (m.method === 8) return deflatedNpy(spec.path, start, m, spec.label);
  throw fileError(spec.label, `zip compression method ${m.method} is not supported (stored or deflated)`);
}
