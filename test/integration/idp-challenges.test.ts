/**
 * RespondToAuthChallenge and ConfirmSignUp edge cases over the wire: SECRET_HASH on every
 * challenge answer of a client with a secret, a NEW_PASSWORD_REQUIRED session that survives a
 * weak-password retry (Amplify's confirmSignIn reuses it), and a bounded confirmation-code guess.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSecretHash } from '../../src/cognito/secret-hash';
import { computePasswordClaim, createClientEphemeral, srpPoolName } from '../../src/cognito/srp';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';

const SECRET_CLIENT = { clientId: 'secretclient0000000000000a', clientSecret: 'the-client-secret-value' };
const logLines: string[] = [];
let idp: RunningIdp;

beforeAll(async () => {
  idp = await startIdp({
    port: 0,
    log: (line) => logLines.push(line),
    clients: [{ ...SECRET_CLIENT, name: 'confidential', callbackUrls: ['http://localhost:3000/cb'] }],
  });
});
afterAll(async () => {
  await idp?.close();
});

async function call(target: string, body: unknown): Promise<{ status: number; json: Record<string, any> }> {
  const response = await fetch(idp.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, any> };
}

function secretHash(username: string) {
  return computeSecretHash({ ...SECRET_CLIENT, username });
}

async function forceChangeUser(username: string, clientId = SECRET_CLIENT.clientId) {
  await idp.admin.createUser({
    username,
    password: 'Temp0rary!pw',
    attributes: { email: username },
    status: 'FORCE_CHANGE_PASSWORD',
  });
  const auth: Record<string, string> = { USERNAME: username, PASSWORD: 'Temp0rary!pw' };
  if (clientId === SECRET_CLIENT.clientId) auth.SECRET_HASH = await secretHash(username);
  const started = await call('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: clientId,
    AuthParameters: auth,
  });
  expect(started.json.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  return started.json.Session as string;
}

describe('SECRET_HASH on challenge answers', () => {
  it('PASSWORD_VERIFIER without or with a wrong SECRET_HASH is refused; with it, tokens', async () => {
    const username = 'demo@example.com';
    async function attempt(hash: string | undefined) {
      const ephemeral = await createClientEphemeral();
      const started = await call('InitiateAuth', {
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: SECRET_CLIENT.clientId,
        AuthParameters: { USERNAME: username, SRP_A: ephemeral.public, SECRET_HASH: await secretHash(username) },
      });
      const params = started.json.ChallengeParameters as Record<string, string>;
      const claim = await computePasswordClaim({
        poolName: srpPoolName(idp.poolId),
        userIdForSrp: params.USER_ID_FOR_SRP!,
        password: 'Passw0rd!demo',
        client: ephemeral,
        srpBHex: params.SRP_B!,
        saltHex: params.SALT!,
        secretBlockB64: params.SECRET_BLOCK!,
      });
      return call('RespondToAuthChallenge', {
        ChallengeName: 'PASSWORD_VERIFIER',
        ClientId: SECRET_CLIENT.clientId,
        ChallengeResponses: {
          USERNAME: params.USER_ID_FOR_SRP,
          PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK,
          PASSWORD_CLAIM_SIGNATURE: claim.signature,
          TIMESTAMP: claim.timestamp,
          ...(hash !== undefined && { SECRET_HASH: hash }),
        },
      });
    }
    const missing = await attempt(undefined);
    expect(missing.json.__type).toBe('NotAuthorizedException');
    expect(missing.json.message).toMatch(/secret hash/i);
    expect((await attempt(await secretHash('other@example.com'))).json.__type).toBe('NotAuthorizedException');
    const ok = await attempt(await secretHash(username));
    expect(ok.json.AuthenticationResult?.IdToken).toBeDefined();
  });

  it('NEW_PASSWORD_REQUIRED needs SECRET_HASH and the challenge’s USERNAME', async () => {
    const username = 'np-secret@example.com';
    const session = await forceChangeUser(username);
    const answer = (responses: Record<string, string>) =>
      call('RespondToAuthChallenge', {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ClientId: SECRET_CLIENT.clientId,
        Session: session,
        ChallengeResponses: { NEW_PASSWORD: 'Chosen-Passw0rd', ...responses },
      });
    const noHash = await answer({ USERNAME: username });
    expect(noHash.json.__type).toBe('NotAuthorizedException');
    const noUsername = await answer({ SECRET_HASH: await secretHash(username) });
    expect(noUsername.json).toMatchObject({
      __type: 'InvalidParameterException',
      message: expect.stringMatching(/USERNAME/),
    });
    const otherUser = await answer({ USERNAME: 'demo@example.com', SECRET_HASH: await secretHash('demo@example.com') });
    expect(otherUser.json.__type).toBe('NotAuthorizedException');
    // None of the refusals consumed the session.
    const ok = await answer({ USERNAME: username, SECRET_HASH: await secretHash(username) });
    expect(ok.json.AuthenticationResult?.IdToken).toBeDefined();
  });
});

describe('NEW_PASSWORD_REQUIRED', () => {
  it('keeps the session after a weak password so the same session can retry', async () => {
    const username = 'np-retry@example.com';
    const session = await forceChangeUser(username, idp.defaultClientId);
    const answer = (password: string, extra: Record<string, string> = {}) =>
      call('RespondToAuthChallenge', {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ClientId: idp.defaultClientId,
        Session: session,
        ChallengeResponses: { USERNAME: username, NEW_PASSWORD: password, ...extra },
      });
    expect((await answer('weak')).json.__type).toBe('InvalidPasswordException');
    const ok = await answer('Chosen-Passw0rd', { 'userAttributes.name': 'Chosen Name' });
    expect(ok.json.AuthenticationResult?.IdToken).toBeDefined();
    const user = await call('GetUser', { AccessToken: ok.json.AuthenticationResult.AccessToken });
    expect(user.json.UserAttributes).toContainEqual({ Name: 'name', Value: 'Chosen Name' });
  });

  it('refuses sub and email_verified among userAttributes', async () => {
    for (const attribute of ['sub', 'email_verified']) {
      const username = `np-${attribute}@example.com`.replace('_', '-');
      const session = await forceChangeUser(username, idp.defaultClientId);
      const refused = await call('RespondToAuthChallenge', {
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        ClientId: idp.defaultClientId,
        Session: session,
        ChallengeResponses: {
          USERNAME: username,
          NEW_PASSWORD: 'Chosen-Passw0rd',
          [`userAttributes.${attribute}`]: 'x',
        },
      });
      expect(refused.json.__type).toBe('InvalidParameterException');
    }
  });
});

describe('ConfirmSignUp', () => {
  it('allows five wrong codes, then answers LimitExceededException and logs a new code', async () => {
    const username = 'guesser@example.com';
    await call('SignUp', { ClientId: idp.defaultClientId, Username: username, Password: 'Fresh-Passw0rd' });
    const first = idp.admin.confirmationCode(username)!;
    const wrong = first === '000000' ? '000001' : '000000';
    const confirm = (code: string) =>
      call('ConfirmSignUp', { ClientId: idp.defaultClientId, Username: username, ConfirmationCode: code });
    for (let i = 0; i < 4; i++) expect((await confirm(wrong)).json.__type).toBe('CodeMismatchException');
    expect((await confirm(wrong)).json.__type).toBe('LimitExceededException');
    const second = idp.admin.confirmationCode(username)!;
    expect(logLines.filter((l) => l.includes(username) && l.includes('confirmation code'))).toHaveLength(2);
    expect(logLines.at(-1)).toContain(second);
    // The old code died with the limit; the new one works.
    if (second !== first) expect((await confirm(first)).json.__type).toBe('CodeMismatchException');
    expect((await confirm(second)).status).toBe(200);
  });
});

describe('unknown users look like known ones', () => {
  it('answers USER_SRP_AUTH for an unknown name with a stable decoy challenge that then fails like a wrong password', async () => {
    async function srpAttempt(username: string) {
      const ephemeral = await createClientEphemeral();
      const started = await call('InitiateAuth', {
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: idp.defaultClientId,
        AuthParameters: { USERNAME: username, SRP_A: ephemeral.public },
      });
      expect(started.json.ChallengeName).toBe('PASSWORD_VERIFIER');
      const params = started.json.ChallengeParameters as Record<string, string>;
      const claim = await computePasswordClaim({
        poolName: srpPoolName(idp.poolId),
        userIdForSrp: params.USER_ID_FOR_SRP!,
        password: 'Wr0ng!password',
        client: ephemeral,
        srpBHex: params.SRP_B!,
        saltHex: params.SALT!,
        secretBlockB64: params.SECRET_BLOCK!,
      });
      const answered = await call('RespondToAuthChallenge', {
        ChallengeName: 'PASSWORD_VERIFIER',
        ClientId: idp.defaultClientId,
        ChallengeResponses: {
          USERNAME: params.USER_ID_FOR_SRP,
          PASSWORD_CLAIM_SECRET_BLOCK: params.SECRET_BLOCK,
          PASSWORD_CLAIM_SIGNATURE: claim.signature,
          TIMESTAMP: claim.timestamp,
        },
      });
      return { salt: params.SALT, error: answered.json };
    }
    const ghost = await srpAttempt('ghost@example.com');
    const known = await srpAttempt('demo@example.com');
    expect(ghost.error).toEqual(known.error);
    expect(ghost.error).toMatchObject({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(ghost.salt).toMatch(/^[0-9a-f]+$/);
    expect((await srpAttempt('ghost@example.com')).salt).toBe(ghost.salt);
    expect((await srpAttempt('other-ghost@example.com')).salt).not.toBe(ghost.salt);
  });
});
