#!/usr/bin/env node
// `npm start`: the local IdP and the reference app, on localhost, with demo users.
// Builds the app when there is no build or the sources changed since (or with --rebuild);
// stops both servers on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const APP_PORT = Number(process.env.PORT ?? 3000);
const IDP_PORT = Number(process.env.IDP_PORT ?? 9229);
if (existsSync('.env')) process.loadEnvFile('.env');

const staleBecause = buildStaleBecause();
if (staleBecause || process.argv.includes('--rebuild')) {
  console.log(`Building the packages and the reference app (${staleBecause ?? 'asked to'})…`);
  // The app imports the library's compiled dist/, so the packages build first.
  for (const args of [['scripts/build-packages.mjs'], ['node_modules/next/dist/bin/next', 'build']]) {
    const build = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
}

const children = [];
function run(args, name) {
  const child = spawn(process.execPath, args, { stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} stopped (${signal ?? code}); shutting down.`);
    stop(1);
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

run(['packages/idp/dist/cli.js', '--port', String(IDP_PORT)], 'IdP');
await waitFor(`http://127.0.0.1:${IDP_PORT}/${process.env.COGNITO_USER_POOL_ID}/.well-known/jwks.json`);
run(['node_modules/next/dist/bin/next', 'start', '-p', String(APP_PORT), '-H', '127.0.0.1'], 'Next.js');
await waitFor(`http://127.0.0.1:${APP_PORT}/`);
console.log(`
  Reference app:  http://localhost:${APP_PORT}
  Sign in with    demo@example.com / Passw0rd!demo   or   admin@example.com / Passw0rd!admin (ADMINS)
  Ctrl-C stops both servers.
`);

async function waitFor(url) {
  for (let attempt = 0; attempt < 300 && !stopping; attempt++) {
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (!stopping) {
    console.error(`${url} did not answer within 30 s`);
    stop(1);
  }
}

/** Why the build in .next cannot serve as it is, or undefined when it is current. */
function buildStaleBecause() {
  if (!existsSync('.next/BUILD_ID')) return 'no build yet';
  const builtAt = statSync('.next/BUILD_ID').mtimeMs;
  const inputs = [
    'src',
    'packages/idp/src',
    'app',
    'middleware.ts',
    'next.config.mjs',
    'tsconfig.json',
    'package-lock.json',
    '.env',
  ];
  const changed = inputs.flatMap(sourceFiles).find((file) => statSync(file).mtimeMs > builtAt);
  return changed ? `${changed} changed since the last build` : undefined;
}

function sourceFiles(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) =>
    entry.name.endsWith('.test.ts') ? [] : sourceFiles(join(path, entry.name)),
  );
}
