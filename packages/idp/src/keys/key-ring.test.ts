import { describe, expect, it } from 'vitest';
import { StateStore } from '../store/state-store.js';
import { KeyRing } from './key-ring.js';

describe('KeyRing', () => {
  it('forgets imported keys once rotation drops them from the state', async () => {
    const { store } = await StateStore.open(undefined);
    let now = 1_700_000_000_000;
    const ring = new KeyRing(
      store,
      () => now,
      () => 3600,
    );
    await ring.ensureActiveKeys();
    const first = await ring.signingKey('access');
    await ring.verificationKey(first.kid);
    const cached = () => [...ring['imported'].keys()];
    expect(cached()).toEqual([first.kid, `${first.kid}#public`]);

    await ring.rotate();
    // Retired: it no longer signs, but its public half still verifies old tokens.
    expect(cached()).toEqual([`${first.kid}#public`]);

    now += 2 * 3600_000;
    await ring.rotate();
    expect(store.state.keys.some((k) => k.kid === first.kid)).toBe(false);
    expect(cached()).toEqual([]);
  });
});
