import { describe, expect, it } from 'vitest';
import { CookieCorrupt, CookieTooLarge } from '../errors.js';
import { resolveCookieAttributes } from './attributes.js';
import { createMemoryJar } from './jar.js';
import { encodeCookieName, tokenKey } from './names.js';
import { createCookieSealer } from './seal.js';
import { createCookieStorage } from './storage.js';

const KEY = tokenKey('client1', 'demo@example.com', 'idToken');
const NAME = encodeCookieName(KEY); // …demo%40example.com.idToken
const attributes = resolveCookieAttributes({ secure: true, httpOnly: true });

describe('createCookieStorage', () => {
  it('writes one js-cookie-named cookie with the resolved attributes and reads it back', async () => {
    const jar = createMemoryJar();
    const storage = createCookieStorage(jar, { attributes });
    await storage.setItem(KEY, 'eyJ.token');
    expect(jar.writes).toEqual([{ name: NAME, value: 'eyJ.token', options: attributes }]);
    expect(await storage.getItem(KEY)).toBe('eyJ.token');
    expect(await storage.getItem(tokenKey('client1', 'nobody', 'idToken'))).toBeNull();
  });

  it('chunks large values and clears the other form on every rewrite', async () => {
    const jar = createMemoryJar();
    const storage = createCookieStorage(jar, { attributes });
    const big = 'x'.repeat(5000);
    await storage.setItem(KEY, big);
    expect(jar.getAll().map((c) => c.name)).toEqual([`${NAME}.0`, `${NAME}.1`]);
    expect(await storage.getItem(KEY)).toBe(big);

    await storage.setItem(KEY, 'small');
    expect(jar.getAll()).toEqual([{ name: NAME, value: 'small' }]);

    await storage.setItem(KEY, big);
    expect(jar.getAll().map((c) => c.name)).toEqual([`${NAME}.0`, `${NAME}.1`]);
    await storage.removeItem(KEY);
    expect(jar.getAll()).toEqual([]);
    expect(jar.writes.filter((w) => w.options.maxAge === 0).map((w) => w.options)).toContainEqual({
      ...attributes,
      maxAge: 0,
    });
  });

  it('finds cookies spelled without js-cookie parenthesis escapes and replaces the spelling', async () => {
    const key = tokenKey('client1', 'we(ird)', 'accessToken');
    const jar = createMemoryJar({ 'CognitoIdentityServiceProvider.client1.we(ird).accessToken': 'old' });
    const storage = createCookieStorage(jar, { attributes });
    expect(await storage.getItem(key)).toBe('old');
    await storage.setItem(key, 'new');
    expect(jar.getAll()).toEqual([
      { name: 'CognitoIdentityServiceProvider.client1.we%28ird%29.accessToken', value: 'new' },
    ]);
  });

  it('emits nothing when removing what is not there', async () => {
    const jar = createMemoryJar();
    await createCookieStorage(jar).removeItem(KEY);
    expect(jar.writes).toEqual([]);
  });

  it('clear() removes every Cognito cookie, chunks included, and nothing else', async () => {
    const jar = createMemoryJar({ theme: 'dark', 'CognitoIdentityServiceProvider.other.LastAuthUser': 'u' });
    const storage = createCookieStorage(jar, { attributes });
    await storage.setItem(KEY, 'y'.repeat(5000));
    expect(storage.keys().sort()).toEqual([KEY, 'CognitoIdentityServiceProvider.other.LastAuthUser'].sort());
    await storage.clear();
    expect(jar.getAll()).toEqual([{ name: 'theme', value: 'dark' }]);
  });

  it('refuses a write over the Cookie header budget before writing anything', async () => {
    const jar = createMemoryJar();
    const storage = createCookieStorage(jar, { attributes, limits: { maxCookieHeaderBytes: 4000 } });
    await storage.setItem(KEY, 'a'.repeat(3000));
    const other = tokenKey('client1', 'demo@example.com', 'accessToken');
    await expect(storage.setItem(other, 'b'.repeat(3000))).rejects.toThrow(CookieTooLarge);
    await expect(storage.setItem(other, 'b'.repeat(3000))).rejects.toThrow(/Cookie header.*4000/);
    expect(jar.writes).toHaveLength(1);
  });

  it('refuses a write over the Set-Cookie budget, naming the cookies and sizes', async () => {
    const storage = createCookieStorage(createMemoryJar(), { attributes });
    const error = await storage.setItem(KEY, 'z'.repeat(15_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CookieTooLarge);
    expect((error as Error).message).toMatch(/idToken\.0.*Set-Cookie.*14336/);
  });

  it('refuses a single cookie whose name and value exceed 4096 bytes', async () => {
    const storage = createCookieStorage(createMemoryJar(), { attributes });
    const longName = tokenKey('client1', 'u'.repeat(700), 'idToken');
    await expect(storage.setItem(longName, 'v'.repeat(3500))).rejects.toThrow(/per-cookie limit/);
  });

  it('skips writes on a read-only jar without throwing', async () => {
    const jar = createMemoryJar({ [NAME]: 'kept' }, { writable: false });
    const storage = createCookieStorage(jar);
    await storage.setItem(KEY, 'z'.repeat(50_000));
    expect(await storage.getItem(KEY)).toBe('kept');
  });

  it('seals values and refuses unsealed or corrupted ones', async () => {
    const jar = createMemoryJar();
    const sealer = createCookieSealer('x'.repeat(32));
    const storage = createCookieStorage(jar, { attributes, sealer });
    await storage.setItem(KEY, 'secret-token');
    expect(jar.getAll()[0]!.value.split('.')).toHaveLength(5);
    expect(await storage.getItem(KEY)).toBe('secret-token');

    jar.setAll([{ name: NAME, value: 'plain', options: attributes }]);
    await expect(storage.getItem(KEY)).rejects.toBeInstanceOf(CookieCorrupt);
  });

  it('chunks sealed values that outgrow one cookie', async () => {
    const jar = createMemoryJar();
    const storage = createCookieStorage(jar, { attributes, sealer: createCookieSealer('x'.repeat(32)) });
    await storage.setItem(KEY, 't'.repeat(3000));
    expect(jar.getAll().map((c) => c.name)).toEqual([`${NAME}.0`, `${NAME}.1`]);
    expect(await storage.getItem(KEY)).toBe('t'.repeat(3000));
  });
});

describe('cookies that arrived more than once', () => {
  it('refuses to read a key, or a chunk of it, sent twice — naming the cookie — and reads the others', async () => {
    const other = encodeCookieName(tokenKey('client1', 'demo@example.com', 'accessToken'));
    const storage = createCookieStorage(createMemoryJar(`${NAME}=one; ${other}=a; ${NAME}=two`));
    await expect(storage.getItem(KEY)).rejects.toThrow(CookieCorrupt);
    await expect(storage.getItem(KEY)).rejects.toThrow(`cookie ${NAME} arrived 2 times`);
    expect(await storage.getItem(tokenKey('client1', 'demo@example.com', 'accessToken'))).toBe('a');

    const chunked = createCookieStorage(createMemoryJar(`${NAME}.0=1~00000000~x; ${NAME}.1=y; ${NAME}.1=z`));
    await expect(chunked.getItem(KEY)).rejects.toThrow(`cookie ${NAME}.1 arrived 2 times`);
  });

  it('counts two spellings of one key as two copies', async () => {
    const key = tokenKey('client1', 'we(ird)', 'accessToken');
    const jar = createMemoryJar([
      { name: 'CognitoIdentityServiceProvider.client1.we(ird).accessToken', value: 'a' },
      { name: 'CognitoIdentityServiceProvider.client1.we%28ird%29.accessToken', value: 'a' },
    ]);
    await expect(createCookieStorage(jar).getItem(key)).rejects.toThrow(CookieCorrupt);
  });

  it('removing a duplicated key deletes every spelling once, and the key reads as absent after', async () => {
    const jar = createMemoryJar(`${NAME}=one; ${NAME}=two`);
    const storage = createCookieStorage(jar, { attributes });
    await storage.removeItem(KEY);
    expect(jar.writes).toEqual([{ name: NAME, value: '', options: { ...attributes, maxAge: 0 } }]);
    expect(await storage.getItem(KEY)).toBeNull();
  });
});

describe('deletions with a configured domain', () => {
  it('expire the host-only copy as well, before the Domain= one', async () => {
    const withDomain = resolveCookieAttributes({ secure: true, domain: 'example.com' });
    const jar = createMemoryJar({ [NAME]: 'old' });
    await createCookieStorage(jar, { attributes: withDomain }).removeItem(KEY);
    const { domain: _domain, ...hostOnly } = { ...withDomain, maxAge: 0 };
    expect(jar.writes).toEqual([
      { name: NAME, value: '', options: hostOnly },
      { name: NAME, value: '', options: { ...withDomain, maxAge: 0 } },
    ]);
  });

  it('leave writes alone: a value is set once, on the configured domain', async () => {
    const withDomain = resolveCookieAttributes({ secure: true, domain: 'example.com' });
    const jar = createMemoryJar({ [NAME]: 'old' });
    await createCookieStorage(jar, { attributes: withDomain }).setItem(KEY, 'new');
    expect(jar.writes).toEqual([{ name: NAME, value: 'new', options: withDomain }]);
  });
});
