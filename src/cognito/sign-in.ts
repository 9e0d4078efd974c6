/**
 * Username/password sign-in for server-side flows (route handlers, server actions): SRP by
 * default, as Amplify does, so the password never leaves the server either.
 *
 * @example
 *   const result = await signInWithSrp(cognito, { userPoolId, username, password });
 *   if (result.kind === 'challenge' && result.name === 'NEW_PASSWORD_REQUIRED') …
 */
import type { CognitoClient, AuthFlowResponse } from './client.js';
import type { AuthenticationResult } from './protocol.js';
import { computePasswordClaim, createClientEphemeral, srpPoolName } from './srp.js';
import { IdpUnavailable } from '../errors.js';

export type SignInResult =
  | { kind: 'signedIn'; tokens: AuthenticationResult; username: string }
  | {
      kind: 'challenge';
      /** e.g. NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA — the caller decides what to support. */
      name: string;
      session: string;
      username: string;
      parameters: Record<string, string>;
    };

export async function signInWithSrp(
  client: CognitoClient,
  input: { userPoolId: string; username: string; password: string; now?: () => Date },
): Promise<SignInResult> {
  const ephemeral = await createClientEphemeral();
  const started = await client.initiateAuth('USER_SRP_AUTH', {
    USERNAME: input.username,
    SRP_A: ephemeral.public,
  });
  if (started.ChallengeName !== 'PASSWORD_VERIFIER') return toResult(client, started, input.username);

  const challenge = started.ChallengeParameters ?? {};
  const { SRP_B, SALT, SECRET_BLOCK } = challenge;
  // Cognito hashes with its own username (a UUID when the user signed in with an email alias).
  const userIdForSrp = challenge.USER_ID_FOR_SRP;
  if (!SRP_B || !SALT || !SECRET_BLOCK || !userIdForSrp) {
    throw new IdpUnavailable(
      `Cognito at ${client.endpoint} sent PASSWORD_VERIFIER without SRP_B, SALT, SECRET_BLOCK and USER_ID_FOR_SRP`,
    );
  }
  let claim: { signature: string; timestamp: string };
  try {
    claim = await computePasswordClaim({
      poolName: srpPoolName(input.userPoolId),
      userIdForSrp,
      password: input.password,
      client: ephemeral,
      srpBHex: SRP_B,
      saltHex: SALT,
      secretBlockB64: SECRET_BLOCK,
      now: input.now?.(),
    });
  } catch (error) {
    // Malformed SRP_B/SALT/SECRET_BLOCK, or B ≡ 0 mod N: the IdP is broken, not the password.
    throw new IdpUnavailable(`Cognito at ${client.endpoint} sent an unusable SRP challenge`, { cause: error });
  }
  const answered = await client.respondToAuthChallenge({
    challengeName: 'PASSWORD_VERIFIER',
    session: started.Session,
    responses: {
      USERNAME: userIdForSrp,
      PASSWORD_CLAIM_SECRET_BLOCK: SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: claim.signature,
      TIMESTAMP: claim.timestamp,
    },
  });
  return toResult(client, answered, userIdForSrp);
}

/** USER_PASSWORD_AUTH: simpler, but only works when the app client allows it. */
export async function signInWithPassword(
  client: CognitoClient,
  input: { username: string; password: string },
): Promise<SignInResult> {
  const answered = await client.initiateAuth('USER_PASSWORD_AUTH', {
    USERNAME: input.username,
    PASSWORD: input.password,
  });
  return toResult(client, answered, input.username);
}

/** Answers NEW_PASSWORD_REQUIRED with the user's chosen password. */
export async function completeNewPassword(
  client: CognitoClient,
  input: { session: string; username: string; newPassword: string },
): Promise<SignInResult> {
  const answered = await client.respondToAuthChallenge({
    challengeName: 'NEW_PASSWORD_REQUIRED',
    session: input.session,
    responses: { USERNAME: input.username, NEW_PASSWORD: input.newPassword },
  });
  return toResult(client, answered, input.username);
}

function toResult(client: CognitoClient, answer: AuthFlowResponse, fallbackUsername: string): SignInResult {
  const parameters = answer.ChallengeParameters ?? {};
  const username = parameters.USER_ID_FOR_SRP ?? parameters.USERNAME ?? fallbackUsername;
  if (answer.AuthenticationResult) {
    return { kind: 'signedIn', tokens: answer.AuthenticationResult, username };
  }
  // The schema guarantees a ChallengeName when there are no tokens.
  const name = answer.ChallengeName ?? '';
  if (answer.Session === undefined) {
    throw new IdpUnavailable(`Cognito at ${client.endpoint} sent challenge ${name} without a Session`);
  }
  return { kind: 'challenge', name, session: answer.Session, username, parameters };
}
