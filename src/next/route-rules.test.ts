import { describe, expect, it } from 'vitest';
import { compileRules, findRule, missingRequirement, patternToRegExp } from './route-rules.js';

describe('patternToRegExp', () => {
  it.each([
    ['/dashboard/:path*', '/dashboard', true],
    ['/dashboard/:path*', '/dashboard/', true],
    ['/dashboard/:path*', '/dashboard/a/b', true],
    ['/dashboard/:path*', '/dashboards', false],
    ['/dashboard/:path*', '/other/dashboard', false],
    ['/files/:rest+', '/files', false],
    ['/files/:rest+', '/files/a', true],
    ['/orgs/:id', '/orgs/42', true],
    ['/orgs/:id', '/orgs/42/x', false],
    ['/api/me', '/api/me', true],
    ['/api/me', '/api/mex', false],
    ['/a.b', '/aXb', false],
    ['/', '/', true],
  ])('%s vs %s → %s', (pattern, pathname, expected) => {
    expect(patternToRegExp(pattern).test(pathname)).toBe(expected);
  });

  it('refuses a pattern without a leading slash', () => {
    expect(() => patternToRegExp('dashboard')).toThrow(/must start with/);
  });
});

describe('rules', () => {
  const rules = compileRules([
    { path: '/admin/:path*', groups: ['ADMINS'] },
    { path: '/api/reports/:path*', scopes: ['reports/read'] },
    '/dashboard/:path*',
  ]);

  it('finds the first matching rule', () => {
    expect(findRule(rules, '/admin/users')?.groups).toEqual(['ADMINS']);
    expect(findRule(rules, '/dashboard')?.groups).toEqual([]);
    expect(findRule(rules, '/')).toBeUndefined();
  });

  it('says what is missing', () => {
    const admin = findRule(rules, '/admin')!;
    expect(missingRequirement(admin, { groups: [], scopes: [] })).toMatch(/ADMINS/);
    expect(missingRequirement(admin, { groups: ['ADMINS'], scopes: [] })).toBeUndefined();
    const reports = findRule(rules, '/api/reports/q1')!;
    expect(missingRequirement(reports, { groups: [], scopes: ['openid'] })).toMatch(/reports\/read/);
  });
});
