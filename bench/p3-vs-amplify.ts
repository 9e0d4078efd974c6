/**
 * P3 — the same protected route behind our middleware and behind Amplify's adapter in its
 * documented middleware pattern, same session cookie, alternated A B A B.
 */
import { alternate, describeRuns, loadProblems, meanRps, type LoadRun } from './support/load';
import { formatRatio, type BenchResult } from './support/report';
import type { Stack } from './support/stack';
import type { ThroughputOptions } from './p1-throughput';

export async function runP3(stack: Stack, options: ThroughputOptions): Promise<BenchResult> {
  const result: BenchResult = {
    id: 'P3',
    title: 'throughput vs @aws-amplify/adapter-nextjs',
    figures: [],
    notes: [],
    broken: [],
  };
  if (!stack.amplify) {
    result.figures.push({ figure: 'Amplify adapter middleware', measured: 'could not run', target: 'ours ≥ 2 ×' });
    result.notes.push(`Amplify's fixture app did not build or start: ${stack.amplifyError ?? 'unknown error'}`);
    return result;
  }
  const cookie = (await stack.signIn()).header();
  const check = await fetch(`${stack.amplify.url}/bench/protected`, {
    redirect: 'manual',
    headers: { cookie },
    signal: AbortSignal.timeout(10_000),
  });
  if (check.status !== 200) {
    result.figures.push({
      figure: 'Amplify adapter middleware',
      measured: `could not run (${check.status})`,
      target: 'ours ≥ 2 ×',
    });
    result.notes.push(
      `Amplify's middleware answered ${check.status} (location ${check.headers.get('location')}) for a valid session.`,
    );
    result.notes.push(`server output: ${stack.amplify.output().slice(-1500)}`);
    return result;
  }
  await check.text();

  const ours = { label: 'ours /bench/protected', url: `${stack.ours.url}/bench/protected`, cookie };
  const amplify = { label: 'amplify /bench/protected', url: `${stack.amplify.url}/bench/protected`, cookie };
  const [amplifyRuns, oursRuns] = (await alternate([amplify, ours], options)) as [LoadRun[], LoadRun[]];
  result.broken.push(...loadProblems(oursRuns));
  const amplifyProblems = loadProblems(amplifyRuns);

  const amplifyRps = meanRps(amplifyRuns);
  const oursRps = meanRps(oursRuns);
  const ratio = oursRps / amplifyRps;
  result.figures.push(
    { figure: 'Amplify adapter middleware', measured: `${Math.round(amplifyRps)} req/s` },
    {
      figure: 'our middleware, same route and cookie',
      measured: `${Math.round(oursRps)} req/s`,
      ratio: `${formatRatio(ratio)} × Amplify`,
      target: '≥ 2 ×',
      met: amplifyProblems.length ? undefined : ratio >= 2,
    },
  );
  result.notes.push(
    `autocannon, 32 connections, ${options.rounds} × (${options.seconds} s Amplify, ${options.seconds} s ours) after ${options.warmupSeconds} s warm-up each; both edge middleware.ts under next start, both servers up for the whole figure.`,
    'Amplify: `createServerRunner({ config })` + `runWithAmplifyServerContext({ nextServerContext: { request, response }, operation: fetchAuthSession })`, redirect when no tokens — its documented pattern. Configured as for real Cognito (no `userPoolEndpoint`); a bench-only preload routes https://cognito-idp.<region>.amazonaws.com to the local IdP (its JWKS fetch and refresh calls).',
    `Amplify runs: ${describeRuns(amplifyRuns)}`,
    `our runs: ${describeRuns(oursRuns)}`,
    ...amplifyProblems.map((problem) => `Amplify answered other than 2xx, so its figure is not comparable: ${problem}`),
  );
  return result;
}
