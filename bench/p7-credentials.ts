/**
 * P7 — `fetchAuthSession` with identity-pool credentials, in-process against the real local IdP
 * on loopback: the runner's tokens-only call, the same with cached credentials (every call until
 * five minutes before they expire), and the first call for a session (GetId plus
 * GetCredentialsForIdentity, paid once per user and sign-in per credential life).
 */
import { NextRequest, NextResponse } from 'next/server';
import { Bench } from 'tinybench';
import { startIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { createIdentityPool } from 'next-cognito-session/identity-pool';
import { signInForTest } from 'next-cognito-session/testing';
import { createServerRunner } from '../src/runner';
import { formatRatio, type BenchResult } from './support/report';

const TOKENS_ONLY = 'fetchAuthSession, tokens only';
const CACHED = 'fetchAuthSession with credentials, cached';
const FIRST = 'fetchAuthSession with credentials, first call';

export async function runP7(options: { timeMs: number; warmupMs: number }): Promise<BenchResult> {
  const result: BenchResult = {
    id: 'P7',
    title: 'fetchAuthSession with identity-pool credentials',
    figures: [],
    notes: [],
    broken: [],
  };
  const idp = await startIdp({ port: 0, log: () => {} });
  try {
    const runner = () =>
      createServerRunner({ config: idp.runnerConfig(), env: {}, logger: { warn: () => {}, debug: () => {} } });
    const auth = runner();
    const demo = seed.users.find((user) => user.username === 'demo@example.com')!;
    const { cookieHeader: cookie } = await signInForTest({
      runner: auth,
      username: demo.username,
      password: demo.password,
    });
    const context = () => ({
      request: new NextRequest('http://localhost:3000/api/aws', { headers: { cookie } }),
      response: NextResponse.next(),
    });
    const cachedPool = createIdentityPool(auth);
    // A pool per call has an empty cache; its own runner keeps the listeners it registers apart.
    const coldAuth = runner();

    const first = await auth.runWithServerContext({
      nextServerContext: context(),
      operation: (ctx) => cachedPool.fetchAuthSession(ctx),
    });
    if (!first.credentials?.accessKeyId.startsWith('ASIA')) result.broken.push('no credentials for a valid session');

    const bench = new Bench({ time: options.timeMs, warmupTime: options.warmupMs });
    let cachedCalls = 0;
    bench
      .add(TOKENS_ONLY, async () => {
        await auth.runWithServerContext({
          nextServerContext: context(),
          operation: (ctx) => auth.fetchAuthSession(ctx),
        });
      })
      .add(
        CACHED,
        async () => {
          await auth.runWithServerContext({
            nextServerContext: context(),
            operation: (ctx) => cachedPool.fetchAuthSession(ctx),
          });
        },
        {
          beforeAll: () => idp.stats.reset(),
          afterAll: () => void (cachedCalls = idp.stats.count('GetCredentialsForIdentity')),
        },
      )
      .add(FIRST, async () => {
        const pool = createIdentityPool(coldAuth);
        await coldAuth.runWithServerContext({
          nextServerContext: context(),
          operation: (ctx) => pool.fetchAuthSession(ctx),
        });
      });
    idp.stats.reset();
    await bench.run();

    const mean = (name: string) =>
      (bench.getTask(name)?.result as { latency?: { mean?: number } } | undefined)?.latency?.mean ?? NaN;
    const base = mean(TOKENS_ONLY);
    const cached = mean(CACHED);
    const cold = mean(FIRST);
    if (cachedCalls !== 0) result.broken.push(`the cached runs asked the IdP for credentials ${cachedCalls} times`);
    const coldRuns = bench.getTask(FIRST)?.runs ?? 0;
    const exchanges = idp.stats.count('GetCredentialsForIdentity');
    if (exchanges < coldRuns)
      result.broken.push(`expected ≥ ${coldRuns} credential exchanges, the IdP saw ${exchanges}`);
    result.figures.push(
      { figure: 'tokens only (no identity pool)', measured: `${(base * 1000).toFixed(1)} µs mean` },
      {
        figure: 'with credentials, cached',
        measured: `${(cached * 1000).toFixed(1)} µs mean`,
        ratio: `${formatRatio(cached / base)} × tokens only`,
      },
      {
        figure: 'with credentials, first call (GetId + GetCredentialsForIdentity)',
        measured: `${cold.toFixed(2)} ms mean`,
        ratio: `${formatRatio(cold / cached)} × cached`,
      },
    );
    result.notes.push(
      'In-process: runWithServerContext with a NextRequest and the real IdP over loopback HTTP. Against Cognito the first call is two regional round trips, once per user and sign-in until five minutes before the credentials expire (1 h by default).',
    );
  } finally {
    await idp.close();
  }
  return result;
}
