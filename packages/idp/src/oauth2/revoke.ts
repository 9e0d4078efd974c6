/**
 * POST /oauth2/revoke (RFC 7009): ends the refresh token's family. An unknown token still
 * answers 200 — the caller's goal, a dead token, is met — but an unknown client does not.
 */
import { authenticateClient } from './client-auth.js';
import type { OAuthContext } from './context.js';
import { OAuthError, toOAuthError } from './errors.js';
import { readForm } from './http.js';
import { parseParams, revokeParamsSchema } from './params.js';

export async function revoke(request: Request, ctx: OAuthContext): Promise<Response> {
  try {
    const form = await readForm(request);
    if (!form.ok) throw new OAuthError('invalid_request', form.description);
    const parsed = parseParams(revokeParamsSchema, form.params);
    if (!parsed.ok) throw new OAuthError('invalid_request', parsed.description);
    const client = authenticateClient(request, ctx, parsed.value);
    await ctx.backend.revokeRefreshToken({
      clientId: client.clientId,
      refreshToken: parsed.value.token,
    });
    return new Response(null, { status: 200, headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return toOAuthError(error).toResponse();
  }
}
