/**
 * GET|POST /oauth2/userInfo (OIDC Core §5.3): the access token's user as OIDC claims. Bad or
 * missing tokens answer 401 with an RFC 6750 §3 `WWW-Authenticate: Bearer` challenge.
 */
import { CognitoError } from '../cognito-error.js';
import type { OAuthContext } from './context.js';
import { OAuthError, toOAuthError } from './errors.js';
import { json } from './http.js';

export async function userInfo(request: Request, ctx: OAuthContext): Promise<Response> {
  const match = request.headers.get('authorization')?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match?.[1]) {
    // RFC 6750 §3.1: no token at all gets a bare challenge, without an error code.
    return json({ error: 'invalid_request', error_description: 'a Bearer access token is required' }, 401, {
      'WWW-Authenticate': 'Bearer',
    });
  }
  try {
    return json(await ctx.backend.userInfo(match[1]));
  } catch (error) {
    if (error instanceof CognitoError && error.status < 500) {
      const description = 'the access token is invalid, expired or revoked';
      return new OAuthError('invalid_token', description, 401, {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"`,
      }).toResponse();
    }
    return toOAuthError(error).toResponse();
  }
}
