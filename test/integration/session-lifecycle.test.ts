/**
 * The session core against the real local IdP over HTTP: sign-in cookies → verified session,
 * refresh ahead of expiry, rotation, revocation, outages and foreign tokens.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCognitoClient } from '../../src/cognito/client';
import { readSessionCookies } from '../../src/cookies';
import { resolveSession } from '../../src/session/resolve-session';
import type { RunningIdp } from 'next-cognito-session-idp';
import {
  adminUser,
  Clock,
  cookieValue,
  createCore,
  requestJar,
  signedInCookies,
  startTestIdp,
} from './support/session-harness';

let clock: Clock;
let idp: RunningIdp;

beforeEach(async () => {
  clock = new Clock();
  idp = await startTestIdp(clock);
});

afterEach(async () => {
  await idp.close();
});

describe('a signed-in session', () => {
  it('sign-in-cookies-verify: SRP tokens in cookies become a verified, typed session', async () => {
    const core = createCore(idp, clock);
    const jar = requestJar(await signedInCookies(core, adminUser));
    const state = await resolveSession(core, core.storage(jar));
    expect(state.status).toBe('signedIn');
    if (state.status !== 'signedIn') return;
    expect(state.refreshed).toBe(false);
    expect(state.session.user).toMatchObject({
      username: expect.any(String),
      userId: adminUser.sub,
      email: 'admin@example.com',
      groups: ['ADMINS'],
      signInDetails: { loginId: 'admin@example.com', authFlowType: 'USER_SRP_AUTH' },
    });
    expect(state.session.claims['custom:tenant']).toBe('acme');
    expect(jar.writes).toHaveLength(0);
  });

  it('valid-session-no-io: a second check of the same cookies makes no IdP call at all', async () => {
    const core = createCore(idp, clock);
    const cookies = await signedInCookies(core);
    await resolveSession(core, core.storage(requestJar(cookies)));
    idp.stats.reset();
    await idp.stop(); // any network I/O would now fail
    const state = await resolveSession(core, core.storage(requestJar(cookies)));
    expect(state.status).toBe('signedIn');
    await idp.start();
  });
});

describe('refresh', () => {
  it('expired-refreshes: past exp the tokens are refreshed and the rotated cookies written', async () => {
    const core = createCore(idp, clock);
    const cookies = await signedInCookies(core);
    const before = await resolveSession(core, core.storage(requestJar(cookies)));
    const oldJti = before.status === 'signedIn' ? before.session.tokens.accessToken.payload.jti : undefined;
    clock.advance(3601);

    const jar = requestJar(cookies);
    const state = await resolveSession(core, core.storage(jar));
    expect(state.status).toBe('signedIn');
    if (state.status !== 'signedIn') return;
    expect(state.refreshed).toBe(true);
    expect(state.session.tokens.accessToken.payload.jti).not.toBe(oldJti);
    expect(state.session.tokens.accessToken.payload.exp * 1000).toBeGreaterThan(clock.ms);
    // Rotation is on for the reference client: a new refresh token lands in the cookie.
    expect(cookieValue(jar, '.refreshToken')).not.toBe(cookies.find((c) => c.name.endsWith('.refreshToken'))?.value);
    const stored = await readSessionCookies(core.storage(jar), core.config.clientId);
    expect(stored?.accessToken).toBe(state.session.tokens.accessToken.toString());
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
  });

  it('renews-ahead: inside the margin the session is refreshed before it expires', async () => {
    const core = createCore(idp, clock, { refreshMarginSeconds: 120 });
    const cookies = await signedInCookies(core);
    clock.advance(3600 - 100);
    const state = await resolveSession(core, core.storage(requestJar(cookies)));
    expect(state).toMatchObject({ status: 'signedIn', refreshed: true });
  });

  it('refresh-storm-one-call: 50 concurrent requests on one expired session make 1 IdP call, 0 sign-outs', async () => {
    const core = createCore(idp, clock);
    const cookies = await signedInCookies(core);
    clock.advance(3601);
    idp.stats.reset();
    const states = await Promise.all(
      Array.from({ length: 50 }, () => resolveSession(core, core.storage(requestJar(cookies)))),
    );
    expect(states.filter((s) => s.status === 'signedIn')).toHaveLength(50);
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
    const jtis = new Set(states.map((s) => (s.status === 'signedIn' ? s.session.tokens.accessToken.payload.jti : '')));
    expect(jtis.size).toBe(1);
  });

  it('late-arrival-reuses-flight: a request still carrying the rotated-out refresh token gets the same new tokens', async () => {
    const core = createCore(idp, clock);
    const cookies = await signedInCookies(core);
    clock.advance(3601);
    await resolveSession(core, core.storage(requestJar(cookies)));
    clock.advance(2);
    idp.stats.reset();
    const late = await resolveSession(core, core.storage(requestJar(cookies)));
    expect(late.status).toBe('signedIn');
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(0);
  });

  it('rotated-token-other-process: inside the IdP grace another runner still refreshes; after it the request is signed out but cookies stay', async () => {
    const first = createCore(idp, clock);
    const cookies = await signedInCookies(first);
    clock.advance(3601);
    expect((await resolveSession(first, first.storage(requestJar(cookies)))).status).toBe('signedIn');

    // A second instance (its own runner, no shared memory) sees the old refresh token.
    const inGrace = createCore(idp, clock);
    expect((await resolveSession(inGrace, inGrace.storage(requestJar(cookies)))).status).toBe('signedIn');

    clock.advance(30); // past the client's 10 s RetryGracePeriodSeconds
    const afterGrace = createCore(idp, clock);
    const jar = requestJar(cookies);
    const state = await resolveSession(afterGrace, afterGrace.storage(jar));
    expect(state.status).toBe('signedOut');
    if (state.status !== 'signedOut') return;
    expect(state.reason?.code).toBe('RefreshTokenReuse');
    // A newer cookie may be in flight to the browser: clearing could overwrite it.
    expect(jar.writes).toHaveLength(0);
  });

  it('revoked-clears: after a global sign-out the next refresh clears every session cookie', async () => {
    const core = createCore(idp, clock);
    const cookies = await signedInCookies(core);
    const access = cookies.find((c) => c.name.endsWith('.accessToken'))!.value;
    await createCognitoClient({ endpoint: core.config.endpoint, clientId: core.config.clientId }).globalSignOut(access);
    clock.advance(3601);

    const jar = requestJar(cookies);
    const state = await resolveSession(core, core.storage(jar));
    expect(state).toMatchObject({ status: 'signedOut', reason: { code: 'RefreshTokenRevoked' } });
    expect(jar.getAll().filter((c) => c.name.startsWith('CognitoIdentityServiceProvider.'))).toEqual([]);
  });

  it('dead-token-replay-one-call: replaying a revoked refresh token costs the IdP one call, not one per request', async () => {
    const core = createCore(idp, clock);
    const cookies = await signedInCookies(core);
    const refreshToken = cookies.find((c) => c.name.endsWith('.refreshToken'))!.value;
    await createCognitoClient({ endpoint: core.config.endpoint, clientId: core.config.clientId }).revokeToken(
      refreshToken,
    );
    clock.advance(3601);
    idp.stats.reset();
    for (let i = 0; i < 5; i++) {
      const state = await resolveSession(core, core.storage(requestJar(cookies)));
      expect(state).toMatchObject({ status: 'signedOut', reason: { code: 'RefreshTokenRevoked' } });
    }
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(1);
  });

  it('force-refresh: fetchAuthSession({ forceRefresh }) refreshes fresh tokens too', async () => {
    const core = createCore(idp, clock);
    const cookies = await signedInCookies(core);
    const state = await resolveSession(core, core.storage(requestJar(cookies)), { mode: 'force' });
    expect(state).toMatchObject({ status: 'signedIn', refreshed: true });
  });
});

describe('outages keep the session', () => {
  it('idp-down-expired: cookies are kept and the state says IdpUnavailable', async () => {
    const core = createCore(idp, clock, { idpTimeoutMs: 500 });
    const cookies = await signedInCookies(core);
    clock.advance(3601);
    await idp.stop();
    const jar = requestJar(cookies);
    const state = await resolveSession(core, core.storage(jar));
    expect(state).toMatchObject({ status: 'error', error: { code: 'IdpUnavailable' } });
    expect(jar.writes).toHaveLength(0);

    await idp.start();
    expect((await resolveSession(core, core.storage(requestJar(cookies)))).status).toBe('signedIn');
  });

  it('idp-5xx-renew: a failed refresh-ahead serves the still-valid tokens with a warning', async () => {
    const core = createCore(idp, clock, { refreshMarginSeconds: 300 });
    const cookies = await signedInCookies(core);
    clock.advance(3600 - 100);
    idp.faults.failOperation('GetTokensFromRefreshToken', 500);
    const jar = requestJar(cookies);
    const state = await resolveSession(core, core.storage(jar));
    expect(state).toMatchObject({ status: 'signedIn', refreshed: false, warning: { code: 'IdpUnavailable' } });
    expect(jar.writes.filter((w) => !w.name.endsWith('.LastAuthUser'))).toHaveLength(0);
  });
});

describe('foreign tokens are rejected with a reason', () => {
  it('other-key: tokens minted by another IdP instance (same pool id, other keys) fail signature checks', async () => {
    const impostor = await startTestIdp(clock);
    try {
      const impostorCore = createCore(impostor, clock);
      const cookies = await signedInCookies(impostorCore);
      const core = createCore(idp, clock, { clientId: impostorCore.config.clientId });
      const state = await resolveSession(core, core.storage(requestJar(cookies)), { mode: 'never' });
      expect(state.status).toBe('signedOut');
      if (state.status !== 'signedOut') return;
      expect(['UnknownKeyId', 'InvalidSignature', 'WrongIssuer']).toContain(state.reason?.code);
    } finally {
      await impostor.close();
    }
  });

  it('other-issuer: an AWS-form issuer is refused by a runner expecting the local one', async () => {
    const aws = await startTestIdp(clock, { issuerMode: 'aws' });
    try {
      const issuingCore = createCore(aws, clock);
      const cookies = await signedInCookies(issuingCore);
      const core = createCore(aws, clock, { issuer: `${aws.url}/${aws.poolId}` });
      const state = await resolveSession(core, core.storage(requestJar(cookies)), { mode: 'never' });
      expect(state).toMatchObject({ status: 'signedOut', reason: { code: 'WrongIssuer' } });
    } finally {
      await aws.close();
    }
  });
});

describe('server components never refresh-and-drop', () => {
  it('read-only-context: an expired session in a read-only jar is signed out with the reason and no IdP call', async () => {
    const core = createCore(idp, clock);
    const cookies = await signedInCookies(core);
    clock.advance(3610); // past exp and the verifier's 5 s grace
    idp.stats.reset();
    const state = await resolveSession(core, core.storage(requestJar(cookies, { writable: false })));
    expect(state).toMatchObject({ status: 'signedOut', reason: { code: 'TokenExpired' } });
    expect(idp.stats.count('GetTokensFromRefreshToken')).toBe(0);
  });
});
