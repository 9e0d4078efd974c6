/** JWKS and OIDC discovery under `/<poolId>/.well-known/`, where Cognito serves them. */
import type { KeyRing } from '../keys/key-ring.js';
import { plainJson } from './responses.js';

export interface WellKnownConfig {
  poolId: string;
  issuer: () => string;
  /** Origin of this server (endpoints are served here even when the issuer is AWS-shaped). */
  origin: () => string;
}

export function wellKnownName(pathname: string, poolId: string): 'jwks' | 'openid-configuration' | undefined {
  if (pathname === `/${poolId}/.well-known/jwks.json`) return 'jwks';
  if (pathname === `/${poolId}/.well-known/openid-configuration`) return 'openid-configuration';
  return undefined;
}

export function jwksResponse(keys: KeyRing): Response {
  return withPublicCors(plainJson(keys.jwks()));
}

export function discoveryResponse(config: WellKnownConfig): Response {
  const origin = config.origin();
  return withPublicCors(
    plainJson({
      issuer: config.issuer(),
      jwks_uri: `${origin}/${config.poolId}/.well-known/jwks.json`,
      authorization_endpoint: `${origin}/oauth2/authorize`,
      token_endpoint: `${origin}/oauth2/token`,
      userinfo_endpoint: `${origin}/oauth2/userInfo`,
      revocation_endpoint: `${origin}/oauth2/revoke`,
      end_session_endpoint: `${origin}/logout`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      scopes_supported: ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    }),
  );
}

function withPublicCors(response: Response): Response {
  response.headers.set('access-control-allow-origin', '*');
  return response;
}
