/**
 * POST refresh: rotate the tokens now and answer the new expiry. The access token itself only
 * with `exposeTokens` (a client component calling an API directly); in server-only mode the
 * cookies are HttpOnly precisely so page script never holds it. 401 when the session is over,
 * 503 when the IdP is down — the cookies are kept then, as everywhere.
 */
import { NotAuthenticated } from '../../errors.js';
import { resolveSession } from '../../session/resolve-session.js';
import type { RouteContext } from './context.js';
import { json, jsonFailure } from './replies.js';

export async function refresh(ctx: RouteContext): Promise<Response> {
  const state = await resolveSession(ctx.core, ctx.storage, { mode: 'force' });
  if (state.status === 'error') return jsonFailure(ctx, state.error);
  if (state.status === 'signedOut') {
    return jsonFailure(ctx, state.reason ?? new NotAuthenticated('not signed in: no session cookies'));
  }
  const { accessToken } = state.session.tokens;
  const expiresAt = accessToken.payload.exp;
  return json(ctx, ctx.options.exposeTokens ? { accessToken: accessToken.toString(), expiresAt } : { expiresAt });
}
