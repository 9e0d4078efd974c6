/**
 * Cognito's SRP-6a (USER_SRP_AUTH / PASSWORD_VERIFIER), both halves, BigInt + WebCrypto only so
 * the client half runs on the Next.js edge runtime. Wire conventions match aws-amplify v6 bit for
 * bit; `srp.amplify.test.ts` proves it against Amplify's own code.
 */
export { createPasswordVerifier, createServerEphemeral, isValidClientPublic, verifyPasswordClaim } from './srp/server';
export { createClientEphemeral, computePasswordClaim } from './srp/client';
export { formatSrpTimestamp, isValidSrpTimestamp, parseSrpTimestamp } from './srp/timestamp';

/** The "pool name" SRP hashes: the part of the pool id after `_` (`us-east-1_AbC` → `AbC`). */
export function srpPoolName(userPoolId: string): string {
  return userPoolId.split('_')[1] ?? '';
}
