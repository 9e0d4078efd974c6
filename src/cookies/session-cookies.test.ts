import { describe, expect, it, vi } from 'vitest';
import { CookieCorrupt } from '../errors.js';
import { chunkValue } from './chunks.js';
import { createMemoryJar } from './jar.js';
import { encodeCookieName, lastAuthUserKey, tokenKey } from './names.js';
import { clearSessionCookies, readSessionCookies, writeSessionCookies } from './session-cookies.js';
import { createCookieStorage } from './storage.js';

const CLIENT = 'client1';
const names = (jar: { getAll(): Array<{ name: string }> }) =>
  jar
    .getAll()
    .map((c) => c.name)
    .sort();

describe('session cookies', () => {
  it('round-trips a full session in Amplify layout', async () => {
    const jar = createMemoryJar();
    const storage = createCookieStorage(jar);
    await writeSessionCookies(storage, CLIENT, {
      username: 'demo@example.com',
      accessToken: 'at',
      idToken: 'it',
      refreshToken: 'rt',
      clockDrift: -12,
      signInDetails: { loginId: 'demo@example.com', authFlowType: 'USER_SRP_AUTH' },
    });
    const prefix = 'CognitoIdentityServiceProvider.client1.';
    expect(names(jar)).toEqual(
      [
        'LastAuthUser',
        'demo%40example.com.accessToken',
        'demo%40example.com.clockDrift',
        'demo%40example.com.idToken',
        'demo%40example.com.refreshToken',
        'demo%40example.com.signInDetails',
      ].map((n) => prefix + n),
    );
    expect(await readSessionCookies(jar, CLIENT)).toEqual({
      username: 'demo@example.com',
      accessToken: 'at',
      idToken: 'it',
      refreshToken: 'rt',
      clockDrift: -12,
      signInDetails: { loginId: 'demo@example.com', authFlowType: 'USER_SRP_AUTH' },
    });
  });

  it('keeps the stored refresh token, drift and sign-in details when a refresh omits them', async () => {
    const jar = createMemoryJar();
    const storage = createCookieStorage(jar);
    const base = { username: 'u', accessToken: 'a1', idToken: 'i1' };
    await writeSessionCookies(storage, CLIENT, { ...base, refreshToken: 'r1', clockDrift: 5, signInDetails: {} });
    await writeSessionCookies(storage, CLIENT, { ...base, accessToken: 'a2' });
    expect(await readSessionCookies(storage, CLIENT)).toMatchObject({
      accessToken: 'a2',
      refreshToken: 'r1',
      clockDrift: 5,
      signInDetails: {},
    });
  });

  it("drops the previous user's token cookies when another user signs in", async () => {
    const jar = createMemoryJar();
    const storage = createCookieStorage(jar);
    await writeSessionCookies(storage, CLIENT, {
      username: 'alice',
      accessToken: 'a',
      idToken: 'i',
      refreshToken: 'r',
    });
    await writeSessionCookies(storage, CLIENT, { username: 'bob', accessToken: 'b', idToken: 'j', refreshToken: 's' });
    expect(names(jar).some((n) => n.includes('alice'))).toBe(false);
    expect(await readSessionCookies(storage, CLIENT)).toMatchObject({ username: 'bob', refreshToken: 's' });
  });

  it('is null without LastAuthUser or without any token', async () => {
    expect(await readSessionCookies(createMemoryJar(), CLIENT)).toBeNull();
    expect(await readSessionCookies(createMemoryJar({ [lastAuthUserKey(CLIENT)]: 'u' }), CLIENT)).toBeNull();
  });

  it('throws CookieCorrupt rather than returning part of a session', async () => {
    const idKey = tokenKey(CLIENT, 'u', 'idToken');
    const chunks = chunkValue(idKey, 'x'.repeat(8000), 3500);
    const jar = createMemoryJar([
      { name: lastAuthUserKey(CLIENT), value: 'u' },
      { name: tokenKey(CLIENT, 'u', 'accessToken'), value: 'a' },
      ...chunks.filter((c) => !c.name.endsWith('.1')),
    ]);
    await expect(readSessionCookies(jar, CLIENT)).rejects.toBeInstanceOf(CookieCorrupt);
  });

  it('throws CookieCorrupt naming the cookie when a session cookie arrived twice, whatever the values', async () => {
    const last = encodeCookieName(lastAuthUserKey(CLIENT));
    const access = (user: string) => `${encodeCookieName(tokenKey(CLIENT, user, 'accessToken'))}=a-${user}`;
    for (const header of [
      `${last}=demo; ${access('demo')}; ${last}=admin; ${access('admin')}`, // two users' sessions
      `${last}=demo; ${access('demo')}; ${access('demo')}`, // the same token twice (a Path= variant)
      `${last}=demo; ${access('demo')}; ${encodeCookieName(tokenKey(CLIENT, 'demo', 'idToken'))}.0=x; ${encodeCookieName(tokenKey(CLIENT, 'demo', 'idToken'))}.0=y`,
    ]) {
      const read = readSessionCookies(createMemoryJar(header), CLIENT);
      await expect(read, header).rejects.toBeInstanceOf(CookieCorrupt);
      await expect(read).rejects.toThrow(/CognitoIdentityServiceProvider\.client1\..* arrived 2 times/);
    }
  });

  it('ignores duplicates of cookies the session does not read', async () => {
    const header = [
      `theme=dark; theme=light`,
      `${encodeCookieName(lastAuthUserKey('client2'))}=x; ${encodeCookieName(lastAuthUserKey('client2'))}=y`,
      `${encodeCookieName(tokenKey(CLIENT, 'old', 'refreshToken'))}=r1; ${encodeCookieName(tokenKey(CLIENT, 'old', 'refreshToken'))}=r2`,
      `${encodeCookieName(lastAuthUserKey(CLIENT))}=u; ${encodeCookieName(tokenKey(CLIENT, 'u', 'accessToken'))}=a`,
    ].join('; ');
    expect(await readSessionCookies(createMemoryJar(header), CLIENT)).toEqual({ username: 'u', accessToken: 'a' });
  });

  it('drops signInDetails of the wrong shape, keeps the session, and says so at debug', async () => {
    const withDetails = (raw: string) =>
      createMemoryJar({
        [lastAuthUserKey(CLIENT)]: 'u',
        [tokenKey(CLIENT, 'u', 'accessToken')]: 'a',
        [tokenKey(CLIENT, 'u', 'signInDetails')]: raw,
      });
    for (const raw of [
      '{oops',
      '[]',
      '"USER_SRP_AUTH"',
      '{"authFlowType":{"x":1}}',
      '{"authFlowType":"<script>alert(1)</script>"}',
      '{"authFlowType":"toString"}',
      `{"loginId":"${'x'.repeat(129)}"}`,
      '{"loginId":""}',
      `{"loginId":"u","pad":"${'x'.repeat(2000)}"}`,
    ]) {
      const debug = vi.fn();
      const session = await readSessionCookies(withDetails(raw), CLIENT, { logger: { debug } });
      expect(session, raw).toEqual({ username: 'u', accessToken: 'a' });
      expect(debug, raw).toHaveBeenCalledTimes(1);
    }
    const kept = await readSessionCookies(
      withDetails('{"loginId":"u@example.com","authFlowType":"USER_SRP_AUTH","extra":{"x":1}}'),
      CLIENT,
    );
    expect(kept?.signInDetails).toEqual({ loginId: 'u@example.com', authFlowType: 'USER_SRP_AUTH' });
  });

  it("clears every user's tokens and LastAuthUser of the client, keeping devices and other clients", async () => {
    const device = encodeCookieName(tokenKey(CLIENT, 'alice', 'deviceKey'));
    const otherClient = lastAuthUserKey('client2');
    const jar = createMemoryJar({
      [device]: 'd',
      [otherClient]: 'x',
      theme: 'dark',
      [encodeCookieName(tokenKey(CLIENT, 'old@user', 'refreshToken'))]: 'r0',
    });
    const storage = createCookieStorage(jar);
    await writeSessionCookies(storage, CLIENT, {
      username: 'alice',
      accessToken: 'a'.repeat(5000),
      idToken: 'i',
      refreshToken: 'r',
    });
    await clearSessionCookies(storage, CLIENT);
    expect(names(jar)).toEqual([device, otherClient, 'theme'].sort());
    expect(await readSessionCookies(storage, CLIENT)).toBeNull();
  });
});
