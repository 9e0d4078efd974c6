// The Node versions we test besides the machine's own, and where their binaries come from.
//
// Each one is the npm registry's `node-<platform>-<arch>` package (the real binary that the
// registry's `node` package installs), unpacked into .cache/node/<version>/ — ignored by git,
// kept between runs, never on PATH unless a caller puts it there. The machine's Node is never
// replaced: callers run a binary by its path.
//
// The floor is package.json's `engines.node` (the machine's Node 20 runs `npm test`); README's
// "Supported" table lists the same versions, and test/integration/node-versions.test.ts checks
// that the two agree.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Majors run by scripts/node-matrix.mjs, oldest first. */
export const MATRIX_MAJORS = [22, 24, 26];

export const NODE_CACHE = join(ROOT, '.cache/node');

/** The registry package holding this platform's binary, as the `node` package names it. */
function binaryPackage() {
  return `node-${process.platform}-${process.arch}`;
}

/** Newest cached version of a major, e.g. '24.22.3', or undefined. */
function cachedVersion(major) {
  if (!existsSync(NODE_CACHE)) return undefined;
  return readdirSync(NODE_CACHE)
    .filter((name) => name.startsWith(`${major}.`) && existsSync(join(NODE_CACHE, name, 'bin/node')))
    .sort(compareVersions)
    .at(-1);
}

function compareVersions(a, b) {
  const [x, y] = [a, b].map((version) => version.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

function npm(args, cwd = ROOT) {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`npm ${args.join(' ')} failed (${result.status}):\n${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** The newest release of `major` the registry has, e.g. '26.12.1'. */
function newestRelease(major) {
  const answer = JSON.parse(npm(['view', `${binaryPackage()}@${major}`, 'version', '--json']));
  const versions = Array.isArray(answer) ? answer : [answer];
  const newest = versions.sort(compareVersions).at(-1);
  if (!newest) throw new Error(`the npm registry has no ${binaryPackage()}@${major}`);
  return newest;
}

/**
 * Path of a Node binary of `major`: the cached one when there is one (set NODE_MATRIX_REFRESH=1 to
 * look for a newer release), else fetched from the registry with npm (integrity-checked by npm).
 */
export function nodeBinary(major) {
  const cached = process.env.NODE_MATRIX_REFRESH ? undefined : cachedVersion(major);
  const version = cached ?? newestRelease(major);
  const dir = join(NODE_CACHE, version);
  const binary = join(dir, 'bin/node');
  if (existsSync(binary)) return binary;

  mkdirSync(NODE_CACHE, { recursive: true });
  const staging = mkdtempSync(join(NODE_CACHE, '.fetch-'));
  try {
    const [packed] = JSON.parse(
      npm(['pack', `${binaryPackage()}@${version}`, '--json', '--silent', '--pack-destination', staging]),
    );
    const unpacked = join(staging, 'package');
    const tar = spawnSync('tar', ['-xzf', join(staging, packed.filename), '-C', staging], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`unpacking ${packed.filename} failed: ${tar.stderr}`);
    // Renaming the finished folder into place means a cancelled fetch never leaves a half binary.
    renameSync(unpacked, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return binary;
}

/** What a binary says of itself: its version and, for an LTS release, the line's codename. */
export function describeNode(binary) {
  const result = spawnSync(binary, ['-p', 'JSON.stringify([process.version, process.release.lts ?? null])'], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`${binary} does not run: ${result.stderr}`);
  const [version, lts] = JSON.parse(result.stdout);
  return { version, lts };
}
