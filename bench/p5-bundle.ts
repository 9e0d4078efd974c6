/**
 * P5 — what the edge middleware weighs: the files Next lists for it in
 * `.next/server/middleware-manifest.json` (entry and chunks, plus wasm/assets), raw and gzip,
 * for our fixture app (the reference app's runner), the minimal Amplify app, and a no-op
 * middleware app. The no-op bundle is Next's own edge runtime, present in every middleware, so
 * each auth bundle is also reported beyond it: that is the part an app chooses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { formatRatio, type BenchResult, type Figure } from './support/report';
import { AMPLIFY_DIR, NOOP_DIR, OURS_DIR } from './support/stack';

export interface Bundle {
  files: number;
  raw: number;
  gzip: number;
  /** Output bytes per package, attributed through the chunks' source maps: what the bytes are. */
  byPackage: Map<string, number>;
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
  const byPackage = new Map<string, number>();
  for (const file of files) {
    const bytes = readFileSync(join(distDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
    attribute(bytes.toString('utf8'), join(distDir, `${file}.map`), byPackage);
  }
  return { files: files.size, raw, gzip, byPackage };
}

interface SourceMap {
  sources?: string[];
  mappings?: string;
  sections?: { offset: { line: number; column: number }; map: SourceMap }[];
}

/**
 * Adds each generated segment's length to the package of the source it maps to. Output bytes,
 * not original characters: comments and types cost nothing, and a minifier's work shows.
 */
function attribute(code: string, mapFile: string, byPackage: Map<string, number>): void {
  if (!existsSync(mapFile)) return;
  const map = JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMap;
  const lines = code.split('\n');
  const sections = map.sections ?? [{ offset: { line: 0, column: 0 }, map }];
  for (const { offset, map: part } of sections) {
    const sources = part.sources ?? [];
    decodeMappings(part.mappings ?? '').forEach((segments, index) => {
      const line = lines[index + offset.line] ?? '';
      const shift = index === 0 ? offset.column : 0;
      segments.forEach(([column, source], i) => {
        const end = i + 1 < segments.length ? segments[i + 1]![0] + shift : line.length;
        const name = source === undefined ? 'unmapped' : packageOf(sources[source] ?? '');
        byPackage.set(name, (byPackage.get(name) ?? 0) + Math.max(0, end - (column + shift)));
      });
    });
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Source map v3 `mappings`: per generated line, [generated column, source index?] pairs. */
function decodeMappings(mappings: string): [number, number | undefined][][] {
  const lines: [number, number | undefined][][] = [];
  let source = 0;
  for (const text of mappings.split(';')) {
    const segments: [number, number | undefined][] = [];
    let column = 0;
    for (const segment of text.split(',')) {
      if (!segment) continue;
      const fields = decodeVlq(segment);
      column += fields[0]!;
      if (fields.length > 1) source += fields[1]!;
      segments.push([column, fields.length > 1 ? source : undefined]);
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function packageOf(source: string): string {
  // The last node_modules: a package nested inside another's is counted as itself.
  const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(decodeURIComponent(source));
  if (match) return match[1]!;
  return /(?:^|\/)src\//.test(source) ? 'next-cognito-session (src)' : 'app code';
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const sizes = (raw: number, gzip: number) => `${kib(raw)} / ${kib(gzip)}`;
const ratios = (a: { raw: number; gzip: number }, b: { raw: number; gzip: number }, name: string) =>
  `${formatRatio(a.raw / b.raw)} × / ${formatRatio(a.gzip / b.gzip)} × ${name}`;

function largest(bundle: Bundle, count = 7): string {
  return [...bundle.byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => `${name} ${kib(bytes)}`)
    .join(', ');
}

function tryMeasure(dir: string, label: string, notes: string[]): Bundle | undefined {
  try {
    return measureBundle(dir);
  } catch (error) {
    notes.push(`${label} bundle unavailable: ${String(error)}`);
    return undefined;
  }
}

export function runP5(): BenchResult {
  const result: BenchResult = { id: 'P5', title: 'edge middleware bundle size', figures: [], notes: [], broken: [] };
  const ours = measureBundle(OURS_DIR);
  const amplify = tryMeasure(AMPLIFY_DIR, 'Amplify app', result.notes);
  const noop = tryMeasure(NOOP_DIR, 'No-op app', result.notes);
  const target = '≤ 0.5 ×';

  result.figures.push(
    {
      figure: 'our middleware bundle (raw / gzip)',
      measured: sizes(ours.raw, ours.gzip),
      ratio: amplify ? ratios(ours, amplify, 'Amplify') : undefined,
      target,
      met: amplify ? ours.gzip / amplify.gzip <= 0.5 : undefined,
    },
    {
      figure: 'Amplify middleware bundle (raw / gzip)',
      measured: amplify ? sizes(amplify.raw, amplify.gzip) : 'unavailable',
    },
  );
  if (noop) {
    result.figures.push({
      figure: 'no-op middleware bundle: Next alone (raw / gzip)',
      measured: sizes(noop.raw, noop.gzip),
    });
    const oursBeyond = { raw: ours.raw - noop.raw, gzip: ours.gzip - noop.gzip };
    const beyond: Figure[] = [
      {
        figure: 'ours beyond Next: ours − no-op (raw / gzip)',
        measured: sizes(oursBeyond.raw, oursBeyond.gzip),
        target,
      },
    ];
    if (amplify) {
      const amplifyBeyond = { raw: amplify.raw - noop.raw, gzip: amplify.gzip - noop.gzip };
      beyond[0] = {
        ...beyond[0]!,
        ratio: ratios(oursBeyond, amplifyBeyond, 'Amplify'),
        met: oursBeyond.gzip / amplifyBeyond.gzip <= 0.5,
      };
      beyond.push({
        figure: 'Amplify beyond Next: Amplify − no-op (raw / gzip)',
        measured: sizes(amplifyBeyond.raw, amplifyBeyond.gzip),
      });
    }
    result.figures.push(...beyond);
  }

  result.notes.push(
    `files from middleware-manifest.json (${ours.files} ours, ${amplify?.files ?? '?'} Amplify, ${noop?.files ?? '?'} no-op), gzip level 9. Every bundle carries Next's edge runtime; \`fixtures/noop-app\` (a middleware returning \`NextResponse.next()\`, nothing else) measures it, and "beyond Next" subtracts it — gzip of a difference is approximate, since gzip is not additive. "Met" judges the gzip ratio.`,
    `largest parts of ours (output bytes by package, from source maps): ${largest(ours)}`,
    ...(amplify ? [`largest parts of Amplify's: ${largest(amplify)}`] : []),
    ...(noop ? [`no-op: ${largest(noop, 3)}`] : []),
  );
  return result;
}
