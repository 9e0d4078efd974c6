/**
 * Revocation: after a global sign-out every refresh token of the user and every access token of
 * those families fails at the IdP (GetUser NotAuthorizedException), and the adapter clears the
 * cookies at its next refresh. RevokeToken kills one family only.
 */
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { createCognitoClient, type CognitoClient } from '../../src/cognito/client';
import { readSessionCookies } from '../../src/cookies';
import type { RunningIdp } from 'next-cognito-session-idp';
import { resolveSession } from '../../src/session/resolve-session';
import {
  adminUser,
  Clock,
  createCore,
  demoUser,
  requestJar,
  startTestIdp,
} from '../integration/support/session-harness';
import { passwordSignIn, sessionCookies, type RealSession } from './support/hostile';

let clock: Clock;
let idp: RunningIdp;
let cognito: CognitoClient;

beforeEach(async () => {
  clock = new Clock();
  idp = await startTestIdp(clock);
  cognito = createCognitoClient({ endpoint: `${idp.url}/`, clientId: idp.defaultClientId });
});
afterEach(async () => {
  await idp.close();
});

/** A family with its sign-in tokens plus two generations of refreshed access tokens. */
async function family(
  user = demoUser,
): Promise<{ first: RealSession; accessTokens: string[]; refreshTokens: string[] }> {
  const first = await passwordSignIn(idp, user);
  const accessTokens = [first.accessToken];
  const refreshTokens = [first.refreshToken];
  for (let i = 0; i < 2; i++) {
    clock.advance(1);
    const next = await cognito.getTokensFromRefreshToken({ refreshToken: refreshTokens.at(-1)! });
    accessTokens.push(next.AccessToken);
    if (next.RefreshToken) refreshTokens.push(next.RefreshToken);
  }
  return { first, accessTokens, refreshTokens };
}

async function expectNotAuthorized(run: () => Promise<unknown>): Promise<void> {
  await expect(run()).rejects.toMatchObject({ code: 'IdpRejected', cognitoType: 'NotAuthorizedException' });
}

describe('global sign-out', () => {
  it("kills every refresh token and every access token of all the user's families at the IdP", async () => {
    const phone = await family();
    const laptop = await family();
    const other = await family(adminUser);
    for (const token of [...phone.accessTokens, ...laptop.accessTokens])
      await expect(cognito.getUser(token)).resolves.toBeDefined();

    await cognito.globalSignOut(laptop.accessTokens.at(-1)!);

    for (const token of [...phone.accessTokens, ...laptop.accessTokens])
      await expectNotAuthorized(() => cognito.getUser(token));
    for (const token of [...phone.refreshTokens, ...laptop.refreshTokens]) {
      await expect(cognito.getTokensFromRefreshToken({ refreshToken: token })).rejects.toMatchObject({
        code: expect.stringMatching(/RefreshTokenRevoked|RefreshTokenReuse/),
      });
    }
    // Another user's session is untouched.
    await expect(cognito.getUser(other.accessTokens.at(-1)!)).resolves.toBeDefined();
    await expect(
      cognito.getTokensFromRefreshToken({ refreshToken: other.refreshTokens.at(-1)! }),
    ).resolves.toBeDefined();
  });

  it('the adapter clears every session cookie at the next refresh (RefreshTokenRevoked), on every device', async () => {
    const core = createCore(idp, clock);
    const phone = await passwordSignIn(idp, demoUser);
    const laptop = await passwordSignIn(idp, demoUser);
    await cognito.globalSignOut(phone.accessToken);

    // Until the access token expires the cookies still verify locally: a bounded window, no IdP call.
    const before = await resolveSession(core, core.storage(requestJar(sessionCookies(idp.defaultClientId, laptop))));
    expect(before.status).toBe('signedIn');

    clock.advance(3601);
    for (const device of [phone, laptop]) {
      const jar = requestJar(sessionCookies(idp.defaultClientId, device));
      const state = await resolveSession(core, core.storage(jar));
      expect(state).toMatchObject({ status: 'signedOut', reason: { code: 'RefreshTokenRevoked' } });
      expect(await readSessionCookies(core.storage(jar), core.config.clientId)).toBeNull();
      expect(jar.getAll().filter((c) => c.name.startsWith('CognitoIdentityServiceProvider.'))).toEqual([]);
    }
  });

  it('a forced refresh right after the global sign-out clears the cookies without waiting for expiry', async () => {
    const core = createCore(idp, clock);
    const session = await passwordSignIn(idp, demoUser);
    await cognito.globalSignOut(session.accessToken);
    const jar = requestJar(sessionCookies(idp.defaultClientId, session));
    const state = await resolveSession(core, core.storage(jar), { mode: 'force' });
    expect(state).toMatchObject({ status: 'signedOut', reason: { code: 'RefreshTokenRevoked' } });
    expect(jar.getAll()).toEqual([]);
  });
});

describe('RevokeToken', () => {
  it("kills its own family (refresh and access tokens) and leaves the user's other families alive", async () => {
    const revoked = await family();
    const survivor = await family();
    await cognito.revokeToken(revoked.refreshTokens.at(-1)!);

    for (const token of revoked.accessTokens) await expectNotAuthorized(() => cognito.getUser(token));
    await expect(
      cognito.getTokensFromRefreshToken({ refreshToken: revoked.refreshTokens.at(-1)! }),
    ).rejects.toMatchObject({ code: 'RefreshTokenRevoked' });

    for (const token of survivor.accessTokens) await expect(cognito.getUser(token)).resolves.toBeDefined();
    await expect(
      cognito.getTokensFromRefreshToken({ refreshToken: survivor.refreshTokens.at(-1)! }),
    ).resolves.toBeDefined();
  });

  it("the adapter clears a revoked family's cookies at its next refresh and keeps the other device signed in", async () => {
    const core = createCore(idp, clock);
    const revoked = await passwordSignIn(idp, demoUser);
    const survivor = await passwordSignIn(idp, demoUser);
    await cognito.revokeToken(revoked.refreshToken);
    clock.advance(3601);

    const gone = requestJar(sessionCookies(idp.defaultClientId, revoked));
    expect(await resolveSession(core, core.storage(gone))).toMatchObject({
      status: 'signedOut',
      reason: { code: 'RefreshTokenRevoked' },
    });
    expect(gone.getAll()).toEqual([]);

    const kept = requestJar(sessionCookies(idp.defaultClientId, survivor));
    expect(await resolveSession(core, core.storage(kept))).toMatchObject({ status: 'signedIn', refreshed: true });
  });
});
