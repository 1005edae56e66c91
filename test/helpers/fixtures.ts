// Loads the PyTorch fixtures written by tools/gen-fixtures.py (Node; the browser harness fetches them).
import { readdirSync, readFileSync } from 'node:fs';
import type { FixtureCase } from './cases.js';

export function loadFixtures(name: string): FixtureCase[] {
  const url = new URL(`../fixtures/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')).cases as FixtureCase[];
}

/** The edge fixtures (tools/gen-edge-fixtures.py): file name → cases. */
export function loadEdgeFixtures(): [string, FixtureCase[]][] {
  const dir = new URL('../fixtures/edges/', import.meta.url);
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f.slice(0, -5), JSON.parse(readFileSync(new URL(f, dir), 'utf8')).cases]);
}
