/**
 * Names that are also Object.prototype's members. `constructor`, `__proto__`, `toString` and
 * `hasOwnProperty` are valid Cognito usernames and group names; a directory kept in plain
 * objects answers them with Object's own members — a 500 on sign-in, and "groups" that exist for
 * every user (`cognito:groups: ["toString"]`). Each name must behave like any other name: unknown
 * until created, a real user once signed up, a real group only after CreateGroup — and all of it
 * the same after a restart from the data file.
 */
import { AdminAddUserToGroupCommand, CreateGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import { adminSdk, callIdp, passwordAuth, signUpConfirmed, srpSignIn } from './support/idp-wire';

const OBJECT_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
const PASSWORD = 'Passw0rd!object-key';

let dir: string;
const running: RunningIdp[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'idp-object-keys-'));
});
afterEach(async () => {
  for (const idp of running.splice(0)) await idp.close();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function idpOn(dataFile?: string, port = 0): Promise<RunningIdp> {
  const idp = await startIdp({ port, log: () => {}, ...(dataFile && { dataFile }) });
  running.push(idp);
  return idp;
}

describe('object-key names in the IdP directory', () => {
  it('object-key-usernames-unknown: signing in as `constructor` or `__proto__` is a wrong password, never a 500', async () => {
    const idp = await idpOn();
    for (const name of OBJECT_KEYS) {
      const password = await passwordAuth(idp, name, PASSWORD);
      expect(password, name).toMatchObject({
        status: 400,
        json: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
      });
      const srp = await srpSignIn(idp, name, PASSWORD);
      expect(srp, name).toMatchObject({
        status: 400,
        json: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
      });
      const confirm = await callIdp(idp, 'ConfirmSignUp', {
        ClientId: idp.defaultClientId,
        Username: name,
        ConfirmationCode: '123456',
      });
      expect(confirm.status, name).toBe(400);
      expect(confirm.json.__type, name).not.toBe('InternalErrorException');
      expect(confirm.json.message, name).not.toMatch(/undefined/);
    }
  });

  it('object-key-usernames-sign-up: such a name signs up, confirms and signs in like any other', async () => {
    const idp = await idpOn();
    for (const name of OBJECT_KEYS) {
      await signUpConfirmed(idp, name, PASSWORD);
      const srp = await srpSignIn(idp, name, PASSWORD);
      expect(srp.status, `${name}: ${JSON.stringify(srp.json)}`).toBe(200);
      expect(decodeJwt(srp.json.AuthenticationResult.AccessToken).username).toBe(name);
      const again = await callIdp(idp, 'SignUp', { ClientId: idp.defaultClientId, Username: name, Password: PASSWORD });
      expect(again.json.__type, name).toBe('UsernameExistsException');
    }
  });

  it('object-key-groups-phantom: AdminAddUserToGroup to `toString` is ResourceNotFound and no token names it', async () => {
    const idp = await idpOn();
    const admin = adminSdk(idp);
    try {
      for (const group of OBJECT_KEYS) {
        await expect(
          admin.send(
            new AdminAddUserToGroupCommand({ UserPoolId: idp.poolId, Username: 'demo@example.com', GroupName: group }),
          ),
          group,
        ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      }
      const tokens = (await passwordAuth(idp, 'demo@example.com', 'Passw0rd!demo')).json.AuthenticationResult;
      expect(decodeJwt(tokens.IdToken)['cognito:groups']).toBeUndefined();
      expect(decodeJwt(tokens.AccessToken)['cognito:groups']).toBeUndefined();
    } finally {
      admin.destroy();
    }
  });

  it('object-key-groups-created: CreateGroup `constructor` makes a real group, once', async () => {
    const idp = await idpOn();
    const admin = adminSdk(idp);
    try {
      for (const group of OBJECT_KEYS) {
        await admin.send(new CreateGroupCommand({ UserPoolId: idp.poolId, GroupName: group }));
        await expect(
          admin.send(new CreateGroupCommand({ UserPoolId: idp.poolId, GroupName: group })),
          group,
        ).rejects.toMatchObject({
          name: 'GroupExistsException',
        });
        await admin.send(
          new AdminAddUserToGroupCommand({ UserPoolId: idp.poolId, Username: 'demo@example.com', GroupName: group }),
        );
      }
      const tokens = (await passwordAuth(idp, 'demo@example.com', 'Passw0rd!demo')).json.AuthenticationResult;
      expect(decodeJwt(tokens.IdToken)['cognito:groups']).toEqual(OBJECT_KEYS);
    } finally {
      admin.destroy();
    }
  });

  it('object-key-persistence: users and groups named `__proto__` survive a restart from the data file', async () => {
    const dataFile = join(dir, 'state.json');
    const first = await idpOn(dataFile);
    const admin = adminSdk(first);
    try {
      for (const name of OBJECT_KEYS) {
        await signUpConfirmed(first, name, PASSWORD);
        await admin.send(new CreateGroupCommand({ UserPoolId: first.poolId, GroupName: name }));
        await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: first.poolId, Username: name, GroupName: name }));
      }
    } finally {
      admin.destroy();
    }
    const port = first.port;
    await first.close();
    running.splice(running.indexOf(first), 1);

    const second = await idpOn(dataFile, port);
    for (const name of OBJECT_KEYS) {
      const signedIn = await passwordAuth(second, name, PASSWORD);
      expect(signedIn.status, `${name}: ${JSON.stringify(signedIn.json)}`).toBe(200);
      expect(decodeJwt(signedIn.json.AuthenticationResult.IdToken)['cognito:groups']).toEqual([name]);
    }
    // Groups that were never created are still unknown after the reload.
    const reloadedAdmin = adminSdk(second);
    try {
      await expect(
        reloadedAdmin.send(
          new AdminAddUserToGroupCommand({
            UserPoolId: second.poolId,
            Username: 'demo@example.com',
            GroupName: 'isPrototypeOf',
          }),
        ),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    } finally {
      reloadedAdmin.destroy();
    }
  });
});
