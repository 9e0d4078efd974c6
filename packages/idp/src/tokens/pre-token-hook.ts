/**
 * Pre token generation trigger, V2 event shape (the one that can shape access tokens too).
 *
 * The hook receives the event and returns it with `response.claimsAndScopeOverrideDetails` set.
 * Like Cognito, a hook that throws fails the sign-in with UserLambdaValidationException, and a
 * response that touches a reserved claim or has the wrong shape fails it with
 * InvalidLambdaResponseException — silently dropping the override would hide the mistake.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { CognitoError } from '../cognito-error.js';
import type { Claims } from './claims.js';

export type PreTokenTriggerSource =
  | 'TokenGeneration_Authentication'
  | 'TokenGeneration_NewPasswordChallenge'
  | 'TokenGeneration_RefreshTokens'
  | 'TokenGeneration_HostedAuth';

export interface PreTokenGenerationEvent {
  version: '2';
  triggerSource: PreTokenTriggerSource;
  region: string;
  userPoolId: string;
  userName: string;
  callerContext: { awsSdkVersion: string; clientId: string };
  request: {
    userAttributes: Record<string, string>;
    groupConfiguration: {
      groupsToOverride: string[];
      iamRolesToOverride: string[];
      preferredRole: string | null;
    };
    scopes: string[];
    clientMetadata?: Record<string, string>;
  };
  response: { claimsAndScopeOverrideDetails: unknown };
}

export type PreTokenHook = (
  event: PreTokenGenerationEvent,
) => PreTokenGenerationEvent | Promise<PreTokenGenerationEvent>;

const tokenGenerationSchema = z
  .object({
    claimsToAddOrOverride: z.record(z.string(), z.unknown()).nullish(),
    claimsToSuppress: z.array(z.string()).nullish(),
    scopesToAdd: z.array(z.string()).nullish(),
    scopesToSuppress: z.array(z.string()).nullish(),
  })
  .nullish();

const overrideDetailsSchema = z
  .object({
    idTokenGeneration: tokenGenerationSchema,
    accessTokenGeneration: tokenGenerationSchema,
    groupOverrideDetails: z
      .object({
        groupsToOverride: z.array(z.string()).nullish(),
        iamRolesToOverride: z.array(z.string()).nullish(),
        preferredRole: z.string().nullish(),
      })
      .nullish(),
  })
  .nullish();
export type OverrideDetails = z.infer<typeof overrideDetailsSchema>;
type TokenGeneration = z.infer<typeof tokenGenerationSchema>;

/**
 * Claims the service owns: identity, lifetime, provenance and the ones that have their own
 * override channel (groups → groupOverrideDetails, scope → scopesToAdd/Suppress).
 */
const RESERVED_CLAIMS = new Set([
  'acr',
  'amr',
  'at_hash',
  'aud',
  'auth_time',
  'azp',
  'c_hash',
  'client_id',
  'cognito:groups',
  'cognito:preferred_role',
  'cognito:roles',
  'cognito:username',
  'event_id',
  'exp',
  'iat',
  'identities',
  'iss',
  'jti',
  'nbf',
  'nonce',
  'origin_jti',
  'scope',
  'sub',
  'token_use',
  'username',
  'version',
]);

/** Loads a hook module: its default export, or a named `handler` export (Lambda style). */
export async function loadPreTokenHook(modulePath: string): Promise<PreTokenHook> {
  const mod = (await import(pathToFileURL(resolve(modulePath)).href)) as Record<string, unknown>;
  const handler = mod.default ?? mod.handler;
  if (typeof handler !== 'function') {
    throw new Error(`pre token generation module ${modulePath} exports no default or handler function`);
  }
  return handler as PreTokenHook;
}

/** Runs the hook and returns its validated override details. */
export async function invokePreTokenHook(hook: PreTokenHook, event: PreTokenGenerationEvent): Promise<OverrideDetails> {
  let answered: PreTokenGenerationEvent;
  try {
    answered = await hook(structuredClone(event));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CognitoError('UserLambdaValidationException', `PreTokenGeneration failed with error ${reason}.`);
  }
  const parsed = overrideDetailsSchema.safeParse(answered?.response?.claimsAndScopeOverrideDetails);
  if (!parsed.success) {
    throw new CognitoError(
      'InvalidLambdaResponseException',
      `Invalid pre token generation response: ${z.prettifyError(parsed.error)}`,
    );
  }
  for (const [token, generation] of [
    ['ID', parsed.data?.idTokenGeneration],
    ['access', parsed.data?.accessTokenGeneration],
  ] as const) {
    const touched = [
      ...Object.keys(generation?.claimsToAddOrOverride ?? {}),
      ...(generation?.claimsToSuppress ?? []),
    ].filter((claim) => RESERVED_CLAIMS.has(claim));
    if (touched.length > 0) {
      throw new CognitoError(
        'InvalidLambdaResponseException',
        `Invalid pre token generation response: the ${token} token claims ${touched.join(', ')} are reserved and cannot be added, overridden or suppressed.`,
      );
    }
  }
  return parsed.data;
}

/** Applies one token's override to its claims (suppress first, then add, as Cognito orders it). */
export function applyClaimOverrides(claims: Claims, generation: TokenGeneration): Claims {
  const out = { ...claims };
  for (const claim of generation?.claimsToSuppress ?? []) delete out[claim];
  Object.assign(out, generation?.claimsToAddOrOverride ?? {});
  return out;
}

/** The access token's scopes after scopesToSuppress and scopesToAdd. */
export function applyScopeOverrides(scopes: string[], generation: TokenGeneration): string[] {
  const suppressed = new Set(generation?.scopesToSuppress ?? []);
  const kept = scopes.filter((scope) => !suppressed.has(scope));
  for (const scope of generation?.scopesToAdd ?? []) if (!kept.includes(scope)) kept.push(scope);
  return kept;
}
