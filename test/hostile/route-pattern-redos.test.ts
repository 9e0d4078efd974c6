/**
 * Slow-regex route patterns. `protect` and `apiPaths` patterns used to become RegExps in which
 * adjacent wildcards nest quantifiers — `/:a*\/:b*\/:c*\/x` took 75 s on one 8 KB path, a request
 * any client can send. Now patterns compile to linear-time matchers (src/next/path-pattern.ts)
 * and the middleware matches paths up to MAX_MATCHED_PATH_LENGTH only; a longer path is refused
 * with 414 PathTooLong before any work — never let through unmatched.
 */
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config';
import { createAuthMiddleware } from '../../src/next/middleware';
import { compilePattern } from '../../src/next/path-pattern';
import { MAX_MATCHED_PATH_LENGTH, requestPath } from '../../src/next/request-path';
import { createAuthCore } from '../../src/session/core';
import { recordingLogger } from '../integration/support/session-harness';

/** Patterns that backtrack catastrophically as regular expressions. */
const ADVERSARIAL = [
  '/:a*/:b*/:c*/x',
  '/:a*/:b*/:c*/:d*/:e*/:f*/:g*/:h*/x',
  '/:a+/:b+/:c+/:d+/x',
  '/:a*/:b?/:c*/:d?/:e*/x/:f*',
  `/${Array.from({ length: 24 }, (_, i) => `:p${i}*`).join('/')}/never`,
];

/** The longest path the middleware matches, in one-character segments: the most steps per byte. */
const LONGEST = `/${'a/'.repeat((MAX_MATCHED_PATH_LENGTH - 2) / 2)}b`.slice(0, MAX_MATCHED_PATH_LENGTH);

describe('route patterns on hostile paths', () => {
  it('adjacent-wildcards-linear: every adversarial pattern decides the longest path in well under a second', () => {
    const path = requestPath(LONGEST);
    const started = performance.now();
    for (const source of ADVERSARIAL) {
      const pattern = compilePattern(source, 'protect');
      for (const spelling of path.spellings) expect(pattern.matches(spelling), source).toBe(false);
    }
    // The RegExp translation needed 75 s for the first pattern on a path this size.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('wildcards-still-match: the same patterns match the paths they should', () => {
    expect(
      compilePattern('/:a*/:b*/:c*/x', 'protect').matches(requestPath(`${LONGEST.slice(0, -2)}/x`).spellings[0]!),
    ).toBe(true);
    expect(compilePattern('/:a+/:b+/:c+/:d+/x', 'protect').matches(['p', 'q', 'r', 's', 'x'])).toBe(true);
  });
});

describe('the middleware and over-long paths', () => {
  // Anonymous requests only: the middleware decides them without any IdP or JWKS call.
  const config = resolveConfig({ config: { userPoolId: 'us-east-1_Hostile1', userPoolClientId: 'hostileclient' } }, {});
  const core = createAuthCore(config, { logger: recordingLogger() });
  const middleware = createAuthMiddleware(core, { protect: ['/:a*/:b*/:c*/x', '/:path*'] });

  it('path-over-bound-fails-closed: a path over the bound is refused with 414 PathTooLong, never let through', async () => {
    const response = await middleware(
      new NextRequest(`http://localhost:3000/${'a/'.repeat(MAX_MATCHED_PATH_LENGTH)}x`),
    );
    expect(response.status).toBe(414);
    expect(response.headers.get('x-middleware-next')).toBeNull();
    expect(await response.json()).toMatchObject({ error: { code: 'PathTooLong' } });
  });

  it('path-at-bound-protected: the longest matched path is still protected (a sign-in redirect, not a pass)', async () => {
    const started = performance.now();
    const response = await middleware(new NextRequest(`http://localhost:3000${LONGEST}`));
    expect(response.status).toBe(307);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
