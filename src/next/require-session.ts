/**
 * `auth.requireSession({ groups, scopes })`: the check a page (or route handler, or server
 * action) makes for itself, so what it renders never rests on the middleware alone. A matcher
 * edit, a rewrite, a new transport form in a Next release — any of them can route a request
 * around the middleware; this check runs where the content is.
 *
 * It decides exactly as the middleware does (access.ts) and answers through Next's own control
 * flow from `next/navigation`, which works on Next 15.5 and 16 without experimental flags:
 * - no session → `redirect()` to `signInPath?returnTo=<returnTo>` (307; 303 from a server action);
 * - session undecided (IdP or JWKS outage) → the same, with `&error=<code>`, cookies kept;
 * - signed in without the group or scope → `notFound()`: a 404 with the app's not-found page.
 *   Next's `forbidden()` would answer 403 but throws unless `experimental.authInterrupts` is
 *   on. The middleware answers 403 in front of a protected page, so the 404 only reaches
 *   requests that got around it — and it does not confirm that the page exists.
 *
 * @example
 *   // app/admin/page.tsx
 *   const session = await auth.requireSession({ groups: ['ADMINS'], returnTo: '/admin' });
 */
import { notFound, redirect } from 'next/navigation';
import type { Session, SessionState } from '../session/types.js';
import type { AccessTokenClaims } from '../tokens/index.js';
import { decideAccess, DEFAULT_SIGN_IN_PATH, signInLocation } from './access.js';

export interface RequireSessionOptions {
  /** The user must belong to at least one of these Cognito groups. */
  groups?: string[];
  /** The access token must carry every one of these scopes. */
  scopes?: string[];
  /**
   * Where sign-in should bring the visitor back to. Server components cannot see their own URL,
   * so pass it (`/admin/${id}`); without it the sign-in page uses its default destination.
   */
  returnTo?: string;
  /** Default `/sign-in`, as the middleware's. */
  signInPath?: string;
}

/** The session when it meets the requirement; otherwise throws Next's redirect or not-found. */
export function requireSessionIn<A extends Pick<AccessTokenClaims, 'scope'>, I>(
  state: SessionState<A, I>,
  options: RequireSessionOptions = {},
): Session<A, I> {
  const requirement = { groups: options.groups ?? [], scopes: options.scopes ?? [] };
  const decision = decideAccess(state, requirement, options.returnTo ?? 'this page');
  if (decision.outcome === 'allow') return decision.session;
  if (decision.outcome === 'forbid') notFound();
  redirect(signInLocation(options.signInPath ?? DEFAULT_SIGN_IN_PATH, options.returnTo, decision));
}
