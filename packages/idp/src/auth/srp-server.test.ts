import { describe, expect, it } from 'vitest';
import {
  N,
  base64Decode,
  computePasswordClaim,
  createClientEphemeral,
  formatSrpTimestamp,
  g,
  hexToBytes,
  isValidSrpTimestamp,
  k,
  mod,
  modPow,
  paddedHex,
  parseSrpTimestamp,
  sha256Hex,
  srpPoolName,
} from 'next-cognito-session/protocol';
import {
  createPasswordVerifier,
  createServerEphemeral,
  isValidClientPublic,
  verifyPasswordClaim,
} from './srp-server.js';

const poolName = srpPoolName('us-east-1_TestPool1');
const userIdForSrp = '6f1c2a3e-0000-4000-8000-000000000001';
const secretBlockB64 = btoa('opaque secret block issued by the IdP');

async function signInRound(passwordAtSignUp: string, passwordAtSignIn: string) {
  const { salt, verifier } = await createPasswordVerifier({
    poolName,
    userIdForSrp,
    password: passwordAtSignUp,
  });
  const server = await createServerEphemeral(verifier);
  const client = await createClientEphemeral();
  const claim = await computePasswordClaim({
    poolName,
    userIdForSrp,
    password: passwordAtSignIn,
    client,
    srpBHex: server.public,
    saltHex: salt,
    secretBlockB64,
  });
  const base = {
    poolName,
    userIdForSrp,
    saltHex: salt,
    verifierHex: verifier,
    srpAHex: client.public,
    serverSecretHex: server.secret,
    serverPublicHex: server.public,
    secretBlockB64,
    timestamp: claim.timestamp,
    signatureB64: claim.signature,
  };
  return { base, verified: await verifyPasswordClaim(base) };
}

describe('SRP group', () => {
  it('k is H(pad(N) | pad(g))', async () => {
    expect(BigInt(`0x${await sha256Hex(hexToBytes(paddedHex(N) + paddedHex(g)))}`)).toBe(k);
  });

  it('pads like Java toByteArray', () => {
    expect(paddedHex(0x14n)).toBe('14');
    expect(paddedHex(0xecn)).toBe('00ec');
    expect(paddedHex(0xabcn)).toBe('0abc');
    expect(paddedHex(0n)).toBe('00');
    expect(paddedHex(N).startsWith('00ff')).toBe(true);
  });

  it('modPow agrees with repeated multiplication', () => {
    let expected = 1n;
    for (let i = 0; i < 37; i++) expected = (expected * 12345n) % N;
    expect(modPow(12345n, 37n, N)).toBe(expected);
    expect(modPow(-3n, 3n, 7n)).toBe(mod(-27n, 7n));
  });
});

describe('SRP halves', () => {
  it('client and server agree on the right password', async () => {
    expect((await signInRound('Passw0rd!', 'Passw0rd!')).verified).toBe(true);
  });

  it('disagree on a wrong password', async () => {
    expect((await signInRound('Passw0rd!', 'passw0rd!')).verified).toBe(false);
  });

  it('rejects a tampered timestamp, secret block or user id', async () => {
    const { base } = await signInRound('pw', 'pw');
    expect(await verifyPasswordClaim({ ...base, timestamp: `${base.timestamp} ` })).toBe(false);
    expect(await verifyPasswordClaim({ ...base, secretBlockB64: btoa('other') })).toBe(false);
    expect(await verifyPasswordClaim({ ...base, userIdForSrp: 'someone-else' })).toBe(false);
  });

  it('returns false (no throw) for A ≡ 0 mod N and garbage client input', async () => {
    const { base } = await signInRound('pw', 'pw');
    expect(await verifyPasswordClaim({ ...base, srpAHex: '0' })).toBe(false);
    expect(await verifyPasswordClaim({ ...base, srpAHex: N.toString(16) })).toBe(false);
    expect(await verifyPasswordClaim({ ...base, srpAHex: (2n * N).toString(16) })).toBe(false);
    expect(await verifyPasswordClaim({ ...base, srpAHex: 'not hex' })).toBe(false);
    expect(await verifyPasswordClaim({ ...base, signatureB64: '%%%' })).toBe(false);
    expect(await verifyPasswordClaim({ ...base, secretBlockB64: '***' })).toBe(false);
  });

  it('lets the server store only client publics with 0 < A < N, bounded in length', async () => {
    expect(isValidClientPublic((await createClientEphemeral()).public)).toBe(true);
    expect(isValidClientPublic(paddedHex(N - 1n))).toBe(true);
    expect(isValidClientPublic(`00${'0'.repeat(254)}01`)).toBe(true);
    for (const bad of [
      paddedHex(0n),
      paddedHex(N),
      paddedHex(N + 1n),
      paddedHex(2n * N),
      'zz',
      '',
      `0${'0'.repeat(1024)}1`,
    ]) {
      expect(isValidClientPublic(bad), bad.slice(0, 20)).toBe(false);
    }
  });

  it('accepts a URL-safe unpadded secret block, as Amplify does', async () => {
    const raw = new Uint8Array([0xfb, 0xff, 0xfe, 0x01]);
    const standard = btoa(String.fromCharCode(...raw));
    expect(standard).toBe('+//+AQ==');
    expect(base64Decode('-__-AQ')).toEqual(raw);
  });

  it('client refuses B ≡ 0 mod N', async () => {
    const client = await createClientEphemeral();
    await expect(
      computePasswordClaim({
        poolName,
        userIdForSrp,
        password: 'pw',
        client,
        srpBHex: N.toString(16),
        saltHex: 'abcd',
        secretBlockB64,
      }),
    ).rejects.toThrow(/SRP_B/);
  });
});

describe('SRP timestamp', () => {
  it('does not zero-pad single-digit days, pads the clock', () => {
    expect(formatSrpTimestamp(new Date(Date.UTC(2024, 2, 5, 9, 4, 7)))).toBe('Tue Mar 5 09:04:07 UTC 2024');
    expect(formatSrpTimestamp(new Date(Date.UTC(2025, 11, 31, 23, 59, 59)))).toBe('Wed Dec 31 23:59:59 UTC 2025');
  });

  it('parses both the unpadded and the zero-padded day', () => {
    const at = Date.UTC(2024, 2, 5, 9, 4, 7);
    expect(parseSrpTimestamp('Tue Mar 5 09:04:07 UTC 2024')?.getTime()).toBe(at);
    expect(parseSrpTimestamp('Tue Mar 05 09:04:07 UTC 2024')?.getTime()).toBe(at);
  });

  it('rejects malformed or impossible timestamps', () => {
    for (const bad of [
      '',
      'Tue Mar 5 09:04:07 GMT 2024',
      'Wed Mar 5 09:04:07 UTC 2024', // wrong weekday
      'Fri Feb 30 09:04:07 UTC 2024',
      'Tue Mar 5 24:00:00 UTC 2024',
      'Tue Mar 5 9:04:07 UTC 2024',
      '2024-03-05T09:04:07Z',
    ]) {
      expect(isValidSrpTimestamp(bad), bad).toBe(false);
    }
  });

  it('optionally bounds the skew against now', () => {
    const now = new Date(Date.UTC(2024, 2, 5, 9, 4, 7));
    const stamp = formatSrpTimestamp(new Date(now.getTime() - 4 * 60_000));
    expect(isValidSrpTimestamp(stamp, { now })).toBe(true);
    expect(isValidSrpTimestamp(stamp, { now, maxSkewMs: 60_000 })).toBe(false);
  });
});
