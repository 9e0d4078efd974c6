/**
 * P3 — the same protected route behind our middleware and behind Amplify's adapter in its
 * documented middleware pattern, same session cookie, alternated A B A B.
 *
 * P3n — the same pair as Next 16 node-runtime proxy.ts (fixtures/ours-proxy-app and
 * fixtures/amplify-proxy-app), same route, cookie and alternation.
 */
import { SHARED_CORES, type RuntimeVariant, type ThroughputOptions } from './p1-throughput';
import { alternate, describeRuns, loadProblems, meanRps, type LoadRun } from './support/load';
import type { RunningApp } from './support/next-app';
import { formatRatio, type BenchResult } from './support/report';
import type { OptionalApp, Stack } from './support/stack';

const TARGET = 2;

interface Pair extends RuntimeVariant {
  ours: RunningApp;
  amplify: OptionalApp;
}

export function runP3(stack: Stack, options: ThroughputOptions): Promise<BenchResult> {
  const amplify: OptionalApp = stack.amplify
    ? { app: stack.amplify }
    : { error: stack.amplifyError ?? 'unknown error' };
  const pair = { id: 'P3', title: 'throughput vs @aws-amplify/adapter-nextjs', kind: 'middleware' };
  return compare(stack, { ...pair, runtime: 'edge middleware.ts', ours: stack.ours, amplify }, options);
}

export function runP3n(stack: Stack, options: ThroughputOptions): Promise<BenchResult> {
  const apps = stack.proxy;
  if (!apps?.ours.app) throw new Error(`ours-proxy-app did not build or start: ${apps?.ours.error ?? 'not requested'}`);
  const pair = { id: 'P3n', title: 'throughput vs @aws-amplify/adapter-nextjs (proxy.ts, node)', kind: 'proxy' };
  return compare(stack, { ...pair, runtime: 'node proxy.ts', ours: apps.ours.app, amplify: apps.amplify }, options);
}

async function compare(stack: Stack, pair: Pair, options: ThroughputOptions): Promise<BenchResult> {
  const result: BenchResult = { id: pair.id, title: pair.title, figures: [], notes: [], broken: [] };
  const amplifyFigure = `Amplify adapter ${pair.kind}`;
  const amplifyApp = pair.amplify.app;
  if (!amplifyApp) {
    result.figures.push({ figure: amplifyFigure, measured: 'could not run', target: `ours ≥ ${TARGET} ×` });
    result.notes.push(`Amplify's fixture app did not build or start: ${pair.amplify.error}`);
    return result;
  }
  const cookie = (await stack.signIn()).header();
  const check = await fetch(`${amplifyApp.url}/bench/protected`, {
    redirect: 'manual',
    headers: { cookie },
    signal: AbortSignal.timeout(10_000),
  });
  if (check.status !== 200) {
    result.figures.push({
      figure: amplifyFigure,
      measured: `could not run (${check.status})`,
      target: `ours ≥ ${TARGET} ×`,
    });
    result.notes.push(
      `Amplify's ${pair.kind} answered ${check.status} (location ${check.headers.get('location')}) for a valid session.`,
    );
    result.notes.push(`server output: ${amplifyApp.output().slice(-1500)}`);
    return result;
  }
  await check.text();

  const ours = { label: 'ours /bench/protected', url: `${pair.ours.url}/bench/protected`, cookie };
  const amplify = { label: 'amplify /bench/protected', url: `${amplifyApp.url}/bench/protected`, cookie };
  const [amplifyRuns, oursRuns] = (await alternate([amplify, ours], options)) as [LoadRun[], LoadRun[]];
  result.broken.push(...loadProblems(oursRuns));
  const amplifyProblems = loadProblems(amplifyRuns);

  const amplifyRps = meanRps(amplifyRuns);
  const oursRps = meanRps(oursRuns);
  const ratio = oursRps / amplifyRps;
  result.figures.push(
    { figure: amplifyFigure, measured: `${Math.round(amplifyRps)} req/s` },
    {
      figure: `our ${pair.kind}, same route and cookie`,
      measured: `${Math.round(oursRps)} req/s`,
      ratio: `${formatRatio(ratio)} × Amplify`,
      target: `≥ ${TARGET} ×`,
      met: amplifyProblems.length ? undefined : ratio >= TARGET,
    },
  );
  result.notes.push(
    `autocannon, 32 connections, ${options.rounds} × (${options.seconds} s Amplify, ${options.seconds} s ours) after ${options.warmupSeconds} s warm-up each; both ${pair.runtime} under next start, both servers up for the whole figure.`,
    'Amplify: `createServerRunner({ config })` + `runWithAmplifyServerContext({ nextServerContext: { request, response }, operation: fetchAuthSession })`, redirect when no tokens — its documented pattern. Configured as for real Cognito (no `userPoolEndpoint`); a bench-only preload routes https://cognito-idp.<region>.amazonaws.com to the local IdP (its JWKS fetch and refresh calls).',
    `Amplify runs: ${describeRuns(amplifyRuns)}`,
    `our runs: ${describeRuns(oursRuns)}`,
    SHARED_CORES,
    ...amplifyProblems.map((problem) => `Amplify answered other than 2xx, so its figure is not comparable: ${problem}`),
  );
  return result;
}
