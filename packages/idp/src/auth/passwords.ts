/**
 * Passwords as the pool sees them: Cognito's default policy, SRP verifiers for storage, and a
 * plaintext check (USER_PASSWORD_AUTH, the hosted login page) done by running a whole SRP
 * exchange against the stored verifier — so no second, weaker password hash ever exists.
 */
import { computePasswordClaim, createClientEphemeral } from 'next-cognito-session/protocol';
import { createPasswordVerifier, createServerEphemeral, verifyPasswordClaim } from './srp-server.js';
import { CognitoError } from '../cognito-error.js';

/** Cognito's default policy: 8+ characters with upper, lower, digit and symbol. */
export function assertPasswordPolicy(password: string): void {
  const missing: string[] = [];
  if (password.length < 8) missing.push('be at least 8 characters long');
  if (!/[A-Z]/.test(password)) missing.push('contain an uppercase letter');
  if (!/[a-z]/.test(password)) missing.push('contain a lowercase letter');
  if (!/[0-9]/.test(password)) missing.push('contain a number');
  if (!/[^A-Za-z0-9]/.test(password)) missing.push('contain a symbol');
  if (missing.length > 0) {
    throw new CognitoError(
      'InvalidPasswordException',
      `Password does not conform to policy: it must ${missing.join(', ')}.`,
    );
  }
}

export interface SrpCredentials {
  salt: string;
  verifier: string;
}

export function makeVerifier(poolName: string, username: string, password: string): Promise<SrpCredentials> {
  return createPasswordVerifier({ poolName, userIdForSrp: username, password });
}

export async function passwordMatches(
  poolName: string,
  username: string,
  credentials: SrpCredentials,
  password: string,
): Promise<boolean> {
  const server = await createServerEphemeral(credentials.verifier);
  const client = await createClientEphemeral();
  const secretBlockB64 = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const claim = await computePasswordClaim({
    poolName,
    userIdForSrp: username,
    password,
    client,
    srpBHex: server.public,
    saltHex: credentials.salt,
    secretBlockB64,
  });
  return verifyPasswordClaim({
    poolName,
    userIdForSrp: username,
    saltHex: credentials.salt,
    verifierHex: credentials.verifier,
    srpAHex: client.public,
    serverSecretHex: server.secret,
    serverPublicHex: server.public,
    secretBlockB64,
    timestamp: claim.timestamp,
    signatureB64: claim.signature,
  });
}
