#!/usr/bin/env node
// Builds the reference app (edge middleware.ts) and the proxy.ts fixture (node runtime).
// The fixture has no .env of its own; it is built with the reference app's, because page-data
// collection evaluates `createServerRunner()`, which refuses to start without its config.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const next = 'node_modules/next/dist/bin/next';
if (existsSync('.env')) process.loadEnvFile('.env');

for (const dir of ['.', 'test/fixtures/proxy-app']) {
  const result = spawnSync(process.execPath, [next, 'build', dir], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
