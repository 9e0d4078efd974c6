/**
 * Refusals in Cognito's validation shape, and the entries of AuthParameters / ChallengeResponses.
 *
 * Cognito answers a request that breaks its model with InvalidParameterException
 * "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must
 * have length less than or equal to 128" — member names in lower camel case, list items as
 * `userAttributes.1.member.name`, and never the offending value (many members are sensitive).
 * The map entries the sign-in flows read (USERNAME, SRP_A, …) get the constraint of the type
 * they stand for, checked before anything is derived from them or stored.
 */
import type { z } from 'zod';
import { passwordSchema, secretHashSchema, tokenSchema, usernameSchema } from '../http/requests.js';
import { MAX_SRP_A_HEX_LENGTH } from '../auth/srp-server.js';
import { CognitoError } from '../cognito-error.js';

export interface ConstraintViolation {
  /** Cognito's path to the member, e.g. `username`, `userAttributes.1.member.value`. */
  member: string;
  /** e.g. "Member must not be null". */
  constraint: string;
}

export function validationError(violations: readonly ConstraintViolation[]): CognitoError {
  const each = violations.map((v) => `Value at '${v.member}' failed to satisfy constraint: ${v.constraint}`);
  return new CognitoError(
    'InvalidParameterException',
    `${each.length} validation error${each.length === 1 ? '' : 's'} detected: ${each.join('; ')}`,
  );
}

/** A zod issue path (`['UserAttributes', 0, 'Value']`) the way Cognito names it. */
export function cognitoMemberPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `${segment + 1}.member`;
      const name = String(segment);
      // Structure members are lower-camel-cased; map keys (after a map member) stay as sent.
      const isMember = i === 0 || typeof path[i - 1] === 'number';
      return isMember ? name.charAt(0).toLowerCase() + name.slice(1) : name;
    })
    .join('.');
}

export function violationOf(issue: z.core.$ZodIssue): ConstraintViolation {
  const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
  return { member: cognitoMemberPath(issue.path), constraint: missing ? 'Member must not be null' : issue.message };
}

/** What each entry the IdP reads must be: the Cognito type it carries. */
const ENTRY_TYPES: ReadonlyMap<string, z.ZodType<string>> = new Map<string, z.ZodType<string>>([
  ['USERNAME', usernameSchema],
  ['PASSWORD', passwordSchema],
  ['NEW_PASSWORD', passwordSchema],
  ['SECRET_HASH', secretHashSchema],
  ['REFRESH_TOKEN', tokenSchema],
]);

/** Entries with no Cognito type of their own; bounded by what a well-formed value can be. */
const ENTRY_MAX_LENGTH: ReadonlyMap<string, number> = new Map([
  ['SRP_A', MAX_SRP_A_HEX_LENGTH],
  // The SECRET_BLOCK handed out, sent back; an unknown one is an expired session, not malformed.
  ['PASSWORD_CLAIM_SECRET_BLOCK', 2048],
  // Base64 of an HMAC-SHA256: 44 characters.
  ['PASSWORD_CLAIM_SIGNATURE', 128],
  // "Tue Jan 2 03:04:05 UTC 2024"
  ['TIMESTAMP', 64],
]);

export interface ParameterReader {
  /** The entry, checked against its type; InvalidParameterException when absent or empty. */
  require(name: string): string;
  /** The entry when present, checked against its type. */
  optional(name: string): string | undefined;
}

/** Reads AuthParameters (`member` = `authParameters`) or ChallengeResponses. */
export function parameterReader(params: Record<string, string> | undefined, member: string): ParameterReader {
  const check = (name: string, value: string): string => {
    const type = ENTRY_TYPES.get(name);
    if (type) {
      const parsed = type.safeParse(value);
      if (!parsed.success) {
        throw validationError(
          parsed.error.issues.map((issue) => ({ member: `${member}.${name}`, constraint: issue.message })),
        );
      }
      return parsed.data;
    }
    const max = ENTRY_MAX_LENGTH.get(name);
    if (max !== undefined && value.length > max) {
      throw validationError([
        { member: `${member}.${name}`, constraint: `Member must have length less than or equal to ${max}` },
      ]);
    }
    return value;
  };
  const read = (name: string) => (params && Object.hasOwn(params, name) ? params[name] : undefined);
  return {
    require(name) {
      const value = read(name);
      if (value === undefined || value === '') {
        throw new CognitoError('InvalidParameterException', `Missing required parameter ${name}`);
      }
      return check(name, value);
    },
    optional(name) {
      const value = read(name);
      return value === undefined ? undefined : check(name, value);
    },
  };
}
