/**
 * Ending a successful authorization: mint a single-use code bound to the checked request and
 * send the browser back to the app with it (RFC 6749 §4.1.2).
 */
import { createCodeVerifier } from 'next-cognito-session/protocol';
import type { AuthorizationRequest, OAuthContext } from './context.js';
import { redirect } from './http.js';

export function redirectWithCode(
  ctx: OAuthContext,
  request: AuthorizationRequest,
  user: { username: string; authTime: number },
  setCookies: string[] = [],
): Response {
  // 32 random bytes: unguessable, and opaque so it says nothing about the user.
  const code = createCodeVerifier(32);
  ctx.codes.set(code, { kind: 'pending', request, ...user });
  return redirect(request.redirectUri, { code, state: request.state }, setCookies);
}

/** RFC 6749 §4.1.2.1: once redirect_uri is trusted, errors travel back to it. */
export function redirectWithError(
  request: Pick<AuthorizationRequest, 'redirectUri' | 'state'>,
  error: string,
  description: string,
): Response {
  return redirect(request.redirectUri, { error, error_description: description, state: request.state });
}
