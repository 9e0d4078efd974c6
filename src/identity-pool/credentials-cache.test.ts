import { describe, expect, it } from 'vitest';
import { CREDENTIALS_RENEW_MARGIN_MS, CredentialsCache, type CachedCredentials } from './credentials-cache.js';

const entry = (id: string, expiresAt: number): CachedCredentials => ({
  identityId: id,
  credentials: { accessKeyId: `ASIA${id}`, secretAccessKey: 's', sessionToken: 't', expiration: new Date(expiresAt) },
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('CredentialsCache', () => {
  it('fresh-until-margin: serves an entry until five minutes before expiry, then fetches again', async () => {
    let now = 0;
    const cache = new CredentialsCache(() => now);
    let calls = 0;
    const fetch = async () => entry(String(++calls), 3600_000);
    await cache.get('k', fetch);
    now = 3600_000 - CREDENTIALS_RENEW_MARGIN_MS - 1;
    expect((await cache.get('k', fetch)).identityId).toBe('1');
    now += 1;
    expect((await cache.get('k', fetch)).identityId).toBe('2');
  });

  it('one-exchange: concurrent first calls share one fetch; force does not', async () => {
    const cache = new CredentialsCache(() => 0);
    const gate = deferred<CachedCredentials>();
    let calls = 0;
    const fetch = () => (calls++, gate.promise);
    const both = Promise.all([cache.get('k', fetch), cache.get('k', fetch)]);
    gate.resolve(entry('a', 3600_000));
    await both;
    expect(calls).toBe(1);
    await cache.get('k', async () => entry('b', 3600_000), { force: true });
    expect((await cache.get('k', fetch)).identityId).toBe('b');
  });

  it('delete-wins: an exchange that answers after a delete is not cached', async () => {
    const cache = new CredentialsCache(() => 0);
    const gate = deferred<CachedCredentials>();
    const pending = cache.get('k', () => gate.promise);
    cache.deleteWhere((key) => key === 'k');
    gate.resolve(entry('late', 3600_000));
    await pending;
    expect(cache.size).toBe(0);
  });

  it('bounded: the least recently used entry goes first', async () => {
    const cache = new CredentialsCache(() => 0, 2);
    await cache.get('a', async () => entry('a', 3600_000));
    await cache.get('b', async () => entry('b', 3600_000));
    await cache.get('a', async () => entry('a2', 3600_000)); // a is now the most recent
    await cache.get('c', async () => entry('c', 3600_000));
    expect(cache.size).toBe(2);
    expect((await cache.get('a', async () => entry('new', 3600_000))).identityId).toBe('a');
    expect((await cache.get('b', async () => entry('new', 3600_000))).identityId).toBe('new');
  });

  it('failures-not-cached: a failed exchange is retried by the next caller', async () => {
    const cache = new CredentialsCache(() => 0);
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await cache.get('k', async () => entry('ok', 3600_000))).identityId).toBe('ok');
  });
});
