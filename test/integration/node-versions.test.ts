/**
 * The Nodes we say we support are the Nodes we test: package.json's `engines`, README's
 * "Supported" table, the matrix scripts/node-matrix.mjs runs and the step of .ci/run that runs it
 * must name the same versions, or a reader is told of coverage that CI does not have.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { MATRIX_MAJORS } from '../../scripts/node-versions.mjs';
import { REPO } from './support/next-server';

const read = (file: string) => readFileSync(join(REPO, file), 'utf8');

it('engines states the floor, and every Node that runs this suite is inside it', () => {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  expect(engines).toBe('>=20.9');
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  expect(major > 20 || (major === 20 && minor >= 9)).toBe(true);
});

it("README's Supported table lists the machine's Node for npm test and exactly the matrix's Nodes", () => {
  const rows = [...read('README.md').matchAll(/^\| (\d+) \| `(npm test|npm run test:node-matrix)` \|/gm)];
  expect(rows.map(([, major, by]) => [Number(major), by])).toEqual([
    [20, 'npm test'],
    ...MATRIX_MAJORS.map((major) => [major, 'npm run test:node-matrix']),
  ]);
});

it('.ci/run runs the matrix after npm test, and package.json names the script', () => {
  const steps = read('.ci/run')
    .split('\n')
    .filter((line) => /^npm /.test(line));
  expect(steps).toEqual(['npm ci', 'npm test', 'npm run test:node-matrix']);
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  expect(scripts['test:node-matrix']).toBe('node scripts/node-matrix.mjs');
});
