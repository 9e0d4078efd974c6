/**
 * P1 — what the auth middleware costs per request under `next start`: the same route through
 * our middleware (/bench/protected, a valid session), through a middleware that does nothing
 * (/bench/noop: Next's own middleware cost) and with no middleware at all (/bench/open, outside
 * the matcher); autocannon at 32 connections, alternated A B C A B C.
 */
import { alternate, describeRuns, loadProblems, meanRps, type LoadRun } from './support/load';
import { formatRatio, type BenchResult } from './support/report';
import type { Stack } from './support/stack';

export interface ThroughputOptions {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
}

export async function runP1(stack: Stack, options: ThroughputOptions): Promise<BenchResult> {
  const result: BenchResult = {
    id: 'P1',
    title: 'throughput with vs without our middleware',
    figures: [],
    notes: [],
    broken: [],
  };
  const cookies = await stack.signIn();
  const cookie = cookies.header();
  result.broken.push(...(await checkAnswers(stack.ours.url, cookie)));
  if (result.broken.length) return result;

  const open = { label: 'unprotected /bench/open', url: `${stack.ours.url}/bench/open`, cookie };
  const noop = { label: 'no-op middleware /bench/noop', url: `${stack.ours.url}/bench/noop`, cookie };
  const protectedRoute = { label: 'protected /bench/protected', url: `${stack.ours.url}/bench/protected`, cookie };
  const [openRuns, noopRuns, protectedRuns] = (await alternate([open, noop, protectedRoute], options)) as [
    LoadRun[],
    LoadRun[],
    LoadRun[],
  ];
  result.broken.push(...loadProblems([...openRuns, ...noopRuns, ...protectedRuns]));

  const openRps = meanRps(openRuns);
  const noopRps = meanRps(noopRuns);
  const protectedRps = meanRps(protectedRuns);
  const ratio = protectedRps / openRps;
  result.figures.push(
    { figure: 'unprotected route (no middleware)', measured: `${Math.round(openRps)} req/s` },
    {
      figure: 'same route behind a no-op middleware (Next alone)',
      measured: `${Math.round(noopRps)} req/s`,
      ratio: `${formatRatio(noopRps / openRps)} × unprotected`,
    },
    {
      figure: 'same route behind our middleware',
      measured: `${Math.round(protectedRps)} req/s`,
      ratio: `${formatRatio(ratio)} × unprotected`,
      target: '≥ 0.85 ×',
      met: ratio >= 0.85,
    },
    {
      figure: 'our middleware vs the no-op middleware',
      measured: `${Math.round(protectedRps)} vs ${Math.round(noopRps)} req/s`,
      ratio: `${formatRatio(protectedRps / noopRps)} × no-op`,
    },
  );
  result.notes.push(
    `autocannon, 32 connections, ${options.rounds} × (${options.seconds} s each of unprotected, no-op, protected) after ${options.warmupSeconds} s warm-up each; same server, same route handler, same session cookie on all three.`,
    `unprotected runs: ${describeRuns(openRuns)}`,
    `no-op middleware runs: ${describeRuns(noopRuns)}`,
    `protected runs: ${describeRuns(protectedRuns)}`,
    "autocannon and `next start` share the machine's cores, so absolute req/s understate a dedicated server; the ratio is the figure.",
  );
  return result;
}

/** The protected route must answer 200 with the session and redirect without it; the open one never needs it. */
async function checkAnswers(url: string, cookie: string): Promise<string[]> {
  const problems: string[] = [];
  const expect = async (path: string, withCookie: boolean, status: number) => {
    const response = await fetch(`${url}${path}`, {
      redirect: 'manual',
      headers: withCookie ? { cookie } : {},
      signal: AbortSignal.timeout(10_000),
    });
    const body = await response.text();
    if (response.status !== status)
      problems.push(`${path} ${withCookie ? 'with' : 'without'} session: ${response.status}, expected ${status}`);
    else if (status === 200 && body !== '{"ok":true}') problems.push(`${path}: unexpected body ${body.slice(0, 80)}`);
  };
  await expect('/bench/protected', true, 200);
  await expect('/bench/protected', false, 307);
  await expect('/bench/open', false, 200);
  await expect('/bench/noop', false, 200);
  return problems;
}
