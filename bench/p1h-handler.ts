/**
 * P1h — a route handler that guards itself (`auth.withAuth`, no middleware or proxy on its
 * path) vs the same handler unguarded: /bench/guarded vs /bench/open of fixtures/ours-proxy-app,
 * both outside its proxy's matcher, same session cookie, alternated A B A B.
 */
import { checkAnswers, SHARED_CORES, type ThroughputOptions } from './p1-throughput';
import { alternate, describeRuns, loadProblems, meanRps, type LoadRun } from './support/load';
import { formatRatio, type BenchResult } from './support/report';
import type { Stack } from './support/stack';

const TARGET = 0.95;

export async function runP1h(stack: Stack, options: ThroughputOptions): Promise<BenchResult> {
  const ours = stack.proxy?.ours;
  if (!ours?.app) throw new Error(`ours-proxy-app did not build or start: ${ours?.error ?? 'not requested'}`);
  const { url } = ours.app;
  const result: BenchResult = {
    id: 'P1h',
    title: 'a route handler guarding itself (withAuth) vs unguarded',
    figures: [],
    notes: [],
    broken: [],
  };
  const cookie = (await stack.signIn()).header();
  result.broken.push(
    ...(await checkAnswers(url, cookie, [
      ['/bench/guarded', true, 200],
      ['/bench/guarded', false, 401],
      ['/bench/open', false, 200],
    ])),
  );
  if (result.broken.length) return result;

  const open = { label: 'unguarded /bench/open', url: `${url}/bench/open`, cookie };
  const guarded = { label: 'guarded /bench/guarded', url: `${url}/bench/guarded`, cookie };
  const [openRuns, guardedRuns] = (await alternate([open, guarded], options)) as [LoadRun[], LoadRun[]];
  result.broken.push(...loadProblems([...openRuns, ...guardedRuns]));

  const openRps = meanRps(openRuns);
  const guardedRps = meanRps(guardedRuns);
  const ratio = guardedRps / openRps;
  result.figures.push(
    { figure: 'route handler, unguarded (no middleware or proxy)', measured: `${Math.round(openRps)} req/s` },
    {
      figure: 'same handler wrapped in auth.withAuth',
      measured: `${Math.round(guardedRps)} req/s`,
      ratio: `${formatRatio(ratio)} × unguarded`,
      target: `≥ ${TARGET} ×`,
      met: ratio >= TARGET,
    },
  );
  result.notes.push(
    `autocannon, 32 connections, ${options.rounds} × (${options.seconds} s unguarded, ${options.seconds} s guarded) after ${options.warmupSeconds} s warm-up each; same server, same route handler, same session cookie; neither path runs the proxy.`,
    `unguarded runs: ${describeRuns(openRuns)}`,
    `guarded runs: ${describeRuns(guardedRuns)}`,
    SHARED_CORES,
  );
  return result;
}
