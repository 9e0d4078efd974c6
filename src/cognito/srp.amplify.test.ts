/**
 * Bit-for-bit compatibility with the real aws-amplify v6 client, whose SRP code the local IdP's
 * server half must satisfy. Imports Amplify's internal modules from their dist path on purpose:
 * these are exactly the functions `signIn()` runs.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationHelper } from '../../node_modules/aws-amplify/node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/AuthenticationHelper/index';
import BigInteger from '../../node_modules/aws-amplify/node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/BigInteger/BigInteger';
import {
  getAuthenticationHelper,
  getNowString,
  getSignatureString,
} from '../../node_modules/aws-amplify/node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/index';
import { INIT_N } from '../../node_modules/aws-amplify/node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/constants';
import { deriveClaimKey, computeU, computeX } from './srp/derive.js';
import { modPow, SRP_MATH_ENV, srpMath } from './srp/mod-pow.js';
import { N, g, k } from './srp/group.js';
import { createPasswordVerifier, createServerEphemeral, verifyPasswordClaim } from 'next-cognito-session-idp';
import { computePasswordClaim, createClientEphemeral, formatSrpTimestamp, srpPoolName } from './srp.js';

type AmplifyBigInteger = InstanceType<typeof BigInteger>;
const big = (hex: string): AmplifyBigInteger => new BigInteger(hex, 16) as AmplifyBigInteger;

const userPoolId = 'us-east-1_AmplifyX1';
const poolName = srpPoolName(userPoolId);
const userIdForSrp = 'demo@example.com';
const password = 'Correct-Horse-9';
const secretBlockB64 = btoa('secret block bytes \u00ff\u0001 from the IdP');

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

// Both maths of `modPow` (OpenSSL and BigInt) must produce Amplify's bytes; the IdP's half reads
// the same env var, so both ends switch together.
const MATHS = ['native', 'bigint'] as const;

describe('our group equals Amplify’s', () => {
  it('N and k', () => {
    expect(BigInt(`0x${INIT_N}`)).toBe(N);
    const helper = new AuthenticationHelper({
      userPoolName: poolName,
      a: big('1'),
      g: big('2'),
      A: big('2'),
      N: big(INIT_N),
    });
    expect(BigInt(`0x${helper.k.toString(16)}`)).toBe(k);
  });
});

describe.each(MATHS)('with %s maths', (math) => {
  beforeEach(() => {
    vi.stubEnv(SRP_MATH_ENV, math);
    expect(srpMath()).toBe(math);
  });

  describe('our server verifies claims made by Amplify’s client code', () => {
    // Several rounds so the random salt, A, B and S hit both the "00"-padded and unpadded cases.
    it.each(Array.from({ length: 8 }, (_, i) => i))('round %i', async () => {
      const { salt, verifier } = await createPasswordVerifier({ poolName, userIdForSrp, password });
      const server = await createServerEphemeral(verifier);

      const helper = await getAuthenticationHelper(poolName);
      const srpAHex = helper.A.toString(16); // what Amplify puts in SRP_A
      const hkdf = await helper.getPasswordAuthenticationKey({
        username: userIdForSrp,
        password,
        serverBValue: big(server.public),
        salt: big(salt),
      });
      const timestamp = getNowString();
      const signatureB64 = getSignatureString({
        userPoolName: poolName,
        username: userIdForSrp,
        challengeParameters: { SECRET_BLOCK: secretBlockB64 },
        dateNow: timestamp,
        hkdf,
      });

      const input = {
        poolName,
        userIdForSrp,
        saltHex: salt,
        verifierHex: verifier,
        srpAHex,
        serverSecretHex: server.secret,
        serverPublicHex: server.public,
        secretBlockB64,
        timestamp,
        signatureB64,
      };
      expect(await verifyPasswordClaim(input)).toBe(true);

      const wrong = await helper.getPasswordAuthenticationKey({
        username: userIdForSrp,
        password: `${password}x`,
        serverBValue: big(server.public),
        salt: big(salt),
      });
      const wrongSignature = getSignatureString({
        userPoolName: poolName,
        username: userIdForSrp,
        challengeParameters: { SECRET_BLOCK: secretBlockB64 },
        dateNow: timestamp,
        hkdf: wrong,
      });
      expect(await verifyPasswordClaim({ ...input, signatureB64: wrongSignature })).toBe(false);
    });
  });

  describe('Amplify’s derived key and signature equal ours for the same inputs', () => {
    it.each([
      ['random salt', undefined],
      ['salt with top bit set', '8f00112233445566778899aabbccddee'],
      ['salt with a leading zero nibble', '0f00112233445566778899aabbccddee'],
    ])('%s', async (_label, fixedSalt) => {
      const made = await createPasswordVerifier({ poolName, userIdForSrp, password });
      const salt = fixedSalt ?? made.salt;
      const x = await computeX({ poolName, userIdForSrp, password, salt: BigInt(`0x${salt}`) });
      const server = await createServerEphemeral(modPow(g, x, N).toString(16));
      const client = await createClientEphemeral();

      const helper = new AuthenticationHelper({
        userPoolName: poolName,
        a: big(client.secret),
        g: big('2'),
        A: big(client.public),
        N: big(INIT_N),
      });
      const amplifyKey = await helper.getPasswordAuthenticationKey({
        username: userIdForSrp,
        password,
        serverBValue: big(server.public),
        salt: big(salt),
      });

      const A = BigInt(`0x${client.public}`);
      const B = BigInt(`0x${server.public}`);
      const u = await computeU(A, B);
      const S = modPow(B - k * modPow(g, x, N), BigInt(`0x${client.secret}`) + u * x, N);
      expect(await deriveClaimKey(S, u)).toEqual(new Uint8Array(amplifyKey));

      const now = new Date(Date.UTC(2024, 6, 4, 3, 2, 1));
      const ours = await computePasswordClaim({
        poolName,
        userIdForSrp,
        password,
        client,
        srpBHex: server.public,
        saltHex: salt,
        secretBlockB64,
        now,
      });
      const theirs = getSignatureString({
        userPoolName: poolName,
        username: userIdForSrp,
        challengeParameters: { SECRET_BLOCK: secretBlockB64 },
        dateNow: formatSrpTimestamp(now),
        hkdf: amplifyKey,
      });
      expect(ours.signature).toBe(theirs);
    });
  });
});

describe('timestamp format equals Amplify’s getNowString', () => {
  it.each([Date.UTC(2024, 2, 5, 9, 4, 7), Date.UTC(2023, 0, 1, 0, 0, 0), Date.UTC(2026, 9, 19, 23, 59, 59)])(
    'at %i',
    (at) => {
      vi.useFakeTimers({ now: at });
      expect(getNowString()).toBe(formatSrpTimestamp(new Date(at)));
    },
  );
});
