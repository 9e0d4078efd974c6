/**
 * The local IdP in a process of its own, for the sign-in figures (S1, S2): they compare SRP
 * maths (NEXT_COGNITO_SRP_MATH in its env) and may compare Node versions (`node`), and an IdP
 * inside the bench process would share its env, its Node and its event loop with the load
 * generator. Stopped by its own PID.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { collect, exitOf, REPO } from './next-app';

/** Every seeded bench user's password (admin-created users skip the password policy). */
export const BENCH_PASSWORD = 'Bench-Sign-In-9';

export interface IdpDescription {
  url: string;
  poolId: string;
  issuer: string;
  defaultClientId: string;
  users: { username: string; password: string }[];
}

export interface IdpProcess extends IdpDescription {
  pid: number;
  /** Requests of operation `op` the IdP has received (its /_local/stats). */
  opCount(op: string): Promise<number>;
  output(): string;
  stop(): Promise<void>;
}

export async function startIdpProcess(options: {
  /** Default: this process's node. */
  node?: string;
  env?: Record<string, string>;
  /** CONFIRMED users to seed, `bench-<i>@example.com`. */
  users: number;
}): Promise<IdpProcess> {
  const child = spawn(
    options.node ?? process.execPath,
    ['--import', 'tsx', join(REPO, 'bench/support/idp-child.ts'), String(options.users)],
    { cwd: REPO, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const output = collect(child);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if ((await exitOf(child, 10_000)) === 'timeout') child.kill('SIGKILL');
  };
  try {
    const first = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`the IdP did not start within 60 s:\n${output()}`)), 60_000);
      lines.once('line', (line) => {
        clearTimeout(timer);
        done(line);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the IdP exited (${code}):\n${output()}`));
      });
    });
    const description = JSON.parse(first) as IdpDescription;
    const opCount = async (op: string) => {
      const response = await fetch(`${description.url}/_local/stats?op=${encodeURIComponent(op)}`);
      const body = (await response.json()) as { count?: number };
      if (typeof body.count !== 'number') throw new Error(`/_local/stats answered ${JSON.stringify(body)}`);
      return body.count;
    };
    return { ...description, pid: child.pid!, opCount, output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
