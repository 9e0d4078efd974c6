#!/usr/bin/env node
// The same suites on every Node we support: `npm test` runs everything on the machine's Node;
// this runs the unit and integration suites (which include the packed consumer apps under their
// own `next start` and the IdP from its bin) on each Node of scripts/node-versions.mjs, one after
// the other — the machine has two cores, and the suites already use both.
//
// Each Node runs by its path with its folder first on PATH, so everything the tests spawn
// (`process.execPath`, the bin's `#!/usr/bin/env node`) is that Node too. Its output goes to
// test-results/node-<major>.log; the end is a table, one line per Node, with its counts — the
// machine's own line comes from the `npm test` run before this one.
//
// A run fails on a failed test, or on a warning printed that is not in KNOWN_WARNINGS below
// (warnings are how a new Node tells us it changed something we lean on).
//
//   npm run build && node scripts/node-matrix.mjs [22 24 …]
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeNode, MATRIX_MAJORS, nodeBinary } from './node-versions.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'test-results');

/**
 * Warnings that may appear, each with why it is not ours to fix. Matched against the warning's
 * name and text; anything else printed as a warning fails the run.
 */
const KNOWN_WARNINGS = [];

/** `(node:123) [DEP0040] DeprecationWarning: text` and the AWS SDK's `NodeVersionSupportWarning: text`. */
const WARNING_LINE = /(?:\(node:\d+\) )?(?:\[[A-Z]+\d+\] )?([A-Z][A-Za-z]*Warning): (.*)/;

const majors = process.argv.slice(2).map(Number);
const wanted = majors.length > 0 ? majors : MATRIX_MAJORS;
for (const major of wanted) {
  if (!MATRIX_MAJORS.includes(major)) throw new Error(`Node ${major} is not in MATRIX_MAJORS (${MATRIX_MAJORS})`);
}
if (!existsSync(join(ROOT, '.pack/consumer-apps.json'))) {
  console.error('node-matrix: run `npm run build` first (it packs the packages and builds the consumer apps)');
  process.exit(2);
}

const rows = [];
for (const major of wanted) {
  const binary = nodeBinary(major);
  const { version, lts } = describeNode(binary);
  rmSync(join(RESULTS, `vitest-node-${major}.json`), { force: true });
  process.stdout.write(`node-matrix: Node ${version} — unit and integration suites …\n`);
  const log = join(RESULTS, `node-${major}.log`);
  const status = await run(binary, ['node_modules/vitest/vitest.mjs', 'run'], log);
  const summary = readSummary(major);
  const warnings = unknownWarnings(readFileSync(log, 'utf8'));
  const ok = status === 0 && summary?.reason === 'passed' && warnings.length === 0;
  rows.push({ version, lts, summary, ok });
  if (!ok) {
    const lines = readFileSync(log, 'utf8').split('\n');
    process.stdout.write(`${lines.slice(-120).join('\n')}\n`);
    for (const warning of warnings) process.stdout.write(`node-matrix: unexpected warning: ${warning}\n`);
    process.stdout.write(`node-matrix: Node ${version} failed (exit ${status}); the whole log is ${log}\n`);
  }
}

const machine = readSummary(process.versions.node.split('.')[0]);
process.stdout.write('\nnode-matrix: one line per Node version\n');
if (machine) {
  process.stdout.write(`${line({ version: machine.node, summary: machine, ok: machine.reason === 'passed' })}`);
  process.stdout.write(`  (npm test, ${machine.at})\n`);
}
for (const row of rows) process.stdout.write(`${line(row)}${row.lts ? `  (LTS ${row.lts})` : ''}\n`);
process.exit(rows.every((row) => row.ok) ? 0 : 1);

function line({ version, summary, ok }) {
  if (!summary) return `  ${version.padEnd(9)} FAILED   no summary: vitest did not finish`;
  const { passed, failed, skipped } = summary.tests;
  return (
    `  ${version.padEnd(9)} ${ok ? 'ok    ' : 'FAILED'}   ${summary.files} files, ${passed} passed, ` +
    `${failed} failed, ${skipped} skipped, ${summary.seconds} s`
  );
}

function readSummary(major) {
  const file = join(RESULTS, `vitest-node-${major}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function unknownWarnings(output) {
  const found = new Set();
  // eslint-disable-next-line no-control-regex -- colour codes, should a tool print them anyway
  for (const text of output.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
    const match = WARNING_LINE.exec(text);
    if (!match) continue;
    const warning = `${match[1]}: ${match[2].trim()}`;
    if (!KNOWN_WARNINGS.some(({ pattern }) => pattern.test(warning))) found.add(warning);
  }
  return [...found];
}

function run(binary, args, logFile) {
  return new Promise((done, fail) => {
    const out = createWriteStream(logFile);
    const child = spawn(binary, args, {
      cwd: ROOT,
      env: { ...process.env, PATH: `${dirname(binary)}${delimiter}${process.env.PATH}`, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.once('error', fail);
    child.once('close', (code, signal) => out.end(() => done(code ?? signal)));
  });
}
