import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/*
 * Tests run the TypeScript sources of both packages, through the same package-name → source map
 * that `npm run typecheck` uses (tsconfig.typecheck.json). The compiled dist/ is what the reference
 * app, the packed tarballs and the consumer apps (test/fixtures) run.
 */
const { compilerOptions } = JSON.parse(readFileSync(new URL('./tsconfig.typecheck.json', import.meta.url), 'utf8')) as {
  compilerOptions: { paths: Record<string, [string]> };
};
const alias = Object.entries(compilerOptions.paths).map(([name, [target]]) => ({
  find: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
  replacement: fileURLToPath(new URL(target, import.meta.url)),
}));

export default defineConfig({
  resolve: { alias },
  test: {
    // The summary line per Node version that scripts/node-matrix.mjs prints.
    reporters: ['default', './test/support/run-summary-reporter.ts'],
    include: ['src/**/*.test.ts', 'packages/idp/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/fixtures/**'],
    // Integration tests start real servers on 127.0.0.1; keep the 2-core machine from thrashing.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
