import { describe, expect, it } from 'vitest';
import { encodeCookieName, lastAuthUserKey, tokenKey } from '../cookies/names.js';
import { fetchAuthSession, getCurrentUser, SessionUnavailable } from './fetch-auth-session.js';
import type { FetchLike } from './types.js';

const CLIENT = 'client1';
const NOW = 1_750_000_000_000;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (payload: object) => `${b64({ alg: 'RS256' })}.${b64(payload)}.c2ln`;

const cookies = [
  [lastAuthUserKey(CLIENT), 'alice'],
  [
    tokenKey(CLIENT, 'alice', 'accessToken'),
    jwt({ sub: 's', username: 'alice', token_use: 'access', exp: NOW / 1000 + 60 }),
  ],
  [tokenKey(CLIENT, 'alice', 'idToken'), jwt({ sub: 's', token_use: 'id', exp: NOW / 1000 + 60 })],
]
  .map(([key, value]) => `${encodeCookieName(key as string)}=${value}`)
  .join('; ');

function serverFetch(body: unknown, status = 200) {
  let calls = 0;
  const fetch: FetchLike = async () => {
    calls++;
    return Response.json(body, { status });
  };
  return { fetch, calls: () => calls };
}

describe('fetchAuthSession', () => {
  it('reads readable cookies without a request', async () => {
    const server = serverFetch({ user: null });
    const session = await fetchAuthSession({ cookies, fetch: server.fetch, now: () => NOW });
    expect(session).toMatchObject({ source: 'cookies', user: { username: 'alice', userId: 's' } });
    expect(server.calls()).toBe(0);
  });

  it('asks the session endpoint when cookies are HttpOnly (invisible) or expired', async () => {
    const answer = { user: { username: 'alice', userId: 's', groups: [] }, claims: { sub: 's' }, expiresAt: 5 };
    const server = serverFetch(answer);
    expect(await fetchAuthSession({ cookies: '', fetch: server.fetch })).toMatchObject({
      source: 'server',
      expiresAt: 5,
    });
    await fetchAuthSession({ cookies, fetch: server.fetch, now: () => NOW + 61_000 });
    expect(server.calls()).toBe(2);
  });

  it('treats cookies expiring within 30 s as stale and lets the server refresh them', async () => {
    const answer = {
      user: { username: 'alice', userId: 's', groups: [] },
      claims: { sub: 's' },
      expiresAt: NOW / 1000 + 3600,
    };
    const server = serverFetch(answer);
    const session = await fetchAuthSession({ cookies, fetch: server.fetch, now: () => NOW + 31_000 });
    expect(session).toMatchObject({ source: 'server', expiresAt: NOW / 1000 + 3600 });
    expect(server.calls()).toBe(1);
  });

  it('getCurrentUser throws NotAuthenticated when signed out, SessionUnavailable on an outage', async () => {
    await expect(getCurrentUser({ cookies: '', fetch: serverFetch({ user: null }).fetch })).rejects.toMatchObject({
      code: 'NotAuthenticated',
    });
    const outage = serverFetch({ error: { code: 'IdpUnavailable', message: 'down' } }, 503);
    await expect(fetchAuthSession({ cookies: '', fetch: outage.fetch })).rejects.toBeInstanceOf(SessionUnavailable);
  });
});
