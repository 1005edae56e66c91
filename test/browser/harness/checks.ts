// What the browser tests run inside Chromium, in the page and in a Worker: the PyTorch fixtures on a chosen
// backend, and the raw outputs to compare with Node's. 'losskit' is the package's own dist/browser.js.
import * as lk from 'losskit';
import type { Losskit } from 'losskit';
import { checkFixture, outputsOf, type FixtureCase } from '../../helpers/cases.js';

export type Label = 'default' | 'wasm' | 'js';

const made: Partial<Record<Label, Promise<Losskit>>> = {};

/** The free functions ('default', after ready()), or an instance forced onto wasm (every size) or js. */
export function instanceOf(label: Label): Promise<Losskit> {
  return (made[label] ??= label === 'default' ? lk.ready().then(() => lk as unknown as Losskit)
    : lk.createLosskit(label === 'wasm' ? { backend: 'wasm', wasmFrom: 0 } : { backend: 'js' }));
}

const files = new Map<string, Promise<FixtureCase[]>>();
export function fixtures(name: string): Promise<FixtureCase[]> {
  let f = files.get(name);
  if (f === undefined) {
    f = fetch(`/test/fixtures/${name}.json`).then((r) => r.json()).then((j) => j.cases as FixtureCase[]);
    files.set(name, f);
  }
  return f;
}

/** Runs a fixture file's cases; the first mismatch as a message, or null. */
export async function check(name: string, label: Label): Promise<{ cases: number; error: string | null }> {
  const cases = await fixtures(name);
  try {
    checkFixture(await instanceOf(label), name, cases);
    return { cases: cases.length, error: null };
  } catch (e) {
    return { cases: cases.length, error: e instanceof Error ? e.message : String(e) };
  }
}

/** The raw outputs of a fixture file's cases on a backend (see outputsOf). */
export async function outputs(name: string, label: Label): Promise<number[]> {
  return outputsOf(await instanceOf(label), name, await fixtures(name));
}
