/**
 * P6 — what `checkRevocation` costs per request, in-process against the real local IdP on
 * loopback: the middleware without the check, with a cached verdict (every request within the
 * TTL), and the cold verdict itself (one GetUser round trip — once per token per TTL).
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
