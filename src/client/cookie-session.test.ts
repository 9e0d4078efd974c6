import { describe, expect, it } from 'vitest';
import { chunkValue } from '../cookies/chunks.js';
import { encodeCookieName, encodeCookieValue, lastAuthUserKey, tokenKey } from '../cookies/names.js';
import { parseCookieString, readCookieSession } from './cookie-session.js';

const CLIENT = '33zn37okb9wex4qd6zeqrh5wud';
const USER = 'demo@example.com';
const NOW = 1_750_000_000_000;
const EXP = NOW / 1000 + 3600;

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
/** Unsigned on purpose: the client decodes and never verifies. */
function jwt(payload: Record<string, unknown>): string {
  return `${b64url({ alg: 'RS256', kid: 'k1' })}.${b64url(payload)}.c2ln`;
}

const access = jwt({
  sub: 'sub-1',
  username: USER,
  token_use: 'access',
  exp: EXP,
  jti: 'a-jti',
  'cognito:groups': ['ADMINS'],
});
const id = jwt({ sub: 'sub-1', 'cognito:username': USER, email: USER, token_use: 'id', exp: EXP - 60, jti: 'i-jti' });

/** What the browser's `document.cookie` shows for the given storage keys and values. */
function cookieString(entries: Array<[key: string, value: string]>, maxChunkBytes = 3500): string {
  return entries
    .flatMap(([key, value]) => chunkValue(key, value, maxChunkBytes))
    .map(({ name, value }) => `${encodeCookieName(name)}=${encodeCookieValue(value)}`)
    .join('; ');
}

function sessionCookies(idToken = id, extra: Array<[string, string]> = []): string {
  return cookieString([
    [lastAuthUserKey(CLIENT), USER],
    [tokenKey(CLIENT, USER, 'accessToken'), access],
    [tokenKey(CLIENT, USER, 'idToken'), idToken],
    [tokenKey(CLIENT, USER, 'signInDetails'), JSON.stringify({ loginId: USER, authFlowType: 'USER_SRP_AUTH' })],
    ...extra,
  ]);
}

describe('readCookieSession', () => {
  it('reads the session of a %40 username from Amplify-named cookies', () => {
    const cookies = sessionCookies();
    expect(cookies).toContain(`CognitoIdentityServiceProvider.${CLIENT}.demo%40example.com.idToken=`);
    const found = readCookieSession(`theme=dark; ${cookies}`, { now: NOW });
    expect(found.kind).toBe('found');
    if (found.kind !== 'found') return;
    expect(found.session.user).toEqual({
      username: USER,
      userId: 'sub-1',
      email: USER,
      groups: ['ADMINS'],
      signInDetails: { loginId: USER, authFlowType: 'USER_SRP_AUTH' },
    });
    expect(found.session.expiresAt).toBe(EXP - 60);
    expect(found.session.tokens.accessToken.toString()).toBe(access);
    expect(found.session.claims.jti).toBe('i-jti');
  });

  it('joins a 10 KB ID token chunked over several cookies', () => {
    const bigId = jwt({ sub: 'sub-1', token_use: 'id', exp: EXP, email: USER, 'custom:blob': 'x'.repeat(10_000) });
    const cookies = sessionCookies(bigId);
    expect(cookies).toContain(`demo%40example.com.idToken.2=`);
    const found = readCookieSession(cookies, { now: NOW, clientId: CLIENT });
    expect(found.kind === 'found' && found.session.tokens.idToken.toString()).toBe(bigId);
    expect(found.kind === 'found' && found.session.claims['custom:blob']).toHaveLength(10_000);
  });

  it('refuses torn chunks instead of returning part of a token', () => {
    const bigId = jwt({ sub: 'sub-1', token_use: 'id', exp: EXP, 'custom:blob': 'y'.repeat(9_000) });
    const torn = sessionCookies(bigId)
      .split('; ')
      .filter((pair) => !pair.includes('.idToken.1='))
      .join('; ');
    const found = readCookieSession(torn, { now: NOW });
    expect(found).toMatchObject({ kind: 'unusable', reason: expect.stringContaining('missing chunk 1') });
  });

  it('is absent without cookies, HttpOnly cookies being invisible to the page', () => {
    expect(readCookieSession('', { now: NOW })).toEqual({ kind: 'absent' });
    expect(readCookieSession('theme=dark', { now: NOW })).toEqual({ kind: 'absent' });
  });

  it('treats expired, sealed and ambiguous cookies as unusable so the caller asks the server', () => {
    expect(readCookieSession(sessionCookies(), { now: EXP * 1000 }).kind).toBe('unusable');
    const sealed = cookieString([
      [lastAuthUserKey(CLIENT), USER],
      [tokenKey(CLIENT, USER, 'accessToken'), 'eyJhbGciOiJkaXIifQ..aXY.Y2lwaGVy.dGFn'],
      [tokenKey(CLIENT, USER, 'idToken'), id],
    ]);
    expect(readCookieSession(sealed, { now: NOW })).toMatchObject({ kind: 'unusable' });
    const twoClients = `${sessionCookies()}; ${encodeCookieName(lastAuthUserKey('otherclient'))}=x`;
    expect(readCookieSession(twoClients, { now: NOW }).kind).toBe('unusable');
    expect(readCookieSession(twoClients, { now: NOW, clientId: CLIENT }).kind).toBe('found');
  });

  it('swaps tokens of the wrong use for unusable', () => {
    const cookies = cookieString([
      [lastAuthUserKey(CLIENT), USER],
      [tokenKey(CLIENT, USER, 'accessToken'), id],
      [tokenKey(CLIENT, USER, 'idToken'), access],
    ]);
    expect(readCookieSession(cookies, { now: NOW }).kind).toBe('unusable');
  });
});

describe('parseCookieString', () => {
  it('decodes names and values the js-cookie way and keeps the first duplicate', () => {
    const parsed = parseCookieString('a%40b=%7B%22x%22%3A1%7D; a%40b=second; bad%E0=1; "q"="quoted"');
    expect(parsed.get('a@b')).toBe('{"x":1}');
    expect(parsed.has('bad%E0')).toBe(false);
    expect(parsed.get('"q"')).toBe('quoted');
  });
});
