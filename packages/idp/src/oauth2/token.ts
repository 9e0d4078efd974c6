/**
 * POST /oauth2/token: authorization_code (with PKCE) and refresh_token grants, answered in
 * RFC 6749 §5.1 JSON. Codes are single-use: the first redemption consumes the code, and a replay
 * fails with invalid_grant and revokes the refresh token the first use produced (§4.1.2).
 */
import { codeChallengeS256, isValidCodeVerifier, timingSafeEqual } from 'next-cognito-session/protocol';
import type { IssuedTokens, OAuthClientInfo } from './backend.js';
import { authenticateClient } from './client-auth.js';
import type { OAuthContext } from './context.js';
import { OAuthError, toOAuthError } from './errors.js';
import { json, readForm } from './http.js';
import { parseParams, tokenParamsSchema, type TokenParams } from './params.js';

const GRANT_TYPES = new Set(['authorization_code', 'refresh_token']);

interface TokenBody {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: 'Bearer';
  expires_in: number;
}

type CodeParams = Extract<TokenParams, { grant_type: 'authorization_code' }>;

export async function token(request: Request, ctx: OAuthContext): Promise<Response> {
  try {
    const form = await readForm(request);
    if (!form.ok) throw new OAuthError('invalid_request', form.description);
    const params = parseTokenParams(form.params);
    const client = authenticateClient(request, ctx, params);
    if (params.grant_type === 'authorization_code') {
      return json(await exchangeCode(ctx, client, params));
    }
    const refreshed = await ctx.backend.refresh({
      clientId: client.clientId,
      refreshToken: params.refresh_token,
    });
    return json(tokenBody(refreshed, true));
  } catch (error) {
    return toOAuthError(error).toResponse();
  }
}

function parseTokenParams(form: URLSearchParams): TokenParams {
  const grantType = form.get('grant_type');
  if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required');
  if (!GRANT_TYPES.has(grantType)) {
    throw new OAuthError('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }
  const parsed = parseParams(tokenParamsSchema, form);
  if (!parsed.ok) throw new OAuthError('invalid_request', parsed.description);
  return parsed.value;
}

async function exchangeCode(ctx: OAuthContext, client: OAuthClientInfo, params: CodeParams): Promise<TokenBody> {
  const grant = ctx.codes.get(params.code);
  const clientId = grant?.kind === 'pending' ? grant.request.clientId : grant?.clientId;
  // A code belonging to another client is left alone: that caller cannot burn someone's code.
  if (!grant || clientId !== client.clientId) {
    throw new OAuthError('invalid_grant', 'code is invalid, expired or already used');
  }
  if (grant.kind === 'redeemed') {
    ctx.codes.delete(params.code);
    if (grant.refreshToken) {
      // Best effort: the replay is refused either way, and the family may already be gone.
      await ctx.backend
        .revokeRefreshToken({ clientId: client.clientId, refreshToken: grant.refreshToken })
        .catch(() => undefined);
    }
    throw new OAuthError('invalid_grant', 'code is invalid, expired or already used');
  }

  // Consumed before any check can fail, so a wrong code_verifier cannot be retried.
  ctx.codes.replace(params.code, { kind: 'redeemed', clientId: client.clientId });
  const { request, username, authTime } = grant;
  if (params.redirect_uri !== request.redirectUri) {
    throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
  }
  await checkVerifier(request.codeChallenge, params.code_verifier);

  const issued = await ctx.backend.issueTokens({
    clientId: client.clientId,
    username,
    scopes: request.scopes,
    authTime,
    nonce: request.nonce,
  });
  ctx.codes.replace(params.code, {
    kind: 'redeemed',
    clientId: client.clientId,
    refreshToken: issued.refreshToken,
  });
  // Cognito issues an ID token only to requests that asked for openid.
  return tokenBody(issued, request.scopes.includes('openid'));
}

/** RFC 7636 §4.6, S256 only. A verifier with no challenge is refused too (a stripped challenge). */
async function checkVerifier(challenge: string | undefined, verifier: string | undefined) {
  if (challenge === undefined) {
    if (verifier !== undefined) {
      throw new OAuthError('invalid_grant', 'code_verifier was sent but no code_challenge was');
    }
    return;
  }
  if (verifier === undefined) {
    throw new OAuthError('invalid_request', 'code_verifier is required for this code');
  }
  if (!isValidCodeVerifier(verifier)) {
    throw new OAuthError(
      'invalid_request',
      'code_verifier must be 43-128 characters of A-Z, a-z, 0-9, "-", ".", "_" or "~"',
    );
  }
  if (!timingSafeEqual(await codeChallengeS256(verifier), challenge)) {
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge');
  }
}

function tokenBody(issued: IssuedTokens, includeIdToken: boolean): TokenBody {
  return {
    access_token: issued.accessToken,
    ...(includeIdToken ? { id_token: issued.idToken } : {}),
    ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
    token_type: 'Bearer',
    expires_in: issued.expiresIn,
  };
}
