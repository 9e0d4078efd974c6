#!/usr/bin/env node
// Builds the reference app (edge middleware.ts), the proxy.ts fixture (node runtime), and the
// consumer fixture: an app that gets the library from `npm pack`, the way users install it.
// The fixtures have no .env of their own; they are built with the reference app's, because
// page-data collection evaluates `createServerRunner()`, which refuses to start without config.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { installPacked } from './install-packed.mjs';

const next = 'node_modules/next/dist/bin/next';
if (existsSync('.env')) process.loadEnvFile('.env');

const CONSUMER_APP = 'test/fixtures/consumer-app';
installPacked(CONSUMER_APP);

for (const dir of ['.', 'test/fixtures/proxy-app', CONSUMER_APP]) {
  const result = spawnSync(process.execPath, [next, 'build', dir], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
