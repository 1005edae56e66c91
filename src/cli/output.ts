// What a run prints on stdout: one JSON object (--json) or a table; and the files it writes (--per-sample,
// --state), each to a temporary file renamed at the end, so a failed run leaves no half file.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { fileError } from './errors.js';
import type { Result } from './totals.js';

/** JSON has no NaN or Infinity: they print as null. */
export const printJson = (r: Result): void => {
  process.stdout.write(`${JSON.stringify(r)}\n`);
};

const show = (v: number | number[] | null): string => {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => show(x)).join(', ')}]`;
  return Number.isInteger(v) ? String(v) : v.toPrecision(7);
};

export function printTable(r: Result, title: string, lossName: string): void {
  const keys = ['count', 'loss', ...Object.keys(r).filter((k) => k !== 'count' && k !== 'loss')];
  const width = Math.max(...keys.map((k) => k.length)) + 2;
  const lines = keys.map((k) => `  ${k.padEnd(width)}${show(r[k])}${k === 'loss' ? `  (${lossName}, mean)` : ''}`);
  process.stdout.write(`${title}\n${lines.join('\n')}\n`);
}

/** A file written to `path.tmp-PID` and renamed onto `path` by finish(); abort() removes it. */
export class TempFile {
  readonly #tmp: string;
  readonly #fd: number;
  #at = 0;

  constructor(readonly path: string) {
    this.#tmp = `${path}.tmp-${process.pid}`;
    try {
      this.#fd = openSync(this.#tmp, 'w');
    } catch (err) {
      throw fileError(path, `cannot be written (${(err as Error).message})`);
    }
  }

  append(bytes: Uint8Array): void {
    writeSync(this.#fd, bytes, 0, bytes.length, this.#at);
    this.#at += bytes.length;
  }

  writeAt(bytes: Uint8Array, position: number): void {
    writeSync(this.#fd, bytes, 0, bytes.length, position);
  }

  finish(): void {
    closeSync(this.#fd);
    renameSync(this.#tmp, this.path);
  }

  abort(): void {
    closeSync(this.#fd);
    rmSync(this.#tmp, { force: true });
  }
}

const NPY_HEADER = 128;

/** A float64 .npy written as it goes: a header slot first, filled with the final shape at the end. */
export class NpyWriter {
  readonly #file: TempFile;
  #count = 0;

  constructor(path: string) {
    this.#file = new TempFile(path);
    this.#file.append(new Uint8Array(NPY_HEADER));
  }

  append(values: Float64Array): void {
    this.#file.append(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    this.#count += values.length;
  }

  /** `rows`: the first dimension; the values per row follow from the count. */
  finish(rows: number): void {
    const per = rows === 0 ? 1 : this.#count / rows;
    const shape = per === 1 ? `(${rows},)` : `(${rows}, ${per})`;
    const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }`;
    const header = new Uint8Array(NPY_HEADER).fill(0x20);
    header.set([0x93, ...Buffer.from('NUMPY'), 1, 0, NPY_HEADER - 10, 0]);
    header.set(Buffer.from(dict), 10);
    header[NPY_HEADER - 1] = 0x0a;
    this.#file.writeAt(header, 0);
    this.#file.finish();
  }

  abort(): void {
    this.#file.abort();
  }
}

/** Writes a JSON file through a temporary file. */
export function writeJsonFile(path: string, value: unknown): void {
  const f = new TempFile(path);
  f.append(Buffer.from(`${JSON.stringify(value)}\n`));
  f.finish();
}
