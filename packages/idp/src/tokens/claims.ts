/**
 * The claims Cognito puts in user-pool tokens, before any pre-token-generation override.
 * Pure: everything time- or identity-dependent is passed in.
 */
import type { FamilyRecord, UserRecord } from '../store/state.js';

export type Claims = Record<string, unknown>;

export interface ClaimsInput {
  user: UserRecord;
  /** The user's attributes this client may read; only these reach the ID token. */
  attributes: Readonly<Record<string, string>>;
  family: FamilyRecord;
  clientId: string;
  issuer: string;
  /** Seconds since epoch. */
  issuedAt: number;
  accessTokenValiditySeconds: number;
  idTokenValiditySeconds: number;
  groups: string[];
  /** IAM roles of those groups, the preferred (lowest precedence) first. */
  roles?: string[];
  scopes: string[];
  nonce?: string;
}

/** Cognito writes these two attributes into ID tokens as JSON booleans, all others as strings. */
const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified']);

export function buildAccessClaims(input: ClaimsInput): Claims {
  const { user, family } = input;
  return {
    sub: user.sub,
    ...(input.groups.length > 0 && { 'cognito:groups': input.groups }),
    iss: input.issuer,
    client_id: input.clientId,
    origin_jti: family.id,
    event_id: family.eventId,
    token_use: 'access',
    scope: input.scopes.join(' '),
    auth_time: family.authTime,
    exp: input.issuedAt + input.accessTokenValiditySeconds,
    iat: input.issuedAt,
    jti: crypto.randomUUID(),
    username: user.username,
  };
}

export function buildIdClaims(input: ClaimsInput): Claims {
  const { user, family } = input;
  const attributes = Object.fromEntries(
    Object.entries(input.attributes)
      .filter(([name]) => name !== 'sub')
      .map(([name, value]) => [name, BOOLEAN_ATTRIBUTES.has(name) ? value === 'true' : value]),
  );
  // Attributes first: every claim the pool itself sets comes after and wins, whatever a stored
  // attribute is named (the schema already refuses `cognito:groups` and friends on write).
  return {
    ...attributes,
    sub: user.sub,
    ...(input.groups.length > 0 && { 'cognito:groups': input.groups }),
    // What an identity pool's token-based role mapping reads, as Cognito writes it.
    ...(input.roles !== undefined &&
      input.roles.length > 0 && { 'cognito:roles': input.roles, 'cognito:preferred_role': input.roles[0] }),
    iss: input.issuer,
    'cognito:username': user.username,
    ...(input.nonce !== undefined && { nonce: input.nonce }),
    origin_jti: family.id,
    aud: input.clientId,
    event_id: family.eventId,
    token_use: 'id',
    auth_time: family.authTime,
    exp: input.issuedAt + input.idTokenValiditySeconds,
    iat: input.issuedAt,
    jti: crypto.randomUUID(),
  };
}
