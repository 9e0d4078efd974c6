import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern } from './path-pattern.js';

const segments = (path: string) => path.split('/').filter(Boolean);

describe('compilePattern', () => {
  it.each([
    ['/dashboard/:path*', '/dashboard', true],
    ['/dashboard/:path*', '/dashboard/a/b', true],
    ['/dashboard/:path*', '/dashboards', false],
    ['/dashboard/:path*', '/other/dashboard', false],
    ['/files/:rest+', '/files', false],
    ['/files/:rest+', '/files/a', true],
    ['/files/:rest+', '/files/a/b/c', true],
    ['/docs/:page?', '/docs', true],
    ['/docs/:page?', '/docs/intro', true],
    ['/docs/:page?', '/docs/intro/more', false],
    ['/orgs/:id', '/orgs/42', true],
    ['/orgs/:id', '/orgs', false],
    ['/orgs/:id', '/orgs/42/x', false],
    ['/orgs/:id/settings', '/orgs/42/settings', true],
    ['/api/me', '/api/me', true],
    ['/api/me', '/api/mex', false],
    ['/a.b', '/axb', false],
    ['/Admin/:path*', '/admin/x', true],
    ['/', '/', true],
    ['/', '/x', false],
    ['/:a*/:b*/x', '/x', true],
    ['/:a*/:b*/x', '/p/q/x', true],
    ['/:a*/:b*/x', '/p/q/x/y', false],
  ])('%s vs %s → %s', (pattern, pathname, expected) => {
    expect(compilePattern(pattern, 'protect').matches(segments(pathname))).toBe(expected);
  });

  it('refuses a pattern without a leading slash, as ConfigInvalid naming the option', () => {
    expect(() => compilePattern('dashboard', 'protect')).toThrow(
      expect.objectContaining({
        code: 'ConfigInvalid',
        message: expect.stringMatching(/protect pattern "dashboard" must start with/),
      }),
    );
  });

  it.each(['/admin/*', '/(.*)', '/v:version', '/files/:rest(.*)', '/a/{b}'])(
    'refuses %s instead of treating syntax as a literal no path matches (a silently unprotected path)',
    (pattern) => {
      expect(() => compilePattern(pattern, 'apiPaths')).toThrow(expect.objectContaining({ code: 'ConfigInvalid' }));
    },
  );

  it('property: matches exactly what the old RegExp translation matched, on paths it understood', () => {
    const step = fc.constantFrom('a', 'b', ':p', ':p?', ':p+', ':p*');
    const pattern = fc.array(step, { maxLength: 6 }).map((steps) => `/${steps.join('/')}`);
    const path = fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 7 });
    fc.assert(
      fc.property(pattern, path, (source, parts) => {
        const expected = oldRegExp(source).test(`/${parts.join('/')}`);
        expect(compilePattern(source, 'protect').matches(parts)).toBe(expected);
      }),
      { numRuns: 3000, seed: 8 },
    );
  });
});

/** The translation this module replaced (exponential on adjacent wildcards), as the oracle. */
function oldRegExp(pattern: string): RegExp {
  let source = '';
  for (const segment of pattern.split('/').slice(1)) {
    const param = /^:[A-Za-z_]\w*([*+?])?$/.exec(segment);
    if (!param) source += `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
    else if (param[1] === '*') source += '(?:/[^/]+)*';
    else if (param[1] === '+') source += '(?:/[^/]+)+';
    else if (param[1] === '?') source += '(?:/[^/]+)?';
    else source += '/[^/]+';
  }
  return new RegExp(`^${source || '/'}/?$`);
}
