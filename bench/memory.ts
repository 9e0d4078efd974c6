/**
 * M1 — memory of the verified-token cache: RSS and heapUsed (after gc) while N distinct tokens
 * pass through one verifier. Runs in a child with `--expose-gc` so this process's own heap
 * (autocannon, earlier figures) does not blur it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO } from './support/next-app';
import type { BenchResult } from './support/report';

interface Sample {
  tokens: number;
  rssMiB: number;
  heapUsedMiB: number;
}

export async function runMemory(options: { tokens: number }): Promise<BenchResult> {
  const result: BenchResult = {
    id: 'M1',
    title: `memory after ${options.tokens.toLocaleString('en')} distinct tokens`,
    figures: [],
    notes: [],
    broken: [],
  };
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(REPO, 'bench/memory-child.ts'), String(options.tokens)],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  clearTimeout(timer);
  if (code !== 0) {
    result.broken.push(`memory child exited ${code}: ${stderr}`);
    return result;
  }
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
    total: number;
    seconds: number;
    verifyMs: number;
    samples: Sample[];
  };
  const [start, ...rest] = report.samples;
  const end = rest.at(-1)!;
  // The cache fills within its first 1,000 tokens; from 10,000 on (or half-way in short runs) a
  // bounded cache stays flat.
  const settled = rest.find((sample) => sample.tokens >= Math.min(10_000, report.total / 2)) ?? end;
  const growthMiB = end.heapUsedMiB - settled.heapUsedMiB;
  const mib = (value: number) => `${value.toFixed(1)} MiB`;
  result.figures.push(
    { figure: 'heapUsed after gc (start → end)', measured: `${mib(start!.heapUsedMiB)} → ${mib(end.heapUsedMiB)}` },
    {
      figure: `heapUsed growth from ${settled.tokens.toLocaleString('en')} to ${end.tokens.toLocaleString('en')} tokens`,
      measured: mib(growthMiB),
      target: 'bounded (< 5 MiB)',
      met: growthMiB < 5,
    },
    { figure: 'RSS (start → end)', measured: `${mib(start!.rssMiB)} → ${mib(end.rssMiB)}` },
  );
  result.notes.push(
    `${report.total.toLocaleString('en')} access tokens minted with jose (local 2048-bit key, JWKS served from memory), each verified once by one verifier with the default cache (1,000 entries, 4 Mi chars); ${report.seconds.toFixed(1)} s total, ${((report.verifyMs / report.total) * 1000).toFixed(1)} µs mean verify.`,
    `checkpoints (tokens: heapUsed / RSS MiB): ${report.samples.map((s) => `${s.tokens}: ${s.heapUsedMiB.toFixed(1)} / ${s.rssMiB.toFixed(0)}`).join(', ')}`,
  );
  return result;
}
