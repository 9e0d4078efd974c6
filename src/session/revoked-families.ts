/**
 * Token families (`origin_jti`) known to be revoked, shared by every instance through the store.
 *
 * Cognito access tokens stay valid until `exp` after a sign-out; only the IdP knows they are
 * dead. When this app learns it — its own sign-out (local or global), or a `checkRevocation`
 * verdict — it records the family here until its tokens' `exp`, and every instance refuses
 * those tokens on their next request. Cost: one store read per request with a verified session
 * (a Map lookup per process, a round trip with Redis — bench P6s). A stale answer is the wrong
 * trade here: a short local cache would let a signed-out token through for its TTL.
 *
 * Tokens without `origin_jti` (some emulators) have no family and are never refused here.
 */
import type { StoreSealer } from '../store/sealer.js';
import type { SessionStore } from '../store/types.js';

/** Past `exp`, the verifier's clock-skew grace may still accept a token for a moment. */
const AFTER_EXP_MS = 60_000;

export interface FamilyClaims {
  origin_jti?: string;
  exp: number;
}

export interface RevokedFamilies {
  record(claims: FamilyClaims): Promise<void>;
  isRevoked(claims: FamilyClaims): Promise<boolean>;
}

export function createRevokedFamilies(store: SessionStore, sealer: StoreSealer, now: () => number): RevokedFamilies {
  const keyOf = async (family: string) => `revoked:${await sealer.keyFor('family', family)}`;
  return {
    async record({ origin_jti: family, exp }) {
      const ttlMs = exp * 1000 + AFTER_EXP_MS - now();
      if (!family || ttlMs <= 0) return;
      await store.set(await keyOf(family), '1', ttlMs);
    },
    async isRevoked({ origin_jti: family }) {
      if (!family) return false;
      return (await store.get(await keyOf(family))) !== null;
    },
  };
}
