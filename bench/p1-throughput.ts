/**
 * P1 — what the auth middleware costs per request under `next start`: the same route through
 * our middleware (/bench/protected, a valid session) and with no middleware at all
 * (/bench/open, outside the matcher), autocannon at 32 connections, alternated A B A B.
 */
import { alternate, describeRuns, loadProblems, meanRps } from './support/load';
import { formatRatio, type BenchResult } from './support/report';
import type { Stack } from './support/stack';

export interface ThroughputOptions {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
}

export async function runP1(stack: Stack, options: ThroughputOptions): Promise<BenchResult> {
  const result: BenchResult = { id: 'P1', title: 'throughput with vs without our middleware', figures: [], notes: [], broken: [] };
  const cookies = await stack.signIn();
  const cookie = cookies.header();
  result.broken.push(...(await checkAnswers(stack.ours.url, cookie)));
  if (result.broken.length) return result;

  const open = { label: 'unprotected /bench/open', url: `${stack.ours.url}/bench/open`, cookie };
  const protectedRoute = { label: 'protected /bench/protected', url: `${stack.ours.url}/bench/protected`, cookie };
  const runs = await alternate(open, protectedRoute, options);
  result.broken.push(...loadProblems([...runs.a, ...runs.b]));

  const openRps = meanRps(runs.a);
  const protectedRps = meanRps(runs.b);
  const ratio = protectedRps / openRps;
  result.figures.push(
    { figure: 'unprotected route (no middleware)', measured: `${Math.round(openRps)} req/s` },
    {
      figure: 'same route behind our middleware',
      measured: `${Math.round(protectedRps)} req/s`,
      ratio: `${formatRatio(ratio)} × unprotected`,
      target: '≥ 0.85 ×',
      met: ratio >= 0.85,
    },
  );
  result.notes.push(
    `autocannon, 32 connections, ${options.rounds} × (${options.seconds} s unprotected, ${options.seconds} s protected) after ${options.warmupSeconds} s warm-up each; same server, same session cookie on both.`,
    `unprotected runs: ${describeRuns(runs.a)}`,
    `protected runs: ${describeRuns(runs.b)}`,
    'autocannon and `next start` share the machine\'s cores, so absolute req/s understate a dedicated server; the ratio is the figure.',
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
    if (response.status !== status) problems.push(`${path} ${withCookie ? 'with' : 'without'} session: ${response.status}, expected ${status}`);
    else if (status === 200 && body !== '{"ok":true}') problems.push(`${path}: unexpected body ${body.slice(0, 80)}`);
  };
  await expect('/bench/protected', true, 200);
  await expect('/bench/protected', false, 307);
  await expect('/bench/open', false, 200);
  return problems;
}
