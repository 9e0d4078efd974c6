/**
 * The IdP's half of Cognito SRP: store a verifier at sign-up, answer USER_SRP_AUTH with
 * SALT / SRP_B, then check the PASSWORD_VERIFIER claim. `modPow` is the library's: OpenSSL on Node
 * (a sign-in costs the IdP two 3072-bit exponentiations, which must not stall its event loop for
 * ~40 ms), BigInt where `NEXT_COGNITO_SRP_MATH=bigint` asks for it.
 *
 * @example
 *   const { salt, verifier } = await createPasswordVerifier({ poolName, userIdForSrp, password });
 *   const ephemeral = await createServerEphemeral(verifier);   // SRP_B = ephemeral.public
 *   const ok = await verifyPasswordClaim({ ..., srpAHex, secretBlockB64, timestamp, signatureB64 });
 */
import {
  EPHEMERAL_BYTES,
  N,
  SALT_BYTES,
  base64Decode,
  bytesEqual,
  bytesToHex,
  computeU,
  computeX,
  deriveClaimKey,
  g,
  k,
  mod,
  modPow,
  paddedHex,
  parseHexInteger,
  randomBigInt,
  signClaim,
} from 'next-cognito-session/protocol';

export async function createPasswordVerifier(input: {
  poolName: string;
  userIdForSrp: string;
  password: string;
}): Promise<{ salt: string; verifier: string }> {
  const saltBytes = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const salt = BigInt(`0x${bytesToHex(saltBytes)}`);
  const x = await computeX({ ...input, salt });
  return { salt: paddedHex(salt), verifier: paddedHex(modPow(g, x, N)) };
}

/**
 * B = k·v + g^b (mod N). Amplify refuses a B that is 0 mod N ("B cannot be zero."), so such a b
 * (astronomically unlikely) is simply drawn again.
 */
export async function createServerEphemeral(verifierHex: string): Promise<{ secret: string; public: string }> {
  const v = requireHex(verifierHex, 'verifier');
  for (;;) {
    const b = randomBigInt(EPHEMERAL_BYTES);
    const B = mod(k * v + modPow(g, b, N), N);
    if (B !== 0n) return { secret: paddedHex(b), public: paddedHex(B) };
  }
}

/**
 * The longest SRP_A worth parsing: N is 3072 bits, 768 hex digits (770 with the `00` sign byte
 * Java and Amplify write). The slack allows a client that pads further; anything longer cannot
 * be below N and is refused before it is parsed or stored.
 */
export const MAX_SRP_A_HEX_LENGTH = 1024;

/**
 * A client public value the server may store and use: plain hex, 0 < A < N. Cognito refuses the
 * others (SRP-6a's safeguard: A ≡ 0 mod N forces S = 0 whatever the password, and a value
 * ≥ N is no element of the group), and checking here — before InitiateAuth stores anything —
 * keeps a megabyte "A" out of memory.
 */
export function isValidClientPublic(srpAHex: string): boolean {
  if (srpAHex.length > MAX_SRP_A_HEX_LENGTH) return false;
  const A = parseHexInteger(srpAHex);
  return A !== null && A > 0n && A < N;
}

/**
 * Recomputes the client's claim: S = (A·v^u)^b mod N, key = HKDF(S, u), signature =
 * HMAC(key, poolName | userIdForSrp | secretBlock | timestamp). Anything the client controls
 * that is malformed (A ≡ 0 mod N, non-hex A, bad base64) yields `false`, never an exception.
 * The caller checks the timestamp's freshness with `isValidSrpTimestamp` and that
 * SECRET_BLOCK is the one it issued.
 */
export async function verifyPasswordClaim(input: {
  poolName: string;
  userIdForSrp: string;
  saltHex: string;
  verifierHex: string;
  srpAHex: string;
  serverSecretHex: string;
  serverPublicHex: string;
  secretBlockB64: string;
  timestamp: string;
  signatureB64: string;
}): Promise<boolean> {
  const A = parseHexInteger(input.srpAHex);
  const secretBlock = base64Decode(input.secretBlockB64);
  const claimed = base64Decode(input.signatureB64);
  // SRP-6a's safeguard: A ≡ 0 (mod N) would force S = 0 whatever the password.
  if (A === null || mod(A, N) === 0n || !secretBlock || !claimed) return false;

  const v = requireHex(input.verifierHex, 'verifier');
  const b = requireHex(input.serverSecretHex, 'server secret');
  const B = requireHex(input.serverPublicHex, 'server public');
  const u = await computeU(A, B);
  if (u === 0n) return false;

  const S = modPow(A * modPow(v, u, N), b, N);
  const key = await deriveClaimKey(S, u);
  const expected = await signClaim({
    key,
    poolName: input.poolName,
    userIdForSrp: input.userIdForSrp,
    secretBlock,
    timestamp: input.timestamp,
  });
  return bytesEqual(expected, claimed);
}

/** Server-held values are our own data: a malformed one is a bug to surface, not a bad login. */
function requireHex(hex: string, what: string): bigint {
  const value = parseHexInteger(hex);
  if (value === null) throw new TypeError(`SRP ${what} is not hex`);
  return value;
}
