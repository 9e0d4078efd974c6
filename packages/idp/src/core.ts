/**
 * The pool's services, independent of any transport: sign-in completion, refresh, revocation,
 * access-token checks. The JSON API operations and the OAuth2 endpoints (through `OAuthBackend`)
 * both go through here, so a token minted by either path behaves the same.
 */
import { srpPoolName } from 'next-cognito-session/protocol';
import type { AttributeSchema } from './auth/attribute-schema.js';
import { ChallengeSessions } from './auth/challenges.js';
import { isPasswordLockout } from './auth/password-lockout.js';
import { RefreshFamilies } from './auth/refresh-families.js';
import { UserDirectory } from './auth/user-directory.js';
import type { ClientRegistry, ResolvedClient } from './clients.js';
import { IdentityService } from './identity/identity-service.js';
import type { IdentityPoolRegistry } from './identity/pools.js';
import { CognitoError } from './cognito-error.js';
import type { KeyRing } from './keys/key-ring.js';
import type { IssuedTokens, OAuthBackend, OAuthClientInfo, PasswordCheck } from './oauth2/backend.js';
import type { StateStore } from './store/state-store.js';
import type { UserRecord } from './store/state.js';
import type { PreTokenTriggerSource } from './tokens/pre-token-hook.js';
import type { TokenIssuer } from './tokens/token-issuer.js';

/** The scope Cognito puts in tokens from the JSON API; GetUser and friends require it. */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

export interface IdpCoreDeps {
  poolId: string;
  region: string;
  store: StateStore;
  clients: ClientRegistry;
  attributes: AttributeSchema;
  keys: KeyRing;
  tokens: TokenIssuer;
  identityPools: IdentityPoolRegistry;
  now: () => number;
  log: (line: string) => void;
}

export class IdpCore implements OAuthBackend {
  readonly users: UserDirectory;
  readonly families: RefreshFamilies;
  readonly challenges: ChallengeSessions;
  readonly identity: IdentityService;
  readonly poolName: string;

  constructor(readonly deps: IdpCoreDeps) {
    this.poolName = srpPoolName(deps.poolId);
    this.users = new UserDirectory({
      store: deps.store,
      poolName: this.poolName,
      attributes: deps.attributes,
      now: deps.now,
      log: deps.log,
    });
    // Families outlive their last refresh token by the longest access-token life, so a revoked
    // family still revokes the access tokens it minted until they expire on their own.
    this.families = new RefreshFamilies(deps.store, deps.now, () => deps.clients.maxTokenLifetimeSeconds() * 1000);
    this.challenges = new ChallengeSessions(deps.now);
    this.identity = new IdentityService({
      store: deps.store,
      pools: deps.identityPools,
      tokens: deps.tokens,
      userPoolId: deps.poolId,
      region: deps.region,
      isFamilyRevoked: (id) => this.families.isRevoked(id),
      now: deps.now,
    });
  }

  get clients(): ClientRegistry {
    return this.deps.clients;
  }

  now(): number {
    return this.deps.now();
  }

  /** A fresh sign-in: new refresh family, tokens with auth_time = now unless given. */
  async signIn(input: {
    user: UserRecord;
    client: ResolvedClient;
    scopes: string[];
    triggerSource: PreTokenTriggerSource;
    nonce?: string;
    /** Seconds; the hosted UI passes the time the user actually authenticated. */
    authTime?: number;
  }): Promise<IssuedTokens & { refreshToken: string }> {
    const { family, refreshToken } = await this.families.start({
      username: input.user.username,
      client: refreshPolicy(input.client),
      scopes: input.scopes,
      authTime: input.authTime ?? Math.floor(this.deps.now() / 1000),
    });
    const minted = await this.deps.tokens.mint({
      user: input.user,
      family,
      client: input.client,
      triggerSource: input.triggerSource,
      ...(input.nonce !== undefined && { nonce: input.nonce }),
    });
    return { ...minted, refreshToken };
  }

  /** Rotates the refresh token when the client has rotation enabled (its successor is returned). */
  async refreshTokens(client: ResolvedClient, refreshToken: string): Promise<IssuedTokens> {
    const { family, refreshToken: successor } = await this.families.redeem(refreshToken, refreshPolicy(client));
    const user = this.users.requireActive(this.users.find(family.username));
    const minted = await this.deps.tokens.mint({
      user,
      family,
      client,
      triggerSource: 'TokenGeneration_RefreshTokens',
    });
    return { ...minted, ...(successor !== undefined && { refreshToken: successor }) };
  }

  /**
   * An access token that is genuine, unexpired, not revoked and whose user still exists; with
   * the app client it was issued to (whose ReadAttributes decide what the caller sees).
   */
  async authorize(accessToken: string, requiredScope?: string): Promise<{ user: UserRecord; client: ResolvedClient }> {
    const claims = await this.deps.tokens.verifyAccessToken(accessToken);
    if (typeof claims.origin_jti !== 'string' || this.families.isRevoked(claims.origin_jti)) {
      throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
    }
    if (
      requiredScope &&
      !String(claims.scope ?? '')
        .split(' ')
        .includes(requiredScope)
    ) {
      throw new CognitoError('NotAuthorizedException', 'Access Token does not have required scopes');
    }
    const user = this.users.find(String(claims.username));
    if (!user || user.sub !== claims.sub) throw new CognitoError('NotAuthorizedException', 'User does not exist.');
    const client = this.deps.clients.find(String(claims.client_id));
    if (!client) throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    return { user, client };
  }

  // ---- OAuthBackend -------------------------------------------------------------------------

  findClient(clientId: string): OAuthClientInfo | undefined {
    const client = this.deps.clients.find(clientId);
    if (!client) return undefined;
    return {
      clientId: client.clientId,
      ...(client.clientSecret !== undefined && { clientSecret: client.clientSecret }),
      callbackUrls: client.callbackUrls,
      logoutUrls: client.logoutUrls,
      allowedScopes: client.allowedScopes,
    };
  }

  async checkPassword(username: string, password: string): Promise<PasswordCheck> {
    let user: UserRecord | undefined;
    try {
      user = await this.users.authenticate(username, password);
    } catch (error) {
      if (isPasswordLockout(error)) return { ok: false, reason: 'locked' };
      throw error;
    }
    if (!user || !user.enabled) return { ok: false, reason: 'invalid' };
    if (user.status === 'UNCONFIRMED') return { ok: false, reason: 'unconfirmed' };
    if (user.status === 'FORCE_CHANGE_PASSWORD') return { ok: false, reason: 'new_password_required' };
    return { ok: true, username: user.username, sub: user.sub };
  }

  async issueTokens(input: Parameters<OAuthBackend['issueTokens']>[0]): Promise<IssuedTokens> {
    return this.signIn({
      user: this.users.require(input.username),
      client: this.deps.clients.require(input.clientId),
      scopes: input.scopes,
      triggerSource: 'TokenGeneration_HostedAuth',
      authTime: input.authTime,
      ...(input.nonce !== undefined && { nonce: input.nonce }),
    });
  }

  refresh(input: { clientId: string; refreshToken: string }): Promise<IssuedTokens> {
    return this.refreshTokens(this.deps.clients.require(input.clientId), input.refreshToken);
  }

  async revokeRefreshToken(input: { clientId: string; refreshToken: string }): Promise<void> {
    this.deps.clients.require(input.clientId);
    await this.families.revokeToken(input.refreshToken, input.clientId);
  }

  async userInfo(accessToken: string): Promise<Record<string, unknown>> {
    const { user, client } = await this.authorize(accessToken);
    // Attributes stay strings (email_verified: "true"), as Cognito's userInfo endpoint answers,
    // and only those the client may read.
    return {
      ...this.deps.attributes.readable(user.attributes, client.attributes),
      sub: user.sub,
      username: user.username,
    };
  }
}

function refreshPolicy(client: ResolvedClient) {
  return {
    clientId: client.clientId,
    refreshTokenValiditySeconds: client.refreshTokenValiditySeconds,
    rotate: client.refreshTokenRotation.feature === 'ENABLED',
    retryGracePeriodSeconds: client.refreshTokenRotation.retryGracePeriodSeconds,
  };
}
