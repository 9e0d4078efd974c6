/**
 * P4 — refresh storm: 50 concurrent requests carrying one session whose tokens have expired.
 * Counts the refresh calls the IdP received and the requests that ended signed out, for our
 * middleware and for Amplify's.
 */
import type { RunningApp } from './support/next-app';
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

async function storm(stack: Stack, app: RunningApp, requests: number): Promise<Storm> {
  const cookie = (await stack.expiredSession()).header();
  stack.idp.stats.reset();
  const responses = await Promise.all(
    Array.from({ length: requests }, () =>
      fetch(`${app.url}/bench/protected`, {
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
