/**
 * Cognito's SRP-6a (USER_SRP_AUTH / PASSWORD_VERIFIER), the client half (the IdP package holds the
 * server half, on the same primitives from `next-cognito-session/protocol`). Hashes use WebCrypto and
 * `modPow` falls back to BigInt where node:crypto is missing, so the client half also runs on the
 * Next.js edge runtime. Wire conventions match aws-amplify v6 bit for bit; `srp.amplify.test.ts`
 * proves it against Amplify's own code, with either maths.
 */
import { parsePoolId } from './pool-id.js';

export { createClientEphemeral, computePasswordClaim } from './srp/client.js';
export { formatSrpTimestamp, isValidSrpTimestamp, parseSrpTimestamp } from './srp/timestamp.js';

/**
 * The "pool name" SRP hashes: the part of the pool id after `_` (`us-east-1_AbC` → `AbC`,
 * `local_AbC` → `AbC`), as Amplify takes it. Empty for a string that is no pool id.
 */
export function srpPoolName(userPoolId: string): string {
  return parsePoolId(userPoolId)?.name ?? '';
}
