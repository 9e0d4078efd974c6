#!/usr/bin/env node
// Compiles both packages for publishing: the library (tsconfig.build.json → dist/) and the local
// IdP (packages/idp → packages/idp/dist/, after the library whose `protocol` subpath it imports).
// `npm pack` runs it as `prepack` in either package, so a tarball is never built from stale output.
import { spawnSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
for (const dist of ['dist', 'packages/idp/dist']) rmSync(join(root, dist), { recursive: true, force: true });

const tsc = join(root, 'node_modules/typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-b', 'packages/idp/tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status !== 0) process.exit(result.status ?? 1);

// The bin must be executable once npm links it into node_modules/.bin.
chmodSync(join(root, 'packages/idp/dist/cli.js'), 0o755);
