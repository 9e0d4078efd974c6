/**
 * The shared store against a real redis-server: its commands, sealing at rest, single-flight and
 * revocation across two runner cores (two instances), and what happens when Redis dies or stalls.
 * The two-`next start` fleet is shared-store-next.test.ts.
 */
import { NextRequest } from 'next/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCognitoClient } from '../../src/cognito/client';
import { createAuthMiddleware } from '../../src/next/middleware';
import type { AuthCore } from '../../src/session/core';
import { createRedisStore, type RedisStore } from '../../src/store/redis';
import { startRedis, type RedisServer } from '../support/redis-server';
import { BrowserCookies } from './support/browser';
import {
  createCore,
  recordingLogger,
  signedInCookies,
  useIdpPerTest,
  type RecordingLogger,
} from './support/session-harness';

const SECRET = 'a store secret of at least thirty-two characters';
const env = useIdpPerTest();
const options = { protect: ['/dashboard', '/api/me'] };
const request = (cookies: BrowserCookies) =>
  new NextRequest('http://localhost:3000/dashboard', { headers: { cookie: cookies.header() } });

let redis: RedisServer;
const opened: RedisStore[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((store) => store.close()));
  await redis.restart(); // an empty Redis per test
});

function redisStore(): RedisStore {
  const store = createRedisStore({ url: redis.url });
  opened.push(store);
  return store;
}

/** One instance: its own core, its own Redis client, its own logger. */
function instance(withStore = true): { core: AuthCore; logger: RecordingLogger } {
  const logger = recordingLogger();
  const core = createCore(env.idp, env.clock, {
    logger,
    storeSecret: SECRET,
    ...(withStore ? { store: redisStore() } : {}),
  });
  return { core, logger };
}

async function expiredSession(): Promise<BrowserCookies> {
  const cookies = new BrowserCookies(await signedInCookies(createCore(env.idp, env.clock)));
  env.clock.advance(3600 + 60);
  return cookies;
}

/** 50 concurrent requests of one session, alternating between the instances' middleware. */
async function storm(cores: AuthCore[], cookies: BrowserCookies, requests = 50) {
  const middlewares = cores.map((core) => createAuthMiddleware(core, options));
  env.idp.stats.reset();
  const responses = await Promise.all(
    Array.from({ length: requests }, (_, i) => middlewares[i % middlewares.length]!(request(cookies))),
  );
  return {
    statuses: responses.map((response) => response.status),
    refreshes: env.idp.stats.count('GetTokensFromRefreshToken') + env.idp.stats.count('InitiateAuth'),
    accessTokens: new Set(
      responses.map((response) => {
        const browser = cookies.clone();
        browser.apply(response);
        return browser.get('.accessToken');
      }),
    ),
  };
}

async function keys(): Promise<string[]> {
  const reply = await redis.command('KEYS', '*');
  return reply
    .split('\r\n')
    .slice(1)
    .filter((line, i) => i % 2 === 1 && line !== '');
}

describe('Redis store', () => {
  it('commands: set with a TTL, set-if-absent, get and delete do what Redis SET PX NX, GET and DEL do', async () => {
    const store = redisStore();
    expect(await store.get('k')).toBeNull();
    expect(await store.setIfAbsent('k', 'one', 10_000)).toBe(true);
    expect(await store.setIfAbsent('k', 'two', 10_000)).toBe(false);
    expect(await store.get('k')).toBe('one');
    await store.set('k', 'three', 10_000);
    expect(await store.get('k')).toBe('three');
    expect(await redis.command('PTTL', 'ncs:k')).toMatch(/^:(9\d{3}|10000)\r\n$/);
    await store.delete('k');
    expect(await store.get('k')).toBeNull();
    await store.set('short', 'x', 50);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await store.get('short')).toBeNull();
  });

  it('one-refresh-two-instances: 50 concurrent requests of one expired session over two instances make 1 IdP refresh, 0 sign-outs', async () => {
    const cookies = await expiredSession();
    const result = await storm([instance().core, instance().core], cookies);
    expect(result.statuses.filter((status) => status !== 200)).toEqual([]);
    expect(result.refreshes).toBe(1);
    expect(result.accessTokens.size).toBe(1);
  });

  it('without-store: the same storm over two instances refreshes once per instance', async () => {
    const cookies = await expiredSession();
    const result = await storm([instance(false).core, instance(false).core], cookies);
    expect(result.statuses.filter((status) => status !== 200)).toEqual([]);
    expect(result.refreshes).toBeGreaterThanOrEqual(2);
  });

  it('sealed-at-rest: no key or value in Redis holds a JWT, a refresh token or a token family id', async () => {
    const a = instance().core;
    const cookies = await expiredSession();
    await storm([a, instance().core], cookies);
    const refreshed = cookies.clone();
    refreshed.apply(await createAuthMiddleware(a, options)(request(cookies)));
    const access = await a.verifier.verifyAccessToken(refreshed.get('.accessToken')!);
    await a.revokedFamilies.record(access.payload);

    const names = await keys();
    expect(names.some((name) => name.startsWith('ncs:result:refresh:'))).toBe(true);
    expect(names.some((name) => name.startsWith('ncs:revoked:family:'))).toBe(true);
    const secrets = [cookies.get('.refreshToken')!, refreshed.get('.refreshToken')!, access.payload.origin_jti!];
    for (const name of names) {
      const value = await redis.command('GET', name);
      for (const text of [name, value]) {
        expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+/); // a JWT's base64url header
        for (const secret of secrets) expect(text).not.toContain(secret);
      }
    }
  });

  it('shared-revocation: a family recorded by instance A is refused by instance B on its next request', async () => {
    const a = instance().core;
    const b = instance().core;
    const cookies = new BrowserCookies(await signedInCookies(a));
    const onB = createAuthMiddleware(b, options);
    expect((await onB(request(cookies))).status).toBe(200);
    const access = await a.verifier.verifyAccessToken(cookies.get('.accessToken')!);
    await a.revokedFamilies.record(access.payload);

    const refused = await onB(request(cookies));
    expect(refused.status).toBe(307);
    expect(new URL(refused.headers.get('location')!).pathname).toBe('/sign-in');
    expect(env.idp.stats.count('GetUser')).toBe(0);
  });

  it('check-revocation-shared: a checkRevocation verdict on A is recorded, and B refuses the token without asking', async () => {
    const a = instance().core;
    const b = instance().core;
    const cookies = new BrowserCookies(await signedInCookies(a));
    const checking = createAuthMiddleware(a, { ...options, checkRevocation: true });
    const onB = createAuthMiddleware(b, options);
    expect((await onB(request(cookies))).status).toBe(200);
    // Elsewhere (another app, the console): this app never saw it.
    await createCognitoClient(a.cognitoOptions).globalSignOut(cookies.get('.accessToken')!);
    expect((await onB(request(cookies))).status).toBe(200); // B trusts the token until told

    expect((await checking(request(cookies))).status).toBe(307); // A asks GetUser: revoked
    env.idp.stats.reset();
    expect((await onB(request(cookies))).status).toBe(307);
    expect(env.idp.stats.count('GetUser')).toBe(0);
  });

  it('redis-down: each instance refreshes on its own, signs nobody out, logs the outage once', async () => {
    const a = instance();
    const b = instance();
    await redis.kill();
    const cookies = await expiredSession();
    const result = await storm([a.core, b.core], cookies);
    expect(result.statuses.filter((status) => status !== 200)).toEqual([]);
    expect(result.refreshes).toBe(2); // per-process single-flight still holds
    for (const { logger } of [a, b]) {
      expect(logger.lines.filter((line) => line.includes('shared session store unavailable'))).toHaveLength(1);
    }
  });

  it('redis-stalled: a Redis that does not answer costs each call its timeout, then per-process behaviour', async () => {
    const a = instance();
    const b = instance();
    const cookies = await expiredSession();
    // Warm both clients up, then block the server for longer than any call may wait.
    await storm([a.core, b.core], new BrowserCookies(await signedInCookies(a.core)), 2);
    const stalled = redis.command('DEBUG', 'SLEEP', '1.5');
    const result = await storm([a.core, b.core], cookies);
    await stalled;
    expect(result.statuses.filter((status) => status !== 200)).toEqual([]);
    expect(result.refreshes).toBe(2);
    for (const { logger } of [a, b]) {
      expect(logger.lines.filter((line) => line.includes('shared session store unavailable'))).toHaveLength(1);
    }
  });

  it('redis-flushed: a late request after FLUSHALL refreshes again inside the grace period and is served', async () => {
    const a = instance().core;
    const b = instance().core;
    const cookies = await expiredSession();
    expect((await createAuthMiddleware(a, options)(request(cookies))).status).toBe(200);
    await redis.command('FLUSHALL');
    const late = await createAuthMiddleware(b, options)(request(cookies));
    expect(late.status).toBe(200);
  });

  it('redis-returns: after a restart the instances coordinate through it again', async () => {
    const a = instance();
    const b = instance();
    await redis.kill();
    await storm([a.core, b.core], await expiredSession());
    await redis.restart();
    // The clients reconnect within a second; the fallback retries Redis after one.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const cookies = await expiredSession();
    const result = await storm([a.core, b.core], cookies);
    expect(result.statuses.filter((status) => status !== 200)).toEqual([]);
    expect(result.refreshes).toBe(1);
    expect(a.logger.lines.some((line) => line.includes('answers again'))).toBe(true);
  });
});
