/**
 * The IdP failing while a session needs a refresh: closed port, an answer slower than the
 * runner's 1 s budget, 5xx, and bodies that are not Cognito JSON (from a fake on 127.0.0.1).
 * Nobody may be signed out for an outage: the state is a typed IdpUnavailable, the cookies stay
 * as they were, and the same cookies refresh once the IdP is back. With the JWKS endpoint down,
 * keys already cached keep verifying.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSessionCookies, type JarCookie, type MemoryJar } from '../../src/cookies';
import type { RunningIdp } from 'next-cognito-session-idp';
import { resolveSession } from '../../src/session/resolve-session';
import type { AuthCore } from '../../src/session/core';
import { Clock, createCore, requestJar, signedInCookies, startTestIdp } from '../integration/support/session-harness';

const TIMEOUT_MS = 1000;
let clock: Clock;
let idp: RunningIdp;
const servers: Server[] = [];

beforeEach(async () => {
  clock = new Clock();
  idp = await startTestIdp(clock);
});

afterEach(async () => {
  idp.faults.clear();
  await idp.close();
  for (const server of servers.splice(0)) await new Promise((done) => server.close(done));
});

function core(options: { endpointOf?: string } = {}): AuthCore {
  const target = options.endpointOf ? { ...idp, url: options.endpointOf } : idp;
  return createCore(target, clock, { idpTimeoutMs: TIMEOUT_MS });
}

/** An expired session (clock moved past the tokens' hour) in a fresh request jar. */
async function expiredSession(auth: AuthCore): Promise<JarCookie[]> {
  const cookies = await signedInCookies(auth);
  clock.advance(3601);
  return cookies;
}

function assertKept(jar: MemoryJar, cookies: JarCookie[]): void {
  expect(
    jar.writes.filter((write) => (write.options.maxAge ?? 1) <= 0),
    'cookies were cleared',
  ).toEqual([]);
  expect(jar.getAll()).toEqual(cookies);
}

async function assertUnavailableThenRecovers(
  auth: AuthCore,
  cookies: JarCookie[],
  restore: () => Promise<void> | void,
) {
  const jar = requestJar(cookies);
  const started = Date.now();
  const state = await resolveSession(auth, auth.storage(jar));
  const elapsed = Date.now() - started;
  expect(state).toMatchObject({ status: 'error', error: { code: 'IdpUnavailable', status: 503 } });
  assertKept(jar, cookies);
  await restore();
  const again = requestJar(cookies);
  const recovered = await resolveSession(auth, auth.storage(again));
  expect(recovered).toMatchObject({ status: 'signedIn', refreshed: true });
  const stored = await readSessionCookies(auth.storage(again), auth.config.clientId);
  expect(stored?.refreshToken).toBeDefined();
  expect(stored?.refreshToken).not.toBe(cookies.find((c) => c.name.endsWith('.refreshToken'))!.value);
  return elapsed;
}

async function fakeIdp(answer: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => answer(request, response));
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('refresh while the IdP is failing', () => {
  it('closed-port: IdpUnavailable, cookies kept, refreshes once the port is open again', async () => {
    const auth = core();
    const cookies = await expiredSession(auth);
    await idp.stop();
    await assertUnavailableThenRecovers(auth, cookies, () => idp.start());
  });

  it('slow-idp: a 5 s answer is cut at the 1 s budget as IdpUnavailable, cookies kept, then recovers', async () => {
    const auth = core();
    const cookies = await expiredSession(auth);
    idp.faults.setLatency(5000);
    const elapsed = await assertUnavailableThenRecovers(auth, cookies, () => idp.faults.clear());
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 1500);
  });

  it.each([500, 502, 503])('http-%i: IdpUnavailable, cookies kept, then recovers', async (status) => {
    const auth = core();
    const cookies = await expiredSession(auth);
    idp.faults.failOperation('GetTokensFromRefreshToken', status);
    await assertUnavailableThenRecovers(auth, cookies, () => idp.faults.clear());
  });

  it('every-operation-500: even the REFRESH_TOKEN_AUTH fallback path is never taken as a verdict', async () => {
    const auth = core();
    const cookies = await expiredSession(auth);
    idp.faults.failOperation('*', 500);
    await assertUnavailableThenRecovers(auth, cookies, () => idp.faults.clear());
  });

  it('429-throttled: too many requests is an outage, not a sign-out', async () => {
    const auth = core();
    const cookies = await expiredSession(auth);
    idp.faults.failOperation('GetTokensFromRefreshToken', 429);
    await assertUnavailableThenRecovers(auth, cookies, () => idp.faults.clear());
  });

  it('renew-ahead-during-outage: tokens still valid inside the margin are served with a warning', async () => {
    const auth = core();
    const cookies = await signedInCookies(auth);
    await resolveSession(auth, auth.storage(requestJar(cookies))); // verified while the IdP is up
    clock.advance(3600 - 30); // inside the 60 s margin, not yet expired
    idp.faults.failOperation('*', 503);
    const jar = requestJar(cookies);
    const state = await resolveSession(auth, auth.storage(jar));
    expect(state).toMatchObject({ status: 'signedIn', refreshed: false, warning: { code: 'IdpUnavailable' } });
    assertKept(jar, cookies);
  });
});

describe('answers that are not Cognito JSON (fake IdP on 127.0.0.1)', () => {
  const garbage: Array<[string, (request: IncomingMessage, response: ServerResponse) => void]> = [
    [
      'malformed JSON',
      (_q, r) => {
        r.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        r.end('{"AuthenticationResult": {"AccessToken": ');
      },
    ],
    [
      'JSON of the wrong shape',
      (_q, r) => {
        r.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        r.end('{"AuthenticationResult": {"AccessToken": 42}}');
      },
    ],
    [
      'an empty 200',
      (_q, r) => {
        r.writeHead(200);
        r.end();
      },
    ],
    [
      'an HTML 502 from a proxy',
      (_q, r) => {
        r.writeHead(502, { 'content-type': 'text/html' });
        r.end('<html><body>Bad Gateway</body></html>');
      },
    ],
    [
      'a 400 whose body is not JSON',
      (_q, r) => {
        r.writeHead(400, { 'content-type': 'text/plain' });
        r.end('nope');
      },
    ],
    [
      'a body cut off mid-stream',
      (_q, r) => {
        r.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': '500' });
        r.write('{"Authentication');
        setTimeout(() => r.destroy(), 20);
      },
    ],
    [
      'a connection reset',
      (q) => {
        q.socket.destroy();
      },
    ],
    [
      '200 with tokens that are not JWTs',
      (_q, r) => {
        r.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        r.end(
          JSON.stringify({
            AuthenticationResult: { AccessToken: 'x', IdToken: 'y', ExpiresIn: 3600, TokenType: 'Bearer' },
          }),
        );
      },
    ],
  ];

  it.each(garbage)('%s: never a sign-out, cookies kept', async (_name, answer) => {
    const url = await fakeIdp(answer);
    const cookies = await expiredSession(core());
    const auth = core({ endpointOf: url });
    const jar = requestJar(cookies);
    const state = await resolveSession(auth, auth.storage(jar));
    expect(state.status).toBe('error');
    if (state.status !== 'error') return;
    // A 400 with an unreadable body is the one answer that is arguably a refusal; still typed.
    expect(['IdpUnavailable', 'IdpRejected', 'InvalidToken']).toContain(state.error.code);
    assertKept(jar, cookies);
  });

  it('malformed JSON, then the real IdP: the same cookies refresh (recovery)', async () => {
    const url = await fakeIdp((_q, r) => {
      r.writeHead(200);
      r.end('}{');
    });
    const cookies = await expiredSession(core());
    const broken = core({ endpointOf: url });
    expect(await resolveSession(broken, broken.storage(requestJar(cookies)))).toMatchObject({
      status: 'error',
      error: { code: 'IdpUnavailable' },
    });
    const healthy = core();
    expect(await resolveSession(healthy, healthy.storage(requestJar(cookies)))).toMatchObject({
      status: 'signedIn',
      refreshed: true,
    });
  });
});

describe('JWKS endpoint down', () => {
  it('keys-cached: new tokens signed by a cached key still verify while the JWKS answers 503', async () => {
    const auth = core();
    await resolveSession(auth, auth.storage(requestJar(await signedInCookies(auth))));
    // Never seen by this runner's verified-token cache, so this is real signature work.
    const fresh = await signedInCookies(core());
    idp.faults.failOperation('jwks', 503);
    const state = await resolveSession(auth, auth.storage(requestJar(fresh)));
    expect(state).toMatchObject({ status: 'signedIn' });
  });

  it('keys-cached-and-stale: past the JWKS max age a failing refetch keeps the cached keys serving', async () => {
    const auth = core();
    const first = await signedInCookies(auth);
    await resolveSession(auth, auth.storage(requestJar(first)));
    const fresh = await signedInCookies(core());
    idp.faults.failOperation('jwks', 500);
    idp.stats.reset();
    clock.advance(11 * 60); // JWKS cache is stale (10 min); tokens are still valid
    const state = await resolveSession(auth, auth.storage(requestJar(fresh)));
    expect(state).toMatchObject({ status: 'signedIn' });
    expect(idp.stats.count('jwks')).toBeGreaterThanOrEqual(1);
  });

  it('refresh-with-jwks-down: an expired session refreshes and the new tokens verify from cached keys', async () => {
    const auth = core();
    const cookies = await signedInCookies(auth);
    await resolveSession(auth, auth.storage(requestJar(cookies)));
    idp.faults.failOperation('jwks', 503);
    clock.advance(3601);
    const state = await resolveSession(auth, auth.storage(requestJar(cookies)));
    expect(state).toMatchObject({ status: 'signedIn', refreshed: true });
  });

  it('nothing-cached: JWKS down on a cold runner is a typed 503 error state, cookies kept', async () => {
    const cookies = await signedInCookies(core());
    idp.faults.failOperation('jwks', 503);
    const cold = core();
    const jar = requestJar(cookies);
    const state = await resolveSession(cold, cold.storage(jar));
    expect(state).toMatchObject({ status: 'error', error: { code: 'JwksUnavailable', status: 503 } });
    assertKept(jar, cookies);
  });
});
