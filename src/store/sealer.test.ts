import { describe, expect, it } from 'vitest';
import { createStoreSealer } from './sealer';

const SECRET = 'a store secret of at least thirty-two characters';

describe('store sealer', () => {
  it('round-trips a value under its key, and hides it', async () => {
    const sealer = createStoreSealer(SECRET);
    const sealed = await sealer.seal('result:x', 'eyJhbGciOi.payload.sig');
    expect(sealed).not.toContain('eyJ');
    expect(await sealer.open('result:x', sealed)).toBe('eyJhbGciOi.payload.sig');
  });

  it('refuses a value moved under another key, tampered with, or sealed with another secret', async () => {
    const sealer = createStoreSealer(SECRET);
    const sealed = await sealer.seal('result:x', 'value');
    expect(await sealer.open('result:y', sealed)).toBeUndefined();
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[bytes.length >> 1]! ^= 1; // one bit of the ciphertext
    const flipped = bytes.toString('base64url');
    expect(flipped).not.toBe(sealed);
    expect(await sealer.open('result:x', flipped)).toBeUndefined();
    expect(await createStoreSealer(`${SECRET}!`).open('result:x', sealed)).toBeUndefined();
    expect(await sealer.open('result:x', 'not base64 at all!')).toBeUndefined();
  });

  it('names keys by an HMAC: stable per secret and namespace, different across them, never the value', async () => {
    const sealer = createStoreSealer(SECRET);
    const key = await sealer.keyFor('refresh', 'the-refresh-token');
    expect(key).toMatch(/^refresh:[\w-]{43}$/);
    expect(await sealer.keyFor('refresh', 'the-refresh-token')).toBe(key);
    expect(await sealer.keyFor('family', 'the-refresh-token')).not.toBe(key.replace('refresh:', 'family:'));
    expect(await createStoreSealer(`${SECRET}!`).keyFor('refresh', 'the-refresh-token')).not.toBe(key);
  });
});
