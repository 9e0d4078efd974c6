/**
 * Soak test: mixed valid, expired and garbage-cookie traffic against the reference app under
 * `next start` (edge middleware.ts) and a local IdP, with bounded concurrency. Reports requests,
 * status counts, latency, and the RSS of the Next process tree sampled from /proc over time.
 *
 *   npm run soak                      # 60 s, 16 in flight
 *   npm run soak -- --seconds 5       # CI smoke (npm run soak:smoke)
 *   npm run soak -- --concurrency 32
 *
 * Exit 1 when any answer is a 5xx or a request fails at the transport level (the server died
 * or reset connections), and — on runs of 30 s or more — when RSS keeps growing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { encodeCookieName, lastAuthUserKey, tokenKey } from '../src/cookies';
import { startIdp } from 'next-cognito-session-idp';
import seed from 'next-cognito-session-idp/demo-seed.json';
import { OffsetClock } from '../test/integration/support/browser';
import { APP_VARIANTS, appEnv, startNext } from '../test/integration/support/next-server';
import { passwordSignIn, type RealSession } from '../test/hostile/support/hostile';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '16' },
    sessions: { type: 'string', default: '20' },
    expired: { type: 'string', default: '200' },
  },
});
const SECONDS = positive(values.seconds, 'seconds');
const CONCURRENCY = positive(values.concurrency, 'concurrency');
const VALID_SESSIONS = positive(values.sessions, 'sessions');
const EXPIRED_SESSIONS = positive(values.expired, 'expired');
const PATHS = ['/api/me', '/dashboard', '/', '/admin', '/api/admin/report'];
const demo = seed.users.find((u) => u.username === 'demo@example.com')!;
const admin = seed.users.find((u) => u.username === 'admin@example.com')!;

function positive(raw: string | undefined, name: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** Deterministic PRNG (mulberry32), so two runs send the same mix. */
function prng(seedValue: number): () => number {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function header(clientId: string, session: Partial<RealSession> & { username: string }): string {
  const pairs: string[] = [`${encodeCookieName(lastAuthUserKey(clientId))}=${encodeURIComponent(session.username)}`];
  for (const kind of ['accessToken', 'idToken', 'refreshToken'] as const) {
    const value = session[kind];
    if (value !== undefined)
      pairs.push(`${encodeCookieName(tokenKey(clientId, session.username, kind))}=${encodeURIComponent(value)}`);
  }
  return pairs.join('; ');
}

function garbage(clientId: string, valid: RealSession, random: () => number): string {
  const user = valid.username;
  const name = (kind: string) => encodeCookieName(tokenKey(clientId, user, kind));
  const [h, p] = valid.accessToken.split('.');
  const choices = [
    () => header(clientId, { ...valid, accessToken: `${h}.${p}.forgedsignature` }),
    () => header(clientId, { ...valid, idToken: 'not-a-jwt' }),
    () => header(clientId, { username: user, accessToken: `eyJhbGciOiJub25lIn0.${p}.` }),
    () =>
      `${header(clientId, { username: user, accessToken: valid.accessToken })}; ${name('idToken')}.0=3~abcd~x; ${name('idToken')}.2=y`,
    () => `${header(clientId, { username: user })}; ${name('accessToken')}=${'A'.repeat(5000)}`,
    () => header(clientId, { ...valid, refreshToken: 'garbage-refresh', accessToken: 'expired.garbage.token' }),
    () =>
      `${encodeCookieName(lastAuthUserKey(clientId))}=%FF%FE%zz; ${name('clockDrift')}=NaN; ${name('signInDetails')}={`,
    () => Array.from({ length: 30 }, (_, i) => `junk${i}=${Math.floor(random() * 1e9).toString(36)}`).join('; '),
  ];
  return choices[Math.floor(random() * choices.length)]!();
}

/** RSS (kB) of a process and all its descendants, from /proc. */
function treeRssKb(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process exited while we looked
    }
  }
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    try {
      const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += match ? Number(match[1]) : 0;
    } catch {
      // gone
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** The `next start` process this script spawned (a direct child whose title names next). */
function nextPid(): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      // Next renames its process title to `next-server (vX)`; older ones keep `next start`.
      if (
        ppid === process.pid &&
        (cmdline.startsWith('next-server') || (cmdline.includes('next') && cmdline.includes('start')))
      )
        return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function percentile(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<number> {
  const clock = new OffsetClock();
  const idp = await startIdp({ port: 0, now: clock.now, log: () => {} });
  const app = await startNext(APP_VARIANTS[0].dir, appEnv(idp));
  const pid = nextPid();
  const clientId = idp.defaultClientId;
  try {
    // One at a time: the IdP runs each sign-in's SRP math on its one thread, so parallel sign-ins
    // only queue there, and on a loaded machine the last of them would outwait its timeout.
    const valid: RealSession[] = [];
    for (let i = 0; i < VALID_SESSIONS; i++) valid.push(await passwordSignIn(idp, i % 5 === 0 ? admin : demo));
    // Minted with the IdP clock an hour and two minutes back: expired on arrival, refreshable.
    clock.offsetMs = -3_720_000;
    const expired: RealSession[] = [];
    try {
      for (let i = 0; i < EXPIRED_SESSIONS; i++) expired.push(await passwordSignIn(idp, demo));
    } finally {
      clock.offsetMs = 0;
    }

    const random = prng(20_260_523);
    const statuses = new Map<string, number>();
    const kinds = new Map<string, number>();
    const latencies: number[] = [];
    const transportErrors: string[] = [];
    const rss: Array<{ t: number; kb: number }> = [];
    let requests = 0;
    let expiredCursor = 0;
    const started = Date.now();
    const deadline = started + SECONDS * 1000;

    const sampler = setInterval(() => {
      if (pid) rss.push({ t: (Date.now() - started) / 1000, kb: treeRssKb(pid) });
    }, 500);
    if (pid) rss.push({ t: 0, kb: treeRssKb(pid) });

    const nextRequest = (): { kind: string; cookie: string; path: string } => {
      const roll = random();
      const path = PATHS[Math.floor(random() * PATHS.length)]!;
      const session = valid[Math.floor(random() * valid.length)]!;
      if (roll < 0.45) return { kind: 'valid', cookie: header(clientId, session), path };
      if (roll < 0.65) {
        // Each expired session is refreshed once; later uses are rotated-out tokens (reuse).
        const old = expired[expiredCursor++ % expired.length]!;
        return {
          kind: expiredCursor > expired.length ? 'rotated-out' : 'expired',
          cookie: header(clientId, old),
          path,
        };
      }
      if (roll < 0.95) return { kind: 'garbage', cookie: garbage(clientId, session, random), path };
      return { kind: 'none', cookie: '', path };
    };

    async function worker(): Promise<void> {
      while (Date.now() < deadline) {
        const { kind, cookie, path } = nextRequest();
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        const t0 = performance.now();
        try {
          const response = await fetch(`${app.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
          await response.arrayBuffer();
          const key = String(response.status);
          statuses.set(key, (statuses.get(key) ?? 0) + 1);
          if (response.status >= 500 && transportErrors.length < 5)
            transportErrors.push(`${response.status} on ${path} (${kind})`);
        } catch (error) {
          statuses.set('transport-error', (statuses.get('transport-error') ?? 0) + 1);
          if (transportErrors.length < 5)
            transportErrors.push(`${path} (${kind}): ${String((error as Error).cause ?? error)}`);
        }
        latencies.push(performance.now() - t0);
        requests += 1;
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    clearInterval(sampler);
    if (pid) rss.push({ t: (Date.now() - started) / 1000, kb: treeRssKb(pid) });

    const elapsed = (Date.now() - started) / 1000;
    const fiveHundreds = [...statuses].filter(([status]) => /^5\d\d$/.test(status)).reduce((sum, [, n]) => sum + n, 0);
    const transport = statuses.get('transport-error') ?? 0;
    const quarter = Math.max(1, Math.floor(rss.length / 4));
    const early = median(rss.slice(0, quarter).map((s) => s.kb));
    const third = median(rss.slice(-2 * quarter, -quarter).map((s) => s.kb));
    const late = median(rss.slice(-quarter).map((s) => s.kb));
    const peak = Math.max(0, ...rss.map((s) => s.kb));
    // Warm-up (JIT, route bundles, caches filling to their caps) takes the first tens of seconds;
    // bounded means it has levelled off: the last quarter within 10% + 32 MB of the third.
    const bounded = rss.length < 4 ? undefined : late <= third * 1.1 + 32 * 1024;

    const report = {
      seconds: Number(elapsed.toFixed(1)),
      concurrency: CONCURRENCY,
      requests,
      requestsPerSecond: Math.round(requests / elapsed),
      mix: Object.fromEntries(kinds),
      statuses: Object.fromEntries([...statuses].sort()),
      fiveHundreds,
      transportErrors: transport,
      latencyMs: {
        p50: Number(percentile(latencies, 50).toFixed(1)),
        p99: Number(percentile(latencies, 99).toFixed(1)),
        max: Number(Math.max(0, ...latencies).toFixed(1)),
      },
      nextRss: pid
        ? {
            pid,
            samples: rss.length,
            firstMb: Math.round((rss[0]?.kb ?? 0) / 1024),
            earlyMedianMb: Math.round(early / 1024),
            thirdQuarterMedianMb: Math.round(third / 1024),
            lateMedianMb: Math.round(late / 1024),
            peakMb: Math.round(peak / 1024),
            lastMb: Math.round((rss.at(-1)?.kb ?? 0) / 1024),
            bounded,
            timeline: rss
              .filter((_, i) => i % Math.max(1, Math.floor(rss.length / 12)) === 0)
              .map((s) => `${s.t.toFixed(0)}s:${Math.round(s.kb / 1024)}MB`),
          }
        : 'next process not found under this process; RSS not sampled',
      idpCalls: idp.stats.snapshot(),
      problems: transportErrors,
    };
    console.log(JSON.stringify(report, null, 2));

    const failures: string[] = [];
    if (fiveHundreds > 0) failures.push(`${fiveHundreds} answers were 5xx`);
    if (transport > 0) failures.push(`${transport} requests failed at the transport level`);
    if (SECONDS >= 30 && bounded === false)
      failures.push(`RSS still growing at the end: ${Math.round(third / 1024)} MB → ${Math.round(late / 1024)} MB`);
    if (requests === 0) failures.push('no requests were made');
    if (failures.length > 0) {
      console.error(`soak FAILED: ${failures.join('; ')}\n${app.output().slice(-3000)}`);
      return 1;
    }
    console.log(
      `soak ok: ${requests} requests, 0 5xx${bounded === undefined ? '' : `, RSS ${bounded ? 'bounded' : 'growing'}`}`,
    );
    return 0;
  } finally {
    await app.stop();
    await idp.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
