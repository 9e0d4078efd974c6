/**
 * The reference app, built for the browser tests into its own dist folder (`e2e/.next`, ignored
 * by git like every `.next/`). Other engineers rebuild the shared `.next/` while they work; a
 * `next build` there would pull files from under our running `next start`, and a stale `.next/`
 * would test yesterday's UI. So: our own folder, rebuilt whenever a source it is made of is newer.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../../test/integration/support/next-server';

export const DIST_DIR = 'e2e/.next';
const NEXT_BIN = join(REPO, 'node_modules/next/dist/bin/next');
// The app imports the library's compiled dist/ (npm run build makes it), so dist/ is its source.
const SOURCES = ['app', 'dist', 'middleware.ts', 'next.config.mjs', 'package-lock.json'];

/** Newest mtime (ms) of what the build is made of; tests do not count. */
function newestSource(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestSource(join(path, entry)));
  return newest;
}

export function buildIsStale(): boolean {
  const buildId = join(REPO, DIST_DIR, 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestSource(join(REPO, source)) > builtAt);
}

export async function ensureE2eBuild(env: Record<string, string>): Promise<void> {
  if (!buildIsStale()) return;
  const child = spawn(process.execPath, [NEXT_BIN, 'build', REPO], {
    cwd: REPO,
    env: { ...process.env, ...env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  undoDistDirEdits();
  if (code !== 0) throw new Error(`next build into ${DIST_DIR} failed (${code}):\n${output}`);
}

/**
 * `next build` points tsconfig.json's `include` and next-env.d.ts at whatever dist folder it
 * built into. Those files belong to the project's `.next/`; take back exactly our lines and leave
 * any other edit alone.
 */
function undoDistDirEdits(): void {
  const tsconfigPath = join(REPO, 'tsconfig.json');
  const tsconfig = readFileSync(tsconfigPath, 'utf8');
  const cleaned = tsconfig
    .replace(/,\n\s*"e2e\/\.next\/types\/\*\*\/\*\.ts"/, '')
    .replace(/,\n\s*"e2e\/\.next\/dev\/types\/\*\*\/\*\.ts"/, '');
  if (cleaned !== tsconfig) writeFileSync(tsconfigPath, cleaned);

  const envPath = join(REPO, 'next-env.d.ts');
  const nextEnv = readFileSync(envPath, 'utf8');
  const restored = nextEnv.replaceAll('"./e2e/.next/types/', '"./.next/types/');
  if (restored !== nextEnv) writeFileSync(envPath, restored);
}
