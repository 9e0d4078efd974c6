/**
 * `npm run bench` — every figure, full size, into bench/RESULTS.md.
 * `npm run bench:smoke` — every figure in a tiny form (reusing existing fixture builds) into
 * bench/.tmp/RESULTS.smoke.md; exits 1 only when a benchmark is broken, never for a slow number.
 * `--only P5[,P2…]` — just those figures (full size unless `--smoke`) into bench/.tmp/RESULTS.only.md,
 * so re-measuring one figure never overwrites the others' rows in bench/RESULTS.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { runMemory } from './memory';
import { runP1, runP1n, type ThroughputOptions } from './p1-throughput';
import { runP1h } from './p1h-handler';
import { runP2 } from './p2-verify';
import { runP3, runP3n } from './p3-vs-amplify';
import { runP4, runP4x } from './p4-refresh-storm';
import { runP5 } from './p5-bundle';
import { runP6, runP6s } from './p6-revocation';
import { runS1 } from './s1-sign-in';
import { runS2 } from './s2-idp';
import { runP7 } from './p7-credentials';
import { machine } from './support/machine';
import { REPO } from './support/next-app';
import { newestLtsNode, onNode, runFigureOn } from './support/other-node';
import { notes, table, type BenchResult } from './support/report';
import { buildBundleApps, startStack, type Stack } from './support/stack';

const smoke = process.argv.includes('--smoke');
const onlyArg = process.argv.indexOf('--only');
const only =
  onlyArg === -1 ? undefined : new Set((process.argv[onlyArg + 1] ?? '').toUpperCase().split(',').filter(Boolean));
if (only && only.size === 0) throw new Error('--only needs figure ids, e.g. --only P5 or --only P1,P3');
const wanted = (id: string) => !only || only.has(id.toUpperCase());
// The proxy.ts (node) figures need two more apps; started only when one of them is wanted.
const PROXY_FIGURES = ['P1n', 'P1h', 'P3n'];
const plan = smoke
  ? {
      out: join(REPO, 'bench/.tmp/RESULTS.smoke.md'),
      rebuild: false,
      throughput: { rounds: 1, seconds: 1, warmupSeconds: 1 } satisfies ThroughputOptions,
      verify: { timeMs: 100, warmupMs: 20 },
      memoryTokens: 2_000,
      stormRequests: 50,
      // Shorter than 3 s and a loaded machine completes no BigInt sign-in at all.
      signIn: { seconds: 3, warmupSeconds: 1 },
    }
  : {
      out: join(REPO, 'bench/RESULTS.md'),
      rebuild: true,
      throughput: { rounds: 2, seconds: 10, warmupSeconds: 3 } satisfies ThroughputOptions,
      verify: { timeMs: 2_000, warmupMs: 300 },
      memoryTokens: 100_000,
      stormRequests: 50,
      signIn: { seconds: 10, warmupSeconds: 3 },
    };

const started = Date.now();
// Other work on the machine skews every figure; the load average says how quiet it was.
const loadAtStart = loadavg();
const results: BenchResult[] = [];

async function attempt(id: string, title: string, run: () => Promise<BenchResult> | BenchResult): Promise<void> {
  if (!wanted(id)) return;
  const begin = Date.now();
  process.stderr.write(`[bench] ${id} ${title} …\n`);
  try {
    results.push(await run());
  } catch (error) {
    results.push({
      id,
      title,
      figures: [],
      notes: [],
      broken: [`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`],
    });
  }
  process.stderr.write(`[bench] ${id} done in ${((Date.now() - begin) / 1000).toFixed(1)} s\n`);
}

// The newest LTS Node runs P2 and S1 beside the machine's, in this same run.
const lts = ['P2', 'S1'].some(wanted) ? newestLtsNode() : undefined;
const thisNode = process.version;

// In-process figures first, while no server competes for the cores.
await attempt('P2', 'verification cost per token', async () => onNode(await runP2(plan.verify), thisNode));
if (lts) {
  await attempt('P2', `verification cost per token on Node ${lts.version}`, async () =>
    onNode(await runFigureOn(lts, 'P2', plan.verify), lts.version),
  );
}
await attempt('M1', 'verified-token cache memory', () => runMemory({ tokens: plan.memoryTokens }));
await attempt('P6', 'optional revocation check', () => runP6(plan.verify));
await attempt('P6s', 'shared revocation lookup per request', () => runP6s(plan.verify));
await attempt('P7', 'fetchAuthSession with credentials', () => runP7(plan.verify));

let stack: Stack | undefined;
let stackError: unknown;
let builds: string[] | undefined;
if (['P1', 'P3', 'P4', 'P4x', ...PROXY_FIGURES].some(wanted)) {
  try {
    process.stderr.write(`[bench] building/starting fixture apps (rebuild: ${plan.rebuild}) …\n`);
    stack = await startStack({ rebuild: plan.rebuild, proxy: PROXY_FIGURES.some(wanted) });
    builds = stack.builds;
  } catch (error) {
    stackError = error;
  }
} else if (wanted('P5')) {
  // P5 alone reads builds only: build the apps it weighs, start none.
  process.stderr.write(`[bench] building the P5 apps (rebuild: ${plan.rebuild}) …\n`);
  builds = await buildBundleApps({ rebuild: plan.rebuild });
}
try {
  const needStack = (id: string, title: string, run: (s: Stack) => Promise<BenchResult>) =>
    attempt(id, title, () => {
      if (!stack) throw new Error(`the bench apps did not start: ${String(stackError)}`);
      return run(stack);
    });
  await needStack('P1', 'throughput with vs without our middleware', (s) => runP1(s, plan.throughput));
  await needStack('P3', 'throughput vs Amplify', (s) => runP3(s, plan.throughput));
  await needStack('P1n', 'throughput with vs without our proxy.ts', (s) => runP1n(s, plan.throughput));
  await needStack('P1h', 'withAuth route handler vs unguarded', (s) => runP1h(s, plan.throughput));
  await needStack('P3n', 'proxy.ts throughput vs Amplify', (s) => runP3n(s, plan.throughput));
  await needStack('P4', 'refresh storm', (s) => runP4(s, { requests: plan.stormRequests }));
  await needStack('P4x', 'refresh storm over two instances, without and with Redis', (s) =>
    runP4x(s, { requests: plan.stormRequests, rebuild: plan.rebuild }),
  );
  await attempt('P5', 'edge middleware bundle size', () => runP5());
} finally {
  await stack?.close();
}
// The sign-in figures start servers of their own (per SRP maths), after the shared stack is gone.
await attempt('S2', 'the IdP alone: SRP sign-ins and refreshes', () => runS2(plan.signIn));
await attempt('S1', 'sign-ins through the reference app', async () =>
  onNode(await runS1({ ...plan.signIn, rebuild: plan.rebuild }), thisNode),
);
if (lts) {
  // The same build (never rebuilt twice), served by the newest LTS Node.
  await attempt('S1', `sign-ins through the reference app on Node ${lts.version}`, async () =>
    onNode(await runS1({ ...plan.signIn, rebuild: false, node: lts.binary }), lts.version),
  );
}

const order = ['P1', 'P1n', 'P1h', 'P2', 'P3', 'P3n', 'P4', 'P4x', 'P5', 'P6', 'P6s', 'P7', 'M1', 'S1', 'S2'];
// A figure run on two Nodes ("P2 · v20.20.2", "P2 · v24.22.3") sorts as its figure, in run order.
const rank = (result: BenchResult) => order.indexOf(result.id.split(' ')[0] ?? result.id);
results.sort((a, b) => rank(a) - rank(b));
const broken = results.flatMap((result) => result.broken.map((problem) => `${result.id}: ${problem}`));
const info = {
  ...machine(),
  ...(lts ? { 'newest LTS node (P2 and S1 also run on it)': `${lts.version} (${lts.lts})` } : {}),
  'load avg (1/5/15 min) at start → end': `${formatLoad(loadAtStart)} → ${formatLoad(loadavg())}`,
};
const command = `${smoke ? 'npm run bench:smoke' : 'npm run bench'}${only ? ` -- --only ${[...only].join(',')}` : ''}`;
const markdown = [
  `# Benchmarks${smoke ? ' (smoke: tiny runs, numbers not meaningful)' : ''}${only ? ` (only ${[...only].join(', ')})` : ''}`,
  '',
  `Measured ${new Date().toISOString()} by \`${command}\` in ${((Date.now() - started) / 1000).toFixed(0)} s` +
    (builds ? ` (${builds.join(', ')}).` : '.') +
    ' Every ratio compares figures measured in this same run. See bench/README.md for what each figure means.',
  '',
  '| Machine / version | |',
  '|---|---|',
  ...Object.entries(info).map(([key, value]) => `| ${key} | ${value} |`),
  '',
  '## Results',
  '',
  table(results),
  '',
  '## How each figure was measured',
  '',
  notes(results),
  '',
].join('\n');

const out = only ? join(REPO, 'bench/.tmp/RESULTS.only.md') : plan.out;
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, markdown);
process.stderr.write(`[bench] wrote ${relative(REPO, out)} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
process.stdout.write(`${table(results)}\n`);
if (broken.length) {
  process.stderr.write(`[bench] BROKEN:\n${broken.map((line) => `  ${line}`).join('\n')}\n`);
  process.exitCode = 1;
}

function formatLoad(load: number[]): string {
  return load.map((value) => value.toFixed(2)).join(' / ');
}
