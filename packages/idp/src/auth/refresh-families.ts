/**
 * Refresh tokens and their families.
 *
 * A sign-in starts a family; its id is the `origin_jti` of every token it yields, so revoking
 * the family (RevokeToken) or all of a user's families (GlobalSignOut) also revokes the access
 * and ID tokens minted from them. Tokens are 64 random bytes, opaque to clients; only their
 * SHA-256 is stored.
 *
 * Rotation: redeeming a token on a rotating client supersedes it and yields a new token with a
 * full new lifetime. Inside the client's grace period the superseded token may be redeemed
 * again; each such retry yields fresh tokens including another new refresh token (the family
 * does not remember plaintext tokens, so it cannot hand back the first successor). After the
 * grace period, reuse answers RefreshTokenReuseException and leaves the family alive, so the
 * client holding the newest token stays signed in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CognitoError } from '../cognito-error.js';
import type { StateStore } from '../store/state-store.js';
import type { FamilyRecord, IdpState } from '../store/state.js';

export interface RefreshPolicy {
  clientId: string;
  refreshTokenValiditySeconds: number;
  rotate: boolean;
  retryGracePeriodSeconds: number;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(64).toString('base64url');
}

export class RefreshFamilies {
  constructor(
    private readonly store: StateStore,
    private readonly now: () => number,
    /** How long after its last refresh token expires a family (and its revocation) is kept. */
    private readonly retentionMs: () => number,
  ) {}

  async start(input: {
    username: string;
    client: RefreshPolicy;
    scopes: string[];
    authTime: number;
  }): Promise<{ family: FamilyRecord; refreshToken: string }> {
    const now = this.now();
    const family: FamilyRecord = {
      id: crypto.randomUUID(),
      username: input.username,
      clientId: input.client.clientId,
      authTime: input.authTime,
      eventId: crypto.randomUUID(),
      scopes: input.scopes,
      createdAt: now,
    };
    const refreshToken = newToken();
    await this.store.mutate((state) => {
      this.prune(state, now);
      state.families.set(family.id, family);
      state.refreshTokens.set(hashToken(refreshToken), {
        familyId: family.id,
        issuedAt: now,
        expiresAt: now + input.client.refreshTokenValiditySeconds * 1000,
      });
    });
    return { family, refreshToken };
  }

  /** Checks a refresh token and, on a rotating client, supersedes it with a new one. */
  async redeem(token: string, client: RefreshPolicy): Promise<{ family: FamilyRecord; refreshToken?: string }> {
    const now = this.now();
    const successor = client.rotate ? newToken() : undefined;
    return this.store.mutate((state) => {
      const record = state.refreshTokens.get(hashToken(token));
      const family = record && state.families.get(record.familyId);
      if (!record || !family || family.clientId !== client.clientId) {
        throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
      }
      if (family.revokedAt !== undefined) {
        throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
      }
      if (record.expiresAt <= now) throw new CognitoError('NotAuthorizedException', 'Refresh Token has expired');
      if (!successor) return { family };
      if (record.supersededAt !== undefined && now - record.supersededAt >= client.retryGracePeriodSeconds * 1000) {
        throw new CognitoError(
          'RefreshTokenReuseException',
          'Refresh token has already been rotated and its retry grace period has passed',
        );
      }
      record.supersededAt ??= now;
      state.refreshTokens.set(hashToken(successor), {
        familyId: family.id,
        issuedAt: now,
        expiresAt: now + client.refreshTokenValiditySeconds * 1000,
      });
      return { family, refreshToken: successor };
    });
  }

  /** RFC 7009 semantics: an unknown token is not an error. */
  async revokeToken(token: string, clientId: string): Promise<void> {
    const record = this.store.state.refreshTokens.get(hashToken(token));
    const family = record && this.store.state.families.get(record.familyId);
    if (!family) return;
    if (family.clientId !== clientId) {
      throw new CognitoError('UnauthorizedException', 'The refresh token was not issued to this client');
    }
    if (family.revokedAt !== undefined) return;
    await this.store.mutate((state) => {
      state.families.get(family.id)!.revokedAt = this.now();
    });
  }

  async revokeUser(username: string): Promise<void> {
    const now = this.now();
    await this.store.mutate((state) => {
      for (const family of state.families.values()) {
        if (family.username === username) family.revokedAt ??= now;
      }
    });
  }

  /** A family that no longer exists has outlived all its tokens: treat it as revoked. */
  isRevoked(familyId: string): boolean {
    const family = this.store.state.families.get(familyId);
    return !family || family.revokedAt !== undefined;
  }

  private prune(state: IdpState, now: number): void {
    const alive = new Set<string>();
    for (const [hash, record] of state.refreshTokens) {
      if (record.expiresAt + this.retentionMs() < now) state.refreshTokens.delete(hash);
      else alive.add(record.familyId);
    }
    for (const id of state.families.keys()) if (!alive.has(id)) state.families.delete(id);
  }
}
