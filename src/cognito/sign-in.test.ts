import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCognitoClient } from './client.js';
import { completeNewPassword, signInWithPassword, signInWithSrp } from './sign-in.js';
import { createPasswordVerifier, createServerEphemeral, verifyPasswordClaim } from 'next-cognito-session-idp';
import { isValidSrpTimestamp, srpPoolName } from './srp.js';
import {
  cognitoError,
  type ScriptedAnswer,
  type ScriptedCognito,
  type ScriptedRequest,
  startScriptedCognito,
  TOKENS,
} from '../../test/support/scripted-cognito.js';
import { IdpRejected, IdpUnavailable } from '../errors.js';

const userPoolId = 'eu-west-1_SignInTest';
const clientId = 'client-xyz';
const userIdForSrp = '0c6e1f1a-1111-4aaa-8bbb-222222222222'; // the email is only an alias
const password = 'S3cure-enough';
let server: ScriptedCognito | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Just enough of Cognito's USER_SRP_AUTH, built on our server half. */
async function srpIdp(options: { nextChallenge?: string; breakChallenge?: boolean } = {}) {
  const poolName = srpPoolName(userPoolId);
  const { salt, verifier } = await createPasswordVerifier({ poolName, userIdForSrp, password });
  const secretBlockB64 = btoa('block-for-this-attempt');
  let pending: { A: string; secret: string; public: string } | undefined;

  return async (request: ScriptedRequest): Promise<ScriptedAnswer> => {
    if (request.operation === 'InitiateAuth') {
      const params = request.body.AuthParameters as Record<string, string>;
      const ephemeral = await createServerEphemeral(verifier);
      pending = { A: params.SRP_A ?? '', ...ephemeral };
      return {
        json: {
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: 'srp-session',
          ChallengeParameters: {
            SALT: salt,
            SRP_B: options.breakChallenge ? 'zz' : ephemeral.public,
            SECRET_BLOCK: secretBlockB64,
            USER_ID_FOR_SRP: userIdForSrp,
            USERNAME: userIdForSrp,
          },
        },
      };
    }
    const responses = request.body.ChallengeResponses as Record<string, string>;
    if (!pending || request.body.Session !== 'srp-session')
      return cognitoError('NotAuthorizedException', 'bad session');
    const timestamp = responses.TIMESTAMP ?? '';
    const ok =
      isValidSrpTimestamp(timestamp, { now: new Date() }) &&
      (await verifyPasswordClaim({
        poolName,
        userIdForSrp: responses.USERNAME ?? '',
        saltHex: salt,
        verifierHex: verifier,
        srpAHex: pending.A,
        serverSecretHex: pending.secret,
        serverPublicHex: pending.public,
        secretBlockB64: responses.PASSWORD_CLAIM_SECRET_BLOCK ?? '',
        timestamp,
        signatureB64: responses.PASSWORD_CLAIM_SIGNATURE ?? '',
      }));
    if (!ok) return cognitoError('NotAuthorizedException', 'Incorrect username or password.');
    if (options.nextChallenge) {
      return { json: { ChallengeName: options.nextChallenge, Session: 'next-session', ChallengeParameters: {} } };
    }
    return { json: { AuthenticationResult: { ...TOKENS, RefreshToken: 'refresh-1' } } };
  };
}

async function clientFor(
  answer: (request: ScriptedRequest) => Promise<ScriptedAnswer> | ScriptedAnswer,
  clientSecret?: string,
) {
  server = await startScriptedCognito(answer);
  return createCognitoClient({ endpoint: server.url, clientId, clientSecret });
}

describe('signInWithSrp', () => {
  it('signs in and reports Cognito’s username, not the alias typed in', async () => {
    const cognito = await clientFor(await srpIdp());
    const result = await signInWithSrp(cognito, { userPoolId, username: 'ann@example.com', password });
    expect(result).toEqual({
      kind: 'signedIn',
      tokens: { AccessToken: TOKENS.AccessToken, IdToken: TOKENS.IdToken, RefreshToken: 'refresh-1' },
      username: userIdForSrp,
    });
    expect(server?.requests[0]?.body.AuthParameters).toMatchObject({ USERNAME: 'ann@example.com' });
    expect(server?.requests[1]?.body).toMatchObject({
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { USERNAME: userIdForSrp, PASSWORD_CLAIM_SECRET_BLOCK: btoa('block-for-this-attempt') },
    });
  });

  it('a wrong password is IdpRejected NotAuthorizedException', async () => {
    const cognito = await clientFor(await srpIdp());
    const error = await signInWithSrp(cognito, { userPoolId, username: 'ann', password: 'nope' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IdpRejected);
    expect(error).toMatchObject({ cognitoType: 'NotAuthorizedException' });
  });

  it('hands NEW_PASSWORD_REQUIRED back with its session, then completes it', async () => {
    const srp = await srpIdp({ nextChallenge: 'NEW_PASSWORD_REQUIRED' });
    const cognito = await clientFor((request) =>
      request.body.ChallengeName === 'NEW_PASSWORD_REQUIRED'
        ? { json: { AuthenticationResult: TOKENS } }
        : srp(request),
    );
    const result = await signInWithSrp(cognito, { userPoolId, username: 'ann', password });
    expect(result).toMatchObject({
      kind: 'challenge',
      name: 'NEW_PASSWORD_REQUIRED',
      session: 'next-session',
      username: userIdForSrp,
    });
    if (result.kind !== 'challenge') return;
    const done = await completeNewPassword(cognito, {
      session: result.session,
      username: result.username,
      newPassword: 'N3w-pass',
    });
    expect(done.kind).toBe('signedIn');
  });

  it('an unusable SRP challenge is the IdP’s fault', async () => {
    const cognito = await clientFor(await srpIdp({ breakChallenge: true }));
    await expect(signInWithSrp(cognito, { userPoolId, username: 'ann', password })).rejects.toBeInstanceOf(
      IdpUnavailable,
    );
  });

  it('sends SECRET_HASH for the typed username first, then for USER_ID_FOR_SRP', async () => {
    const secret = 'client-secret';
    const cognito = await clientFor(await srpIdp(), secret);
    await signInWithSrp(cognito, { userPoolId, username: 'ann@example.com', password });
    const hash = (name: string) =>
      createHmac('sha256', secret)
        .update(name + clientId)
        .digest('base64');
    expect(server?.requests[0]?.body.AuthParameters).toMatchObject({ SECRET_HASH: hash('ann@example.com') });
    expect(server?.requests[1]?.body.ChallengeResponses).toMatchObject({ SECRET_HASH: hash(userIdForSrp) });
  });
});

describe('signInWithPassword', () => {
  it('uses USER_PASSWORD_AUTH', async () => {
    const cognito = await clientFor(() => ({ json: { AuthenticationResult: TOKENS } }));
    await expect(signInWithPassword(cognito, { username: 'ann', password: 'pw' })).resolves.toMatchObject({
      kind: 'signedIn',
      username: 'ann',
    });
    expect(server?.requests[0]?.body).toMatchObject({ AuthFlow: 'USER_PASSWORD_AUTH' });
  });
});
