/**
 * The access decision, in one place for the middleware and for the pages and handlers that
 * check for themselves (`auth.requireSession`): given the session state and what a path
 * requires, let the request through, send the visitor to sign-in, or refuse.
 *
 * @example
 *   const decision = decideAccess(state, { groups: ['ADMINS'], scopes: [] }, '/admin');
 *   if (decision.outcome === 'signIn') redirect(signInLocation('/sign-in', '/admin', decision));
 */
import { Forbidden, NotAuthenticated, type AuthError } from '../errors.js';
import { tokenScopes } from '../session/build-session.js';
import type { Session, SessionState } from '../session/types.js';
import type { AccessTokenClaims } from '../tokens/index.js';
import { withQuery } from './return-to.js';

/** Groups: any of them; scopes: all of them. Empty lists require only a session. */
export interface Requirement {
  readonly groups: readonly string[];
  readonly scopes: readonly string[];
}

/** Where signed-out visitors go unless the app says otherwise; the middleware's default too. */
export const DEFAULT_SIGN_IN_PATH = '/sign-in';

export type AccessDecision<A = unknown, I = unknown> =
  | { outcome: 'allow'; session: Session<A, I> }
  /**
   * No usable session. `undecided`: the session could not be checked (IdP or JWKS outage,
   * misconfiguration) — the sign-in page is told, and the cookies were kept.
   */
  | { outcome: 'signIn'; error: AuthError; undecided: boolean }
  | { outcome: 'forbid'; error: Forbidden };

type ScopeClaim = Pick<AccessTokenClaims, 'scope'>;

/** `subject` names what was asked for (a path) in the Forbidden message. */
export function decideAccess<A extends ScopeClaim, I>(
  state: SessionState<A, I>,
  requirement: Requirement,
  subject: string,
): AccessDecision<A, I> {
  if (state.status === 'error') return { outcome: 'signIn', error: state.error, undecided: true };
  if (state.status === 'signedOut') {
    const error = new NotAuthenticated(state.reason ? `not signed in: ${state.reason.message}` : 'not signed in');
    return { outcome: 'signIn', error, undecided: false };
  }
  const { session } = state;
  const missing = missingRequirement(requirement, {
    groups: session.user.groups,
    scopes: tokenScopes(session.tokens.accessToken.payload),
  });
  return missing ? { outcome: 'forbid', error: new Forbidden(`${subject} ${missing}`) } : { outcome: 'allow', session };
}

/** What a signed-in user lacks for a requirement, or undefined when it is met. */
export function missingRequirement(
  requirement: Requirement,
  user: { groups: readonly string[]; scopes: readonly string[] },
): string | undefined {
  if (requirement.groups.length > 0 && !requirement.groups.some((group) => user.groups.includes(group))) {
    return `requires membership in one of the groups: ${requirement.groups.join(', ')}`;
  }
  const missingScopes = requirement.scopes.filter((scope) => !user.scopes.includes(scope));
  if (missingScopes.length > 0) return `requires the scopes: ${missingScopes.join(', ')}`;
  return undefined;
}

/**
 * `signInPath?returnTo=<returnTo>`, plus `&error=<code>` when the session could not be checked,
 * so the sign-in page can say "the sign-in service is unavailable" instead of a bare form.
 * `signInPath` is app configuration; `returnTo` is sanitised again where it is used.
 */
export function signInLocation(
  signInPath: string,
  returnTo: string | undefined,
  decision: Extract<AccessDecision, { outcome: 'signIn' }>,
): string {
  return withQuery(signInPath, { returnTo, error: decision.undecided ? decision.error.code : undefined });
}
