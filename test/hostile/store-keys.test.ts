/**
 * The default in-process store keeps its keys as the values they stand for (no HMAC on the hot
 * path). Those values come from the request: a refresh token is whatever the cookie says. Every
 * kind of entry lives under its own prefix, so no cookie spelling can reach another kind's entry:
 * a refresh token shaped like a revoked-family key marks nobody revoked and reads no one's
 * refresh result, and a family id shaped like a refresh key reads nothing either.
 */
import { expect, it } from 'vitest';
import { createRevokedFamilies } from '../../src/session/revoked-families';
import { createSharedFlight } from '../../src/session/shared-flight';
import { createMemoryStore } from '../../src/store/memory';
import { inProcessSealer } from '../../src/store/sealer';

const now = () => 1_000_000;
const exp = 2_000; // seconds: well after `now`

function rig() {
  const store = createMemoryStore({ now });
  const sealer = inProcessSealer();
  return {
    store,
    families: createRevokedFamilies(store, sealer, now),
    flight: createSharedFlight<{ tokens: string }>({ store, sealer, retainMs: 30_000, lockMs: 5_000, now }),
  };
}

it('store-key-spelling: a refresh token spelled like a family key revokes nobody and reads no refresh result', async () => {
  const { families, flight } = rig();
  await families.record({ origin_jti: 'victim-family', exp });
  // The victim's refresh result, kept for late requests of the same session.
  await flight.run('victim-refresh-token', async () => ({ tokens: 'victim' }));

  for (const spelled of [
    'family:victim-family',
    'revoked:family:victim-family',
    'victim-refresh-token\u0000',
    'result:refresh:victim-refresh-token',
  ]) {
    let called = false;
    const answer = await flight.run(spelled, async () => {
      called = true;
      return { tokens: 'own' };
    });
    // A token never seen is refreshed at the IdP on its own, never answered from another entry.
    expect({ spelled, called, answer }).toEqual({ spelled, called: true, answer: { tokens: 'own' } });
  }
  expect(await families.isRevoked({ origin_jti: 'victim-family', exp })).toBe(true);
  for (const family of ['refresh:victim-refresh-token', 'victim-family:', 'family:victim-family']) {
    expect(await families.isRevoked({ origin_jti: family, exp })).toBe(false);
  }
});
