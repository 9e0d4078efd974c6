#!/usr/bin/env node
// Builds what the tests run: both packages (dist/ and packages/idp/dist/); the reference app
// (edge middleware.ts), the proxy.ts fixture (node runtime) and the handler-app fixture (no
// middleware or proxy: route handlers guarded by `auth.withAuth`), which import the library through
// its package exports — the compiled code users get; then the tarballs (.pack/) and, from them,
// the consumer apps on every supported Next (scripts/consumer-apps.mjs). The in-repo fixtures
// have no .env of their own; they are built with the reference app's, because page-data
// collection evaluates `createServerRunner()`, which refuses to start without config. The
// consumer apps use only their own .env.local.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { consumerApps } from './consumer-apps.mjs';
import { packPackages } from './pack-packages.mjs';

const next = 'node_modules/next/dist/bin/next';
if (existsSync('.env')) process.loadEnvFile('.env');

run(['scripts/build-packages.mjs']);
for (const dir of ['.', 'test/fixtures/proxy-app', 'test/fixtures/handler-app']) run([next, 'build', dir]);
packPackages({ build: false });
consumerApps();

function run(args) {
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
