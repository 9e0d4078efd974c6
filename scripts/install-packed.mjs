#!/usr/bin/env node
// Installs this package into an app the way a user gets it: `npm pack` (so only what
// package.json "files" ships), unpacked into <app>/node_modules/next-cognito-session. Its own
// dependencies (next, zod, jose, …) resolve from the repository's node_modules, as hoisted
// dependencies would in a user's app.
//
//   node scripts/install-packed.mjs test/fixtures/consumer-app
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export function installPacked(appDir) {
  const scratch = mkdtempSync(join(tmpdir(), 'ncs-pack-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', scratch], { encoding: 'utf8' }));
    const target = resolve(appDir, 'node_modules/next-cognito-session');
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    // npm tarballs hold everything under `package/`.
    execFileSync('tar', ['-xzf', join(scratch, packed[0].filename), '-C', target, '--strip-components=1']);
    return { target, files: packed[0].files.length };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const appDir = process.argv[2];
  if (!appDir) throw new Error('usage: node scripts/install-packed.mjs <app dir>');
  const { target, files } = installPacked(appDir);
  console.log(`installed the packed library (${files} files) into ${target}`);
}
