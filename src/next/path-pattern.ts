/**
 * Path patterns in the syntax of Next.js `matcher` (path-to-regexp's segment subset), compiled to
 * matchers that run in time linear in the path. Translating them to a RegExp, as this module once
 * did, turned adjacent wildcards into nested quantifiers — `/:a*\/:b*\/:c*\/x` became
 * `(?:/[^/]+)*(?:/[^/]+)*(?:/[^/]+)*\/x` — and one 8 KB path the client chose took 75 s of
 * backtracking. Here a pattern is a list of steps walked as a set of positions (an NFA
 * simulation): each path segment advances every live position once, so a match costs
 * O(segments × steps) whatever the pattern, and never backtracks.
 *
 * @example
 *   const admin = compilePattern('/admin/:path*', 'protect');
 *   admin.matches(['admin', 'users']) // true
 *   admin.matches(['administrator'])  // false
 */
import { ConfigInvalid } from '../errors.js';

/** One step of a pattern: a fixed segment, or a parameter that takes 1, 0–1, or any number of segments. */
type Step = { kind: 'literal'; text: string } | { kind: 'one' } | { kind: 'optional' } | { kind: 'any' };

export interface PathPattern {
  /** The pattern as written, for messages. */
  readonly source: string;
  /** Whether these path segments (non-empty, lower-cased, see request-path.ts) match. */
  matches(segments: readonly string[]): boolean;
}

/** `:name`, `:name?`, `:name+`, `:name*` — a whole segment, as path-to-regexp names parameters. */
const PARAMETER = /^:[A-Za-z_]\w*([*+?])?$/;
/** Characters that mean syntax in path-to-regexp; outside a parameter they are a mistake, not a literal. */
const SYNTAX = /[:*+?(){}]/;

/**
 * `option` names the setting the pattern came from (`protect`, `apiPaths`), for the error.
 * Literal segments compare case-insensitively: a spelling that differs only in case is matched
 * too, so a case-insensitive route (a dynamic segment the app looks up ignoring case) can never
 * sit outside its rule. Over-matching costs a sign-in prompt on a 404; under-matching costs access.
 */
export function compilePattern(pattern: string, option: string): PathPattern {
  if (!pattern.startsWith('/')) throw invalid(option, pattern, 'must start with "/"');
  const steps: Step[] = [];
  for (const segment of pattern.split('/')) {
    if (segment === '') continue; // `/a//b/` and `/a/b` name the same path, as request paths do
    const parameter = PARAMETER.exec(segment);
    if (parameter) {
      const modifier = parameter[1];
      if (modifier === '+') steps.push({ kind: 'one' }, { kind: 'any' });
      else steps.push({ kind: modifier === '*' ? 'any' : modifier === '?' ? 'optional' : 'one' });
    } else if (SYNTAX.test(segment)) {
      // `/admin/*` or `/(.*)` would otherwise be a literal no request ever matches: a silently
      // unprotected path.
      throw invalid(
        option,
        pattern,
        `has unsupported syntax in "${segment}"; use whole-segment parameters :name, :name?, :name+ or :name*`,
      );
    } else {
      steps.push({ kind: 'literal', text: segment.toLowerCase() });
    }
  }
  return { source: pattern, matches: (segments) => run(steps, segments) };
}

function run(steps: readonly Step[], segments: readonly string[]): boolean {
  // live[i]: some prefix of the path read so far can leave the pattern at step i.
  let live = new Uint8Array(steps.length + 1);
  let next = new Uint8Array(steps.length + 1);
  live[0] = 1;
  close(steps, live);
  for (const segment of segments) {
    next.fill(0);
    let any = false;
    for (let i = 0; i < steps.length; i++) {
      if (!live[i]) continue;
      const step = steps[i]!;
      if (step.kind === 'any')
        next[i] = 1; // a wildcard takes this segment and may take more
      else if (step.kind !== 'literal' || step.text === segment) next[i + 1] = 1;
      else continue;
      any = true;
    }
    if (!any) return false;
    close(steps, next);
    [live, next] = [next, live];
  }
  return live[steps.length] === 1;
}

/** Steps that may take no segment at all (`:x?`, `:x*`) can be passed over for free. */
function close(steps: readonly Step[], live: Uint8Array): void {
  for (let i = 0; i < steps.length; i++) {
    const kind = steps[i]!.kind;
    if (live[i] && (kind === 'optional' || kind === 'any')) live[i + 1] = 1;
  }
}

function invalid(option: string, pattern: string, problem: string): ConfigInvalid {
  return new ConfigInvalid(`next-cognito-session: ${option} pattern "${pattern}" ${problem}`);
}
