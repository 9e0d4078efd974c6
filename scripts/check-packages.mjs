#!/usr/bin/env node
// Lints the packed tarballs (.pack/, from `npm run build` or scripts/pack-packages.mjs) the way a
// registry user meets them:
// - publint --strict: package.json fields, exports and files agree with what the tarball holds;
//   warnings fail too.
// - @arethetypeswrong/cli --profile esm-only: every export resolves to JavaScript and to types
//   that describe it. Both packages are ESM only ("type": "module", exports without a `require`
//   condition): apps reach them through Next's bundlers or `import`, on Node >= 20.9. The profile
//   skips the two resolutions such a package cannot serve — `node10` (TypeScript's pre-exports
//   `moduleResolution: node`, which never reads "exports") and `node16` from CommonJS (`require()`
//   of ESM) — and checks `node16` from ESM and `bundler` in full. No rule is ignored.
//   --no-definitely-typed: the packages ship their own types; nothing is fetched.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TARBALLS } from './pack-packages.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, file) => join(ROOT, 'node_modules', pkg, file);

let failed = false;
for (const tarball of Object.values(TARBALLS)) {
  if (!existsSync(tarball)) {
    console.error(`${tarball} is missing: run \`npm run build\` (or node scripts/pack-packages.mjs) first`);
    process.exit(1);
  }
  for (const args of [
    [bin('publint', 'src/cli.js'), 'run', '--strict', tarball],
    [
      bin('@arethetypeswrong/cli', 'dist/index.js'),
      tarball,
      '--profile',
      'esm-only',
      '--no-definitely-typed',
      '--format',
      'table',
    ],
  ]) {
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    failed ||= result.status !== 0;
  }
}
process.exit(failed ? 1 : 0);
