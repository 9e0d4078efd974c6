/**
 * Byte/hex/base64 conventions of Cognito's SRP, runtime-neutral (no Buffer).
 *
 * Every integer that gets hashed is first written the way Java's `BigInteger.toByteArray()` would
 * (Cognito's server side is Java, and Amplify mirrors it): minimal big-endian bytes plus a leading
 * zero byte when the top bit is set. Getting this wrong for one value in ~2 breaks sign-in, so
 * all hashing goes through `paddedHex`.
 */

/** Java `toByteArray()` hex of a non-negative integer: even length, `00` prefix if MSB set. */
export function paddedHex(value: bigint): string {
  if (value < 0n) throw new RangeError('SRP values are never negative');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

const HEX = /^[0-9a-fA-F]+$/;

/** Parses hex as a non-negative integer; `null` for anything that is not plain hex. */
export function parseHexInteger(hex: string): bigint | null {
  return HEX.test(hex) ? BigInt(`0x${hex}`) : null;
}

export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  if (hex.length % 2 === 1 || (hex.length > 0 && !HEX.test(hex))) {
    throw new TypeError('expected an even-length hex string');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function base64Encode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Decodes standard or URL-safe base64, padded or not — Amplify accepts both for SECRET_BLOCK, so
 * the server must too. `null` when the text is not base64 at all.
 */
export function base64Decode(text: string): Uint8Array<ArrayBuffer> | null {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return null;
  const padded = standard.padEnd(standard.length + ((4 - (standard.length % 4)) % 4), '=');
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return null;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Compares two byte strings without an early exit on the first difference. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
