/**
 * The local IdP's JSON API as an attacker reaches it: raw `fetch` calls (so a body can carry
 * what no SDK would send), the real AWS SDK client for the operations where interop matters, and
 * one place that builds the admin-operation client — admin calls go through `adminSdk` only, so
 * a change in how admin operations authenticate is made here once.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { RunningIdp } from 'next-cognito-session-idp';
import { createClientEphemeral, computePasswordClaim, srpPoolName } from '../../../src/cognito/srp';

export interface IdpEndpoint {
  url: string;
  poolId: string;
  defaultClientId: string;
}

export interface WireAnswer {
  status: number;
  json: Record<string, any>;
}

export async function callIdp(idp: { url: string }, target: string, body: unknown): Promise<WireAnswer> {
  const response = await fetch(idp.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: Record<string, any>;
  try {
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    json = { unparsable: text };
  }
  return { status: response.status, json };
}

/** The SDK client the hostile tests send admin operations with (AdminCreateUser, CreateGroup, …). */
export function adminSdk(idp: Pick<RunningIdp, 'url' | 'poolId' | 'adminCredentials'>): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: idp.url,
    region: idp.poolId.split('_')[0]!,
    // Admin operations must be SigV4-signed with the IdP's admin key pair.
    credentials: idp.adminCredentials,
    maxAttempts: 1,
  });
}

/** The SDK client for the public (unsigned) operations: SignUp, InitiateAuth, GetUser, … */
export function publicSdk(idp: { url: string; poolId: string }): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint: idp.url,
    region: idp.poolId.split('_')[0]!,
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    maxAttempts: 1,
  });
}

export function passwordAuth(idp: IdpEndpoint, username: string, password: string, clientId = idp.defaultClientId) {
  return callIdp(idp, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
}

/** A whole USER_SRP_AUTH sign-in, as Amplify runs it; returns the last answer. */
export async function srpSignIn(idp: IdpEndpoint, username: string, password: string): Promise<WireAnswer> {
  const client = await createClientEphemeral();
  const started = await callIdp(idp, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: idp.defaultClientId,
    AuthParameters: { USERNAME: username, SRP_A: client.public },
  });
  if (started.status !== 200) return started;
  const params = started.json.ChallengeParameters as Record<string, string>;
  const claim = await computePasswordClaim({
    poolName: srpPoolName(idp.poolId),
    userIdForSrp: params.USER_ID_FOR_SRP!,
    password,
    client,
    srpBHex: params.SRP_B!,
    saltHex: params.SALT!,
    secretBlockB64: params.SECRET_BLOCK!,
  });
  return callIdp(idp, 'RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: idp.defaultClientId,
    ChallengeResponses: {
      USERNAME: params.USER_ID_FOR_SRP,
      PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: claim.signature,
      TIMESTAMP: claim.timestamp,
    },
  });
}

/** SignUp + ConfirmSignUp with the code the IdP logged; the user is then CONFIRMED. */
export async function signUpConfirmed(
  idp: IdpEndpoint & { admin: { confirmationCode(username: string): string | undefined } },
  username: string,
  password: string,
  attributes: Record<string, string> = {},
): Promise<void> {
  const signUp = await callIdp(idp, 'SignUp', {
    ClientId: idp.defaultClientId,
    Username: username,
    Password: password,
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  });
  if (signUp.status !== 200) throw new Error(`SignUp ${username}: ${JSON.stringify(signUp.json)}`);
  const confirmed = await callIdp(idp, 'ConfirmSignUp', {
    ClientId: idp.defaultClientId,
    Username: username,
    ConfirmationCode: idp.admin.confirmationCode(username),
  });
  if (confirmed.status !== 200) throw new Error(`ConfirmSignUp ${username}: ${JSON.stringify(confirmed.json)}`);
}
