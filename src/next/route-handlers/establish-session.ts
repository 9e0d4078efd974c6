/**
 * The last step of every sign-in (password, new password, hosted UI): verify what the IdP
 * returned, then write it the way Amplify's browser client would have.
 */
import { tokenKey, writeSessionCookies, type SignInDetails } from '../../cookies/index.js';
import { buildSession, sessionUsername } from '../../session/build-session.js';
import type { Session } from '../../session/types.js';
import type { RouteContext } from './context.js';

export interface IssuedTokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
}

/**
 * @param ctx The runner's core and the storage to write through: a route's context, or the test
 *   kit's (src/testing), so a test's sign-in writes exactly what a route's would.
 * @param signInDetails Omitted for the hosted UI, as Amplify's `completeOAuthFlow` records none;
 *   a leftover from an earlier password sign-in is removed so it cannot describe this one.
 */
export async function establishSession(
  ctx: Pick<RouteContext, 'core' | 'storage'>,
  tokens: IssuedTokens,
  signInDetails?: SignInDetails,
): Promise<Session> {
  const { core, storage } = ctx;
  // Never store what we would refuse to read back: a misconfigured issuer fails here, loudly.
  const [access, id] = await Promise.all([
    core.verifier.verifyAccessToken(tokens.accessToken),
    core.verifier.verifyIdToken(tokens.idToken),
  ]);
  const username = sessionUsername(access.payload, id.payload);
  if (!signInDetails) await storage.removeItem(tokenKey(core.config.clientId, username, 'signInDetails'));
  await writeSessionCookies(storage, core.config.clientId, {
    username,
    accessToken: tokens.accessToken,
    idToken: tokens.idToken,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
    clockDrift: clockDrift(access.payload.iat, core.now()),
    ...(signInDetails ? { signInDetails } : {}),
  });
  return buildSession(access, id, signInDetails);
}

/**
 * Amplify's `cacheCognitoTokens`: the access token's `iat` in ms minus local time, 0 without
 * `iat`. Browser and server then agree on when the tokens expire.
 */
function clockDrift(iat: unknown, nowMs: number): number {
  return typeof iat === 'number' && iat > 0 ? iat * 1000 - nowMs : 0;
}
