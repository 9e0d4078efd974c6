#!/usr/bin/env node
// The npm registry reachable from our machines does not serve Next's macOS and Windows SWC
// binaries (404), so `npm install` here leaves them out of package-lock.json — and `npm ci`
// then refuses the lock as out of sync. This adds the entries npm would have written (optional,
// os/cpu-gated, so Linux never installs them). Run after any `npm install` that rewrites the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const next = lock.packages['node_modules/next'];
const platforms = {
  '@next/swc-darwin-arm64': { os: 'darwin', cpu: 'arm64' },
  '@next/swc-darwin-x64': { os: 'darwin', cpu: 'x64' },
  '@next/swc-win32-arm64-msvc': { os: 'win32', cpu: 'arm64' },
  '@next/swc-win32-x64-msvc': { os: 'win32', cpu: 'x64' },
};
let added = 0;
for (const [name, { os, cpu }] of Object.entries(platforms)) {
  const version = next.optionalDependencies?.[name];
  const key = `node_modules/${name}`;
  if (!version || lock.packages[key]) continue;
  lock.packages[key] = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os], engines: { node: '>= 10' } };
  added++;
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
);
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform entr${added === 1 ? 'y' : 'ies'}`);
