// Loads the PyTorch fixtures written by tools/gen-fixtures.py (Node; the browser harness fetches them).
import { readFileSync } from 'node:fs';
import type { FixtureCase } from './cases.js';

export function loadFixtures(name: string): FixtureCase[] {
  const url = new URL(`../fixtures/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')).cases as FixtureCase[];
}
