/**
 * Bounded HTTP load with autocannon: fixed duration, fixed connections, 127.0.0.1 only.
 * Alternating runs (A B A B, or A B C A B C) so drift of a shared 2-core machine hits both sides alike.
 */
import autocannon from 'autocannon';

export interface LoadRun {
  label: string;
  requestsPerSecond: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadTarget {
  label: string;
  url: string;
  cookie?: string;
}

export async function load(target: LoadTarget, seconds: number, connections = 32): Promise<LoadRun> {
  return loadWith(target.label, {
    url: target.url,
    connections,
    duration: seconds,
    headers: target.cookie ? { cookie: target.cookie } : {},
  });
}

/**
 * Any autocannon run (custom requests, a paced probe) under the same rules: 127.0.0.1 only, a
 * fixed `duration`, a hard stop 15 s after it.
 */
export async function loadWith(
  label: string,
  options: autocannon.Options & { url: string; duration: number },
): Promise<LoadRun> {
  if (!options.url.startsWith('http://127.0.0.1:')) throw new Error(`load only targets 127.0.0.1, not ${options.url}`);
  const run = autocannon({ timeout: 10, ...options });
  const guard = setTimeout(() => (run as unknown as { stop(): void }).stop(), (options.duration + 15) * 1000);
  try {
    const result = await run;
    return {
      label,
      requestsPerSecond: result.requests.total / Math.max(result.duration, 0.001),
      total: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
    };
  } finally {
    clearTimeout(guard);
  }
}

/**
 * Latency as one paced client sees it: a GET every 1/`rate` s (or as soon as the previous one
 * answered, when that is later) for `seconds`. The request in flight at the end is waited for
 * and counted: autocannon drops it, which on a blocked event loop drops the slowest answers.
 */
export async function pacedProbe(
  label: string,
  url: string,
  options: { rate: number; seconds: number },
): Promise<LoadRun> {
  if (!url.startsWith('http://127.0.0.1:')) throw new Error(`load only targets 127.0.0.1, not ${url}`);
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  while (performance.now() < deadline) {
    const begin = performance.now();
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
      if (response.status < 200 || response.status > 299) non2xx++;
      latencies.push(performance.now() - begin);
    } catch {
      errors++;
    }
    const wait = begin + 1000 / options.rate - performance.now();
    if (wait > 0) await new Promise((done) => setTimeout(done, wait));
  }
  latencies.sort((x, y) => x - y);
  return {
    label,
    requestsPerSecond: latencies.length / ((performance.now() - started) / 1000),
    total: latencies.length + errors,
    non2xx,
    errors,
    timeouts: 0,
    p50Ms: Math.round(percentile(latencies, 0.5)),
    p99Ms: Math.round(percentile(latencies, 0.99)),
  };
}

/** The `q` quantile (nearest rank) of ascending `sorted`; 0 when it is empty. */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Runs `rounds` × (each target in turn) after an unrecorded warm-up of each; runs per target. */
export async function alternate(
  targets: LoadTarget[],
  options: { rounds: number; seconds: number; warmupSeconds: number },
): Promise<LoadRun[][]> {
  for (const target of targets) await load(target, options.warmupSeconds);
  const runs = targets.map((): LoadRun[] => []);
  for (let round = 0; round < options.rounds; round++) {
    for (const [index, target] of targets.entries()) runs[index]!.push(await load(target, options.seconds));
  }
  return runs;
}

export function meanRps(runs: LoadRun[]): number {
  return runs.reduce((sum, run) => sum + run.requestsPerSecond, 0) / runs.length;
}

/** Problems that make a throughput figure meaningless: anything but 2xx, socket errors. */
export function loadProblems(runs: LoadRun[]): string[] {
  return runs
    .filter((run) => run.non2xx > 0 || run.errors > 0 || run.total === 0)
    .map((run) => `${run.label}: ${run.non2xx} non-2xx, ${run.errors} errors of ${run.total} requests`);
}

export function describeRuns(runs: LoadRun[]): string {
  return runs
    .map((run) => `${Math.round(run.requestsPerSecond)} req/s (p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms)`)
    .join('; ');
}
