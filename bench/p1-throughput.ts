/**
 * P1 — what the auth middleware costs per request under `next start`: the same route through
 * our middleware (/bench/protected, a valid session), through a middleware that does nothing
 * (/bench/noop: Next's own middleware cost) and with no middleware at all (/bench/open, outside
 * the matcher); autocannon at 32 connections, alternated A B C A B C.
 *
 * P1n — the same three routes with Next 16's node-runtime proxy.ts instead of edge middleware.ts
 * (fixtures/ours-proxy-app): same route handler, same cookie, same alternation.
 */
import { alternate, describeRuns, loadProblems, meanRps, type LoadRun } from './support/load';
import { formatRatio, type BenchResult, type Figure } from './support/report';
import type { RunningApp } from './support/next-app';
import type { Stack } from './support/stack';

export interface ThroughputOptions {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
}

/** A figure measured twice, in front of edge middleware.ts and node proxy.ts (P1/P1n, P3/P3n). */
export interface RuntimeVariant {
  id: string;
  title: string;
  /** 'middleware' or 'proxy', as the labels say it. */
  kind: string;
  /** 'edge middleware.ts' or 'node proxy.ts', for the notes. */
  runtime: string;
}

/** What else tells P1 and P1n apart: the row the target is on. */
interface GuardVariant extends RuntimeVariant {
  target: { against: 'unprotected' | 'no-op'; min: number };
}

const EDGE: GuardVariant = {
  id: 'P1',
  title: 'throughput with vs without our middleware',
  kind: 'middleware',
  runtime: 'edge middleware.ts',
  target: { against: 'unprotected', min: 0.85 },
};

const PROXY: GuardVariant = {
  id: 'P1n',
  title: 'throughput with vs without our proxy (proxy.ts, node)',
  kind: 'proxy',
  runtime: 'node proxy.ts',
  target: { against: 'no-op', min: 0.95 },
};

export function runP1(stack: Stack, options: ThroughputOptions): Promise<BenchResult> {
  return runGuardCost(stack, stack.ours, EDGE, options);
}

export function runP1n(stack: Stack, options: ThroughputOptions): Promise<BenchResult> {
  const ours = stack.proxy?.ours;
  if (!ours?.app) throw new Error(`ours-proxy-app did not build or start: ${ours?.error ?? 'not requested'}`);
  return runGuardCost(stack, ours.app, PROXY, options);
}

async function runGuardCost(
  stack: Stack,
  app: RunningApp,
  variant: GuardVariant,
  options: ThroughputOptions,
): Promise<BenchResult> {
  const { kind } = variant;
  const result: BenchResult = { id: variant.id, title: variant.title, figures: [], notes: [], broken: [] };
  const cookie = (await stack.signIn()).header();
  result.broken.push(
    ...(await checkAnswers(app.url, cookie, [
      ['/bench/protected', true, 200],
      ['/bench/protected', false, 307],
      ['/bench/open', false, 200],
      ['/bench/noop', false, 200],
    ])),
  );
  if (result.broken.length) return result;

  const open = { label: 'unprotected /bench/open', url: `${app.url}/bench/open`, cookie };
  const noop = { label: `no-op ${kind} /bench/noop`, url: `${app.url}/bench/noop`, cookie };
  const protectedRoute = { label: 'protected /bench/protected', url: `${app.url}/bench/protected`, cookie };
  const [openRuns, noopRuns, protectedRuns] = (await alternate([open, noop, protectedRoute], options)) as [
    LoadRun[],
    LoadRun[],
    LoadRun[],
  ];
  result.broken.push(...loadProblems([...openRuns, ...noopRuns, ...protectedRuns]));

  const openRps = meanRps(openRuns);
  const noopRps = meanRps(noopRuns);
  const protectedRps = meanRps(protectedRuns);
  const targetOn = (against: GuardVariant['target']['against'], ratio: number): Partial<Figure> =>
    variant.target.against === against ? { target: `≥ ${variant.target.min} ×`, met: ratio >= variant.target.min } : {};
  result.figures.push(
    { figure: `unprotected route (no ${kind})`, measured: `${Math.round(openRps)} req/s` },
    {
      figure: `same route behind a no-op ${kind} (Next alone)`,
      measured: `${Math.round(noopRps)} req/s`,
      ratio: `${formatRatio(noopRps / openRps)} × unprotected`,
    },
    {
      figure: `same route behind our ${kind}`,
      measured: `${Math.round(protectedRps)} req/s`,
      ratio: `${formatRatio(protectedRps / openRps)} × unprotected`,
      ...targetOn('unprotected', protectedRps / openRps),
    },
    {
      figure: `our ${kind} vs the no-op ${kind}`,
      measured: `${Math.round(protectedRps)} vs ${Math.round(noopRps)} req/s`,
      ratio: `${formatRatio(protectedRps / noopRps)} × no-op`,
      ...targetOn('no-op', protectedRps / noopRps),
    },
  );
  result.notes.push(
    `${variant.runtime}; autocannon, 32 connections, ${options.rounds} × (${options.seconds} s each of unprotected, no-op, protected) after ${options.warmupSeconds} s warm-up each; same server, same route handler, same session cookie on all three.`,
    `unprotected runs: ${describeRuns(openRuns)}`,
    `no-op ${kind} runs: ${describeRuns(noopRuns)}`,
    `protected runs: ${describeRuns(protectedRuns)}`,
    SHARED_CORES,
  );
  return result;
}

export const SHARED_CORES =
  "autocannon and `next start` share the machine's cores, so absolute req/s understate a dedicated server; the ratio is the figure.";

/** `[path, with the session cookie, expected status]`. */
export type Expectation = [path: string, withCookie: boolean, status: number];

/**
 * Problems with the answers a figure relies on: a 200 must be the bench route's own body, a 401
 * the library's NotAuthenticated JSON — so a load run never measures an error page.
 */
export async function checkAnswers(url: string, cookie: string, expectations: Expectation[]): Promise<string[]> {
  const problems: string[] = [];
  for (const [path, withCookie, status] of expectations) {
    const response = await fetch(`${url}${path}`, {
      redirect: 'manual',
      headers: withCookie ? { cookie } : {},
      signal: AbortSignal.timeout(10_000),
    });
    const body = await response.text();
    const expected = EXPECTED_BODY[status];
    if (response.status !== status)
      problems.push(`${path} ${withCookie ? 'with' : 'without'} session: ${response.status}, expected ${status}`);
    else if (expected && !expected.test(body)) problems.push(`${path}: unexpected body ${body.slice(0, 80)}`);
  }
  return problems;
}

const EXPECTED_BODY: Partial<Record<number, RegExp>> = {
  200: /^\{"ok":true\}$/,
  401: /"code":"NotAuthenticated"/,
};
