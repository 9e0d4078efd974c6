/**
 * Builds and runs a bench fixture app under a real `next start` on 127.0.0.1, with the JWKS
 * redirect preload. Servers are stopped by their own PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');
export const FIXTURES = join(REPO, 'bench/fixtures');
const NEXT_BIN = join(REPO, 'node_modules/next/dist/bin/next');
const PRELOAD = join(REPO, 'bench/support/redirect-cognito.mjs');

export interface RunningApp {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** `force` rebuilds even when a build exists (full runs); smoke runs reuse one. */
export async function buildApp(dir: string, env: Record<string, string>, force: boolean): Promise<'built' | 'reused'> {
  if (!force && existsSync(join(dir, '.next', 'BUILD_ID'))) return 'reused';
  const child = spawn(process.execPath, [NEXT_BIN, 'build', dir], {
    cwd: REPO,
    env: { ...process.env, ...env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  const code = await exitOf(child, 300_000);
  if (code !== 0) throw new Error(`next build ${dir} failed (${code}):\n${output().slice(-4000)}`);
  return 'built';
}

/** `node`: the executable that runs `next start` (default this one), to compare Node versions. */
export async function startApp(
  dir: string,
  env: Record<string, string>,
  options: { node?: string } = {},
): Promise<RunningApp> {
  const port = await freePort();
  const node = options.node ?? process.execPath;
  const child = spawn(node, [NEXT_BIN, 'start', dir, '-p', String(port), '-H', '127.0.0.1'], {
    cwd: REPO,
    env: {
      ...process.env,
      ...env,
      NODE_OPTIONS: `--import ${PRELOAD}`,
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collect(child);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if ((await exitOf(child, 10_000)) === 'timeout') child.kill('SIGKILL');
  };
  try {
    await waitUntilServing(url, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: child.pid!, output, stop };
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function collect(child: ChildProcess): () => string {
  let text = '';
  const keep = (chunk: Buffer) => {
    // Bounded: a server logging per request under load must not grow this without limit.
    text = (text + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}

export function exitOf(child: ChildProcess, timeoutMs: number): Promise<number | null | 'timeout'> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => {
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done(code);
    });
  });
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output()}`);
    try {
      await fetch(`${url}/bench/protected`, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  throw new Error(`next start did not answer within 30 s:\n${output()}`);
}
