#!/usr/bin/env node
// `npm pack`s both packages into .pack/ — only what their package.json "files" ship — under
// names without the version (.pack/next-cognito-session.tgz, .pack/next-cognito-session-idp.tgz),
// so the packaging checks and the consumer apps never need to know it.
//
//   node scripts/pack-packages.mjs            compile both packages, then pack
//   node scripts/pack-packages.mjs --built    pack what dist/ holds (npm run build just compiled it)
//
// npm would run each package's `prepack` (a full build of both) once per package; compiling once
// here and packing with --ignore-scripts gives the same tarballs in half the time.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const PACK_DIR = join(ROOT, '.pack');
export const TARBALLS = {
  library: join(PACK_DIR, 'next-cognito-session.tgz'),
  idp: join(PACK_DIR, 'next-cognito-session-idp.tgz'),
};

export function packPackages({ build = true } = {}) {
  if (build)
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-packages.mjs')], { cwd: ROOT, stdio: 'inherit' });
  rmSync(PACK_DIR, { recursive: true, force: true });
  mkdirSync(PACK_DIR, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = JSON.parse(
    execFileSync(
      npm,
      [
        'pack',
        '--workspaces',
        '--include-workspace-root',
        '--ignore-scripts',
        '--json',
        '--pack-destination',
        PACK_DIR,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    ),
  );
  for (const { name, filename, files } of packed) {
    const target =
      name === 'next-cognito-session'
        ? TARBALLS.library
        : name === 'next-cognito-session-idp'
          ? TARBALLS.idp
          : undefined;
    if (!target) throw new Error(`npm pack packed an unexpected package ${name}`);
    renameSync(join(PACK_DIR, filename), target);
    console.log(`packed ${name} (${files.length} files) → ${target.slice(ROOT.length + 1)}`);
  }
  return TARBALLS;
}

if (import.meta.url === `file://${process.argv[1]}`) packPackages({ build: !process.argv.includes('--built') });
