/**
 * Hostile request bodies against the local IdP: values Cognito's model refuses must be refused
 * here too, before anything is derived from them or stored. The case that mattered: SRP_A was
 * only checked to be hex, so 300 InitiateAuth calls with a 1 MB "A" each grew the IdP by
 * ~330 MB, kept for three minutes. Cognito requires 0 < A < N (A ≡ 0 mod N would let anyone
 * in without the password); pending challenges are capped by bytes, per user and overall.
 */
import { type CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePasswordClaim, createClientEphemeral, srpPoolName } from '../../src/cognito/srp';
import { paddedHex } from '../../src/cognito/srp/encoding';
import { N } from '../../src/cognito/srp/group';
import { startIdp, type RunningIdp } from 'next-cognito-session-idp';
import { callIdp, publicSdk } from './support/idp-wire';

let idp: RunningIdp;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  idp = await startIdp({ port: 0, log: () => {} });
  sdk = publicSdk(idp);
});
afterAll(async () => {
  sdk?.destroy();
  await idp?.close();
});

function srpStart(srpA: string, username = 'demo@example.com') {
  return callIdp(idp, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: idp.defaultClientId,
    AuthParameters: { USERNAME: username, SRP_A: srpA },
  });
}

function expectInvalidParameter(answer: { status: number; json: Record<string, any> }, message?: RegExp) {
  expect(answer.status, JSON.stringify(answer.json).slice(0, 300)).toBe(400);
  expect(answer.json.__type).toBe('InvalidParameterException');
  expect(answer.json.ChallengeName).toBeUndefined();
  if (message) expect(answer.json.message).toMatch(message);
}

describe('SRP_A is bounded before anything is stored', () => {
  it('srp-a-megabyte: a ~1 MB hex SRP_A is refused, every time, without a challenge', async () => {
    const huge = 'f'.repeat(1000 * 1000);
    const answers = await Promise.all(Array.from({ length: 8 }, () => srpStart(huge)));
    for (const answer of answers) expectInvalidParameter(answer, /authParameters\.SRP_A.*less than or equal to/);
  });

  it('srp-a-zero-mod-n: A = 0, A = N and A = 2N are refused (each would make S = 0 whatever the password)', async () => {
    for (const A of [0n, N, 2n * N]) expectInvalidParameter(await srpStart(paddedHex(A)), /SRP_A/);
    expectInvalidParameter(await srpStart('0'.repeat(768)), /SRP_A/);
  });

  it('srp-a-not-below-n: A ≥ N is refused though A mod N is not 0', async () => {
    for (const A of [N + 1n, N + 2n, 2n * N - 1n]) expectInvalidParameter(await srpStart(paddedHex(A)), /SRP_A/);
    expectInvalidParameter(await srpStart('not-hex'), /SRP_A/);
    expectInvalidParameter(await srpStart('1'.repeat(2000)), /SRP_A/);
  });

  it('srp-a-in-range: A = 1 and A = N − 1 still get a PASSWORD_VERIFIER challenge', async () => {
    for (const A of [1n, N - 1n]) {
      const answer = await srpStart(paddedHex(A));
      expect(answer.status).toBe(200);
      expect(answer.json.ChallengeName).toBe('PASSWORD_VERIFIER');
    }
  });
});

describe('pending challenges are capped per user, by bytes', () => {
  async function startChallenge(username: string) {
    const client = await createClientEphemeral();
    const started = await srpStart(client.public, username);
    expect(started.status).toBe(200);
    return { client, params: started.json.ChallengeParameters as Record<string, string> };
  }

  async function answer(challenge: Awaited<ReturnType<typeof startChallenge>>, password: string) {
    const claim = await computePasswordClaim({
      poolName: srpPoolName(idp.poolId),
      userIdForSrp: challenge.params.USER_ID_FOR_SRP!,
      password,
      client: challenge.client,
      srpBHex: challenge.params.SRP_B!,
      saltHex: challenge.params.SALT!,
      secretBlockB64: challenge.params.SECRET_BLOCK!,
    });
    return callIdp(idp, 'RespondToAuthChallenge', {
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: idp.defaultClientId,
      ChallengeResponses: {
        USERNAME: challenge.params.USER_ID_FOR_SRP,
        PASSWORD_CLAIM_SECRET_BLOCK: challenge.params.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: claim.signature,
        TIMESTAMP: claim.timestamp,
      },
    });
  }

  it('challenge-flood-one-user: 40 open challenges for one name evict its oldest, not another user’s', async () => {
    const admin = await startChallenge('admin@example.com');
    const flooded: Awaited<ReturnType<typeof startChallenge>>[] = [];
    for (let i = 0; i < 40; i++) flooded.push(await startChallenge('demo@example.com'));
    // The flood's first challenges were dropped to keep the name within its share …
    const oldest = await answer(flooded[0]!, 'Passw0rd!demo');
    expect(oldest.json).toMatchObject({
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
    // … its newest still signs in, and so does the other user's challenge opened before it.
    expect((await answer(flooded.at(-1)!, 'Passw0rd!demo')).json.AuthenticationResult?.AccessToken).toBeDefined();
    expect((await answer(admin, 'Passw0rd!admin')).json.AuthenticationResult?.AccessToken).toBeDefined();
  });
});

describe("request members carry Cognito's length limits", () => {
  it('username-129: SignUp refuses a 129-character Username with Cognito’s validation message (SDK)', async () => {
    await expect(
      sdk.send(
        new SignUpCommand({
          ClientId: idp.defaultClientId,
          Username: `${'u'.repeat(117)}@example.com`,
          Password: 'Passw0rd!long',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128",
    });
  });

  it('password-257: SignUp and USER_PASSWORD_AUTH refuse a password over 256 characters', async () => {
    const long = `Aa1!${'x'.repeat(253)}`;
    expectInvalidParameter(
      await callIdp(idp, 'SignUp', { ClientId: idp.defaultClientId, Username: 'long@example.com', Password: long }),
      /'password'.*less than or equal to 256/,
    );
    expectInvalidParameter(
      await callIdp(idp, 'InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: idp.defaultClientId,
        AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: long },
      }),
      /authParameters\.PASSWORD.*less than or equal to 256/,
    );
  });

  it('username-in-auth-parameters: a 10 kB USERNAME never reaches the challenge store', async () => {
    const client = await createClientEphemeral();
    expectInvalidParameter(
      await srpStart(client.public, 'u'.repeat(10_000)),
      /authParameters\.USERNAME.*less than or equal to/,
    );
  });

  it('attributes-and-maps: an attribute value over 2048, a name over 32, and 101 ClientMetadata entries are refused', async () => {
    const signUp = (extra: Record<string, unknown>) =>
      callIdp(idp, 'SignUp', {
        ClientId: idp.defaultClientId,
        Username: 'maps@example.com',
        Password: 'Passw0rd!maps',
        ...extra,
      });
    expectInvalidParameter(
      await signUp({ UserAttributes: [{ Name: 'name', Value: 'n'.repeat(2049) }] }),
      /userAttributes\.1\.member\.value/,
    );
    expectInvalidParameter(
      await signUp({ UserAttributes: [{ Name: 'n'.repeat(33), Value: 'x' }] }),
      /userAttributes\.1\.member\.name/,
    );
    const metadata = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 'v']));
    expectInvalidParameter(await signUp({ ClientMetadata: metadata }), /clientMetadata/);
    expectInvalidParameter(await signUp({ SecretHash: 's'.repeat(129) }), /secretHash/);
  });
});
