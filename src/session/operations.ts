/**
 * The Amplify-shaped server operations, over a `ServerContext`: code moving from
 * `aws-amplify/auth/server` keeps its calls and result shapes.
 */
import { NotAuthenticated, type AuthError } from '../errors.js';
import type { SignInDetails } from '../cookies/index.js';
import type { AccessTokenClaims, IdTokenClaims, Jwt } from '../tokens/index.js';
import type { AuthCore } from './core.js';
import type { ServerContext } from './server-context.js';
import type { Session } from './types.js';

export interface AuthSession {
  tokens?: { accessToken: Jwt<AccessTokenClaims>; idToken: Jwt<IdTokenClaims> };
  userSub?: string;
  /** Why there are no tokens, when cookies were there (Amplify hides this; we don't). */
  error?: AuthError;
}

/** Like Amplify's: never throws for "signed out"; throws for outages and misconfiguration. */
export async function fetchAuthSession(
  ctx: ServerContext,
  options: { forceRefresh?: boolean } = {},
): Promise<AuthSession> {
  const state = await ctx.session(options.forceRefresh ? 'force' : 'auto');
  if (state.status === 'error') throw state.error;
  if (state.status === 'signedOut') return state.reason ? { error: state.reason } : {};
  const { accessToken, idToken } = state.session.tokens;
  return { tokens: { accessToken, idToken }, userSub: state.session.user.userId };
}

export interface CurrentUser {
  username: string;
  userId: string;
  signInDetails?: SignInDetails;
}

/** @throws NotAuthenticated when signed out (with the reason as `cause`). */
export async function getCurrentUser(ctx: ServerContext): Promise<CurrentUser> {
  const session = await requireSession(ctx);
  const { username, userId, signInDetails } = session.user;
  return signInDetails ? { username, userId, signInDetails } : { username, userId };
}

/** GetUser with the session's access token: attributes as the IdP has them now. */
export async function fetchUserAttributes(core: AuthCore, ctx: ServerContext): Promise<Record<string, string>> {
  const session = await requireSession(ctx);
  const user = await core.cognito.getUser(session.tokens.accessToken.toString());
  return user.attributes;
}

export async function requireSession(ctx: ServerContext): Promise<Session> {
  const state = await ctx.session('auto');
  if (state.status === 'signedIn') return state.session;
  if (state.status === 'error') throw state.error;
  throw new NotAuthenticated(
    state.reason ? `not signed in: ${state.reason.message}` : 'not signed in: no session cookies',
    state.reason ? { cause: state.reason } : undefined,
  );
}
