/**
 * S1 — sign-ins per second through the reference app: POST /api/auth/sign-in (JSON, SRP against
 * the local IdP) at 16 connections, and what that load does to everyone else — the latency of
 * GET / on the same `next start`, probed at a low fixed rate during the sign-ins and on an idle
 * server. Run once with both the app and the IdP on BigInt SRP maths and once on OpenSSL
 * (NEXT_COGNITO_SRP_MATH), each pair of servers started afresh by `options.node`.
 *
 * @example
 *   const result = await runS1({ seconds: 10, warmupSeconds: 2, rebuild: false, node: '/opt/node22/bin/node' });
 */
import { appEnv } from '../test/integration/support/next-server';
import { startIdpProcess, type IdpProcess } from './support/idp-process';
import { describeRuns, loadWith, loadProblems, pacedProbe, type LoadRun } from './support/load';
import { buildApp, REPO, startApp, type RunningApp } from './support/next-app';
import { nativeMathWarning, nodeInfo } from './support/node-info';
import { processTreeCpuMs } from './support/process-cpu';
import { formatRatio, type BenchResult } from './support/report';

export interface S1Options {
  seconds: number;
  warmupSeconds: number;
  /** Rebuild the reference app even when a build exists (full runs). */
  rebuild: boolean;
  /** The node that runs `next start` and the IdP; default this process's. */
  node?: string;
  /** Default 'S1'; a second run on another Node can name itself apart. */
  id?: string;
}

const MATHS = ['bigint', 'native'] as const;
type SrpMath = (typeof MATHS)[number];
const LABEL: Record<SrpMath, string> = { bigint: 'BigInt', native: 'OpenSSL' };

const CONNECTIONS = 16;
/** Distinct users, so per-user work in the IdP (lockout gate, challenge budget) never queues. */
const USERS = 64;
/** GET / probe: one client, paced, so the probe itself adds little load. */
const PROBE_RATE = 20;

interface MathRun {
  signIns: LoadRun;
  probeDuring: LoadRun;
  probeIdle: LoadRun;
  /** CPU per completed sign-in; undefined where /proc is not there to read. */
  cpu?: { appMs: number; idpMs: number };
}

export async function runS1(options: S1Options): Promise<BenchResult> {
  const node = options.node ?? process.execPath;
  const info = nodeInfo(node);
  const version = info.version;
  const result: BenchResult = {
    id: options.id ?? 'S1',
    title: `sign-ins through the reference app, BigInt vs OpenSSL SRP maths (node ${version})`,
    figures: [],
    notes: [],
    broken: [],
  };
  // The reference app's .env configures page-data collection at build time, as in `npm run build`.
  const build = await buildApp(REPO, {}, options.rebuild);

  const runs: Partial<Record<SrpMath, MathRun>> = {};
  for (const math of MATHS) {
    const measured = await measure(math, node, options, result.broken);
    if (measured) runs[math] = measured;
  }
  const { bigint, native } = runs;
  for (const run of [bigint, native]) {
    if (run) result.broken.push(...loadProblems([run.signIns, run.probeDuring, run.probeIdle]));
  }

  for (const math of MATHS) {
    const run = runs[math];
    if (!run) continue;
    const bigintRps = bigint?.signIns.requestsPerSecond ?? 0;
    const speedup = math === 'native' && bigintRps > 0 ? run.signIns.requestsPerSecond / bigintRps : 0;
    result.figures.push({
      figure: `sign-ins/s, ${LABEL[math]} SRP maths`,
      measured: `${Math.round(run.signIns.requestsPerSecond)}/s (p50 ${run.signIns.p50Ms} ms, p99 ${run.signIns.p99Ms} ms)`,
      ...(speedup > 0 && { ratio: `${formatRatio(speedup)} × BigInt`, target: '≥ 5 ×', met: speedup >= 5 }),
    });
  }
  for (const math of MATHS) {
    const cpu = runs[math]?.cpu;
    if (!cpu) continue;
    const bigintCpu = bigint?.cpu ? bigint.cpu.appMs + bigint.cpu.idpMs : 0;
    const total = cpu.appMs + cpu.idpMs;
    result.figures.push({
      figure: `CPU per sign-in (app + IdP), ${LABEL[math]}`,
      measured: `${total.toFixed(1)} ms (app ${cpu.appMs.toFixed(1)}, IdP ${cpu.idpMs.toFixed(1)})`,
      ...(math === 'native' &&
        bigintCpu > 0 &&
        total > 0 && { ratio: `BigInt ÷ this: ${formatRatio(bigintCpu / total)} ×` }),
    });
  }
  for (const math of MATHS) {
    const run = runs[math];
    if (!run || run.probeDuring.total === 0 || run.probeIdle.total === 0) continue;
    const ratio = run.probeDuring.p99Ms / Math.max(run.probeIdle.p99Ms, 1);
    result.figures.push({
      figure: `GET / p99 during sign-ins vs idle, ${LABEL[math]}`,
      measured: `p99 ${run.probeDuring.p99Ms} vs ${run.probeIdle.p99Ms} ms (p50 ${run.probeDuring.p50Ms} vs ${run.probeIdle.p50Ms} ms)`,
      ratio: `${formatRatio(ratio)} × idle`,
      ...(math === 'native' && { target: '≤ 3 ×', met: ratio <= 3 }),
    });
  }

  result.notes.push(
    ...nativeMathWarning(info),
    `node ${version} (${node}) runs both \`next start\` of the reference app (${build} build) and the IdP, each in its own process with NEXT_COGNITO_SRP_MATH=bigint, then both afresh with =native.`,
    `sign-ins: autocannon, ${CONNECTIONS} connections, ${options.seconds} s after ${options.warmupSeconds} s warm-up, POST /api/auth/sign-in with a JSON body, rotating over ${USERS} seeded users (USER_SRP_AUTH: the route handler does the client half, the IdP the server half; every answer must be 200 with the user).`,
    'CPU per sign-in: user + system time of the app and the IdP processes (/proc) over the measured load and its drain, divided by the RespondToAuthChallenge calls the IdP received meanwhile; it includes the few GET / probes, and unlike sign-ins/s it does not move with other work on the machine.',
    `GET / probe: one fetch client paced at ≤ ${PROBE_RATE} req/s (the next request once the last answered), for the same ${options.seconds} s, the last answer awaited, once on the idle server (after the warm-up has drained) and once alongside the sign-ins; the page renders the signed-out home.`,
    ...MATHS.flatMap((math) => {
      const run = runs[math];
      return run
        ? [
            `${LABEL[math]}: sign-ins ${describeRuns([run.signIns])}; GET / during ${describeRuns([run.probeDuring])}; idle ${describeRuns([run.probeIdle])}`,
          ]
        : [];
    }),
    "autocannon, the app and the IdP share the machine's cores, so absolute sign-ins/s understate dedicated servers; the ratios are the figures. A GET / during the load waits for the app's event loop, which each SRP exponentiation holds for its whole duration (BigInt: tens of ms).",
  );
  return result;
}

async function measure(
  math: SrpMath,
  node: string,
  options: S1Options,
  broken: string[],
): Promise<MathRun | undefined> {
  const env = { NEXT_COGNITO_SRP_MATH: math };
  let idp: IdpProcess | undefined;
  let app: RunningApp | undefined;
  try {
    idp = await startIdpProcess({ node, env, users: USERS });
    app = await startApp(REPO, { ...appEnv(idp), ...env }, { node });
    const problems = await checkAnswers(app, idp);
    if (problems.length) {
      broken.push(...problems.map((problem) => `${math}: ${problem}`));
      return undefined;
    }
    const signIns = (seconds: number) => signInLoad(`sign-ins (${math})`, app!, idp!, seconds);
    const probe = (label: string, seconds: number) => pacedProbe(label, `${app!.url}/`, { rate: PROBE_RATE, seconds });
    if (options.warmupSeconds > 0) {
      await Promise.all([signIns(options.warmupSeconds), probe('warm-up', options.warmupSeconds)]);
      await drain(idp);
    }
    const probeIdle = await probe(`GET / idle (${math})`, options.seconds);
    const cpuBefore = [processTreeCpuMs(app.pid), processTreeCpuMs(idp.pid)];
    const answeredBefore = await idp.opCount('RespondToAuthChallenge');
    const [signInRun, probeDuring] = await Promise.all([
      signIns(options.seconds),
      probe(`GET / during sign-ins (${math})`, options.seconds),
    ]);
    const answered = (await drain(idp)) - answeredBefore;
    const cpuAfter = [processTreeCpuMs(app.pid), processTreeCpuMs(idp.pid)];
    const [appBefore, idpBefore] = cpuBefore;
    const [appAfter, idpAfter] = cpuAfter;
    const cpu =
      answered > 0 &&
      appBefore !== undefined &&
      idpBefore !== undefined &&
      appAfter !== undefined &&
      idpAfter !== undefined
        ? { appMs: (appAfter - appBefore) / answered, idpMs: (idpAfter - idpBefore) / answered }
        : undefined;
    return { signIns: signInRun, probeDuring, probeIdle, ...(cpu && { cpu }) };
  } catch (error) {
    const tail = app ? `\napp output:\n${app.output().slice(-2000)}` : idp ? `\nIdP output:\n${idp.output()}` : '';
    broken.push(`${math}: ${error instanceof Error ? error.message : String(error)}${tail}`);
    return undefined;
  } finally {
    await app?.stop();
    await idp?.stop();
  }
}

/**
 * autocannon stops at its deadline, the servers go on with the sign-ins in flight: waits until
 * every InitiateAuth the IdP received has had its RespondToAuthChallenge (at most 15 s), and
 * answers how many of those there have been.
 */
async function drain(idp: IdpProcess): Promise<number> {
  const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [started, answered] = await Promise.all([idp.opCount('InitiateAuth'), idp.opCount('RespondToAuthChallenge')]);
    if (started === answered || Date.now() > deadline) {
      // The app still sets the session cookies after the IdP's last answer.
      await sleep(300);
      return answered;
    }
    await sleep(200);
  }
}

function signInLoad(label: string, app: RunningApp, idp: IdpProcess, seconds: number): Promise<LoadRun> {
  let next = 0;
  return loadWith(label, {
    url: app.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/auth/sign-in',
        // Same-origin POSTs only (src/next/route-handlers/same-origin.ts).
        headers: { 'content-type': 'application/json', origin: app.url },
        setupRequest: (request) => {
          const user = idp.users[next++ % idp.users.length]!;
          return { ...request, body: JSON.stringify({ username: user.username, password: user.password }) };
        },
      },
    ],
  });
}

/** One sign-in must set a session and answer the user; the probed page must answer 200. */
async function checkAnswers(app: RunningApp, idp: IdpProcess): Promise<string[]> {
  const problems: string[] = [];
  const user = idp.users[0]!;
  const response = await fetch(`${app.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.url },
    body: JSON.stringify({ username: user.username, password: user.password }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.text();
  const signedIn = response.status === 200 && /^\{"user":\{/.test(body) && response.headers.getSetCookie().length > 0;
  if (!signedIn) {
    problems.push(`POST /api/auth/sign-in answered ${response.status} ${body.slice(0, 200)}`);
  }
  const home = await fetch(`${app.url}/`, { signal: AbortSignal.timeout(10_000) });
  await home.arrayBuffer();
  if (home.status !== 200) problems.push(`GET / answered ${home.status}`);
  return problems;
}
