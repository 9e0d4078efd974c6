/**
 * The DER of the two Diffie-Hellman keys node:crypto's `diffieHellman({ privateKey, publicKey })`
 * takes: a PKCS#8 private key holding x and an SPKI public key holding y, both over the PKCS#3
 * parameters (p, g). Deriving with them gives y^x mod p — the modular exponentiation SRP needs —
 * without `createDiffieHellman`, which on Node 24 and later proves p prime on every call
 * (seconds for SRP's 3072-bit N). Importing a key checks nothing of the kind.
 *
 * Runtime-neutral bytes (no Buffer): only Node ever imports them, but the file is in bundles
 * that run elsewhere.
 */

import { hexToBytes, paddedHex } from './encoding.js';

/** 1.2.840.113549.1.3.1, PKCS#3 dhKeyAgreement. */
const DH_KEY_AGREEMENT = Uint8Array.of(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x03, 0x01);

const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const SEQUENCE = 0x30;

export function dhPrivateKeyDer(p: bigint, g: bigint, x: bigint): Uint8Array<ArrayBuffer> {
  return tlv(SEQUENCE, integer(0n), parameters(p, g), tlv(OCTET_STRING, integer(x)));
}

export function dhPublicKeyDer(p: bigint, g: bigint, y: bigint): Uint8Array<ArrayBuffer> {
  // A BIT STRING's first byte counts its unused bits: none.
  return tlv(SEQUENCE, parameters(p, g), tlv(BIT_STRING, Uint8Array.of(0), integer(y)));
}

function parameters(p: bigint, g: bigint): Uint8Array<ArrayBuffer> {
  return tlv(SEQUENCE, DH_KEY_AGREEMENT, tlv(SEQUENCE, integer(p), integer(g)));
}

/** A non-negative DER INTEGER: the same bytes as Java's toByteArray, which SRP hashes. */
function integer(value: bigint): Uint8Array<ArrayBuffer> {
  return tlv(INTEGER, hexToBytes(paddedHex(value)));
}

function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const lengthBytes: number[] = [];
  if (length < 0x80) lengthBytes.push(length);
  else {
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) lengthBytes.unshift(rest % 256);
    lengthBytes.unshift(0x80 | lengthBytes.length);
  }
  const out = new Uint8Array(1 + lengthBytes.length + length);
  out[0] = tag;
  out.set(lengthBytes, 1);
  let at = 1 + lengthBytes.length;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
