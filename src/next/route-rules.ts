/**
 * Which paths the middleware protects, and what each requires. Patterns use the syntax of
 * Next.js `matcher` (path-to-regexp's subset): `/dashboard/:path*`, `/orgs/:id`, `/files/:rest+`.
 *
 * @example
 *   const rules = compileRules(['/dashboard/:path*', { path: '/admin/:path*', groups: ['ADMINS'] }]);
 *   findRule(rules, '/admin/users') // { path: '/admin/:path*', groups: ['ADMINS'], … }
 */

export type ProtectRule =
  | string
  | {
      path: string;
      /** The user must belong to at least one of these Cognito groups. */
      groups?: string[];
      /** The access token must carry every one of these scopes. */
      scopes?: string[];
    };

export interface CompiledRule {
  path: string;
  groups: readonly string[];
  scopes: readonly string[];
  test(pathname: string): boolean;
}

export function compileRules(rules: readonly ProtectRule[]): CompiledRule[] {
  return rules.map((rule) => {
    const spec = typeof rule === 'string' ? { path: rule } : rule;
    const regex = patternToRegExp(spec.path);
    return {
      path: spec.path,
      groups: spec.groups ?? [],
      scopes: spec.scopes ?? [],
      test: (pathname) => regex.test(pathname),
    };
  });
}

export function findRule(rules: readonly CompiledRule[], pathname: string): CompiledRule | undefined {
  return rules.find((rule) => rule.test(pathname));
}

/** What a signed-in user lacks for a rule, or undefined when the rule is satisfied. */
export function missingRequirement(
  rule: CompiledRule,
  user: { groups: readonly string[]; scopes: readonly string[] },
): string | undefined {
  if (rule.groups.length > 0 && !rule.groups.some((group) => user.groups.includes(group))) {
    return `requires membership in one of the groups: ${rule.groups.join(', ')}`;
  }
  const missingScopes = rule.scopes.filter((scope) => !user.scopes.includes(scope));
  if (missingScopes.length > 0) return `requires the scopes: ${missingScopes.join(', ')}`;
  return undefined;
}

export function patternToRegExp(pattern: string): RegExp {
  if (!pattern.startsWith('/')) throw new TypeError(`protect pattern must start with "/": ${pattern}`);
  const segments = pattern.split('/').slice(1);
  let source = '';
  for (const segment of segments) {
    const param = /^:[A-Za-z_]\w*([*+?])?$/.exec(segment);
    if (!param) {
      source += `/${escapeRegExp(segment)}`;
    } else if (param[1] === '*') {
      source += '(?:/[^/]+)*';
    } else if (param[1] === '+') {
      source += '(?:/[^/]+)+';
    } else if (param[1] === '?') {
      source += '(?:/[^/]+)?';
    } else {
      source += '/[^/]+';
    }
  }
  return new RegExp(`^${source || '/'}/?$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
