import { describe, expect, it } from 'vitest';
import { requestPath } from './request-path.js';
import { compileRules, findRule } from './route-rules.js';

describe('rules', () => {
  const rules = compileRules([
    { path: '/admin/:path*', groups: ['ADMINS'] },
    { path: '/api/reports/:path*', scopes: ['reports/read'] },
    '/dashboard/:path*',
    '/orgs/acme/:path*',
  ]);
  const ruleFor = (pathname: string) => findRule(rules, requestPath(pathname));

  it('finds the first matching rule', () => {
    expect(ruleFor('/admin/users')?.groups).toEqual(['ADMINS']);
    expect(ruleFor('/api/reports/q1')?.scopes).toEqual(['reports/read']);
    expect(ruleFor('/dashboard')?.groups).toEqual([]);
    expect(ruleFor('/')).toBeUndefined();
    expect(ruleFor('/administrator')).toBeUndefined();
  });

  it('applies a rule to every spelling Next could route to the same page', () => {
    for (const spelling of [
      '/ADMIN/users',
      '/%61dmin',
      '/admin.rsc',
      '/admin/x.segments/_tree.segment',
      '/%6Frgs/%61cme/settings',
    ]) {
      expect(ruleFor(spelling), spelling).toBeDefined();
    }
  });
});
