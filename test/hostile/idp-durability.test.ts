/**
 * The IdP CLI as a child process, killed with SIGKILL in the middle of a burst of sign-ups,
 * sign-ins, refreshes and revocations over HTTP, then restarted from the same state file.
 * Whatever the IdP acknowledged (answered 200) before the kill must still be true afterwards:
 * users exist, families refresh, revocations hold. The file must parse.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { freePort, REPO } from '../integration/support/next-server';

const CLIENT = seed.clients[0]!.clientId;
const demo = seed.users.find((u) => u.username === 'demo@example.com')!;
const KILL_AFTER_ACKS = 120;
const CONCURRENCY = 8;
const MAX_OPS = 2000;

let dir: string;
let dataFile: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idp-durability-'));
  dataFile = join(dir, 'state.json');
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

async function startCli(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'packages/idp/src/cli.ts', '--port', String(port), '--data', dataFile],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 20_000;
  while (!output.includes('listening on')) {
    if (child.exitCode !== null) throw new Error(`IdP CLI exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) throw new Error(`IdP CLI did not start:\n${output}`);
    await new Promise((done) => setTimeout(done, 50));
  }
  return child;
}

interface Answer {
  status: number;
  body: any;
}

async function api(port: number, op: string, body: unknown): Promise<Answer> {
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${op}`,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined) };
}

interface Family {
  id: number;
  refreshToken: string;
  accessToken: string;
  revoked: boolean;
  /** An operation on it was in flight when the IdP died: its outcome is legitimately unknown. */
  uncertain: boolean;
  busy: boolean;
}

it('SIGKILL mid-burst loses no acknowledged user, family or revocation', async () => {
  const port = await freePort();
  const first = await startCli(port);

  const users: string[] = [];
  const families: Family[] = [];
  let acks = 0;
  let issued = 0;
  let dead = false;

  const acknowledge = () => {
    acks += 1;
    if (acks === KILL_AFTER_ACKS && !dead) {
      dead = true;
      first.kill('SIGKILL');
    }
  };

  async function step(n: number): Promise<void> {
    const kind = n % 4;
    const idle = families.filter((f) => !f.revoked && !f.busy && !f.uncertain);
    if (kind === 0) {
      const username = `burst-${n}@example.com`;
      const answer = await api(port, 'SignUp', {
        ClientId: CLIENT,
        Username: username,
        Password: 'Passw0rd!burst',
        UserAttributes: [{ Name: 'email', Value: username }],
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      users.push(username);
    } else if (kind === 1 || idle.length < 3) {
      const answer = await api(port, 'InitiateAuth', {
        ClientId: CLIENT,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: demo.username, PASSWORD: demo.password },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const result = answer.body.AuthenticationResult;
      families.push({
        id: n,
        refreshToken: result.RefreshToken,
        accessToken: result.AccessToken,
        revoked: false,
        uncertain: false,
        busy: false,
      });
    } else {
      const family = idle[n % idle.length]!;
      family.busy = true;
      try {
        if (kind === 2 || n % 8 !== 3) {
          const answer = await api(port, 'GetTokensFromRefreshToken', {
            ClientId: CLIENT,
            RefreshToken: family.refreshToken,
          });
          expect(answer.status, JSON.stringify(answer.body)).toBe(200);
          family.refreshToken = answer.body.AuthenticationResult.RefreshToken ?? family.refreshToken;
          family.accessToken = answer.body.AuthenticationResult.AccessToken;
        } else {
          const answer = await api(port, 'RevokeToken', { ClientId: CLIENT, Token: family.refreshToken });
          expect(answer.status, JSON.stringify(answer.body)).toBe(200);
          family.revoked = true;
        }
      } catch (error) {
        family.uncertain = true;
        throw error;
      } finally {
        family.busy = false;
      }
    }
    acknowledge();
  }

  async function worker(): Promise<void> {
    while (!dead && issued < MAX_OPS) {
      const n = issued++;
      try {
        await step(n);
      } catch (error) {
        if (!dead) throw error; // before the kill every operation must succeed
        return;
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await new Promise<void>((done) =>
    first.exitCode !== null || first.signalCode !== null ? done() : first.once('exit', () => done()),
  );
  expect(first.signalCode).toBe('SIGKILL');
  expect(acks).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

  // The file on disk is whole JSON (atomic rename), whatever moment the kill hit.
  const state = JSON.parse(await readFile(dataFile, 'utf8'));
  expect(state.version).toBe(1);

  await startCli(port);
  const certain = families.filter((f) => !f.uncertain);
  console.info(
    `durability burst: ${acks} acknowledged of ${issued} issued; ${users.length} users, ${certain.length} families (${certain.filter((f) => f.revoked).length} revoked), ${families.length - certain.length} uncertain`,
  );
  expect(users.length).toBeGreaterThan(5);
  expect(certain.filter((f) => f.revoked).length).toBeGreaterThan(5);
  expect(certain.filter((f) => !f.revoked).length).toBeGreaterThan(5);

  for (const username of users) {
    const again = await api(port, 'SignUp', {
      ClientId: CLIENT,
      Username: username,
      Password: 'Passw0rd!burst',
      UserAttributes: [{ Name: 'email', Value: username }],
    });
    expect(again.body?.__type, `user ${username} lost`).toBe('UsernameExistsException');
  }
  for (const family of certain) {
    const refresh = await api(port, 'GetTokensFromRefreshToken', {
      ClientId: CLIENT,
      RefreshToken: family.refreshToken,
    });
    const user = await api(port, 'GetUser', { AccessToken: family.accessToken });
    if (family.revoked) {
      expect(refresh.body?.__type, `revocation of family ${family.id} lost`).toBe('NotAuthorizedException');
      expect(user.body?.__type, `revocation of family ${family.id} lost (access token)`).toBe('NotAuthorizedException');
    } else {
      expect(refresh.status, `family ${family.id} lost: ${JSON.stringify(refresh.body)}`).toBe(200);
      expect(user.status, `family ${family.id} access token: ${JSON.stringify(user.body)}`).toBe(200);
    }
  }
}, 90_000);
