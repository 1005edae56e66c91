// The readers, by extension or --format: each opens a FILE[:KEY] as a Source (src/cli/formats/source.ts).
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { usageError } from '../errors.js';
import { openArrow } from './arrow.js';
import { openCsv } from './csv.js';
import { openJsonl } from './jsonl.js';
import { openNpy } from './npy.js';
import { openNpz } from './npz.js';
import { openParquet } from './parquet.js';
import { openSafetensors } from './safetensors.js';
import type { FileSpec, Source } from './source.js';

export type { FileSpec, Source } from './source.js';

/** Each format's reader; `exclude` are the columns a CSV leaves out when none are named. */
export const FORMATS = {
  npy: (s: FileSpec) => openNpy(s),
  npz: (s: FileSpec) => openNpz(s),
  safetensors: (s: FileSpec) => openSafetensors(s),
  arrow: (s: FileSpec) => openArrow(s),
  parquet: (s: FileSpec) => openParquet(s),
  csv: (s: FileSpec, exclude?: readonly string[]) => openCsv(s, exclude),
  jsonl: (s: FileSpec) => openJsonl(s),
} as const;
export type Format = keyof typeof FORMATS;

const EXTENSIONS: Record<string, Format> = {
  '.npy': 'npy', '.npz': 'npz', '.safetensors': 'safetensors', '.arrow': 'arrow', '.feather': 'arrow', '.ipc': 'arrow',
  '.arrows': 'arrow', '.parquet': 'parquet', '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl',
};

/** FILE[:KEY]: the key follows the last ':' unless the whole text names an existing file. */
export function fileSpec(text: string): FileSpec {
  const at = text.lastIndexOf(':');
  if (at <= 0 || existsSync(text)) return { path: text, key: undefined, label: text };
  return { path: text.slice(0, at), key: text.slice(at + 1) || undefined, label: text };
}

/** The format of a file: `format` when given, else its extension's. */
export function formatOf(spec: FileSpec, format: Format | undefined): Format {
  if (format !== undefined) return format;
  const f = EXTENSIONS[extname(spec.path).toLowerCase()];
  if (f === undefined) throw usageError(`${spec.path}: unknown format '${extname(spec.path) || '(no extension)'}'; known: ${Object.keys(EXTENSIONS).join(' ')} (or pass --format ${Object.keys(FORMATS).join('|')})`);
  return f;
}

export const openSource = (spec: FileSpec, format: Format | undefined, exclude?: readonly string[]): Promise<Source> =>
  FORMATS[formatOf(spec, format)](spec, exclude);
