/**
 * The newest LTS Node beside the machine's: P2 and S1 run on both in one run, so a regression
 * (or a gain) from moving Node shows next to the number it changes. The binary is the one
 * scripts/node-matrix.mjs tests with, from .cache/node/ (fetched from the npm registry once).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describeNode, MATRIX_MAJORS, nodeBinary } from '../../scripts/node-versions.mjs';
import type { BenchResult } from './report';

export interface OtherNode {
  binary: string;
  version: string;
  lts: string;
}

/** The highest tested major whose binary says it is an LTS release (`process.release.lts`). */
export function newestLtsNode(): OtherNode {
  for (const major of [...MATRIX_MAJORS].reverse()) {
    const binary = nodeBinary(major);
    const { version, lts } = describeNode(binary);
    if (lts) return { binary, version, lts };
  }
  throw new Error(`none of Node ${MATRIX_MAJORS.join(', ')} is an LTS release`);
}

/** Marks a result as measured on `version`, so two runs of one figure read apart in the table. */
export function onNode(result: BenchResult, version: string): BenchResult {
  return { ...result, id: `${result.id} · ${version}` };
}

const CHILD = fileURLToPath(new URL('./figure-child.ts', import.meta.url));
const RESULT_LINE = '@@bench-result ';

/** Runs an in-process figure (see figure-child.ts) in a child on another Node, returning its result. */
export async function runFigureOn(node: OtherNode, id: string, options: unknown): Promise<BenchResult> {
  const child = spawn(node.binary, ['--import', 'tsx', CHILD, id, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('close', done));
  const line = stdout.split('\n').find((text) => text.startsWith(RESULT_LINE));
  if (code !== 0 || !line) throw new Error(`${id} on Node ${node.version} exited ${code}:\n${stdout}`);
  return JSON.parse(line.slice(RESULT_LINE.length)) as BenchResult;
}

export { RESULT_LINE };
