/**
 * Builds the `Session` apps see from two verified tokens and the cookie-held extras.
 */
import type { SignInDetails } from '../cookies';
import type { AccessTokenClaims, IdTokenClaims, Jwt } from '../tokens';
import type { Session } from './types';

export function buildSession<A extends AccessTokenClaims, I extends IdTokenClaims>(
  accessToken: Jwt<A>,
  idToken: Jwt<I>,
  signInDetails?: SignInDetails,
): Session<A, I> {
  const access = accessToken.payload;
  const id = idToken.payload;
  const user: Session<A, I>['user'] = {
    username: access.username,
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

/** Scopes of an access token, for `scopes` rules. */
export function tokenScopes(access: Pick<AccessTokenClaims, 'scope'>): string[] {
  return typeof access.scope === 'string' ? access.scope.split(' ').filter(Boolean) : [];
}
