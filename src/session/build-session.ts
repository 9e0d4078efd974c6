/**
 * Builds the `Session` apps see from two verified tokens and the cookie-held extras.
 */
import type { SignInDetails } from '../cookies/index.js';
import { ClaimsInvalid } from '../errors.js';
import type { AccessTokenClaims, IdTokenClaims, Jwt } from '../tokens/index.js';
import type { Session } from './types.js';

export function buildSession<A extends AccessTokenClaims, I extends IdTokenClaims>(
  accessToken: Jwt<A>,
  idToken: Jwt<I>,
  signInDetails?: SignInDetails,
): Session<A, I> {
  const access = accessToken.payload;
  const id = idToken.payload;
  const user: Session<A, I>['user'] = {
    username: sessionUsername(access, id),
    userId: access.sub,
    // Groups are read from the access token: it is the one APIs authorize with, and a pre-token
    // hook may override them per token.
    groups: [...(access['cognito:groups'] ?? [])],
  };
  if (typeof id.email === 'string') user.email = id.email;
  if (signInDetails) user.signInDetails = signInDetails;
  return {
    user,
    tokens: { accessToken, idToken },
    claims: id,
    expiresAt: Math.min(access.exp, id.exp),
  };
}

/**
 * The Cognito username the session and its cookie names go by: the access token's `username`,
 * which Amplify keys its cookies with, else the ID token's `cognito:username` — the same value
 * wherever both are written.
 */
export function sessionUsername(
  access: Pick<AccessTokenClaims, 'username'>,
  id: Pick<IdTokenClaims, 'cognito:username'>,
): string {
  return access.username ?? id['cognito:username'];
}

/**
 * Access and ID tokens are verified one by one; nothing in either signature ties them to each
 * other. Without this check, a cookie jar holding one user's access token and another user's ID
 * token would be one session with mixed identity (username of one, email and claims of the
 * other). Cognito issues both with the same `sub` and, per refresh-token family, the same
 * `origin_jti` — when the pool has token revocation. Without it (older pools, cognito-local)
 * neither token has `origin_jti` and `sub` is the whole check: two tokens of one user from two
 * sign-ins may pair up then, which mixes no identities.
 */
export function assertSamePair(access: AccessTokenClaims, id: IdTokenClaims): void {
  if (access.sub !== id.sub) {
    throw new ClaimsInvalid('the access and ID tokens belong to different users ("sub" differs)');
  }
  if (access.origin_jti !== undefined && id.origin_jti !== undefined && access.origin_jti !== id.origin_jti) {
    throw new ClaimsInvalid('the access and ID tokens come from different sign-ins ("origin_jti" differs)');
  }
}

/** Scopes of an access token, for `scopes` rules. */
export function tokenScopes(access: Pick<AccessTokenClaims, 'scope'>): string[] {
  return typeof access.scope === 'string' ? access.scope.split(' ').filter(Boolean) : [];
}
