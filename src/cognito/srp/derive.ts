/**
 * The SRP steps both halves share: the password hash x, the scrambler u, the session key and the
 * PASSWORD_CLAIM_SIGNATURE. Everything hashed is `paddedHex` bytes, exactly as Amplify v6 does
 * (utils/srp/AuthenticationHelper, calculateU, getHkdfKey, getSignatureString).
 */
import { concatBytes, hexToBytes, paddedHex, utf8 } from './encoding.js';
import { hkdfSha256, hmacSha256, sha256Hex } from './hash.js';

/**
 * x = H(pad(salt) | H(poolName | userIdForSrp | ":" | password)), the inner hash taken as its
 * 64-char hex text. The salt is re-padded from its integer value, so "0abc" and "abc" agree —
 * Amplify parses SALT as an integer before hashing it.
 */
export async function computeX(input: {
  poolName: string;
  userIdForSrp: string;
  password: string;
  salt: bigint;
}): Promise<bigint> {
  const identityHash = await sha256Hex(utf8(`${input.poolName}${input.userIdForSrp}:${input.password}`));
  return BigInt(`0x${await sha256Hex(hexToBytes(paddedHex(input.salt) + identityHash))}`);
}

/** u = H(pad(A) | pad(B)). */
export async function computeU(A: bigint, B: bigint): Promise<bigint> {
  return BigInt(`0x${await sha256Hex(hexToBytes(paddedHex(A) + paddedHex(B)))}`);
}

/** HKDF(ikm = pad(S), salt = pad(u), info = "Caldera Derived Key" 0x01), first 16 bytes. */
export function deriveClaimKey(S: bigint, u: bigint): Promise<Uint8Array<ArrayBuffer>> {
  // The trailing 0x01 is HKDF's own block counter; Amplify appends it by hand and hashes once.
  // WebCrypto adds it itself, so our info is the bare label.
  return hkdfSha256(hexToBytes(paddedHex(S)), hexToBytes(paddedHex(u)), utf8('Caldera Derived Key'), 16);
}

/** HMAC-SHA256(key, poolName | userIdForSrp | SECRET_BLOCK bytes | timestamp), raw bytes. */
export function signClaim(input: {
  key: Uint8Array<ArrayBuffer>;
  poolName: string;
  userIdForSrp: string;
  secretBlock: Uint8Array;
  timestamp: string;
}): Promise<Uint8Array<ArrayBuffer>> {
  const message = concatBytes(utf8(input.poolName), utf8(input.userIdForSrp), input.secretBlock, utf8(input.timestamp));
  return hmacSha256(input.key, message);
}
