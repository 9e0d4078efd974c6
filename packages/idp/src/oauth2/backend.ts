/**
 * What the OAuth2 endpoints need from the rest of the IdP. The IdP's core implements it; the
 * OAuth2 module never touches the store directly, so each side changes for its own reasons.
 */

export interface OAuthClientInfo {
  clientId: string;
  /** Confidential clients authenticate at /oauth2/token (Basic auth or client_secret in body). */
  clientSecret?: string;
  callbackUrls: string[];
  logoutUrls: string[];
  /** e.g. ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'] */
  allowedScopes: string[];
}

export interface IssuedTokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export type PasswordCheck =
  | { ok: true; username: string; sub: string }
  | { ok: false; reason: 'invalid' | 'new_password_required' | 'unconfirmed' | 'locked' };

export interface OAuthBackend {
  findClient(clientId: string): OAuthClientInfo | undefined;
  /** Username or alias (email); no hint in `reason` is ever shown verbatim to distinguish users. */
  checkPassword(username: string, password: string): Promise<PasswordCheck>;
  /** Starts a new refresh-token family, as a hosted-UI sign-in does. */
  issueTokens(input: {
    clientId: string;
    username: string;
    scopes: string[];
    /** Seconds since epoch of the sign-in. */
    authTime: number;
    nonce?: string;
  }): Promise<IssuedTokens>;
  /** Throws CognitoError (NotAuthorizedException, RefreshTokenReuseException, …). */
  refresh(input: { clientId: string; refreshToken: string }): Promise<IssuedTokens>;
  /** Throws CognitoError for an unknown client; an unknown token is a no-op, as RFC 7009 says. */
  revokeRefreshToken(input: { clientId: string; refreshToken: string }): Promise<void>;
  /** Verifies the access token (signature, expiry, revocation) and returns OIDC userinfo claims. */
  userInfo(accessToken: string): Promise<Record<string, unknown>>;
  /** Milliseconds since epoch; injected so tests control time. */
  now(): number;
}

/** A handler answers the requests it owns and returns undefined for the rest. */
export type RequestHandler = (request: Request) => Promise<Response | undefined>;
