/**
 * Amazon Cognito Identity's three calls a client makes: GetId (an identity for a login, or a new
 * guest), GetCredentialsForIdentity (temporary AWS credentials for its role) and GetOpenIdToken.
 * Logins are this IdP's own ID tokens, checked here as Cognito checks them: signature, issuer,
 * `aud` among the pool's app clients, expiry, and not revoked by a global sign-out.
 *
 * An authenticated identity id is derived from the identity pool and the user (`sub`), so a user
 * keeps one id across sign-ins, devices and in-memory restarts; guests get a random one. Both
 * are recorded, so GetCredentialsForIdentity knows which pool an id belongs to.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { CognitoError } from '../cognito-error.js';
import type { StateStore } from '../store/state-store.js';
import type { AwsCredentialRecord, IdentityRecord } from '../store/state.js';
import type { TokenIssuer } from '../tokens/token-issuer.js';
import type { IdentityPool, IdentityPoolRegistry } from './pools.js';

export interface IdentityServiceDeps {
  store: StateStore;
  pools: IdentityPoolRegistry;
  tokens: TokenIssuer;
  userPoolId: string;
  region: string;
  /** True when a sign-in (refresh family) was revoked: its tokens are no login any more. */
  isFamilyRevoked: (familyId: string) => boolean;
  now: () => number;
}

export interface IssuedCredentials {
  identityId: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Epoch ms. */
  expiresAt: number;
}

type Logins = Record<string, string> | undefined;

/** A verified login: who, and what their ID token lets an identity pool do. */
interface Login {
  key: string;
  roles: string[];
  preferredRole?: string;
  providerName: string;
}

const OPENID_TOKEN_SECONDS = 600;
const NO_GUESTS = 'Unauthenticated access is not supported for this identity pool.';
const LOGINS_MISMATCH =
  "Logins don't match. Please include at least one valid login for this identity or identity pool.";

export class IdentityService {
  constructor(private readonly deps: IdentityServiceDeps) {}

  async getId(poolId: string, logins: Logins): Promise<string> {
    const pool = this.deps.pools.require(poolId);
    const login = await this.login(pool, logins);
    if (!login) {
      if (!pool.allowUnauthenticatedIdentities) throw new CognitoError('NotAuthorizedException', NO_GUESTS);
      const identityId = `${this.deps.region}:${randomUUID()}`;
      await this.record(identityId, { poolId: pool.id, createdAt: this.deps.now() });
      return identityId;
    }
    return this.identityFor(pool, login);
  }

  async getCredentials(identityId: string, logins: Logins, customRoleArn?: string): Promise<IssuedCredentials> {
    const { pool, login, identityId: resolved } = await this.authorize(identityId, logins);
    const roleArn = this.roleFor(pool, login, customRoleArn);
    const now = this.deps.now();
    const issued: IssuedCredentials = {
      identityId: resolved,
      accessKeyId: `ASIA${randomBase32(16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      expiresAt: now + pool.credentialsValiditySeconds * 1000,
    };
    const record: AwsCredentialRecord = {
      identityId: resolved,
      poolId: pool.id,
      secretAccessKey: issued.secretAccessKey,
      sessionTokenHash: sha256(issued.sessionToken),
      roleArn,
      issuedAt: now,
      expiresAt: issued.expiresAt,
    };
    await this.deps.store.mutate((state) => {
      // Expired credentials can never be used again; dropping them keeps the state bounded.
      for (const [key, old] of state.awsCredentials) if (old.expiresAt <= now) state.awsCredentials.delete(key);
      state.awsCredentials.set(issued.accessKeyId, record);
    });
    return issued;
  }

  async getOpenIdToken(identityId: string, logins: Logins): Promise<{ identityId: string; token: string }> {
    const { pool, login, identityId: resolved } = await this.authorize(identityId, logins);
    const issuedAt = Math.floor(this.deps.now() / 1000);
    const token = await this.deps.tokens.signWith('id', {
      iss: 'https://cognito-identity.amazonaws.com',
      sub: resolved,
      aud: pool.id,
      amr: login ? ['authenticated', login.providerName] : ['unauthenticated'],
      iat: issuedAt,
      exp: issuedAt + OPENID_TOKEN_SECONDS,
    });
    return { identityId: resolved, token };
  }

  /**
   * The issued credentials an access key id and session token name, or undefined — whether
   * expired is the caller's question (it answers that only after the signature checked out).
   */
  credentialsFor(accessKeyId: string, sessionToken: string | null): AwsCredentialRecord | undefined {
    const record = this.deps.store.state.awsCredentials.get(accessKeyId);
    if (!record || sessionToken === null || record.sessionTokenHash !== sha256(sessionToken)) return undefined;
    return record;
  }

  /** The identity's pool and (for an authenticated one) its verified login, or why not. */
  private async authorize(
    identityId: string,
    logins: Logins,
  ): Promise<{ pool: IdentityPool; login?: Login; identityId: string }> {
    const identity = this.deps.store.state.identities.get(identityId);
    if (!identity) throw new CognitoError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
    const pool = this.deps.pools.require(identity.poolId);
    const login = await this.login(pool, logins);
    if (login) {
      // A guest identity presented with a login becomes the user's own identity, whose id the
      // answer carries (Amplify stores the id it gets back).
      if (identity.login !== undefined && identity.login !== login.key) {
        throw new CognitoError('NotAuthorizedException', LOGINS_MISMATCH);
      }
      return { pool, login, identityId: await this.identityFor(pool, login) };
    }
    if (identity.login !== undefined) throw new CognitoError('NotAuthorizedException', LOGINS_MISMATCH);
    if (!pool.allowUnauthenticatedIdentities) throw new CognitoError('NotAuthorizedException', NO_GUESTS);
    return { pool, identityId };
  }

  /** Undefined for no logins; a verified login; or NotAuthorizedException. */
  private async login(pool: IdentityPool, logins: Logins): Promise<Login | undefined> {
    const entries = Object.entries(logins ?? {});
    if (entries.length === 0) return undefined;
    if (entries.length > 1) {
      throw new CognitoError('NotAuthorizedException', 'Only one login per request is supported by the local IdP.');
    }
    const [[providerName, token]] = entries as [[string, string]];
    if (!this.deps.pools.isUserPoolProvider(providerName)) {
      throw new CognitoError('NotAuthorizedException', 'Token is not from a supported provider of this identity pool.');
    }
    const claims = await this.deps.tokens.verifyIdToken(token);
    if (typeof claims.aud !== 'string' || !pool.clientIds.includes(claims.aud)) {
      throw new CognitoError('NotAuthorizedException', 'Invalid login token. Incorrect token audience.');
    }
    if (typeof claims.origin_jti === 'string' && this.deps.isFamilyRevoked(claims.origin_jti)) {
      throw new CognitoError('NotAuthorizedException', 'Invalid login token. Token has been revoked.');
    }
    const roles = Array.isArray(claims['cognito:roles'])
      ? claims['cognito:roles'].filter((r): r is string => typeof r === 'string')
      : [];
    const preferred = claims['cognito:preferred_role'];
    return {
      key: `${this.deps.userPoolId} ${String(claims.sub)}`,
      roles,
      ...(typeof preferred === 'string' && { preferredRole: preferred }),
      providerName,
    };
  }

  private async identityFor(pool: IdentityPool, login: Login): Promise<string> {
    const identityId = `${this.deps.region}:${uuidFrom(`${pool.id}\n${login.key}`)}`;
    if (!this.deps.store.state.identities.has(identityId)) {
      await this.record(identityId, { poolId: pool.id, login: login.key, createdAt: this.deps.now() });
    }
    return identityId;
  }

  private roleFor(pool: IdentityPool, login: Login | undefined, customRoleArn: string | undefined): string {
    if (!login) return pool.unauthenticatedRoleArn!;
    if (customRoleArn !== undefined) {
      if (pool.roleMapping !== 'Token' || !login.roles.includes(customRoleArn)) {
        throw new CognitoError('NotAuthorizedException', 'Invalid CustomRoleArn: the login token does not carry it.');
      }
      return customRoleArn;
    }
    return (pool.roleMapping === 'Token' && login.preferredRole) || pool.authenticatedRoleArn;
  }

  private async record(identityId: string, identity: IdentityRecord): Promise<void> {
    const cap = this.deps.pools.maxGuestIdentities;
    await this.deps.store.mutate((state) => {
      if (state.identities.has(identityId)) return;
      if (identity.login === undefined) {
        // Oldest first (a Map keeps insertion order): a forgotten guest's next GetCredentials
        // is refused, and Amplify then asks GetId for a new guest, as after Cognito deletes one.
        const guests = [...state.identities].filter(
          ([, kept]) => kept.login === undefined && kept.poolId === identity.poolId,
        );
        for (const [id] of guests.slice(0, Math.max(0, guests.length - cap + 1))) state.identities.delete(id);
      }
      state.identities.set(identityId, identity);
    });
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A v4-shaped UUID from a hash: the same input always names the same identity. */
function uuidFrom(input: string): string {
  const bytes = createHash('sha256').update(input).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Access key ids are upper-case base32 after their `ASIA` prefix, like STS's. */
function randomBase32(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return [...randomBytes(length)].map((byte) => alphabet[byte % 32]).join('');
}
