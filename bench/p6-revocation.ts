/**
 * P6 — what `checkRevocation` costs per request, in-process against the real local IdP on
 * loopback: the middleware without the check, with a cached verdict (every request within the
 * TTL), and the cold verdict itself (one GetUser round trip — once per token per TTL).
 *
 * P6s — what the shared revocation lookup (src/session/revoked-families.ts) costs per request:
 * the same middleware over the default per-process store and over Redis (a real redis-server on
 * loopback), where every request with a valid session makes one GET.
 */
import { NextRequest } from 'next/server';
import { Bench } from 'tinybench';
import { createCognitoClient } from '../src/cognito/client';
import { resolveConfig } from '../src/config';
import { startIdp } from 'next-cognito-session-idp';
import { signInForTest } from 'next-cognito-session/testing';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { createAuthMiddleware } from '../src/next/middleware';
import { createAuthCore } from '../src/session/core';
import { RevocationCheck } from '../src/session/revocation-check';
import { createRedisStore } from '../src/store/redis';
import { startRedis, type RedisServer } from '../test/support/redis-server';
import { formatRatio, type BenchResult } from './support/report';

export async function runP6(options: { timeMs: number; warmupMs: number }): Promise<BenchResult> {
  const result: BenchResult = {
    id: 'P6',
    title: 'optional revocation check (checkRevocation)',
    figures: [],
    notes: [],
    broken: [],
  };
  const idp = await startIdp({ port: 0, log: () => {} });
  try {
    const config = resolveConfig({ config: idp.runnerConfig() });
    const core = createAuthCore(config, { logger: { warn: () => {}, debug: () => {} } });
    const demo = seed.users.find((user) => user.username === 'demo@example.com')!;
    const { cookieHeader: cookie, tokens } = await signInForTest({
      config: idp.runnerConfig(),
      username: demo.username,
      password: demo.password,
    });
    const request = () => new NextRequest('http://localhost:3000/dashboard', { headers: { cookie } });

    const plain = createAuthMiddleware(core, { protect: ['/dashboard'] });
    const checked = createAuthMiddleware(core, { protect: ['/dashboard'], checkRevocation: true });
    const accessToken = await core.verifier.verifyAccessToken(tokens.accessToken);
    const cognito = createCognitoClient({ endpoint: config.endpoint, clientId: config.clientId });

    for (const middleware of [plain, checked]) {
      const status = (await middleware(request())).status;
      if (status !== 200) result.broken.push(`middleware answered ${status} for a valid session`);
    }
    idp.stats.reset();
    const bench = new Bench({ time: options.timeMs, warmupTime: options.warmupMs });
    bench
      .add('middleware, no revocation check', async () => void (await plain(request())))
      .add('middleware, checkRevocation (verdict cached)', async () => void (await checked(request())))
      // A fresh checker per call has no verdict: this is the GetUser round trip paid once per TTL.
      .add(
        'cold verdict: GetUser round trip on loopback',
        async () => void (await new RevocationCheck(cognito).check(accessToken)),
      );
    await bench.run();

    const mean = (name: string) =>
      (bench.getTask(name)?.result as { latency?: { mean?: number } } | undefined)?.latency?.mean ?? NaN;
    const base = mean('middleware, no revocation check');
    const cached = mean('middleware, checkRevocation (verdict cached)');
    const cold = mean('cold verdict: GetUser round trip on loopback');
    const getUserCalls = idp.stats.count('GetUser');
    const coldRuns = bench.getTask('cold verdict: GetUser round trip on loopback')?.runs ?? 0;
    if (getUserCalls < coldRuns)
      result.broken.push(`expected ≥ ${coldRuns} GetUser calls (one per cold verdict), the IdP saw ${getUserCalls}`);
    result.figures.push(
      { figure: 'middleware per request, no check', measured: `${(base * 1000).toFixed(1)} µs mean` },
      {
        figure: 'middleware per request, check with cached verdict',
        measured: `${(cached * 1000).toFixed(1)} µs mean`,
        ratio: `${formatRatio(cached / base)} × no check`,
      },
      {
        figure: 'cold verdict (once per token per TTL)',
        measured: `${cold.toFixed(2)} ms mean`,
        ratio: `${formatRatio(cold / base)} × a request without the check`,
      },
    );
    result.notes.push(
      'In-process: the real middleware function with a NextRequest, the real IdP over loopback HTTP. Against Cognito the cold verdict is one regional round trip (tens of ms) per token per TTL (default 30 s).',
      `GetUser calls the IdP saw during the run: ${getUserCalls} (cold runs: ${coldRuns}; the cached-verdict runs made none beyond the warm-up).`,
    );
  } finally {
    await idp.close();
  }
  return result;
}

export async function runP6s(options: { timeMs: number; warmupMs: number }): Promise<BenchResult> {
  const result: BenchResult = {
    id: 'P6s',
    title: 'shared revocation lookup per request (memory store vs Redis)',
    figures: [],
    notes: [],
    broken: [],
  };
  let redis: RedisServer;
  try {
    redis = await startRedis();
  } catch (error) {
    result.figures.push({ figure: 'Redis store', measured: `could not run: ${String(error).slice(0, 200)}` });
    return result;
  }
  const idp = await startIdp({ port: 0, log: () => {} });
  const store = createRedisStore({ url: redis.url });
  try {
    const logger = { warn: (line: string) => result.notes.push(`logged: ${line}`), debug: () => {} };
    const config = resolveConfig({
      config: idp.runnerConfig(),
      session: { storeSecret: 'bench store secret, at least thirty-two characters' },
    });
    const demo = seed.users.find((user) => user.username === 'demo@example.com')!;
    const { cookieHeader: cookie } = await signInForTest({
      config: idp.runnerConfig(),
      username: demo.username,
      password: demo.password,
    });
    const request = () => new NextRequest('http://localhost:3000/dashboard', { headers: { cookie } });
    const memory = createAuthMiddleware(createAuthCore(config, { logger }), { protect: ['/dashboard'] });
    const shared = createAuthMiddleware(createAuthCore(config, { logger, store }), { protect: ['/dashboard'] });
    for (const middleware of [memory, shared]) {
      const status = (await middleware(request())).status;
      if (status !== 200) result.broken.push(`middleware answered ${status} for a valid session`);
    }
    const before = Number(/total_commands_processed:(\d+)/.exec(await redis.command('INFO', 'stats'))?.[1] ?? 0);
    const bench = new Bench({ time: options.timeMs, warmupTime: options.warmupMs });
    bench
      .add('middleware, per-process store', async () => void (await memory(request())))
      .add('middleware, Redis store', async () => void (await shared(request())));
    await bench.run();
    const after = Number(/total_commands_processed:(\d+)/.exec(await redis.command('INFO', 'stats'))?.[1] ?? 0);

    const mean = (name: string) =>
      (bench.getTask(name)?.result as { latency?: { mean?: number } } | undefined)?.latency?.mean ?? NaN;
    const base = mean('middleware, per-process store');
    const withRedis = mean('middleware, Redis store');
    const redisRuns = bench.getTask('middleware, Redis store')?.runs ?? 0;
    // One GET per request, plus the INFO we sent ourselves.
    if (after - before - 1 < redisRuns)
      result.broken.push(
        `expected ≥ ${redisRuns} Redis commands (one per request), Redis counted ${after - before - 1}`,
      );
    result.figures.push(
      { figure: 'middleware per request, per-process store', measured: `${(base * 1000).toFixed(1)} µs mean` },
      {
        figure: 'middleware per request, Redis store (one GET)',
        measured: `${(withRedis * 1000).toFixed(1)} µs mean`,
        ratio: `${formatRatio(withRedis / base)} × per-process`,
      },
      { figure: 'added per request by the shared lookup', measured: `${((withRedis - base) * 1000).toFixed(1)} µs` },
    );
    result.notes.push(
      'In-process: the real middleware function with a NextRequest and a valid session, no checkRevocation. Redis is a local redis-server over loopback TCP; across a network add its round trip. Both runs compute the family key (one HMAC-SHA256).',
      `Redis commands during the run: ${after - before - 1} for ${redisRuns} Redis-store requests (warm-up included).`,
    );
  } finally {
    await store.close();
    await idp.close();
    await redis.stop();
  }
  return result;
}
