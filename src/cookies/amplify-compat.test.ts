/**
 * Compatibility with the real aws-amplify 6 library, no IdP needed: Amplify's own token store
 * (`DefaultTokenStore`, what `signIn` and the token orchestrator write through) stores and loads
 * tokens while this module reads and writes the same cookies — over the browser path
 * (`CookieStorage` + js-cookie on a fake `document.cookie`), over the server path
 * (`aws-amplify/adapter-core`), and with our storage as Amplify's KeyValueStorage.
 */
import { createKeyValueStorageFromCookieStorageAdapter } from 'aws-amplify/adapter-core';
import { DefaultTokenStore } from 'aws-amplify/auth/cognito';
import { CookieStorage } from 'aws-amplify/utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveCookieAttributes } from './attributes.js';
import { createHeadersJar } from './headers-jar.js';
import { serializeSetCookie } from './set-cookie.js';
import { createMemoryJar, type CookieJar } from './jar.js';
import { encodeCookieName } from './names.js';
import { readSessionCookies, writeSessionCookies } from './session-cookies.js';
import { createCookieStorage, type KeyValueStorage } from './storage.js';

const CLIENT = '4kvbdnbsmlbsu4k56mpc2lc1ga';
const authConfig = { Cognito: { userPoolId: 'us-east-1_Demo12345', userPoolClientId: CLIENT } };
const USERNAME = 'demo@example.com';

function fakeJwt(claims: Record<string, unknown>, padding = 0): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ exp, ...claims, pad: 'p'.repeat(padding) })}.c2ln`;
}

function jwt(raw: string) {
  const payload = JSON.parse(Buffer.from(raw.split('.')[1]!, 'base64url').toString());
  return { payload, toString: () => raw };
}

const accessToken = fakeJwt({ token_use: 'access', username: USERNAME });
const idToken = fakeJwt({ token_use: 'id', 'cognito:username': USERNAME, email: USERNAME });
const refreshToken = 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIn0.opaque.refresh-token';
const signInDetails = { loginId: USERNAME, authFlowType: 'USER_SRP_AUTH' as const };

function tokenStore(storage: KeyValueStorage): DefaultTokenStore {
  const store = new DefaultTokenStore();
  store.setAuthConfig(authConfig);
  store.setKeyValueStorage(storage);
  return store;
}

async function amplifyStores(storage: KeyValueStorage, idRaw = idToken): Promise<void> {
  await tokenStore(storage).storeTokens({
    username: USERNAME,
    accessToken: jwt(accessToken),
    idToken: jwt(idRaw),
    refreshToken,
    clockDrift: 42,
    signInDetails,
  });
}

const expected = { username: USERNAME, accessToken, idToken, refreshToken, clockDrift: 42, signInDetails };

/** A cookie engine behind `document.cookie`, enough for js-cookie: set lines, read the header. */
function installDocument(): Map<string, string> {
  const cookies = new Map<string, string>();
  (globalThis as { document?: unknown }).document = {
    get cookie() {
      return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    },
    set cookie(line: string) {
      const [pair, ...attributes] = line.split(/;\s*/);
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at);
      const expired = attributes.some(
        (a) => /^max-age=(-|0$)/i.test(a) || (/^expires=/i.test(a) && Date.parse(a.slice(8)) <= Date.now()),
      );
      if (expired) cookies.delete(name);
      else cookies.set(name, pair!.slice(at + 1));
    },
  };
  return cookies;
}

describe('browser client (CookieStorage, js-cookie) ⇄ this module', () => {
  beforeEach(installDocument);
  afterEach(() => {
    delete (globalThis as { document?: unknown }).document;
  });

  it('reads what the browser client wrote, from the Cookie header it sends', async () => {
    await amplifyStores(new CookieStorage({ sameSite: 'lax' }));
    const request = new Request('https://app.example/', { headers: { cookie: document.cookie } });
    expect(document.cookie).toContain(`${CLIENT}.demo%40example.com.idToken=`);
    expect(await readSessionCookies(createHeadersJar(request), CLIENT)).toEqual(expected);
  });

  it('lets the browser client load what the server wrote with Set-Cookie', async () => {
    const response = new Response(null);
    const storage = createCookieStorage(createHeadersJar(new Request('https://app.example/'), response), {
      attributes: resolveCookieAttributes({}, { url: 'https://app.example/' }),
    });
    await writeSessionCookies(storage, CLIENT, expected);
    for (const line of response.headers.getSetCookie()) document.cookie = line;
    const tokens = await tokenStore(new CookieStorage()).loadTokens();
    expect(tokens?.username).toBe(USERNAME);
    expect(tokens?.accessToken.toString()).toBe(accessToken);
    expect(tokens?.idToken?.toString()).toBe(idToken);
    expect(tokens?.refreshToken).toBe(refreshToken);
    expect(tokens?.clockDrift).toBe(42);
    expect(tokens?.signInDetails).toEqual(signInDetails);
  });
});

/** The cookie adapter adapter-nextjs builds over Next's cookies: js-cookie name encoding. */
function amplifyServerStorage(jar: CookieJar): KeyValueStorage {
  return createKeyValueStorageFromCookieStorageAdapter({
    get: (name) => jar.getAll().find((c) => c.name === encodeCookieName(name)),
    getAll: () => jar.getAll(),
    set: (name, value, options) =>
      jar.setAll([{ name: encodeCookieName(name), value, options: { ...options } as never }]),
    delete: (name) => jar.setAll([{ name: encodeCookieName(name), value: '', options: { path: '/', maxAge: 0 } }]),
  });
}

describe('aws-amplify/adapter-core server storage ⇄ this module', () => {
  it('reads what Amplify stored', async () => {
    const jar = createMemoryJar();
    await amplifyStores(amplifyServerStorage(jar));
    expect(await readSessionCookies(jar, CLIENT)).toEqual(expected);
  });

  it("writes what Amplify's token store loads, byte-identical values for unchunked cookies", async () => {
    const ours = createMemoryJar();
    await writeSessionCookies(createCookieStorage(ours), CLIENT, expected);
    const tokens = await tokenStore(amplifyServerStorage(ours)).loadTokens();
    expect(tokens?.idToken?.toString()).toBe(idToken);
    expect(tokens?.refreshToken).toBe(refreshToken);

    const theirs = createMemoryJar();
    await amplifyStores(amplifyServerStorage(theirs));
    const values = (jar: CookieJar) => Object.fromEntries(jar.getAll().map((c) => [c.name, c.value]));
    expect(values(ours)).toEqual(values(theirs));
    const lines = (jar: ReturnType<typeof createMemoryJar>) =>
      jar.writes.filter((w) => w.value).map((w) => serializeSetCookie({ ...w, options: {} }));
    expect(new Set(lines(ours))).toEqual(new Set(lines(theirs)));
  });
});

describe('this storage as the KeyValueStorage of Amplify’s token store', () => {
  it('stores and loads a session whose ID token needs chunks', async () => {
    const jar = createMemoryJar();
    const storage = createCookieStorage(jar);
    const bigId = fakeJwt({ token_use: 'id', 'cognito:groups': ['a'] }, 3000);
    await amplifyStores(storage, bigId);
    expect(jar.getAll().some((c) => c.name.endsWith('.idToken.1'))).toBe(true);
    const tokens = await tokenStore(storage).loadTokens();
    expect(tokens?.idToken?.toString()).toBe(bigId);
    expect(await readSessionCookies(storage, CLIENT)).toMatchObject({ idToken: bigId });
    await tokenStore(storage).clearTokens();
    expect(jar.getAll()).toEqual([]);
  });
});
