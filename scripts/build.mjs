#!/usr/bin/env node
// Builds what the tests run: both packages (dist/ and packages/idp/dist/), then the reference app
// (edge middleware.ts) and the proxy.ts fixture (node runtime), which import the library through
// its package exports — the compiled code users get. The fixtures have no .env of their own; they
// are built with the reference app's, because page-data collection evaluates
// `createServerRunner()`, which refuses to start without config.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const next = 'node_modules/next/dist/bin/next';
if (existsSync('.env')) process.loadEnvFile('.env');

run(['scripts/build-packages.mjs']);
for (const dir of ['.', 'test/fixtures/proxy-app']) run([next, 'build', dir]);

function run(args) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
