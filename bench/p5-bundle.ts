/**
 * P5 — what the edge middleware weighs: the files Next lists for it in
 * `.next/server/middleware-manifest.json` (entry and chunks, plus wasm/assets), raw and gzip,
 * for our fixture app (the reference app's runner) and for the minimal Amplify app.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatRatio, type BenchResult } from './support/report';
import { AMPLIFY_DIR, OURS_DIR } from './support/stack';

interface Bundle {
  files: number;
  raw: number;
  gzip: number;
  /** Original source characters per package, from the chunks' source maps: what the bytes are. */
  topSources: string;
}

interface Manifest {
  middleware: Record<string, { files: string[]; wasm?: { filePath: string }[]; assets?: { filePath: string }[] }>;
}

export function measureBundle(appDir: string): Bundle {
  const distDir = join(appDir, '.next');
  const manifest = JSON.parse(readFileSync(join(distDir, 'server/middleware-manifest.json'), 'utf8')) as Manifest;
  const entries = Object.values(manifest.middleware);
  if (entries.length === 0) throw new Error(`${appDir}: the build has no middleware`);
  const files = new Set<string>();
  for (const entry of entries) {
    for (const file of entry.files) files.add(file);
    for (const extra of [...(entry.wasm ?? []), ...(entry.assets ?? [])]) files.add(extra.filePath);
  }
  let raw = 0;
  let gzip = 0;
  const sources = new Map<string, number>();
  for (const file of files) {
    const bytes = readFileSync(join(distDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    tallySources(join(distDir, `${file}.map`), sources);
  }
  const topSources = [...sources]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, chars]) => `${name} ${(chars / 1024).toFixed(0)} KiB`)
    .join(', ');
  return { files: files.size, raw, gzip, topSources };
}

function tallySources(mapFile: string, sources: Map<string, number>): void {
  if (!existsSync(mapFile)) return;
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources?: string[]; sourcesContent?: (string | null)[]; sections?: { map: { sources?: string[]; sourcesContent?: (string | null)[] } }[] };
  const parts = map.sections ? map.sections.map((section) => section.map) : [map];
  for (const part of parts) {
    (part.sources ?? []).forEach((source, index) => {
      const name = packageOf(source);
      sources.set(name, (sources.get(name) ?? 0) + (part.sourcesContent?.[index]?.length ?? 0));
    });
  }
}

function packageOf(source: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(decodeURIComponent(source));
  if (match) return match[1]!;
  return /(?:^|\/)src\//.test(source) ? 'next-cognito-session (src)' : 'app code';
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function runP5(): BenchResult {
  const result: BenchResult = { id: 'P5', title: 'edge middleware bundle size', figures: [], notes: [], broken: [] };
  const ours = measureBundle(OURS_DIR);
  let amplify: Bundle | undefined;
  try {
    amplify = measureBundle(AMPLIFY_DIR);
  } catch (error) {
    result.notes.push(`Amplify app bundle unavailable: ${String(error)}`);
  }
  const gzipRatio = amplify ? ours.gzip / amplify.gzip : undefined;
  result.figures.push(
    {
      figure: 'our middleware bundle (raw / gzip)',
      measured: `${kib(ours.raw)} / ${kib(ours.gzip)}`,
      ratio: amplify ? `${formatRatio(ours.raw / amplify.raw)} × / ${formatRatio(gzipRatio!)} × Amplify` : undefined,
      target: '≤ 0.5 ×',
      met: gzipRatio === undefined ? undefined : gzipRatio <= 0.5,
    },
    { figure: 'Amplify middleware bundle (raw / gzip)', measured: amplify ? `${kib(amplify.raw)} / ${kib(amplify.gzip)}` : 'unavailable' },
  );
  result.notes.push(
    `files from middleware-manifest.json (${ours.files} ours, ${amplify?.files ?? '?'} Amplify), gzip level 9; both include Next's own edge runtime wrapper, identical in the two builds. "Met" judges the gzip ratio.`,
    `largest sources in ours (original characters, from source maps): ${ours.topSources}`,
    ...(amplify ? [`largest sources in Amplify's: ${amplify.topSources}`] : []),
  );
  return result;
}
