/**
 * GET session: what a client component may know about the session — the user, the ID token's
 * claims and expiry times. Never the refresh token; the access and ID tokens only when the app
 * opted in with `exposeTokens`. Refreshes ahead of expiry like the middleware does (a route
 * handler can deliver the rotated cookies).
 */
import { resolveSession } from '../../session/resolve-session.js';
import type { RouteContext } from './context.js';
import { json, jsonFailure } from './replies.js';

export async function session(ctx: RouteContext): Promise<Response> {
  const state = await resolveSession(ctx.core, ctx.storage, { mode: 'auto' });
  if (state.status === 'error') return jsonFailure(ctx, state.error);
  if (state.status === 'signedOut') return json(ctx, { user: null });
  const { user, claims, tokens, expiresAt } = state.session;
  return json(ctx, {
    user,
    claims,
    accessTokenExpiresAt: tokens.accessToken.payload.exp,
    expiresAt,
    ...(ctx.options.exposeTokens
      ? { tokens: { accessToken: tokens.accessToken.toString(), idToken: tokens.idToken.toString() } }
      : {}),
  });
}
