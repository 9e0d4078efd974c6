/**
 * cognito-local (the npm devDependency, jagregory/cognito-local 5.3) as a child process on a free
 * 127.0.0.1 port, with a pool, an app client and a confirmed user made through the real AWS SDK —
 * the emulator teams run in CI, to prove the adapter works against more than our own IdP.
 *
 * Its conventions, from its sources: the port and host come from `PORT` and `HOST`; state lives
 * in `.cognito/` under the working directory (so each run gets a fresh temp dir); pool ids are
 * `local_<8 characters>`; tokens are signed with one fixed key (`kid` CognitoLocal) served at
 * `/<poolId>/.well-known/jwks.json`, with `iss` = `http://<HOST>:<PORT>/<poolId>`. It speaks
 * USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH only, answers GetTokensFromRefreshToken, SRP and
 * GlobalSignOut with HTTP 500 `CognitoLocal#Unsupported`, writes no `origin_jti`, and its refresh
 * tokens are JWTs.
 *
 * @example
 *   const emulator = await startCognitoLocal();
 *   // … emulator.url, emulator.poolId, emulator.clientId, emulator.issuer, emulator.user …
 *   await emulator.stop();
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './next-server';

export interface CognitoLocal {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly poolId: string;
  readonly clientId: string;
  readonly issuer: string;
  readonly jwksUri: string;
  readonly user: { readonly email: string; readonly password: string };
  /** Everything it printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const USER = { email: 'ada@example.com', password: 'Passw0rd!ada' };

export async function startCognitoLocal(): Promise<CognitoLocal> {
  const pkg = createRequire(import.meta.url).resolve('cognito-local/package.json');
  const bin = join(dirname(pkg), 'lib/bin/start.js');
  const cwd = await mkdtemp(join(tmpdir(), 'cognito-local-'));
  const port = await freePort();
  const child = spawn(process.execPath, [bin], {
    cwd,
    env: { ...process.env, PORT: String(port), HOST, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk) => (text += chunk));
  child.stderr?.on('data', (chunk) => (text += chunk));
  const url = `http://${HOST}:${port}`;
  const stop = async () => {
    await stopChild(child);
    await rm(cwd, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, () => text);
    const pool = await createPool(url);
    return {
      url,
      ...pool,
      issuer: `${url}/${pool.poolId}`,
      jwksUri: `${url}/${pool.poolId}/.well-known/jwks.json`,
      user: USER,
      output: () => text,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createPool(url: string): Promise<{ poolId: string; clientId: string }> {
  const sdk = new CognitoIdentityProviderClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const { UserPool } = await sdk.send(
      new CreateUserPoolCommand({ PoolName: 'adapter-tests', UsernameAttributes: ['email'] }),
    );
    const poolId = UserPool!.Id!;
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'reference-app',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: USER.email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: USER.email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await sdk.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: USER.email,
        Password: USER.password,
        Permanent: true,
      }),
    );
    return { poolId, clientId: UserPoolClient!.ClientId! };
  } finally {
    sdk.destroy();
  }
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`cognito-local exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`cognito-local did not answer /health within 30 s:\n${output()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}
