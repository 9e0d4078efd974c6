import { compactDecrypt, CompactEncrypt } from 'jose';
import { describe, expect, it } from 'vitest';
import { base64UrlEncode } from '../cognito/pkce.js';
import { decodeCompactHeader, decryptCompact, encryptCompact, importCompactKey } from './compact-jwe.js';

const bytes = crypto.getRandomValues(new Uint8Array(32));
const text = (value: Uint8Array) => new TextDecoder().decode(value);
const utf8 = (value: string) => new TextEncoder().encode(value);
const HEADER = { alg: 'dir', enc: 'A256GCM', kid: 'k1' } as const;

/** Re-encodes one part of a compact JWE, keeping the others byte for byte. */
function withPart(jwe: string, index: number, value: string): string {
  const parts = jwe.split('.');
  parts[index] = value;
  return parts.join('.');
}

describe('compact dir/A256GCM JWE', () => {
  it('is the JWE jose writes and reads: values sealed by either side open on the other', async () => {
    const key = await importCompactKey(bytes);
    const ours = await encryptCompact(utf8('refresh-token-ü'), key, HEADER);
    const opened = await compactDecrypt(ours, bytes, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
    });
    expect(text(opened.plaintext)).toBe('refresh-token-ü');
    expect(opened.protectedHeader).toEqual(HEADER);

    const theirs = await new CompactEncrypt(utf8('sealed by jose')).setProtectedHeader(HEADER).encrypt(bytes);
    const { header, plaintext } = await decryptCompact(theirs, key);
    expect(text(plaintext)).toBe('sealed by jose');
    expect(header).toEqual(HEADER);
    expect(decodeCompactHeader(theirs)).toEqual(HEADER);
  });

  it('refuses any change to the header, IV, ciphertext or tag', async () => {
    const key = await importCompactKey(bytes);
    const jwe = await encryptCompact(utf8('v'), key, HEADER);
    const flip = (segment: string) => (segment.startsWith('A') ? `B${segment.slice(1)}` : `A${segment.slice(1)}`);
    for (const index of [2, 3, 4]) {
      await expect(decryptCompact(withPart(jwe, index, flip(jwe.split('.')[index]!)), key)).rejects.toThrow(TypeError);
    }
    // The header is the AAD: the same kid under another encoding is another message.
    const respelled = base64UrlEncode(utf8(JSON.stringify({ enc: 'A256GCM', alg: 'dir', kid: 'k1' })));
    await expect(decryptCompact(withPart(jwe, 0, respelled), key)).rejects.toThrow(/failed to decrypt/);
    await expect(decryptCompact(jwe, await importCompactKey(new Uint8Array(32)))).rejects.toThrow(/failed to decrypt/);
  });

  it('takes no algorithm, compression or extension from the header', async () => {
    const key = await importCompactKey(bytes);
    const jwe = await encryptCompact(utf8('v'), key, HEADER);
    const header = (value: object) => withPart(jwe, 0, base64UrlEncode(utf8(JSON.stringify(value))));
    await expect(decryptCompact(header({ ...HEADER, enc: 'A128GCM' }), key)).rejects.toThrow(/not dir\/A256GCM/);
    await expect(decryptCompact(header({ ...HEADER, alg: 'A256KW' }), key)).rejects.toThrow(/not dir\/A256GCM/);
    await expect(decryptCompact(header({ ...HEADER, zip: 'DEF' }), key)).rejects.toThrow(/zip or crit/);
    await expect(decryptCompact(header({ ...HEADER, crit: ['exp'], exp: 1 }), key)).rejects.toThrow(/zip or crit/);
    await expect(decryptCompact(withPart(jwe, 1, 'AAAA'), key)).rejects.toThrow(/encrypted key/);
  });

  it('refuses what is not a compact JWE before any decryption', async () => {
    const key = await importCompactKey(bytes);
    const jwe = await encryptCompact(utf8('v'), key, HEADER);
    await expect(decryptCompact('plain', key)).rejects.toThrow(/not a compact JWE/);
    await expect(decryptCompact(`${jwe}.extra`, key)).rejects.toThrow(/not a compact JWE/);
    await expect(decryptCompact(withPart(jwe, 2, 'AAAA'), key)).rejects.toThrow(/wrong length/);
    await expect(decryptCompact(withPart(jwe, 3, 'a+b/'), key)).rejects.toThrow(/ciphertext is not base64url/);
    expect(() => decodeCompactHeader('W10..a.b.c')).toThrow(/not a JSON object/);
    expect(() => decodeCompactHeader('e30=..a.b.c')).toThrow(/not base64url/);
    expect(() => decodeCompactHeader('_w..a.b.c')).toThrow(/not JSON/);
  });

  it('runs A256GCM with 256-bit keys only', async () => {
    expect(() => importCompactKey(new Uint8Array(16))).toThrow(/32-byte key/);
    const aes128 = await crypto.subtle.importKey('raw', new Uint8Array(16), 'AES-GCM', false, ['encrypt']);
    await expect(encryptCompact(utf8('v'), aes128, HEADER)).rejects.toThrow(/256 bits/);
  });
});
