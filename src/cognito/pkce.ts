/**
 * PKCE (RFC 7636) with S256 only — Cognito's hosted UI accepts `plain` too, we never offer it.
 * WebCrypto only, so the same code runs in the edge runtime, in Node and in the IdP.
 *
 * @example
 *   const verifier = createCodeVerifier();
 *   const challenge = await codeChallengeS256(verifier); // send with code_challenge_method=S256
 */

import { base64Encode, bytesEqual, utf8 } from './srp/encoding.js';

const VERIFIER_BYTES = 32; // 43 base64url chars, the RFC's minimum length

export function base64UrlEncode(bytes: Uint8Array): string {
  return base64Encode(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh random string usable as code_verifier, OAuth `state` or nonce. */
export function createCodeVerifier(byteLength = VERIFIER_BYTES): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(byteLength)));
}

export async function codeChallengeS256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64UrlEncode(new Uint8Array(digest));
}

/** RFC 7636 §4.1: 43–128 chars of [A-Z a-z 0-9 - . _ ~]. */
export function isValidCodeVerifier(verifier: string): boolean {
  return /^[A-Za-z0-9\-._~]{43,128}$/.test(verifier);
}

/** Compares two strings without an early exit on the first difference (lengths may leak). */
export function timingSafeEqual(a: string, b: string): boolean {
  return bytesEqual(utf8(a), utf8(b));
}
