/** The little modular arithmetic SRP needs, on JavaScript BigInt. */

/** Mathematical modulo: the result is in [0, m) even for negative `value`. */
export function mod(value: bigint, m: bigint): bigint {
  const r = value % m;
  return r < 0n ? r + m : r;
}

/**
 * Left-to-right square-and-multiply; exponents here are at most a few thousand bits. The
 * runtime-neutral half of `modPow` (mod-pow.ts), which prefers OpenSSL where there is one.
 */
export function modPowBigInt(base: bigint, exponent: bigint, m: bigint): bigint {
  if (exponent < 0n) throw new RangeError('negative exponent');
  let result = 1n;
  const b = mod(base, m);
  for (const bit of exponent.toString(2)) {
    result = (result * result) % m;
    if (bit === '1') result = (result * b) % m;
  }
  return result;
}

/** A uniformly random non-negative integer of `byteLength` bytes (WebCrypto CSPRNG). */
export function randomBigInt(byteLength: number): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(byteLength));
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return BigInt(`0x${hex}`);
}
