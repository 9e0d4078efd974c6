/**
 * The client's half of Cognito SRP (what Amplify's signIn does), for the adapter's server-side
 * sign-in. Runs on the edge runtime too: WebCrypto for hashes, and `modPow` computes in BigInt
 * where node:crypto is missing.
 *
 * @example
 *   const ephemeral = await createClientEphemeral();           // SRP_A = ephemeral.public
 *   // … InitiateAuth USER_SRP_AUTH answers SRP_B, SALT, SECRET_BLOCK, USER_ID_FOR_SRP …
 *   const { signature, timestamp } = await computePasswordClaim({ ..., client: ephemeral });
 */
import { mod, randomBigInt } from './bigint.js';
import { computeU, computeX, deriveClaimKey, signClaim } from './derive.js';
import { base64Decode, base64Encode, parseHexInteger } from './encoding.js';
import { EPHEMERAL_BYTES, N, g, k } from './group.js';
import { modPow } from './mod-pow.js';
import { formatSrpTimestamp } from './timestamp.js';

/**
 * A = g^a mod N. SRP_A is sent as bare hex (no sign-byte padding), like Amplify's
 * `A.toString(16)`; the padded form is only used inside hashes.
 */
export async function createClientEphemeral(): Promise<{ secret: string; public: string }> {
  for (;;) {
    const a = randomBigInt(EPHEMERAL_BYTES);
    const A = modPow(g, a, N);
    if (A !== 0n) return { secret: a.toString(16), public: A.toString(16) };
  }
}

export async function computePasswordClaim(input: {
  poolName: string;
  userIdForSrp: string;
  password: string;
  client: { secret: string; public: string };
  srpBHex: string;
  saltHex: string;
  secretBlockB64: string;
  now?: Date;
}): Promise<{ signature: string; timestamp: string }> {
  const a = hexOrThrow(input.client.secret, 'client secret');
  const A = hexOrThrow(input.client.public, 'SRP_A');
  const B = hexOrThrow(input.srpBHex, 'SRP_B');
  const salt = hexOrThrow(input.saltHex, 'SALT');
  const secretBlock = base64Decode(input.secretBlockB64);
  if (!secretBlock) throw new TypeError('SECRET_BLOCK is not base64');
  // A server that sends B ≡ 0 (mod N) could learn nothing useful, but it means the IdP is broken
  // or hostile; Amplify refuses too.
  if (mod(B, N) === 0n) throw new RangeError('SRP_B is 0 mod N');

  const u = await computeU(A, B);
  if (u === 0n) throw new RangeError('SRP scrambler u is 0');
  const x = await computeX({ ...input, salt });
  const S = modPow(B - k * modPow(g, x, N), a + u * x, N);
  const key = await deriveClaimKey(S, u);
  const timestamp = formatSrpTimestamp(input.now ?? new Date());
  const signature = await signClaim({
    key,
    poolName: input.poolName,
    userIdForSrp: input.userIdForSrp,
    secretBlock,
    timestamp,
  });
  return { signature: base64Encode(signature), timestamp };
}

function hexOrThrow(hex: string, what: string): bigint {
  const value = parseHexInteger(hex);
  if (value === null) throw new TypeError(`${what} is not hex`);
  return value;
}
