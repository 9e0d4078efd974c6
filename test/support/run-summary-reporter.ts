/**
 * Writes one line of facts per vitest run — which Node ran it, how many files and tests passed,
 * failed or were skipped — to test-results/vitest-node-<major>.json. scripts/node-matrix.mjs prints
 * these side by side, one line per Node version, so CI shows at a glance that every supported
 * Node ran the same suites with the same counts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class RunSummaryReporter implements Reporter {
  private started = Date.now();

  onTestRunStart(): void {
    this.started = Date.now();
  }

  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
    reason: 'passed' | 'failed' | 'interrupted',
  ): void {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const module of modules) for (const test of module.children.allTests()) counts[test.result().state]++;
    const summary = {
      node: process.version,
      reason,
      files: modules.length,
      failedFiles: modules.filter((module) => module.state() === 'failed').length,
      tests: counts,
      unhandledErrors: unhandledErrors.length,
      seconds: Math.round((Date.now() - this.started) / 1000),
      at: new Date().toISOString(),
    };
    const dir = join(process.cwd(), 'test-results');
    mkdirSync(dir, { recursive: true });
    const major = process.versions.node.split('.')[0];
    writeFileSync(join(dir, `vitest-node-${major}.json`), `${JSON.stringify(summary)}\n`);
  }
}
