/**
 * Mints and checks the pool's JWTs: builds Cognito's claims, lets the pre-token hook shape them,
 * signs access and ID tokens with their own keys, and verifies access tokens presented to
 * GetUser / GlobalSignOut / userInfo.
 */
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { AttributePermissions, AttributeSchema } from '../auth/attribute-schema.js';
import { CognitoError } from '../cognito-error.js';
import type { KeyRing } from '../keys/key-ring.js';
import type { FamilyRecord, UserRecord } from '../store/state.js';
import { buildAccessClaims, buildIdClaims, type Claims } from './claims.js';
import {
  applyClaimOverrides,
  applyScopeOverrides,
  invokePreTokenHook,
  type PreTokenHook,
  type PreTokenTriggerSource,
} from './pre-token-hook.js';

export interface TokenIssuerDeps {
  keys: KeyRing;
  /** Decides which attributes an app client's ID token carries (its ReadAttributes). */
  attributes: AttributeSchema;
  issuer: () => string;
  poolId: string;
  region: string;
  now: () => number;
  hook?: PreTokenHook;
  /** The IAM roles of these groups, preferred first (groups without a role add none). */
  groupRoles?: (groups: string[]) => string[];
}

export interface MintInput {
  user: UserRecord;
  family: FamilyRecord;
  client: {
    clientId: string;
    accessTokenValiditySeconds: number;
    idTokenValiditySeconds: number;
    attributes: AttributePermissions;
  };
  triggerSource: PreTokenTriggerSource;
  nonce?: string;
}

export interface MintedTokens {
  accessToken: string;
  idToken: string;
  expiresIn: number;
}

export class TokenIssuer {
  constructor(private readonly deps: TokenIssuerDeps) {}

  async mint(input: MintInput): Promise<MintedTokens> {
    const { user, family, client } = input;
    let groups = [...user.groups];
    let scopes = [...family.scopes];
    const base = {
      user,
      attributes: this.deps.attributes.readable(user.attributes, client.attributes),
      family,
      clientId: client.clientId,
      issuer: this.deps.issuer(),
      issuedAt: Math.floor(this.deps.now() / 1000),
      accessTokenValiditySeconds: client.accessTokenValiditySeconds,
      idTokenValiditySeconds: client.idTokenValiditySeconds,
      ...(input.nonce !== undefined && { nonce: input.nonce }),
    };
    let idOverride: Parameters<typeof applyClaimOverrides>[1];
    let accessOverride: Parameters<typeof applyClaimOverrides>[1];

    if (this.deps.hook) {
      const details = await invokePreTokenHook(this.deps.hook, {
        version: '2',
        triggerSource: input.triggerSource,
        region: this.deps.region,
        userPoolId: this.deps.poolId,
        userName: user.username,
        callerContext: { awsSdkVersion: 'local-idp', clientId: client.clientId },
        request: {
          userAttributes: { sub: user.sub, 'cognito:user_status': user.status, ...user.attributes },
          groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [], preferredRole: null },
          scopes,
        },
        response: { claimsAndScopeOverrideDetails: null },
      });
      if (details?.groupOverrideDetails?.groupsToOverride) {
        groups = details.groupOverrideDetails.groupsToOverride;
      }
      scopes = applyScopeOverrides(scopes, details?.accessTokenGeneration);
      idOverride = details?.idTokenGeneration;
      accessOverride = details?.accessTokenGeneration;
    }

    const access = applyClaimOverrides(buildAccessClaims({ ...base, groups, scopes }), accessOverride);
    const roles = this.deps.groupRoles?.(groups) ?? [];
    const id = applyClaimOverrides(buildIdClaims({ ...base, groups, roles, scopes }), idOverride);
    const [accessToken, idToken] = await Promise.all([this.sign(access, 'access'), this.sign(id, 'id')]);
    return { accessToken, idToken, expiresIn: client.accessTokenValiditySeconds };
  }

  /**
   * Signature, expiry and token_use of an access token. Revocation is the caller's check: it
   * needs the refresh families, which this class does not know.
   */
  async verifyAccessToken(token: string): Promise<JWTPayload & Claims> {
    const payload = await this.verify(token, 'access', 'Access Token');
    if (payload.token_use !== 'access') throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    return payload as JWTPayload & Claims;
  }

  /**
   * Signature, expiry, issuer and token_use of an ID token presented as an identity pool login;
   * the audience and revocation are the identity pool's to check.
   */
  async verifyIdToken(token: string): Promise<JWTPayload & Claims> {
    const payload = await this.verify(token, 'id', 'login token');
    if (payload.token_use !== 'id' || payload.iss !== this.deps.issuer()) {
      throw new CognitoError('NotAuthorizedException', 'Invalid login token. Issuer or token use does not match.');
    }
    return payload as JWTPayload & Claims;
  }

  /** A JWT signed with one of this pool's published keys of `use`, for identity-pool OpenID tokens. */
  async signWith(use: 'id', claims: Claims): Promise<string> {
    return this.sign(claims, use);
  }

  private async verify(token: string, use: 'access' | 'id', what: string): Promise<JWTPayload> {
    const invalid = use === 'access' ? 'Invalid Access Token' : `Invalid ${what}.`;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header) => {
          const found = header.kid ? await this.deps.keys.verificationKey(header.kid) : undefined;
          if (!found || found.use !== use) throw new CognitoError('NotAuthorizedException', invalid);
          return found.key;
        },
        { algorithms: ['RS256'], currentDate: new Date(this.deps.now()) },
      ));
    } catch (error) {
      if (error instanceof CognitoError) throw error;
      if (error instanceof joseErrors.JWTExpired) {
        throw new CognitoError(
          'NotAuthorizedException',
          use === 'access' ? 'Access Token has expired' : `Invalid ${what}. Token expired.`,
        );
      }
      throw new CognitoError('NotAuthorizedException', invalid);
    }
    return payload;
  }

  private async sign(claims: Claims, use: 'access' | 'id'): Promise<string> {
    const { kid, key } = await this.deps.keys.signingKey(use);
    return new SignJWT(claims).setProtectedHeader({ kid, alg: 'RS256' }).sign(key);
  }
}
