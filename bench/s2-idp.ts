/**
 * S2 — the local IdP alone: USER_SRP_AUTH sign-ins per second (InitiateAuth, then
 * RespondToAuthChallenge PASSWORD_VERIFIER, the client half computed by the library's own
 * `signInWithSrp`) and GetTokensFromRefreshToken per second, 16 requests in flight, with the IdP
 * on BigInt and on OpenSSL SRP maths (NEXT_COGNITO_SRP_MATH, an IdP process of its own each).
 *
 * @example
 *   const result = await runS2({ seconds: 10, warmupSeconds: 2 });
 */
import { createCognitoClient, type CognitoClient } from '../src/cognito/client';
import { signInWithSrp } from '../src/cognito/sign-in';
import { srpMath } from '../src/cognito/srp/mod-pow';
import { startIdpProcess, type IdpProcess } from './support/idp-process';
import { percentile } from './support/load';
import { nativeMathWarning, nodeInfo } from './support/node-info';
import { processTreeCpuMs } from './support/process-cpu';
import { formatRatio, type BenchResult } from './support/report';

export interface S2Options {
  seconds: number;
  warmupSeconds: number;
  /** The node that runs the IdP; default this process's. */
  node?: string;
}

const MATHS = ['bigint', 'native'] as const;
type SrpMath = (typeof MATHS)[number];
const LABEL: Record<SrpMath, string> = { bigint: 'BigInt', native: 'OpenSSL' };
const CONCURRENCY = 16;
const USERS = 64;

interface LoopRun {
  perSecond: number;
  total: number;
  p50Ms: number;
  p99Ms: number;
  failures: string[];
  /** The IdP's CPU time per completed call; undefined where /proc is not there to read. */
  idpCpuMs?: number;
}

interface MathRun {
  signIns: LoopRun;
  refreshes: LoopRun;
}

export async function runS2(options: S2Options): Promise<BenchResult> {
  const info = nodeInfo(options.node);
  const result: BenchResult = {
    id: 'S2',
    title: `the IdP alone: SRP sign-ins and refreshes, BigInt vs OpenSSL SRP maths (node ${info.version})`,
    figures: [],
    notes: [],
    broken: [],
  };
  const runs: Partial<Record<SrpMath, MathRun>> = {};
  for (const math of MATHS) {
    let idp: IdpProcess | undefined;
    try {
      idp = await startIdpProcess({ node: options.node, env: { NEXT_COGNITO_SRP_MATH: math }, users: USERS });
      runs[math] = await measure(idp, options);
    } catch (error) {
      result.broken.push(`${math}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await idp?.stop();
    }
  }
  for (const [math, run] of Object.entries(runs) as [SrpMath, MathRun][]) {
    for (const [what, loop] of [
      ['sign-ins', run.signIns],
      ['refreshes', run.refreshes],
    ] as const) {
      if (loop.failures.length) {
        result.broken.push(`${math} ${what}: ${loop.failures.length} failed, first: ${loop.failures[0]}`);
      }
      if (loop.total === 0) result.broken.push(`${math} ${what}: none completed`);
    }
  }

  const { bigint, native } = runs;
  for (const [what, pick] of [
    ['USER_SRP_AUTH sign-ins/s', (run: MathRun) => run.signIns],
    ['GetTokensFromRefreshToken/s', (run: MathRun) => run.refreshes],
  ] as const) {
    for (const math of MATHS) {
      const run = runs[math];
      if (!run) continue;
      const loop = pick(run);
      const base = bigint ? pick(bigint).perSecond : 0;
      const ratio = math === 'native' && base > 0 ? loop.perSecond / base : 0;
      result.figures.push({
        figure: `${what}, IdP on ${LABEL[math]}`,
        measured:
          `${Math.round(loop.perSecond)}/s (p50 ${loop.p50Ms.toFixed(1)} ms, p99 ${loop.p99Ms.toFixed(1)} ms)` +
          (loop.idpCpuMs === undefined ? '' : `, IdP CPU ${loop.idpCpuMs.toFixed(1)} ms each`),
        ...(ratio > 0 && { ratio: `${formatRatio(ratio)} × BigInt` }),
      });
    }
  }
  result.notes.push(
    ...nativeMathWarning(info),
    `One IdP process per maths (node ${info.version}, ${info.path}), ${USERS} seeded users; ${CONCURRENCY} requests in flight from a fetch loop in the bench process, ${options.seconds} s each after ${options.warmupSeconds} s warm-up.`,
    `A sign-in is InitiateAuth USER_SRP_AUTH + RespondToAuthChallenge PASSWORD_VERIFIER through the library's signInWithSrp; its client half runs in the bench process on ${srpMath()} maths in both runs, so only the IdP's side changes.`,
    'IdP CPU: user + system time of the IdP process (/proc) over the measured loop ÷ calls completed; unlike the rates it does not move with other work on the machine.',
    'Refreshes: each of the 16 loops signs in once, then refreshes its own session over and over, following the rotated refresh token (the default client rotates).',
    ...(native && bigint && bigint.refreshes.perSecond > 0
      ? [
          `Refreshes do no SRP: their ratio (${formatRatio(native.refreshes.perSecond / bigint.refreshes.perSecond)} ×) is the noise floor of this comparison.`,
        ]
      : []),
  );
  return result;
}

async function measure(idp: IdpProcess, options: S2Options): Promise<MathRun> {
  const cognito = createCognitoClient({ endpoint: `${idp.url}/`, clientId: idp.defaultClientId });
  let nextUser = 0;
  const signIn = async () => {
    const user = idp.users[nextUser++ % idp.users.length]!;
    const answer = await signInWithSrp(cognito, { userPoolId: idp.poolId, ...user });
    if (answer.kind !== 'signedIn') throw new Error(`sign-in ended in challenge ${answer.name}`);
    return answer.tokens;
  };
  if (options.warmupSeconds > 0) await closedLoop(options.warmupSeconds, () => signIn());
  const signIns = await withIdpCpu(idp, () => closedLoop(options.seconds, () => signIn()));

  const chains = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => ({ refreshToken: (await signIn()).RefreshToken! })),
  );
  const refresh = (cognito: CognitoClient, chain: { refreshToken: string }) => async () => {
    const tokens = await cognito.getTokensFromRefreshToken({ refreshToken: chain.refreshToken });
    if (tokens.RefreshToken) chain.refreshToken = tokens.RefreshToken;
  };
  if (options.warmupSeconds > 0)
    await closedLoop(options.warmupSeconds, (worker) => refresh(cognito, chains[worker]!)());
  const refreshes = await withIdpCpu(idp, () =>
    closedLoop(options.seconds, (worker) => refresh(cognito, chains[worker]!)()),
  );
  return { signIns, refreshes };
}

async function withIdpCpu(idp: IdpProcess, run: () => Promise<LoopRun>): Promise<LoopRun> {
  const before = processTreeCpuMs(idp.pid);
  const loop = await run();
  const after = processTreeCpuMs(idp.pid);
  return before !== undefined && after !== undefined && loop.total > 0
    ? { ...loop, idpCpuMs: (after - before) / loop.total }
    : loop;
}

/** CONCURRENCY workers each run `task` back to back until `seconds` have passed. */
async function closedLoop(seconds: number, task: (worker: number) => Promise<unknown>): Promise<LoopRun> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const latencies: number[] = [];
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (performance.now() < deadline) {
        const begin = performance.now();
        try {
          await task(worker);
          latencies.push(performance.now() - begin);
        } catch (error) {
          if (failures.length < 20) failures.push(error instanceof Error ? error.message : String(error));
          else failures.push('');
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / elapsed,
    total: latencies.length,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    failures,
  };
}
