/**
 * A fleet of two: two `next start` instances of the reference app (node proxy.ts build) behind
 * no sticky sessions, sharing one real redis-server and one real IdP whose app client rotates
 * refresh tokens. The same runs against two instances without AUTH_REDIS_URL show what the store
 * changes. The IdP's clock is shifted to mint sessions that are already expired.
 */
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../support/redis-server';
import { type BrowserCookies, OffsetClock, signInBrowser } from './support/browser';
import { APP_VARIANTS, appEnv, startNext, type NextServer } from './support/next-server';

const demo = seed.users.find((user) => user.username === 'demo@example.com')!;
const PROXY_APP = APP_VARIANTS.find((variant) => variant.name === 'node proxy.ts')!.dir;
const EDGE_APP = APP_VARIANTS.find((variant) => variant.name === 'edge middleware.ts')!.dir;
const STORE_SECRET = 'the fleet store secret, thirty-two characters or more';
const HOUR_MS = 3600 * 1000;
const REFRESH_OPS = ['GetTokensFromRefreshToken', 'InitiateAuth'];

const clock = new OffsetClock();
let idp: RunningIdp;
let redis: RedisServer;

beforeAll(async () => {
  idp = await startIdp({ port: 0, now: clock.now, log: () => {} });
  redis = await startRedis();
}, 60_000);
afterAll(async () => {
  await redis?.stop();
  await idp?.close();
});

async function expiredSession(): Promise<BrowserCookies> {
  clock.offsetMs = -HOUR_MS - 120_000;
  try {
    return await signInBrowser(idp, demo, { now: clock.now });
  } finally {
    clock.offsetMs = 0;
  }
}

const get = (app: NextServer, path: string, cookies: BrowserCookies) =>
  fetch(`${app.url}${path}`, { redirect: 'manual', headers: { cookie: cookies.header() } });

const refreshCalls = () => REFRESH_OPS.reduce((sum, op) => sum + idp.stats.count(op), 0);

/** Warms each instance: JWKS fetched, and (with the store) its Redis client connected. */
async function warm(fleet: NextServer[]): Promise<void> {
  const cookies = await signInBrowser(idp, demo);
  for (const app of fleet) expect((await get(app, '/dashboard', cookies)).status, app.output()).toBe(200);
}

interface StormResult {
  refreshes: number;
  signedOut: number;
  serverErrors: number;
  statuses: Record<number, number>;
}

/** `requests` concurrent page loads of one expired session, alternating between the instances. */
async function storm(
  fleet: NextServer[],
  options: { requests?: number; midway?: () => Promise<void> } = {},
): Promise<StormResult> {
  const cookies = await expiredSession();
  idp.stats.reset();
  const pending = Array.from({ length: options.requests ?? 50 }, (_, i) =>
    get(fleet[i % fleet.length]!, '/dashboard', cookies).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      () => 0,
    ),
  );
  await options.midway?.();
  const responses = await Promise.all(pending);
  const statuses: Record<number, number> = {};
  for (const status of responses) statuses[status] = (statuses[status] ?? 0) + 1;
  return {
    refreshes: refreshCalls(),
    signedOut: responses.filter((status) => status === 307 || status === 401).length,
    serverErrors: responses.filter((status) => status === 0 || status >= 500).length,
    statuses,
  };
}

async function globalSignOut(app: NextServer, cookies: BrowserCookies): Promise<void> {
  const response = await fetch(`${app.url}/api/auth/sign-out`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookies.header(), origin: app.url, 'content-type': 'application/json' },
    body: JSON.stringify({ global: true }),
  });
  expect(response.status, app.output()).toBe(200);
  expect(await response.json()).toMatchObject({ signedOut: true, globalSignOut: 'succeeded' });
}

describe('two instances without a shared store', () => {
  let fleet: NextServer[] = [];
  beforeAll(async () => {
    fleet = await Promise.all([startNext(PROXY_APP, appEnv(idp)), startNext(PROXY_APP, appEnv(idp))]);
    await warm(fleet);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(fleet.map((app) => app.stop()));
  });

  it('storm-per-instance: 50 concurrent requests of one expired session cost one refresh per instance', async () => {
    const result = await storm(fleet);
    expect(result.serverErrors, JSON.stringify(result.statuses)).toBe(0);
    expect(result.refreshes).toBeGreaterThanOrEqual(2);
  });

  it('sign-out-unseen: after a global sign-out through A, B still serves the old access token until exp', async () => {
    const cookies = await signInBrowser(idp, demo);
    const [a, b] = fleet as [NextServer, NextServer];
    expect((await get(b, '/dashboard', cookies)).status).toBe(200);
    await globalSignOut(a, cookies);
    expect((await get(b, '/dashboard', cookies)).status, b.output()).toBe(200);
  });
});

describe('two instances sharing one Redis (AUTH_REDIS_URL)', () => {
  let fleet: NextServer[] = [];
  const env = () => appEnv(idp, { AUTH_REDIS_URL: redis.url, AUTH_STORE_SECRET: STORE_SECRET });
  beforeAll(async () => {
    fleet = await Promise.all([startNext(PROXY_APP, env()), startNext(PROXY_APP, env())]);
    await warm(fleet);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(fleet.map((app) => app.stop()));
  });

  it('storm-one-refresh: 50 concurrent requests of one expired session over both instances make 1 refresh, 0 sign-outs', async () => {
    const result = await storm(fleet);
    const logs = fleet.map((app) => app.output()).join('\n');
    expect(result.statuses, logs).toEqual({ 200: 50 });
    expect(result.refreshes, logs).toBe(1);
  });

  it('sign-out-seen: after a global sign-out through A, B refuses the old access token at once, without GetUser', async () => {
    const cookies = await signInBrowser(idp, demo);
    const [a, b] = fleet as [NextServer, NextServer];
    expect((await get(b, '/dashboard', cookies)).status).toBe(200);
    await globalSignOut(a, cookies);
    idp.stats.reset();
    const refused = await get(b, '/dashboard', cookies);
    expect(refused.status, b.output()).toBe(307);
    expect(new URL(refused.headers.get('location')!, b.url).pathname).toBe('/sign-in');
    const api = await get(b, '/api/me', cookies);
    expect(api.status).toBe(401);
    expect(idp.stats.count('GetUser')).toBe(0);
    expect(refreshCalls()).toBe(0); // refused before any refresh was tried
  });

  it('redis-sigkill: Redis killed mid-storm signs nobody out and answers no 5xx; restarted, coordination resumes', async () => {
    // The refresh takes long enough at the IdP that Redis dies while the lock is held.
    idp.faults.setLatency(400);
    const clients = await connectedClients();
    let result: StormResult;
    try {
      result = await storm(fleet, {
        midway: async () => {
          await new Promise((resolve) => setTimeout(resolve, 150));
          await redis.kill();
        },
      });
    } finally {
      idp.faults.clear();
    }
    expect(result.serverErrors, JSON.stringify(result.statuses)).toBe(0);
    expect(result.signedOut, JSON.stringify(result.statuses)).toBe(0);
    expect(result.statuses).toEqual({ 200: 50 });
    // Redis really went away under the storm: the instances saw it and fell back.
    expect(fleet.some((app) => app.output().includes('shared session store unavailable'))).toBe(true);

    await redis.restart();
    await untilConnected(clients);
    const after = await storm(fleet);
    expect(after.statuses).toEqual({ 200: 50 });
    expect(after.refreshes).toBe(1);
  });
});

describe('edge middleware.ts with AUTH_REDIS_URL set', () => {
  let app: NextServer;
  beforeAll(async () => {
    app = await startNext(EDGE_APP, appEnv(idp, { AUTH_REDIS_URL: redis.url, AUTH_STORE_SECRET: STORE_SECRET }));
    await warm([app]);
  }, 240_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('edge-per-process: the edge runtime cannot reach Redis, says so, and serves a storm on its own single-flight', async () => {
    const result = await storm([app]);
    expect(result.statuses, app.output()).toEqual({ 200: 50 });
    expect(result.refreshes).toBe(1);
    expect(app.output()).toContain('shared session store unavailable');
  });
});

/** Clients of the instances (each runner keeps one) — not counting the one asking. */
async function connectedClients(): Promise<number> {
  const info = await redis.command('INFO', 'clients');
  return Number(/connected_clients:(\d+)/.exec(info)?.[1] ?? 0) - 1;
}

/**
 * Until the instances' clients are all connected again, plus the second each instance waits
 * before trying Redis again after a failure.
 */
async function untilConnected(clients: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if ((await connectedClients()) >= clients) {
      await new Promise((resolve) => setTimeout(resolve, 1200));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the instances did not reconnect to Redis within 20 s');
}
