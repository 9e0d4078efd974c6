/**
 * A real `next start` of the reference app (edge middleware.ts), of the proxy fixture
 * (node proxy.ts) or of the handler fixture (neither), pointed at a local IdP through env vars.
 * Builds when no build is there yet, so `vitest run` works on its own; `npm test` builds them
 * beforehand (scripts/build.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../../..');
const NEXT_BIN = join(REPO, 'node_modules/next/dist/bin/next');

export const APP_VARIANTS = [
  { name: 'edge middleware.ts', dir: REPO },
  { name: 'node proxy.ts', dir: join(REPO, 'test/fixtures/proxy-app') },
] as const;

/** No middleware.ts, no proxy.ts: its API routes guard themselves with `auth.withAuth`. */
export const HANDLER_APP_DIR = join(REPO, 'test/fixtures/handler-app');

export interface NextServer {
  url: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Env that points the reference app's runner at an IdP. */
export function appEnv(
  idp: { url: string; poolId: string; issuer: string; defaultClientId: string; identityPoolId?: string },
  extra: Record<string, string> = {},
) {
  return {
    // .env names the identity pool on port 9229; an IdP on another port answers for its own.
    ...(idp.identityPoolId ? { COGNITO_IDENTITY_POOL_ID: idp.identityPoolId, COGNITO_IDENTITY_ENDPOINT: idp.url } : {}),
    COGNITO_USER_POOL_ID: idp.poolId,
    COGNITO_CLIENT_ID: idp.defaultClientId,
    COGNITO_ENDPOINT: `${idp.url}/`,
    COGNITO_ISSUER: idp.issuer,
    COGNITO_OAUTH_DOMAIN: idp.url,
    // The seed's reference client lists these; the hosted-UI tests drive them.
    COGNITO_REDIRECT_SIGN_IN: 'http://localhost:3000/api/auth/sign-in-callback',
    COGNITO_REDIRECT_SIGN_OUT: 'http://localhost:3000/',
    ...extra,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function ensureBuilt(dir: string, env: Record<string, string>): Promise<void> {
  if (existsSync(join(dir, '.next', 'BUILD_ID'))) return;
  const child = spawn(process.execPath, [NEXT_BIN, 'build', dir], {
    cwd: REPO,
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`next build ${dir} failed (${code}):\n${output()}`);
}

export async function startNext(dir: string, env: Record<string, string>): Promise<NextServer> {
  await ensureBuilt(dir, env);
  const port = await freePort();
  const child = spawn(process.execPath, [NEXT_BIN, 'start', dir, '-p', String(port), '-H', '127.0.0.1'], {
    cwd: REPO,
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, child, output);
  return {
    url,
    output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk) => (text += chunk));
  child.stderr?.on('data', (chunk) => (text += chunk));
  return () => text;
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output()}`);
    try {
      await fetch(`${url}/`, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  child.kill('SIGTERM');
  throw new Error(`next start did not answer within 30 s:\n${output()}`);
}
