/**
 * Which paths the middleware protects, and what each requires. Patterns use the syntax of
 * Next.js `matcher` (path-to-regexp's segment subset): `/dashboard/:path*`, `/orgs/:id`,
 * `/files/:rest+`; they compile to linear-time matchers (path-pattern.ts) and are matched
 * against every spelling of the request path (request-path.ts).
 *
 * @example
 *   const rules = compileRules(['/dashboard/:path*', { path: '/admin/:path*', groups: ['ADMINS'] }]);
 *   findRule(rules, requestPath('/admin/users')) // { path: '/admin/:path*', groups: ['ADMINS'], … }
 */
import type { Requirement } from './access.js';
import { compilePattern, type PathPattern } from './path-pattern.js';
import type { RequestPath } from './request-path.js';

export type ProtectRule =
  | string
  | {
      path: string;
      /** The user must belong to at least one of these Cognito groups. */
      groups?: string[];
      /** The access token must carry every one of these scopes. */
      scopes?: string[];
    };

export interface CompiledRule extends Requirement {
  path: string;
  groups: readonly string[];
  scopes: readonly string[];
  pattern: PathPattern;
}

export function compileRules(rules: readonly ProtectRule[]): CompiledRule[] {
  return rules.map((rule) => {
    const spec = typeof rule === 'string' ? { path: rule } : rule;
    return {
      path: spec.path,
      groups: spec.groups ?? [],
      scopes: spec.scopes ?? [],
      pattern: compilePattern(spec.path, 'protect'),
    };
  });
}

/** The first rule that any spelling of the path matches. */
export function findRule(rules: readonly CompiledRule[], path: RequestPath): CompiledRule | undefined {
  return rules.find((rule) => matchesPath(rule.pattern, path));
}

export function matchesPath(pattern: PathPattern, path: RequestPath): boolean {
  return path.spellings.some((segments) => pattern.matches(segments));
}
