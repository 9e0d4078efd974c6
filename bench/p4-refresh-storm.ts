/**
 * P4 — refresh storm: 50 concurrent requests carrying one session whose tokens have expired.
 * Counts the refresh calls the IdP received and the requests that ended signed out, for our
 * middleware and for Amplify's.
 *
 * P4x — the same storm spread over two instances of our proxy.ts app, without and with a shared
 * Redis (AUTH_REDIS_URL, a real redis-server on a free port).
 */
import { startRedis } from '../test/support/redis-server';
import { buildApp, startApp, type RunningApp } from './support/next-app';
import { OURS_PROXY_DIR } from './support/stack';
import type { BenchResult } from './support/report';
import type { Stack } from './support/stack';

const REFRESH_OPS = ['GetTokensFromRefreshToken', 'InitiateAuth'];

interface Storm {
  refreshCalls: number;
  signedIn: number;
  signedOut: number;
  serverErrors: number;
  statuses: Record<number, number>;
}

export async function runP4(stack: Stack, options: { requests: number }): Promise<BenchResult> {
  const result: BenchResult = {
    id: 'P4',
    title: `refresh storm (${options.requests} concurrent requests, one expired session)`,
    figures: [],
    notes: [],
    broken: [],
  };
  const ours = await storm(stack, stack.ours, options.requests);
  if (ours.serverErrors > 0)
    result.broken.push(`our middleware answered 5xx during the storm: ${JSON.stringify(ours.statuses)}`);
  if (ours.signedIn + ours.signedOut !== options.requests)
    result.broken.push(`unexpected statuses from ours: ${JSON.stringify(ours.statuses)}`);
  result.figures.push(
    {
      figure: 'ours: refresh calls at the IdP',
      measured: String(ours.refreshCalls),
      target: '1',
      met: ours.refreshCalls === 1,
    },
    {
      figure: 'ours: requests ended signed out',
      measured: `${ours.signedOut} of ${options.requests}`,
      target: '0',
      met: ours.signedOut === 0,
    },
  );
  result.notes.push(`ours statuses: ${JSON.stringify(ours.statuses)}`);

  if (stack.amplify) {
    const amplify = await storm(stack, stack.amplify, options.requests);
    result.figures.push(
      { figure: 'Amplify: refresh calls at the IdP', measured: String(amplify.refreshCalls) },
      { figure: 'Amplify: requests ended signed out', measured: `${amplify.signedOut} of ${options.requests}` },
    );
    result.notes.push(`Amplify statuses: ${JSON.stringify(amplify.statuses)}`);
  } else {
    result.figures.push({ figure: 'Amplify: refresh storm', measured: 'could not run' });
  }
  result.notes.push(
    `refresh calls = ${REFRESH_OPS.join(' + ')} counted by the IdP between sign-in and the end of the storm. Signed out = redirected to /sign-in. The client rotates refresh tokens (grace 10 s), as the reference app's does.`,
  );
  return result;
}

const STORE_SECRET = 'bench store secret, at least thirty-two characters';

export async function runP4x(stack: Stack, options: { requests: number; rebuild: boolean }): Promise<BenchResult> {
  const result: BenchResult = {
    id: 'P4x',
    title: `refresh storm over two proxy.ts instances (${options.requests} requests), without and with Redis`,
    figures: [],
    notes: [],
    broken: [],
  };
  // Built in this run already when a proxy.ts figure was asked for too.
  if (!stack.builds.some((line) => line.startsWith('ours-proxy-app:'))) {
    stack.builds.push(`ours-proxy-app: ${await buildApp(OURS_PROXY_DIR, stack.oursEnv, options.rebuild)}`);
  }
  let redis;
  try {
    redis = await startRedis();
  } catch (error) {
    result.figures.push({ figure: 'with Redis', measured: `could not run: ${String(error).slice(0, 200)}` });
  }
  try {
    const runs: [string, Record<string, string> | undefined][] = [
      ['without a store', {}],
      ['with Redis', redis ? { AUTH_REDIS_URL: redis.url, AUTH_STORE_SECRET: STORE_SECRET } : undefined],
    ];
    for (const [label, extra] of runs) {
      if (!extra) continue;
      const fleet: RunningApp[] = [];
      try {
        for (let i = 0; i < 2; i++) fleet.push(await startApp(OURS_PROXY_DIR, { ...stack.oursEnv, ...extra }));
        const warm = (await stack.signIn()).header();
        for (const app of fleet) {
          const status = (await fetch(`${app.url}/bench/protected`, { headers: { cookie: warm } })).status;
          if (status !== 200) result.broken.push(`${label}: warm-up answered ${status}`);
        }
        const outcome = await storm(stack, fleet, options.requests);
        if (outcome.serverErrors > 0)
          result.broken.push(`${label}: 5xx during the storm: ${JSON.stringify(outcome.statuses)}`);
        result.figures.push(
          {
            figure: `${label}: refresh calls at the IdP`,
            measured: String(outcome.refreshCalls),
            ...(label === 'with Redis' ? { target: '1', met: outcome.refreshCalls === 1 } : {}),
          },
          {
            figure: `${label}: requests ended signed out`,
            measured: `${outcome.signedOut} of ${options.requests}`,
            target: '0',
            met: outcome.signedOut === 0,
          },
        );
        result.notes.push(`${label} statuses: ${JSON.stringify(outcome.statuses)}`);
      } finally {
        for (const app of fleet) await app.stop();
      }
    }
  } finally {
    await redis?.stop();
  }
  result.notes.push(
    'Requests alternate between the two instances (no sticky sessions). Without a store each instance refreshes once (the second inside the IdP grace period); with Redis the first instance holds a lock on the refresh token and the other waits for its sealed result.',
  );
  return result;
}

/** `requests` concurrent requests of one expired session, spread round-robin over `apps`. */
async function storm(stack: Stack, apps: RunningApp | RunningApp[], requests: number): Promise<Storm> {
  const fleet = Array.isArray(apps) ? apps : [apps];
  const cookie = (await stack.expiredSession()).header();
  stack.idp.stats.reset();
  const responses = await Promise.all(
    Array.from({ length: requests }, (_, i) =>
      fetch(`${fleet[i % fleet.length]!.url}/bench/protected`, {
        redirect: 'manual',
        headers: { cookie },
        signal: AbortSignal.timeout(30_000),
      }).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status;
        },
        () => 0,
      ),
    ),
  );
  const statuses: Record<number, number> = {};
  for (const status of responses) statuses[status] = (statuses[status] ?? 0) + 1;
  return {
    refreshCalls: REFRESH_OPS.reduce((sum, op) => sum + stack.idp.stats.count(op), 0),
    signedIn: statuses[200] ?? 0,
    signedOut: (statuses[307] ?? 0) + (statuses[401] ?? 0),
    serverErrors: responses.filter((status) => status === 0 || status >= 500).length,
    statuses,
  };
}
